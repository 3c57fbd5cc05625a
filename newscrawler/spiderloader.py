"""Scrapy's spider loader, with a one-line error instead of a traceback when an outlet config is bad."""

from scrapy.spiderloader import SpiderLoader

from newscrawler.outlets import OutletConfigError


class OutletSpiderLoader(SpiderLoader):
    def _load_all_spiders(self) -> None:
        try:
            super()._load_all_spiders()
        except OutletConfigError as error:
            raise SystemExit(f"newscrawler: bad outlet config: {error}") from None
