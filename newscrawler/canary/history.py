"""When the store last saw a field given by an outlet's own layers: the "since" of a canary line."""

from __future__ import annotations

import sys
from datetime import datetime
from typing import Any

from newscrawler.canary.expectations import layer_family
from newscrawler.storage import ArticleQuery, ArticleStore, SQLiteStore, StoreUnavailable, build_store

ARTICLES_SCANNED = 200  # newest stored articles of the outlet looked at


class StoreHistory:
    """A ``LastSeen`` reading the configured store, opened on the first question (a canary of healthy
    outlets never opens it): the newest ``last_seen`` day (UTC) among the outlet's newest stored articles
    whose field came from one of the layers. None when none did, or there is no store, or it fails (said
    once on stderr)."""

    def __init__(self, settings: Any) -> None:
        self.settings = settings
        self.store: ArticleStore | None = None
        self.failed = False

    def _open(self) -> ArticleStore | None:
        if self.store is None and not self.failed:
            try:
                store = build_store(self.settings)
                if isinstance(store, SQLiteStore) and not store.path.exists():  # nothing crawled here yet
                    self.failed = True
                    return None
                store.open()
                self.store = store
            except (ValueError, StoreUnavailable) as error:
                self.failed = True
                print(f"newscrawler canary: store not read ({error}): 'since' is the recording's day", file=sys.stderr)
        return self.store

    def __call__(self, slug: str, name: str, layers: frozenset[str]) -> str | None:
        store = self._open()
        if store is None:
            return None
        query = ArticleQuery(outlet=slug, limit=ARTICLES_SCANNED, fields=("provenance", "last_seen"))
        try:
            days = [
                document["last_seen"]
                for document in store.iter_articles(query)
                if layer_family(str((document.get("provenance") or {}).get(name, ""))) in layers
                and isinstance(document.get("last_seen"), datetime)
            ]
        except StoreUnavailable:
            return None
        return max(days).date().isoformat() if days else None

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
