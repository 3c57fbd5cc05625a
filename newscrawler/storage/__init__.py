"""Article storage: one interface (``ArticleStore``), two back-ends, a spool for when both fail.

MongoDB when ``MONGO_URI`` is set, else the embedded SQLite file at ``SQLITE_PATH``; a dotted path
in ``NEWSCRAWLER_STORE_CLASS`` (a callable taking the settings) replaces both, e.g. in tests.
Crawl components share one store per crawler through ``store_for_crawler``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from scrapy import signals
from scrapy.settings import BaseSettings
from scrapy.utils.misc import load_object

from newscrawler.storage.base import ArticleQuery, ArticleStore, StoreUnavailable, UpsertCounts
from newscrawler.storage.documents import to_document
from newscrawler.storage.mongo import MongoStore
from newscrawler.storage.spool import Spool, new_spool_path, replay_spool
from newscrawler.storage.sqlite import SQLiteStore
from newscrawler.storage.uri import SQLITE_SCHEME, is_mongo_uri, redact_uri, sqlite_path
from newscrawler.storage.writer import BatchWriter, call_with_retries

Settings = BaseSettings | Mapping[str, Any]  # Scrapy settings or any mapping of setting names

__all__ = [
    "ArticleQuery",
    "ArticleStore",
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
    "spool_for_crawler",
    "store_for_crawler",
    "store_from_uri",
]

logger = logging.getLogger(__name__)
DEFAULT_SQLITE_PATH = "data/newscrawler.sqlite3"
DEFAULT_DATABASE = "newscrawler"
_STORE_ATTRIBUTE = "_newscrawler_store"
_SPOOL_ATTRIBUTE = "_newscrawler_spool"


def store_from_uri(
    uri: str, *, database: str = DEFAULT_DATABASE, server_selection_timeout_ms: int = 3000
) -> ArticleStore:
    """The (unopened) store a ``sqlite:///path`` or ``mongodb://`` URI names. Raises ValueError."""
    if is_mongo_uri(uri):
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


def store_for_crawler(crawler: Any) -> ArticleStore | None:
    """The crawler's one open store, opened on first call (with the STORE_* retries), closed when
    the engine stops; None, after one warning, when it cannot be opened (items are then spooled)."""
    if hasattr(crawler, _STORE_ATTRIBUTE):
        opened: ArticleStore | None = getattr(crawler, _STORE_ATTRIBUTE)
        return opened
    settings = crawler.settings
    store: ArticleStore | None = None
    try:
        store = build_store(settings)
        call_with_retries(
            store.open,
            max_retries=settings.getint("STORE_MAX_RETRIES", 3),
            backoff=settings.getfloat("STORE_RETRY_BACKOFF", 0.5),
        )
    except (StoreUnavailable, ValueError) as exc:
        logger.warning("Article store unavailable at start (%s); items will be spooled", exc)
        store = None
    else:
        embedded = " (embedded; set MONGO_URI to use MongoDB)" if isinstance(store, SQLiteStore) else ""
        logger.info("Article store: %s%s", store.description, embedded)
        crawler.signals.connect(store.close, signal=signals.engine_stopped)
    setattr(crawler, _STORE_ATTRIBUTE, store)
    return store


def spool_for_crawler(crawler: Any) -> Spool:
    """The crawler's one spool, a new file in ``SPOOL_DIR`` named after the spider (created on first write)."""
    if not hasattr(crawler, _SPOOL_ATTRIBUTE):
        label = crawler.spider.name if getattr(crawler, "spider", None) else "crawl"
        setattr(
            crawler, _SPOOL_ATTRIBUTE, Spool(new_spool_path(crawler.settings.get("SPOOL_DIR") or "data/spool", label))
        )
    spool: Spool = getattr(crawler, _SPOOL_ATTRIBUTE)
    return spool
