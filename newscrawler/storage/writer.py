"""BatchWriter: article documents written in batches, with bounded retries, spooled when the store fails.

Once the store has failed after its retries, the writer stops trying it for the rest of the crawl and
spools every later batch at once: a crawl never stalls on a dead store, and nothing is lost.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from newscrawler.storage.base import ArticleStore, StoreUnavailable, UpsertCounts
from newscrawler.storage.spool import ARTICLE, Spool

logger = logging.getLogger(__name__)
T = TypeVar("T")


def call_with_retries(
    action: Callable[[], T], *, max_retries: int, backoff: float, sleep: Callable[[float], Any] = time.sleep
) -> T:
    """``action()``, retried up to ``max_retries`` times on a retryable StoreUnavailable.

    The waits are ``backoff``, ``2 * backoff``, ``4 * backoff``, ... seconds.
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


class BatchWriter:
    """Buffers documents; flushes every ``batch_size`` documents, every ``flush_seconds``, and at close."""

    def __init__(
        self,
        store: ArticleStore | None,
        spool: Spool,
        *,
        batch_size: int = 100,
        flush_seconds: float = 5.0,
        max_retries: int = 3,
        backoff: float = 0.5,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Any] = time.sleep,
    ) -> None:
        self.store = store
        self.spool = spool
        self.batch_size = max(1, batch_size)
        self.flush_seconds = flush_seconds
        self.max_retries = max_retries
        self.backoff = backoff
        self.counts = UpsertCounts()
        #: Why the store was given up (None while it works); set when it is None from the start.
        self.failure: str | None = None if store is not None else "store unavailable at start"
        self.refusals = 0  # batches the store refused (not retryable), spooled
        self._clock = clock
        self._sleep = sleep
        self._buffer: list[dict[str, Any]] = []
        self._last_flush = clock()

    @property
    def spooled(self) -> int:
        return self.spool.counts[ARTICLE]

    def add(self, document: dict[str, Any]) -> None:
        self._buffer.append(document)
        if len(self._buffer) >= self.batch_size:
            self.flush()
        else:
            self.flush_if_due()

    def flush_if_due(self) -> None:
        """Flush when ``flush_seconds`` (0: never) have passed since the last flush."""
        if self._buffer and 0 < self.flush_seconds <= self._clock() - self._last_flush:
            self.flush()

    def flush(self) -> None:
        batch, self._buffer = self._buffer, []
        self._last_flush = self._clock()
        if not batch:
            return
        if self.store is None or self.failure:
            self.spool.append(ARTICLE, batch)
            return
        store = self.store
        try:
            self.counts += call_with_retries(
                lambda: store.upsert_articles(batch),
                max_retries=self.max_retries,
                backoff=self.backoff,
                sleep=self._sleep,
            )
        except StoreUnavailable as exc:
            self.spool.append(ARTICLE, batch)
            if exc.retryable:
                self.failure = str(exc)
                logger.error("Store unreachable (%s); this and later items go to spool %s", exc, self.spool.path)
            else:
                self.refusals += 1
                logger.error("Store refused a batch (%s); %d items spooled to %s", exc, len(batch), self.spool.path)

    def close(self) -> None:
        self.flush()
