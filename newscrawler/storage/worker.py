"""StoreThread: one store opened, used and closed on one dedicated thread, so the reactor never waits.

Store calls block (a locked SQLite file, a MongoDB server that does not answer, the retries' sleeps);
on the reactor thread they would stop every download. A ``StoreThread`` runs them on its own thread
(a single-thread executor: SQLite connections belong to the thread that opened them) and hands the
result back to the reactor as a Deferred.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from twisted.internet.defer import Deferred

from newscrawler.storage.base import ArticleStore, StoreUnavailable
from newscrawler.storage.writer import call_with_retries

logger = logging.getLogger(__name__)
T = TypeVar("T")


def deferred_from_future(future: Future[T]) -> Deferred[T]:
    """A Deferred that fires on the reactor thread with the outcome of a thread's Future."""
    from twisted.internet import reactor  # the installed one (importing it at module level would install one)

    deferred: Deferred[T] = Deferred()

    def done(finished: Future[T]) -> None:
        error = finished.exception()
        if error is not None:
            reactor.callFromThread(deferred.errback, error)  # type: ignore[attr-defined]
        else:
            reactor.callFromThread(deferred.callback, finished.result())  # type: ignore[attr-defined]

    future.add_done_callback(done)
    return deferred


class StoreThread:
    """A store built by ``build`` and opened (with the STORE_* retries) on first use, on this thread.

    When it cannot be opened, that is decided once: every later call raises the same StoreUnavailable
    at once, and ``open_error`` says why. ``opened`` tells the other thread when that is decided.
    """

    def __init__(self, build: Callable[[], ArticleStore], *, name: str, max_retries: int, backoff: float) -> None:
        self._build = build
        self._max_retries = max_retries
        self._backoff = backoff
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self.store: ArticleStore | None = None
        self.open_error: str | None = None
        self._tried = False

    def store_here(self) -> ArticleStore:
        """The open store (opened on the first call); raises StoreUnavailable when it could not be.

        Only on this thread (inside ``run``/``submit``).
        """
        if not self._tried:
            self._tried = True
            try:
                store = self._build()
                call_with_retries(store.open, max_retries=self._max_retries, backoff=self._backoff)
                self.store = store
            except (StoreUnavailable, ValueError) as exc:
                self.open_error = str(exc)
        if self.store is None:
            raise StoreUnavailable(self.open_error or "store not open", retryable=False)
        return self.store

    def submit(self, action: Callable[[ArticleStore], T]) -> Future[T]:
        """``action(store)`` on this thread; the Future fails with StoreUnavailable when it cannot open."""
        return self._executor.submit(lambda: action(self.store_here()))

    def run(self, action: Callable[[], T]) -> Future[T]:
        """``action()`` on this thread (for work that copes with no store, e.g. spooling)."""
        return self._executor.submit(action)

    def call(self, action: Callable[[ArticleStore], T]) -> Deferred[T]:
        """``submit`` for the reactor: a Deferred fired on the reactor thread."""
        return deferred_from_future(self.submit(action))

    def open(self) -> Future[ArticleStore | None]:
        """Opens the store now (on this thread); the Future holds it, or None when it cannot be opened."""

        def opened() -> ArticleStore | None:
            try:
                return self.store_here()
            except StoreUnavailable:
                return None

        return self.run(opened)

    def close(self) -> Future[Any]:
        """Closes the store on its thread, then the thread; earlier calls finish first."""

        def close() -> None:
            if self.store is not None:
                self.store.close()
                self.store = None

        future = self.run(close)
        self._executor.shutdown(wait=False)
        return future
