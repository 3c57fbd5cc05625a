"""A lock per outlet across machines: one document per outlet in MongoDB's ``crawl_locks``, with an expiry.

Used by ``crawl-all`` when MongoDB is the store, next to the per-machine ``flock``. Taking the lock is one
atomic upsert that only matches an expired lock; a duplicate-key error means another host holds it.
The expiry (the outlet's time limit plus the grace period) frees the lock of a host that died mid-crawl;
a TTL index removes expired documents.
"""

from __future__ import annotations

import os
import socket
from datetime import UTC, datetime, timedelta
from typing import Any

from pymongo import ASCENDING
from pymongo.errors import DuplicateKeyError

COLLECTION = "crawl_locks"


class MongoOutletLocks:
    """Locks of outlets in ``database[crawl_locks]``, taken and released by this process (its ``owner``)."""

    def __init__(self, database: Any, owner: str | None = None) -> None:
        self.collection = database[COLLECTION]
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}"
        self.collection.create_index([("expires_at", ASCENDING)], expireAfterSeconds=0)

    def acquire(self, slug: str, seconds: float, now: datetime | None = None) -> bool:
        """Take the lock of ``slug`` for ``seconds``; False when another owner holds an unexpired one."""
        now = now or datetime.now(UTC)
        try:
            self.collection.update_one(
                {"_id": slug, "expires_at": {"$lt": now}},
                {"$set": {"owner": self.owner, "taken_at": now, "expires_at": now + timedelta(seconds=seconds)}},
                upsert=True,
            )
        except DuplicateKeyError:
            return False
        return True

    def release(self, slug: str) -> None:
        self.collection.delete_one({"_id": slug, "owner": self.owner})

    def holder(self, slug: str) -> str | None:
        document = self.collection.find_one({"_id": slug})
        return document["owner"] if document else None
