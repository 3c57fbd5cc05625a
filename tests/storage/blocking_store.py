"""Test-only store (``NEWSCRAWLER_STORE_CLASS=blocking_store.BlockingStore``): SQLite that stalls once.

After ``BLOCK_AFTER_BATCHES`` article batches, the next write blocks for ``BLOCK_SECONDS`` (another
process holding the SQLite write lock, a MongoDB server that stopped answering), then goes through.
``BLOCK_MARKER`` receives ``<start>`` when the block starts and ``<start> <end>`` (``time.time()``)
when it ends.
"""

from __future__ import annotations

import time
from pathlib import Path

from newscrawler.storage import SQLiteStore, UpsertCounts


class BlockingStore(SQLiteStore):
    def __init__(self, settings) -> None:
        super().__init__(settings.get("SQLITE_PATH"))
        self.batches_before_block = int(settings.get("BLOCK_AFTER_BATCHES", 0))
        self.seconds = float(settings.get("BLOCK_SECONDS", 2))
        self.marker = Path(settings.get("BLOCK_MARKER"))
        self.description = f"blocking+{self.description}"

    def upsert_articles(self, documents) -> UpsertCounts:
        if self.batches_before_block == 0:
            start = time.time()
            self.marker.write_text(f"{start}\n")
            time.sleep(self.seconds)
            self.marker.write_text(f"{start} {time.time()}\n")
        self.batches_before_block -= 1
        return super().upsert_articles(documents)
