"""CrawlStorage: what one crawl keeps, reached from the reactor without ever blocking it.

Two ``StoreThread``s, each with its own connection (SQLite connections belong to one thread, and a
reader must not wait behind a write the store is holding up): the *writer* stores article batches,
the run record and the crawl state; the *reader* answers which URLs are stored and duplicate
look-ups. Every method returns a Deferred fired on the reactor thread.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from scrapy import signals
from twisted.internet.defer import Deferred, DeferredList

from newscrawler.storage.base import ArticleStore, StoreUnavailable
from newscrawler.storage.documents import to_json_dict
from newscrawler.storage.spool import CRAWL_RUN, Spool, new_spool_path
from newscrawler.storage.worker import StoreThread, deferred_from_future
from newscrawler.storage.writer import BatchWriter, WriterReport, call_with_retries

logger = logging.getLogger(__name__)
_ATTRIBUTE = "_newscrawler_storage"


class CrawlStorage:
    """The store, spool and run-record fallback of one crawl (settings: Scrapy settings)."""

    def __init__(self, settings: Any, label: str) -> None:
        from newscrawler.storage import build_store  # the factory lives with the back-ends

        def build() -> ArticleStore:
            return build_store(settings)

        self._build = build
        try:
            self.description = self._build().description  # password-free; nothing is opened
        except ValueError as exc:  # a malformed URI: the writer thread reports it when it tries to open
            self.description = f"invalid store ({exc})"
        self._retries = {
            "max_retries": settings.getint("STORE_MAX_RETRIES", 3),
            "backoff": settings.getfloat("STORE_RETRY_BACKOFF", 0.5),
        }
        self.spool = Spool(new_spool_path(settings.get("SPOOL_DIR") or "data/spool", label))
        self.run_fallback = Path(settings.get("RUN_FALLBACK_PATH"))
        self.batch_writer = BatchWriter(self.spool, **self._retries)
        self.writer = StoreThread(self._build, name="newscrawler-store-writer", **self._retries)
        self._writer_open = self.writer.open()
        self._writer_open.add_done_callback(self._announce)
        self.reader = StoreThread(self._reader_store, name="newscrawler-store-reader", max_retries=0, backoff=0)

    def _announce(self, opened: Future[ArticleStore | None]) -> None:
        store = opened.result()
        if store is None:
            logger.warning("Article store unavailable at start (%s); items will be spooled", self.writer.open_error)
            return
        from newscrawler.storage.sqlite import SQLiteStore

        embedded = " (embedded; set MONGO_URI to use MongoDB)" if isinstance(store, SQLiteStore) else ""
        logger.info("Article store: %s%s", store.description, embedded)

    def _reader_store(self) -> ArticleStore:
        """The reader's own connection, once the writer has opened the store (and created its tables)."""
        if self._writer_open.result() is None:
            raise StoreUnavailable(f"store unavailable at start ({self.writer.open_error})", retryable=False)
        return self._build()

    # -- reads (reader thread) -----------------------------------------------------------------

    def known_urls(self, canonical_urls: Iterable[str]) -> Deferred[set[str]]:
        urls = list(canonical_urls)
        return self.reader.call(lambda store: store.known_urls(urls))

    def find_duplicate(
        self, fingerprint: str, canonical_url: str, *, originals_only: bool = False
    ) -> Deferred[str | None]:
        return self.reader.call(
            lambda store: store.find_duplicate(fingerprint, canonical_url, originals_only=originals_only)
        )

    def crawl_state(self, spider: str) -> Deferred[dict[str, dict[str, Any]]]:
        return self.reader.call(lambda store: store.load_crawl_state(spider))

    def recent_runs(self, spider: str, limit: int) -> Deferred[list[dict[str, Any]]]:
        return self.reader.call(lambda store: store.recent_runs(spider, limit))

    # -- writes (writer thread) ----------------------------------------------------------------

    def write(self, batch: list[dict[str, Any]]) -> Deferred[WriterReport]:
        """Stores a batch (else spools it, else counts it lost); fires with the writer's report."""
        return deferred_from_future(self.writer.run(lambda: self.batch_writer.write(batch, self._writer_store())))

    def _writer_store(self) -> ArticleStore | None:
        try:
            return self.writer.store_here()
        except StoreUnavailable:
            return None

    def save_crawl_state(self, spider: str, state: Mapping[str, dict[str, Any]]) -> Deferred[None]:
        def save(store: ArticleStore) -> None:
            call_with_retries(lambda: store.save_crawl_state(spider, dict(state)), **self._retries)

        return self.writer.call(save)

    def save_run(self, run: dict[str, Any]) -> Deferred[str]:
        """Saves the run record: to the store, else the spool, else ``RUN_FALLBACK_PATH``, else the log.

        Fires with where it went: the store's description, or a file path, or ``"log"``.
        """
        return deferred_from_future(self.writer.run(lambda: self._save_run(run)))

    def _save_run(self, run: dict[str, Any]) -> str:
        store = self._writer_store()
        if store is not None and self.batch_writer.report.failure is None:
            try:
                call_with_retries(lambda: store.save_run(run), **self._retries)
                return store.description
            except StoreUnavailable as exc:
                logger.error("Cannot save the crawl run (%s)", exc)
        for spool in (self.spool, Spool(self.run_fallback)):
            try:
                spool.append(CRAWL_RUN, [run])
                logger.error("Crawl run %s written to %s", run["run_id"], spool.path)
                return str(spool.path)
            except OSError as exc:
                logger.error("Cannot write the crawl run to %s (%s)", spool.path, exc)
        logger.error("Crawl run kept nowhere: %s", json.dumps(to_json_dict(run), ensure_ascii=False))
        return "log"

    def close(self) -> Deferred[Any]:
        """Closes both connections on their threads (after the calls already made)."""
        return DeferredList([deferred_from_future(self.reader.close()), deferred_from_future(self.writer.close())])


def crawl_storage(crawler: Any) -> CrawlStorage:
    """The crawler's one CrawlStorage, created on first call, closed when the engine stops."""
    storage = getattr(crawler, _ATTRIBUTE, None)
    if storage is None:
        label = crawler.spider.name if getattr(crawler, "spider", None) else "crawl"
        storage = CrawlStorage(crawler.settings, label)
        crawler.signals.connect(storage.close, signal=signals.engine_stopped)
        setattr(crawler, _ATTRIBUTE, storage)
    return storage


def close_crawl_storage(crawler: Any) -> Deferred[Any] | None:
    """Close the crawler's CrawlStorage if it was created: for crawlers whose engine never stops
    (``scrapy shell``), whose stores would otherwise stay open until the process dies."""
    storage: CrawlStorage | None = getattr(crawler, _ATTRIBUTE, None)
    return storage.close() if storage is not None else None
