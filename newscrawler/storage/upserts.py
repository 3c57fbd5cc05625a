"""The upsert rules every back-end applies, as a plan computed from what is already stored.

For each incoming document, in order:

- not stored yet: inserted with ``revision`` 0 (counted *new*);
- stored, another ``content_fingerprint``, and at least as recent (``last_seen``): its fields replace
  the stored ones, ``first_seen`` kept, ``revision`` + 1 (counted *revised*);
- otherwise (same content, or an older copy such as a late spool replay): only ``first_seen`` moves
  earlier and ``last_seen`` later, if they do (counted *unchanged*).

Then copies are linked to their original (``originals``): an aggregator's copy (``via`` set) of an
article whose original (the outlet's own page, ``via`` null) is written after it gets ``duplicate_of``
pointing at the original, whatever the order they were crawled in.

Several documents with one ``_id`` in a batch fold into one write. Replaying the same documents
leaves the store as it was, so a spool can be replayed any number of times.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from newscrawler.storage.base import UpsertCounts


@dataclass(frozen=True)
class StoredState:
    """What a back-end reports about one stored article before a batch."""

    content_fingerprint: str | None
    first_seen: datetime
    last_seen: datetime
    revision: int


SEEN_FIELDS = ("first_seen", "last_seen")


@dataclass
class UpsertPlan:
    """One write per ``_id``; back-ends apply inserts, then revisions, then touches."""

    inserts: dict[str, dict[str, Any]] = field(default_factory=dict)  # _id -> full document
    revisions: dict[str, dict[str, Any]] = field(default_factory=dict)  # _id -> fields but first/last seen
    touches: dict[str, tuple[datetime, datetime]] = field(default_factory=dict)  # _id -> (first_seen, last_seen)
    counts: UpsertCounts = field(default_factory=UpsertCounts)


def plan_upserts(documents: Sequence[Mapping[str, Any]], stored: Mapping[str, StoredState]) -> UpsertPlan:
    """The writes that apply ``documents`` to articles whose current state is ``stored``."""
    plan = UpsertPlan()
    states = dict(stored)
    for document in documents:
        key, fingerprint = document["_id"], document.get("content_fingerprint")
        state = states.get(key)
        if state is None:
            plan.counts.new += 1
            plan.inserts[key] = {**document, "revision": 0}
            states[key] = StoredState(fingerprint, document["first_seen"], document["last_seen"], 0)
            continue
        first_seen = min(state.first_seen, document["first_seen"])
        last_seen = max(state.last_seen, document["last_seen"])
        revision = state.revision
        if fingerprint != state.content_fingerprint and document["last_seen"] >= state.last_seen:
            plan.counts.revised += 1
            revision += 1
            content = {k: v for k, v in document.items() if k not in SEEN_FIELDS} | {"revision": revision}
            if key in plan.inserts:
                plan.inserts[key].update(content)
            else:
                plan.revisions[key] = content
        else:
            plan.counts.unchanged += 1
            fingerprint = state.content_fingerprint
        if key in plan.inserts:
            plan.inserts[key].update(first_seen=first_seen, last_seen=last_seen)
        elif (first_seen, last_seen) != (state.first_seen, state.last_seen):
            plan.touches[key] = (first_seen, last_seen)
        states[key] = StoredState(fingerprint, first_seen, last_seen, revision)
    return plan


def originals(documents: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """content fingerprint -> canonical URL of the documents that are originals: an outlet's own page
    (``via`` null) that is no duplicate itself. Stored copies with that fingerprint get linked to it."""
    return {
        document["content_fingerprint"]: document["canonical_url"]
        for document in documents
        if document.get("content_fingerprint") and not document.get("via") and not document.get("duplicate_of")
    }
