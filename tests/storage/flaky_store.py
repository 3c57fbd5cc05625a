"""Test-only store (``NEWSCRAWLER_STORE_CLASS=flaky_store.FlakyStore``): SQLite that dies part-way.

After ``FLAKY_GOOD_BATCHES`` batches it writes half of the next batch, then fails for good, like a
server lost in the middle of a bulk write.
"""

from __future__ import annotations

from newscrawler.storage import SQLiteStore, StoreUnavailable, UpsertCounts


class FlakyStore(SQLiteStore):
    def __init__(self, settings) -> None:
        super().__init__(settings.get("SQLITE_PATH"))
        self.good_batches = int(settings.get("FLAKY_GOOD_BATCHES", 2))
        self.description = f"flaky+{self.description}"

    def upsert_articles(self, documents) -> UpsertCounts:
        if self.good_batches <= 0:
            super().upsert_articles(documents[: len(documents) // 2])
            raise StoreUnavailable("flaky store: connection lost")
        self.good_batches -= 1
        return super().upsert_articles(documents)
