"""Spidermon's Scrapy extension, plus the two waits the monitors need, neither blocking the reactor."""

from __future__ import annotations

from typing import Any

from spidermon.contrib.scrapy.extensions import Spidermon as SpidermonExtension
from twisted.internet.defer import Deferred, DeferredList

from newscrawler.monitors.actions import deliveries
from newscrawler.monitors.item_count import read_history


class Spidermon(SpidermonExtension):
    """When the spider opens, the crawl waits for the outlet's recent runs (``ItemCountMonitor`` compares
    with them); when it closes, for the report deliveries the failed monitors' actions started."""

    def spider_opened(self, spider: Any) -> Deferred[None] | None:
        super().spider_opened(spider)
        return read_history(self.crawler, spider)

    def spider_closed(self, spider: Any) -> Deferred[Any]:
        super().spider_closed(spider)
        return DeferredList(deliveries(self.crawler))
