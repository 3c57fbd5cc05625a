"""The store interface every back-end implements (SQLite embedded default, MongoDB).

Documents are plain dicts of the stored Article fields (see ``newscrawler.storage.documents``):
datetimes are timezone-aware UTC, keys are the Article field names plus ``_id``.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any


class StoreUnavailable(Exception):
    """The store could not be reached or written.

    ``retryable`` is True for transient failures (network, server selection, a locked database)
    that a bounded retry may cure, False for writes the store refused.
    """

    def __init__(self, message: str, *, retryable: bool = True) -> None:
        super().__init__(message)
        self.retryable = retryable


@dataclass
class UpsertCounts:
    """What one batch of upserts did, by outcome."""

    new: int = 0
    revised: int = 0  # already stored, content changed: fields updated, revision counted
    unchanged: int = 0  # already stored, same content: only last_seen moved

    def __iadd__(self, other: UpsertCounts) -> UpsertCounts:
        self.new += other.new
        self.revised += other.revised
        self.unchanged += other.unchanged
        return self


@dataclass
class ArticleQuery:
    """Filters of the analyst CLI; every one optional."""

    outlet: str | None = None
    since: datetime | None = None  # published_at >= since
    until: datetime | None = None  # published_at < until
    author: str | None = None  # exact author name
    agency: str | None = None
    text: str | None = None  # words searched in title and body
    limit: int | None = None
    fields: Sequence[str] | None = field(default=None)  # only these fields (and _id) in results

    @property
    def words(self) -> list[str]:
        """The words of ``text`` (runs of letters and digits): an article matches when its title and
        body together hold all of them."""
        return re.findall(r"[^\W_]+", self.text or "")


def day_cutoff(days: int, now: datetime | None = None) -> datetime:
    """Midnight UTC starting the last ``days`` days (today included)."""
    today = (now or datetime.now(UTC)).astimezone(UTC)
    return today.replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=days - 1)


class ArticleStore(ABC):
    """A place that keeps articles and crawl runs, keyed by canonical URL."""

    #: Where the store is, safe to log (never contains a password).
    description: str

    @abstractmethod
    def open(self) -> None:
        """Connect and create tables/indexes. Raises StoreUnavailable."""

    @abstractmethod
    def upsert_articles(self, documents: Sequence[dict[str, Any]]) -> UpsertCounts:
        """Insert new articles, update changed ones, move last_seen. Idempotent. Raises StoreUnavailable.

        The rules (shared by every back-end) are those of ``newscrawler.storage.upserts.plan_upserts``;
        then every stored copy (``via`` set) of an original written here (``upserts.originals``) is
        linked to it: its ``duplicate_of`` becomes the original's canonical URL.
        """

    @abstractmethod
    def known_urls(self, canonical_urls: Iterable[str]) -> set[str]:
        """The subset of these canonical URLs that is already stored."""

    @abstractmethod
    def find_duplicate(self, fingerprint: str, canonical_url: str, *, originals_only: bool = False) -> str | None:
        """The canonical URL of another stored article with this content fingerprint, if any: an outlet's own
        page (``via`` null) before an aggregator's copy, then the first seen; ``originals_only``: own pages only.
        """

    @abstractmethod
    def save_run(self, run: dict[str, Any]) -> None:
        """Insert or replace one crawl_runs document (keyed by its ``run_id``)."""

    @abstractmethod
    def load_crawl_state(self, spider: str) -> dict[str, dict[str, Any]]:
        """The crawl state a spider committed, by source key (``{}`` when none): see ``save_crawl_state``."""

    @abstractmethod
    def save_crawl_state(self, spider: str, state: dict[str, dict[str, Any]]) -> None:
        """Replaces the state of each source key in ``state`` (other sources keep theirs).

        The state of a source is a dict of plain JSON values that a spider commits when a crawl
        finished cleanly, e.g. the paging watermark of a listing (see ``newscrawler.discovery.watermarks``).
        """

    @abstractmethod
    def iter_articles(self, query: ArticleQuery) -> Iterator[dict[str, Any]]:
        """Stored articles matching the query, newest published first."""

    @abstractmethod
    def count_articles(self) -> int: ...

    @abstractmethod
    def outlet_counts(self) -> dict[str, int]:
        """Stored articles per outlet."""

    @abstractmethod
    def daily_counts(self, outlet: str | None = None, days: int | None = None) -> list[tuple[str, str, int]]:
        """(outlet, YYYY-MM-DD in UTC, articles published that day), newest day first, then by outlet.

        ``days`` keeps the last N days (see ``day_cutoff``).
        """

    @abstractmethod
    def runs_since(self, since: datetime) -> list[dict[str, Any]]:
        """The crawl_runs documents of every spider started at or after ``since``, newest started first."""

    @abstractmethod
    def last_runs(self) -> list[dict[str, Any]]:
        """The newest crawl_runs document of each spider."""

    @abstractmethod
    def recent_runs(self, spider: str, limit: int) -> list[dict[str, Any]]:
        """The newest ``limit`` crawl_runs documents of ``spider``, newest started first."""

    @abstractmethod
    def close(self) -> None: ...
