"""Batches of article documents, and the BatchWriter that stores them, spools them, or counts them lost.

``Batches`` (reactor side) groups documents: a batch every ``batch_size`` documents or every
``flush_seconds``. ``BatchWriter`` (the store's thread, see ``worker``) writes one batch with bounded
retries. Once the store has failed after its retries, the writer stops trying it for the rest of the
crawl and spools every later batch at once: a crawl never stalls on a dead store. When the spool
cannot take a batch either (a full disk), the batch is counted ``lost``: the crawl then stops.
"""

from __future__ import annotations

import copy
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from newscrawler.storage.base import ArticleStore, StoreUnavailable, UpsertCounts
from newscrawler.storage.spool import ARTICLE, Spool

logger = logging.getLogger(__name__)
T = TypeVar("T")


def call_with_retries(
    action: Callable[[], T], *, max_retries: int, backoff: float, sleep: Callable[[float], Any] = time.sleep
) -> T:
    """``action()``, retried up to ``max_retries`` times on a retryable StoreUnavailable.

    The waits are ``backoff``, ``2 * backoff``, ``4 * backoff``, ... seconds. Never call it on the
    reactor thread: it sleeps.
    """
    attempt = 0
    while True:
        try:
            return action()
        except StoreUnavailable as exc:
            if not exc.retryable or attempt >= max_retries:
                raise
            delay = backoff * 2**attempt
            attempt += 1
            logger.warning("Store error (%s); retry %d/%d in %.1fs", exc, attempt, max_retries, delay)
            sleep(delay)


class Batches:
    """Documents grouped into batches: full every ``batch_size``, due every ``flush_seconds`` (0: never)."""

    def __init__(self, batch_size: int, flush_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.batch_size = max(1, batch_size)
        self.flush_seconds = flush_seconds
        self._clock = clock
        self._buffer: list[dict[str, Any]] = []
        self._last = clock()

    def add(self, document: dict[str, Any]) -> list[dict[str, Any]] | None:
        """Buffers ``document``; the batch to write when it is full or due, else None."""
        self._buffer.append(document)
        return self.take() if len(self._buffer) >= self.batch_size else self.due()

    def due(self) -> list[dict[str, Any]] | None:
        """The buffered batch when ``flush_seconds`` have passed since the last one, else None."""
        if self._buffer and 0 < self.flush_seconds <= self._clock() - self._last:
            return self.take()
        return None

    def take(self) -> list[dict[str, Any]]:
        """Whatever is buffered (maybe nothing)."""
        batch, self._buffer = self._buffer, []
        self._last = self._clock()
        return batch


@dataclass
class WriterReport:
    """What the writer did so far in a crawl."""

    counts: UpsertCounts = field(default_factory=UpsertCounts)
    spooled: int = 0  # documents written to the spool instead of the store
    lost: int = 0  # documents neither the store nor the spool could take
    failure: str | None = None  # why the store was given up (None while it works)
    refusals: int = 0  # batches the store refused (not retryable), spooled
    spool_error: str | None = None  # why the spool could not take a batch


class BatchWriter:
    """Writes batches to the store (with retries), else to the spool, else counts them lost.

    Runs on the store's thread (it sleeps between retries); ``write`` returns a copy of the report.
    """

    def __init__(
        self,
        spool: Spool,
        *,
        max_retries: int = 3,
        backoff: float = 0.5,
        sleep: Callable[[float], Any] = time.sleep,
    ) -> None:
        self.spool = spool
        self.max_retries = max_retries
        self.backoff = backoff
        self.report = WriterReport()
        self._sleep = sleep

    def write(self, batch: list[dict[str, Any]], store: ArticleStore | None) -> WriterReport:
        """Writes one batch; ``store`` None: the store could not be opened (the batch is spooled)."""
        report = self.report
        if store is None and report.failure is None:
            report.failure = "store unavailable at start"
        if batch and (store is None or report.failure):
            self._spool(batch)
        elif batch:
            assert store is not None
            try:
                report.counts += call_with_retries(
                    lambda: store.upsert_articles(batch),
                    max_retries=self.max_retries,
                    backoff=self.backoff,
                    sleep=self._sleep,
                )
            except StoreUnavailable as exc:
                if exc.retryable:
                    report.failure = str(exc)
                    logger.error("Store unreachable (%s); this and later items go to spool %s", exc, self.spool.path)
                else:
                    report.refusals += 1
                    logger.error(
                        "Store refused a batch (%s); %d items go to spool %s", exc, len(batch), self.spool.path
                    )
                self._spool(batch)
        return copy.deepcopy(report)

    def _spool(self, batch: list[dict[str, Any]]) -> None:
        try:
            self.spool.append(ARTICLE, batch)
        except OSError as exc:
            self.report.lost += len(batch)
            self.report.spool_error = f"{self.spool.path}: {exc}"
            logger.error("Cannot write %d items to spool %s (%s): they are lost", len(batch), self.spool.path, exc)
        else:
            self.report.spooled += len(batch)
