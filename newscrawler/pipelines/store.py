"""The last pipeline step: articles written to the store in batches, off the reactor thread.

Batches go to the store's writer thread (``newscrawler.storage.crawl``); the reactor never waits for
the store. Back-pressure: while more than ``STORE_QUEUE_SIZE`` articles wait to be written,
``process_item`` returns a Deferred that fires when there is room, so Scrapy stops feeding the
scraper (and then the downloader) instead of buffering without bound. When neither the store nor the
spool can take a batch, the articles are counted lost and the crawl is stopped.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from itemadapter import ItemAdapter
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from twisted.internet import task
from twisted.internet.defer import Deferred, DeferredList

from newscrawler.pipelines._drops import drop
from newscrawler.storage.crawl import crawl_storage
from newscrawler.storage.documents import to_document
from newscrawler.storage.writer import Batches, WriterReport

logger = logging.getLogger(__name__)

STAT_NEW = "newscrawler/stored/new"
STAT_REVISED = "newscrawler/stored/revised"
STAT_UNCHANGED = "newscrawler/stored/unchanged"
STAT_SPOOLED = "newscrawler/spooled"  # articles written to the spool instead of the store
STAT_SPOOL_PATH = "newscrawler/spool_path"
STAT_STORE_ERROR = "newscrawler/store_error"  # why the store was given up (password-free)
STAT_STORE_REFUSED = "newscrawler/store_refused_batches"  # batches the store refused, spooled
STAT_LOST = "newscrawler/lost"  # articles neither the store nor the spool could take
STAT_SPOOL_ERROR = "newscrawler/spool_error"  # why the spool could not take them
STAT_WAITED = "newscrawler/store_backpressure_waits"  # items held back while the write queue was full
CLOSE_REASON_LOST = "store_and_spool_failed"


class StorePipeline:
    """Upserts every article in batches (STORE_BATCH_SIZE / STORE_FLUSH_SECONDS / STORE_QUEUE_SIZE;
    retries: STORE_MAX_RETRIES / STORE_RETRY_BACKOFF) and keeps the crawl stats up to date."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.batches = Batches(settings.getint("STORE_BATCH_SIZE", 100), settings.getfloat("STORE_FLUSH_SECONDS", 5.0))
        self.queue_size = max(1, settings.getint("STORE_QUEUE_SIZE", 1000))
        self.queued = 0  # articles handed to the writer thread and not written yet
        self._pending: set[Deferred] = set()  # batches being written
        self._waiting: list[Deferred] = []  # items held back until the queue has room
        self._timer: task.LoopingCall | None = None
        self._stopping = False
        self._closed = False  # the last batch is written: a later item is written on its own

    @classmethod
    def from_crawler(cls, crawler: Any) -> StorePipeline:
        return cls(crawler)

    def open_spider(self, spider: Any) -> None:
        crawl_storage(self.crawler)  # starts opening the store on its thread
        self._update_stats(WriterReport())
        if self.batches.flush_seconds > 0:
            self._timer = task.LoopingCall(self._flush_if_due)
            self._timer.start(self.batches.flush_seconds, now=False)

    def process_item(self, item: Any, spider: Any) -> Any:
        adapter = ItemAdapter(item)
        now = datetime.now(UTC)
        for name in ("crawled_at", "first_seen", "last_seen"):
            if adapter.get(name) is None:
                adapter[name] = adapter.get("crawled_at") or now
        try:
            document = to_document(adapter, now)
        except ValueError as exc:
            raise drop(self.crawler, "unstorable", item, str(exc)) from None
        batch = [document] if self._closed else self.batches.add(document)
        if batch:
            self._write(batch)
        if self.queued < self.queue_size:
            return item
        self.crawler.stats.inc_value(STAT_WAITED)
        room: Deferred = Deferred()
        self._waiting.append(room)
        return room.addCallback(lambda _: item)

    def close_spider(self, spider: Any) -> Deferred:
        if self._timer is not None and self._timer.running:
            self._timer.stop()
        return deferred_from_coro(self._close())

    async def _close(self) -> None:
        """Writes the last batches once no item is left in the pipelines, and waits for every batch.

        Scrapy closes the pipelines when no response is being scraped, but items a spider yields from
        ``start()`` may still be on their way (e.g. awaiting a duplicate look-up), and ``start()`` goes
        on yielding while the spider closes: they are waited for.
        """
        from twisted.internet import reactor

        clock: Any = reactor  # the installed reactor (an IReactorTime)
        slot = getattr(getattr(self.crawler.engine, "scraper", None), "slot", None)
        while True:
            while slot is not None and slot.itemproc_size > 0:
                await maybe_deferred_to_future(task.deferLater(clock, 0.05, lambda: None))
            self._write(self.batches.take())
            if not self._pending:
                break
            await maybe_deferred_to_future(DeferredList(list(self._pending)))
        self._closed = True

    def _flush_if_due(self) -> None:
        batch = self.batches.due()
        if batch:
            self._write(batch)

    def _write(self, batch: list[dict[str, Any]]) -> None:
        if not batch:
            return
        self.queued += len(batch)
        written = crawl_storage(self.crawler).write(batch)
        self._pending.add(written)
        written.addCallback(self._written, len(batch))
        written.addErrback(lambda failure: logger.error("Store writer failed: %s", failure.getTraceback()))
        written.addBoth(lambda _: self._pending.discard(written))

    def _written(self, report: WriterReport, size: int) -> None:
        self.queued -= size
        while self._waiting and self.queued < self.queue_size:
            self._waiting.pop(0).callback(None)
        self._update_stats(report)
        if report.lost and not self._stopping:
            self._stopping = True
            logger.error("Neither the store nor the spool can take items (%s): stopping the crawl", report.spool_error)
            engine = self.crawler.engine
            if engine is not None and engine.spider is not None:
                engine.close_spider(engine.spider, CLOSE_REASON_LOST)

    def _update_stats(self, report: WriterReport) -> None:
        stats = self.crawler.stats
        for key, value in (
            (STAT_NEW, report.counts.new),
            (STAT_REVISED, report.counts.revised),
            (STAT_UNCHANGED, report.counts.unchanged),
        ):
            stats.set_value(key, value)
        extras: tuple[tuple[str, int | str | None], ...] = (
            (STAT_SPOOLED, report.spooled),
            (STAT_STORE_ERROR, report.failure),
            (STAT_STORE_REFUSED, report.refusals),
            (STAT_LOST, report.lost),
            (STAT_SPOOL_ERROR, report.spool_error),
        )
        for key, extra in extras:
            if extra:
                stats.set_value(key, extra)
        if report.spooled:
            stats.set_value(STAT_SPOOL_PATH, str(crawl_storage(self.crawler).spool.path))
