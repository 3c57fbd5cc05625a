"""CrawlRunRecorder: one ``crawl_runs`` document per crawl, written when the spider closes."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime
from typing import Any

from scrapy import signals
from twisted.internet.defer import Deferred

from newscrawler.failures import failure_counts
from newscrawler.health import BROKEN, spider_problem
from newscrawler.monitors.close import STAT_MONITORS_FAILED
from newscrawler.monitors.item_count import articles_seen
from newscrawler.operations.health_report import run_coverage
from newscrawler.pipelines._drops import DROP_STAT_PREFIX
from newscrawler.pipelines.store import (
    STAT_LOST,
    STAT_NEW,
    STAT_REVISED,
    STAT_SPOOL_PATH,
    STAT_SPOOLED,
    STAT_STORE_ERROR,
    STAT_UNCHANGED,
)
from newscrawler.storage.crawl import crawl_storage
from newscrawler.storage.documents import clean_document

logger = logging.getLogger(__name__)
STAT_RUN_SAVED_TO = "newscrawler/run_saved_to"  # where the run record went, when not to the store


def run_document(
    stats: dict[str, Any],
    spider: str,
    reason: str,
    store: str | None,
    problem: str | None = None,
    *,
    partial: bool = False,
) -> dict[str, Any]:
    """The crawl_runs document of a finished crawl, from its stats.

    ``problem``: the line saying why the outlet looks broken (``newscrawler.health``); a crawl that
    finished with one is recorded with finish_reason ``broken`` (the crawl command exits 4).
    ``partial``: the crawl was bounded by since/until/max_articles (the item count monitor skips it).
    """
    drop_reasons = {k.removeprefix(DROP_STAT_PREFIX): n for k, n in stats.items() if k.startswith(DROP_STAT_PREFIX)}
    return clean_document(
        {
            "run_id": uuid.uuid4().hex,
            "spider": spider,
            "started_at": stats.get("start_time"),
            "finished_at": datetime.now(UTC),
            "finish_reason": BROKEN if problem and reason == "finished" else reason,
            "problem": problem,
            "partial": partial,
            "counts": {
                "pages": stats.get("response_received_count", 0),
                "items_scraped": stats.get("item_scraped_count", 0),
                "articles_seen": articles_seen(stats),  # the item count monitor's measure
                "stored_new": stats.get(STAT_NEW, 0),
                "stored_revised": stats.get(STAT_REVISED, 0),
                "stored_unchanged": stats.get(STAT_UNCHANGED, 0),
                "spooled": stats.get(STAT_SPOOLED, 0),
                "lost": stats.get(STAT_LOST, 0),
                "dropped": sum(drop_reasons.values()),
                "errors": stats.get("log_count/ERROR", 0),
            },
            "drop_reasons": drop_reasons,
            "failures": failure_counts(stats),
            "store": store,
            "store_error": stats.get(STAT_STORE_ERROR),
            "spool_path": stats.get(STAT_SPOOL_PATH),
            "monitors_failed": stats.get(STAT_MONITORS_FAILED),
            "coverage": run_coverage(stats),  # share of stored articles with authors, section (stats --health)
        }
    )


class CrawlRunRecorder:
    """Saves the run document to the store, else the crawl's spool, else ``RUN_FALLBACK_PATH``."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Any) -> CrawlRunRecorder:
        return cls(crawler)

    def spider_closed(self, spider: Any, reason: str) -> Deferred:
        stats = self.crawler.stats
        storage = crawl_storage(self.crawler)
        problem = spider_problem(spider, stats.get_stats())
        partial = bool(getattr(spider, "partial", False))
        run = run_document(stats.get_stats(), spider.name, reason, storage.description, problem, partial=partial)
        return storage.save_run(run).addCallback(self._saved, storage.description)

    def _saved(self, where: str, store: str) -> None:
        if where != store:
            self.crawler.stats.set_value(STAT_RUN_SAVED_TO, where)
            if where == str(crawl_storage(self.crawler).spool.path):
                self.crawler.stats.set_value(STAT_SPOOL_PATH, where)
