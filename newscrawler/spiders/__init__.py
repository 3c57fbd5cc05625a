"""One spider per outlet config in ``spiders_config/``, generated from OutletSpider.

An outlet that needs code gets its own module here (``newscrawler/spiders/<slug>.py``) defining a
subclass of OutletSpider with ``name = "<slug>"``; no class is generated for it then.
"""

from importlib.util import find_spec

from newscrawler.outlets import load_outlets
from newscrawler.spiders.base import OutletSpider, spider_class_for

__all__ = ["OutletSpider"]

for _slug, _outlet in load_outlets().items():
    if find_spec(f"{__name__}.{_slug}") is None:
        _spider = spider_class_for(_outlet, __name__)
        globals()[_spider.__name__] = _spider
        __all__.append(_spider.__name__)
