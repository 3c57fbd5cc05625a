"""CrawlProgress: every LOGSTATS_INTERVAL seconds, one log line of what the pipelines did so far."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from newscrawler.pipelines._drops import DROP_STAT_PREFIX

logger = logging.getLogger(__name__)


def progress_line(stats: dict[str, Any]) -> str:
    """'links 120 (skipped 80 stored, 3 old) · articles 37 · stored 30 new, 2 revised, 1 unchanged · dropped 4'."""
    dropped = sum(n for key, n in stats.items() if key.startswith(DROP_STAT_PREFIX))
    value = stats.get
    return (
        f"links {value('newscrawler/discovery/links', 0)} (skipped {value('newscrawler/discovery/skipped_known', 0)}"
        f" stored, {value('newscrawler/discovery/skipped_old', 0)} old)"
        f" · articles {value('newscrawler/articles/extracted', 0)}"
        f" · stored {value('newscrawler/stored/new', 0)} new, {value('newscrawler/stored/revised', 0)} revised,"
        f" {value('newscrawler/stored/unchanged', 0)} unchanged · dropped {dropped}"
        + (f" · SPOOLED {value('newscrawler/spooled')}" if value("newscrawler/spooled") else "")
    )


class CrawlProgress:
    def __init__(self, crawler, interval: float):
        self.crawler = crawler
        self.interval = interval
        self.loop: task.LoopingCall | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        interval = crawler.settings.getfloat("LOGSTATS_INTERVAL")
        if not interval:
            raise NotConfigured
        return cls(crawler, interval)

    def spider_opened(self, spider) -> None:
        self.loop = task.LoopingCall(self.log, spider)
        self.loop.start(self.interval, now=False)

    def log(self, spider) -> None:
        logger.info("%s: %s", spider.name, progress_line(self.crawler.stats.get_stats()))

    def spider_closed(self, spider, reason) -> None:
        if self.loop and self.loop.running:
            self.loop.stop()
        self.log(spider)
