"""CrawlRunRecorder: one ``crawl_runs`` document per crawl, written when the spider closes."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime
from typing import Any

from scrapy import signals

from newscrawler.failures import failure_counts
from newscrawler.pipelines._drops import DROP_STAT_PREFIX
from newscrawler.pipelines.store import (
    STAT_NEW,
    STAT_REVISED,
    STAT_SPOOL_PATH,
    STAT_SPOOLED,
    STAT_STORE_ERROR,
    STAT_UNCHANGED,
)
from newscrawler.storage import StoreUnavailable, call_with_retries, spool_for_crawler, store_for_crawler
from newscrawler.storage.documents import clean_document
from newscrawler.storage.spool import CRAWL_RUN

logger = logging.getLogger(__name__)


def run_document(stats: dict[str, Any], spider: str, reason: str, store: str | None) -> dict[str, Any]:
    """The crawl_runs document of a finished crawl, from its stats."""
    drop_reasons = {k.removeprefix(DROP_STAT_PREFIX): n for k, n in stats.items() if k.startswith(DROP_STAT_PREFIX)}
    return clean_document(
        {
            "run_id": uuid.uuid4().hex,
            "spider": spider,
            "started_at": stats.get("start_time"),
            "finished_at": datetime.now(UTC),
            "finish_reason": reason,
            "counts": {
                "pages": stats.get("response_received_count", 0),
                "items_scraped": stats.get("item_scraped_count", 0),
                "stored_new": stats.get(STAT_NEW, 0),
                "stored_revised": stats.get(STAT_REVISED, 0),
                "stored_unchanged": stats.get(STAT_UNCHANGED, 0),
                "spooled": stats.get(STAT_SPOOLED, 0),
                "dropped": sum(drop_reasons.values()),
                "errors": stats.get("log_count/ERROR", 0),
            },
            "drop_reasons": drop_reasons,
            "failures": failure_counts(stats),
            "store": store,
            "store_error": stats.get(STAT_STORE_ERROR),
            "spool_path": stats.get(STAT_SPOOL_PATH),
        }
    )


class CrawlRunRecorder:
    """Saves the run document to the store, or to the crawl's spool when the store is down."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Any) -> CrawlRunRecorder:
        return cls(crawler)

    def spider_closed(self, spider: Any, reason: str) -> None:
        stats = self.crawler.stats
        store = None if stats.get_value(STAT_STORE_ERROR) else store_for_crawler(self.crawler)
        run = run_document(stats.get_stats(), spider.name, reason, store.description if store else None)
        if store is not None:
            settings = self.crawler.settings
            try:
                call_with_retries(
                    lambda: store.save_run(run),
                    max_retries=settings.getint("STORE_MAX_RETRIES", 3),
                    backoff=settings.getfloat("STORE_RETRY_BACKOFF", 0.5),
                )
                return
            except StoreUnavailable as exc:
                logger.error("Cannot save the crawl run (%s)", exc)
                stats.set_value(STAT_STORE_ERROR, str(exc))
        spool = spool_for_crawler(self.crawler)
        spool.append(CRAWL_RUN, [run])
        stats.set_value(STAT_SPOOL_PATH, str(spool.path))
        logger.error("Crawl run %s written to spool %s", run["run_id"], spool.path)
