"""Article storage: one interface (``ArticleStore``), two back-ends, a spool for when both fail.

MongoDB when ``MONGO_URI`` is set, else the embedded SQLite file at ``SQLITE_PATH``; a dotted path
in ``NEWSCRAWLER_STORE_CLASS`` (a callable taking the settings) replaces both, e.g. in tests.
Crawl components reach the store through ``newscrawler.storage.crawl.crawl_storage``: one per
crawler, on threads of its own, never on the reactor thread.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from scrapy.settings import BaseSettings
from scrapy.utils.misc import load_object

from newscrawler.storage.base import ArticleQuery, ArticleStore, StoreUnavailable, UpsertCounts
from newscrawler.storage.documents import to_document
from newscrawler.storage.mongo import MongoStore, check_uri
from newscrawler.storage.spool import Spool, replay_spool
from newscrawler.storage.sqlite import SQLiteStore
from newscrawler.storage.uri import SQLITE_SCHEME, is_mongo_uri, redact_uri, sqlite_path
from newscrawler.storage.writer import Batches, BatchWriter, call_with_retries

Settings = BaseSettings | Mapping[str, Any]  # Scrapy settings or any mapping of setting names

__all__ = [
    "ArticleQuery",
    "ArticleStore",
    "Batches",
    "BatchWriter",
    "MongoStore",
    "SQLiteStore",
    "Spool",
    "StoreUnavailable",
    "UpsertCounts",
    "to_document",
    "build_store",
    "call_with_retries",
    "open_store",
    "replay_spool",
    "store_from_uri",
]

DEFAULT_SQLITE_PATH = "data/newscrawler.sqlite3"
DEFAULT_DATABASE = "newscrawler"


def store_from_uri(
    uri: str, *, database: str = DEFAULT_DATABASE, server_selection_timeout_ms: int = 3000
) -> ArticleStore:
    """The (unopened) store a ``sqlite:///path`` or ``mongodb://`` URI names. Raises ValueError."""
    if is_mongo_uri(uri):
        check_uri(uri, database)
        return MongoStore(uri, database, server_selection_timeout_ms=server_selection_timeout_ms)
    if uri.startswith(SQLITE_SCHEME):
        return SQLiteStore(sqlite_path(uri))
    raise ValueError(f"unknown store {redact_uri(uri)!r}: expected sqlite:///path or mongodb://...")


def build_store(settings: Settings, uri: str | None = None) -> ArticleStore:
    """The store ``uri`` names, else the configured one; not yet open. Raises ValueError.

    ``settings``: Scrapy settings or any mapping of setting names.
    """
    factory = settings.get("NEWSCRAWLER_STORE_CLASS")
    if uri is None and factory:
        store: ArticleStore = load_object(factory)(settings)
        return store
    uri = uri or settings.get("MONGO_URI") or SQLITE_SCHEME + str(settings.get("SQLITE_PATH") or DEFAULT_SQLITE_PATH)
    return store_from_uri(
        uri,
        database=settings.get("MONGO_DATABASE") or DEFAULT_DATABASE,
        server_selection_timeout_ms=int(settings.get("MONGO_SERVER_SELECTION_TIMEOUT_MS") or 3000),
    )


def open_store(settings: Settings) -> ArticleStore:
    """The configured store, open. Raises StoreUnavailable (or ValueError for a malformed URI)."""
    store = build_store(settings)
    store.open()
    return store
