"""ExtractionPool: article pages parsed, extracted and taken through the early pipeline steps (validate,
normalize, dates, bylines, fingerprint: ``newscrawler.pipelines.early``) in worker processes, so the crawl's
process (the reactor thread) only does I/O and the pipeline steps that need the crawl (bounds, copies,
dedup, store).

A Scrapy extension, one per crawler, on when ``EXTRACTION_WORKERS`` > 0: it starts a
``concurrent.futures.ProcessPoolExecutor`` (forkserver where the platform has it, else spawn: forking a
process that runs threads is unsafe) when the spider opens and shuts it down when the spider closes.
The spider hands it an ``ArticlePage`` (URL, body bytes, encoding, discovery link; an HTML page or a
JSON API answer) and awaits the prepared Article; each worker got the outlet config once, when it
started. Results come back in order of completion, on the reactor thread (``deferred_from_future``:
``reactor.callFromThread``).

- **Bounded**: at most ``EXTRACTION_MAX_PENDING`` pages are in the workers' hands; the next pages wait
  in their callbacks. A waiting page's response stays in Scrapy's scraper slot, and once those
  responses add up to ``SCRAPER_SLOT_MAX_ACTIVE_SIZE`` (5 MB) the engine stops sending requests to
  the downloader: the crawl fetches no faster than the workers extract.
- **A dead worker loses no page**: when a worker dies (killed, out of memory, a crash in C code), the
  executor fails every page it held (``BrokenProcessPool``); a fresh executor takes over for the next
  pages (``newscrawler/extraction_pool/restarts``), and each page the dead one held is extracted again
  in a worker of its own, one page at a time (``newscrawler/extraction_pool/retried``), so that a page
  that kills its worker cannot take innocent pages down with it twice. A page that kills its own worker
  too is dropped with a counted reason (``newscrawler/dropped/worker_failed``) and an error line naming
  its URL, never silently.
- An exception raised by extraction itself comes back to the callback as it would in-process.
"""

from __future__ import annotations

import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred, DeferredLock, DeferredSemaphore
from twisted.internet.threads import deferToThread

from newscrawler.extraction.page import ArticlePage
from newscrawler.items import Article
from newscrawler.outlets.registry import OutletConfig, outlet_names
from newscrawler.pipelines._drops import DROP_STAT_PREFIX
from newscrawler.pipelines.early import prepare
from newscrawler.storage.worker import deferred_from_future

logger = logging.getLogger(__name__)
STATS = "newscrawler/extraction_pool/"
DROPPED_WORKER_FAILED = DROP_STAT_PREFIX + "worker_failed"
_ATTRIBUTE = "_newscrawler_extraction_pool"

# -- in the worker process -------------------------------------------------------------------

_outlet: OutletConfig | None = None


def _start_worker(outlet: OutletConfig | None) -> None:
    global _outlet
    _outlet = outlet


def _ready() -> None:
    """A first task per worker, so workers start (import, read the outlets' names) while discovery runs."""
    outlet_names()


def extract_page(page: ArticlePage) -> dict[str, Any]:
    """The page's Article through the early pipeline steps, as a dict of its fields (plain data back to the
    crawl's process)."""
    return vars(prepare(page.extract(_outlet)))


# -- in the crawl's process ------------------------------------------------------------------


def _context() -> multiprocessing.context.BaseContext:
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        # Each worker forks with the extraction code imported, and extruct (JSON-LD, imported late: ~0.7 s).
        context.set_forkserver_preload([__name__, "extruct.jsonld"])
    return context


def _executor(workers: int, outlet: OutletConfig | None) -> ProcessPoolExecutor:
    executor = ProcessPoolExecutor(workers, mp_context=_context(), initializer=_start_worker, initargs=(outlet,))
    for _ in range(workers):
        executor.submit(_ready)
    return executor


class ExtractionPool:
    task = staticmethod(extract_page)  # what a worker runs on each page

    def __init__(self, crawler: Crawler, workers: int, max_pending: int) -> None:
        assert crawler.stats is not None, "Scrapy builds extensions from a crawler that has its stats"
        self.stats = crawler.stats
        self.workers = workers
        self._slots = DeferredSemaphore(max(max_pending, 1))
        self._alone = DeferredLock()  # pages extracted again after a worker died: one at a time
        self._outlet: OutletConfig | None = None
        self._executor: ProcessPoolExecutor | None = None
        crawler.signals.connect(self.open, signal=signals.spider_opened)
        crawler.signals.connect(self.close, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractionPool:
        workers = crawler.settings.getint("EXTRACTION_WORKERS")
        if workers <= 0:
            raise NotConfigured("EXTRACTION_WORKERS is 0: pages are extracted in the crawl's process")
        pool = cls(crawler, workers, crawler.settings.getint("EXTRACTION_MAX_PENDING"))
        setattr(crawler, _ATTRIBUTE, pool)
        return pool

    def open(self, spider: Any) -> None:
        self._outlet = getattr(spider, "outlet", None)
        self._executor = _executor(self.workers, self._outlet)

    def pids(self) -> list[int]:
        """The worker processes' ids (monitoring and tests)."""
        processes = getattr(self._executor, "_processes", None) or {}
        return sorted(processes)

    async def extract(self, page: ArticlePage) -> list[Article]:
        """The page's Article (a list, the spider callback's output): empty when the page was dropped."""
        await maybe_deferred_to_future(self._slots.acquire())
        try:
            executor = self._executor
            assert executor is not None, "pool used before the spider opened or after it closed"
            try:
                return await self._extract(executor, page)
            except BrokenProcessPool:
                self._replace(executor)
        finally:
            self._slots.release()
        self.stats.inc_value(STATS + "retried")
        await maybe_deferred_to_future(self._alone.acquire())
        alone = _executor(1, self._outlet)
        try:
            return await self._extract(alone, page)
        except BrokenProcessPool:
            self.stats.inc_value(DROPPED_WORKER_FAILED)
            logger.error("worker_failed: %s (its extraction killed its worker process twice)", page.url)
            return []
        finally:
            alone.shutdown(wait=False)
            self._alone.release()

    async def _extract(self, executor: ProcessPoolExecutor, page: ArticlePage) -> list[Article]:
        fields = await maybe_deferred_to_future(deferred_from_future(executor.submit(self.task, page)))
        self.stats.inc_value(STATS + "pages")
        return [Article(**fields)]

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        """A fresh executor for the next pages instead of a broken one (once, however many pages it failed)."""
        if self._executor is broken:
            logger.warning("An extraction worker died: starting a fresh pool; its pages are extracted again")
            self.stats.inc_value(STATS + "restarts")
            broken.shutdown(wait=False, cancel_futures=True)
            self._executor = _executor(self.workers, self._outlet)

    def shutdown(self) -> None:
        """Stops the workers and waits for them (blocking: ``close`` runs it on a thread)."""
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)

    def close(self, spider: Any) -> Deferred[None]:
        return deferToThread(self.shutdown)


def extraction_pool(crawler: Crawler | None) -> ExtractionPool | None:
    """The crawler's ExtractionPool, None when pages are extracted in the crawl's process."""
    return getattr(crawler, _ATTRIBUTE, None)
