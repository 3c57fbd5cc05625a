"""One spider per outlet config in ``spiders_config/``, generated from OutletSpider.

An outlet that needs code gets its own module here (``newscrawler/spiders/<slug>.py``) defining a
subclass of OutletSpider with ``name = "<slug>"``; no class is generated for it then.
"""

from importlib.util import find_spec

from newscrawler.outlets import load_outlets
from newscrawler.spiders.base import OutletSpider, spider_class_for


def _generated_spiders() -> dict[str, type[OutletSpider]]:
    return {
        spider.__name__: spider
        for spider in (
            spider_class_for(outlet, __name__)
            for slug, outlet in load_outlets().items()
            if find_spec(f"{__name__}.{slug}") is None
        )
    }


globals().update(_generated_spiders())
__all__ = ["OutletSpider", *_generated_spiders()]
