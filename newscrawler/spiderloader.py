"""Scrapy's spider loader, with a one-line error instead of a traceback when an outlet config is bad."""

import sys

from scrapy.spiderloader import SpiderLoader

from newscrawler import exit_status
from newscrawler.outlets import OutletConfigError


class OutletSpiderLoader(SpiderLoader):
    def _load_all_spiders(self) -> None:
        try:
            super()._load_all_spiders()
        except OutletConfigError as error:
            print(f"newscrawler: bad outlet config: {error}", file=sys.stderr)
            raise SystemExit(exit_status.USAGE) from None
