"""The last pipeline step: articles written to the store in batches, spooled when it fails."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from itemadapter import ItemAdapter
from twisted.internet import task

from newscrawler.pipelines._drops import drop
from newscrawler.storage import BatchWriter, spool_for_crawler, store_for_crawler
from newscrawler.storage.documents import to_document

logger = logging.getLogger(__name__)

STAT_NEW = "newscrawler/stored/new"
STAT_REVISED = "newscrawler/stored/revised"
STAT_UNCHANGED = "newscrawler/stored/unchanged"
STAT_SPOOLED = "newscrawler/spooled"  # articles written to the spool instead of the store
STAT_SPOOL_PATH = "newscrawler/spool_path"
STAT_STORE_ERROR = "newscrawler/store_error"  # why the store was given up (password-free)
STAT_STORE_REFUSED = "newscrawler/store_refused_batches"  # batches the store refused, spooled


class StorePipeline:
    """Upserts every article through a BatchWriter (STORE_BATCH_SIZE / STORE_FLUSH_SECONDS /
    STORE_MAX_RETRIES / STORE_RETRY_BACKOFF) and keeps the crawl stats up to date."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.writer: BatchWriter | None = None
        self._timer: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> StorePipeline:
        return cls(crawler)

    def open_spider(self, spider: Any) -> None:
        settings = self.crawler.settings
        self.writer = BatchWriter(
            store_for_crawler(self.crawler),
            spool_for_crawler(self.crawler),
            batch_size=settings.getint("STORE_BATCH_SIZE", 100),
            flush_seconds=settings.getfloat("STORE_FLUSH_SECONDS", 5.0),
            max_retries=settings.getint("STORE_MAX_RETRIES", 3),
            backoff=settings.getfloat("STORE_RETRY_BACKOFF", 0.5),
        )
        if self.writer.flush_seconds > 0:
            self._timer = task.LoopingCall(self._flush_if_due)
            self._timer.start(self.writer.flush_seconds, now=False)

    def process_item(self, item: Any, spider: Any) -> Any:
        assert self.writer is not None
        adapter = ItemAdapter(item)
        now = datetime.now(UTC)
        for name in ("crawled_at", "first_seen", "last_seen"):
            if adapter.get(name) is None:
                adapter[name] = adapter.get("crawled_at") or now
        try:
            document = to_document(adapter, now)
        except ValueError as exc:
            raise drop(self.crawler, "unstorable", item, str(exc)) from None
        self.writer.add(document)
        self._update_stats()
        return item

    def close_spider(self, spider: Any) -> None:
        if self._timer is not None and self._timer.running:
            self._timer.stop()
        if self.writer is not None:
            self.writer.close()
            self._update_stats()

    def _flush_if_due(self) -> None:
        assert self.writer is not None
        self.writer.flush_if_due()
        self._update_stats()

    def _update_stats(self) -> None:
        assert self.writer is not None
        stats, writer = self.crawler.stats, self.writer
        for key, value in (
            (STAT_NEW, writer.counts.new),
            (STAT_REVISED, writer.counts.revised),
            (STAT_UNCHANGED, writer.counts.unchanged),
        ):
            stats.set_value(key, value)
        if writer.spooled:
            stats.set_value(STAT_SPOOLED, writer.spooled)
            stats.set_value(STAT_SPOOL_PATH, str(writer.spool.path))
        if writer.failure:
            stats.set_value(STAT_STORE_ERROR, writer.failure)
        if writer.refusals:
            stats.set_value(STAT_STORE_REFUSED, writer.refusals)
