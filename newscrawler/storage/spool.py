"""The spool: what the store could not take, as JSON Lines, written back by ``replay-spool``.

Each line is ``{"kind": "article" | "crawl_run", "document": {...}}`` with the document in its JSON
form (``documents.to_json_dict``). Replaying goes through the normal upsert, so replaying a spool
twice stores nothing twice. A spool file is input like any other: each article record must follow the
Article schema (``newscrawler/schema/article.schema.json``) and carry the ``_id`` its canonical URL
gives; a record that does not is skipped with its line number and the reason.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import best_match

from newscrawler.schema import article_schema
from newscrawler.storage.base import ArticleStore, UpsertCounts
from newscrawler.storage.documents import article_id, clean_document, to_json_dict

ARTICLE = "article"
CRAWL_RUN = "crawl_run"
_REQUIRED = {ARTICLE: ("_id", "first_seen", "last_seen"), CRAWL_RUN: ("run_id",)}
_DATETIMES = {ARTICLE: ("first_seen", "last_seen"), CRAWL_RUN: ()}


def new_spool_path(directory: str | Path, label: str, now: datetime | None = None) -> Path:
    """A fresh spool file name in ``directory``: ``<label>-<UTC time>-<pid>.jsonl``."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    return Path(directory) / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', label)}-{stamp}-{os.getpid()}.jsonl"


class Spool:
    """An append-only spool file, created on the first append; every append is flushed to disk."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.counts: Counter[str] = Counter()  # documents appended, by kind

    def append(self, kind: str, documents: Sequence[dict[str, Any]]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lines = (
            json.dumps({"kind": kind, "document": to_json_dict(d)}, ensure_ascii=False, separators=(",", ":")) + "\n"
            for d in documents
        )
        with self.path.open("a", encoding="utf-8") as handle:
            handle.writelines(lines)
            handle.flush()
            os.fsync(handle.fileno())
        self.counts[kind] += len(documents)


class BadRecord(ValueError):
    """A spool line that is not a record (e.g. cut short when the crawl was killed)."""


@cache
def article_validator() -> Draft202012Validator:
    """The Article schema, with its ``date-time`` formats checked."""
    return Draft202012Validator(article_schema(), format_checker=FormatChecker())


def _schema_error(document: dict[str, Any]) -> str | None:
    """The first way an article record breaks the Article schema or the ``_id`` rule, or None."""
    error = best_match(article_validator().iter_errors(document))
    if error is not None:
        where = "/".join(map(str, error.absolute_path)) or "document"
        return f"not an Article ({where}: {error.message[:200]})"
    if document.get("_id") != article_id(document["canonical_url"]):
        return "_id is not the SHA-1 of canonical_url"
    return None


def parse_record(line: str) -> tuple[str, dict[str, Any]]:
    """(kind, store document) of one spool line. Raises BadRecord."""
    try:
        record = json.loads(line)
    except ValueError as exc:
        raise BadRecord(f"invalid JSON ({exc})") from None
    kind = record.get("kind") if isinstance(record, dict) else None
    document = record.get("document") if kind in _REQUIRED else None
    if not isinstance(kind, str) or not isinstance(document, dict):
        raise BadRecord("not a spool record")
    if kind == ARTICLE and (why := _schema_error(document)):
        raise BadRecord(why)
    if kind == CRAWL_RUN and not isinstance(document.get("run_id"), str):
        raise BadRecord("crawl_run without a text run_id")
    document = clean_document(document)
    missing = [name for name in _REQUIRED[kind] if not document.get(name)]
    if missing or not all(isinstance(document[name], datetime) for name in _DATETIMES[kind]):
        raise BadRecord(f"{kind} without valid {', '.join(missing or _DATETIMES[kind])}")
    return kind, document


@dataclass
class ReplayReport:
    articles: UpsertCounts = field(default_factory=UpsertCounts)
    runs: int = 0
    bad_lines: list[tuple[int, str]] = field(default_factory=list)  # (line number, why)


def replay_spool(path: str | Path, store: ArticleStore, batch_size: int = 500) -> ReplayReport:
    """Write every record of a spool file to ``store``; bad lines are reported, not fatal.

    Raises StoreUnavailable (and OSError for an unreadable file): replaying again later is safe.
    """
    report = ReplayReport()
    batch: list[dict[str, Any]] = []
    with Path(path).open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                kind, document = parse_record(line)
            except BadRecord as exc:
                report.bad_lines.append((number, str(exc)))
                continue
            if kind == CRAWL_RUN:
                store.save_run(document)
                report.runs += 1
                continue
            batch.append(document)
            if len(batch) >= batch_size:
                report.articles += store.upsert_articles(batch)
                batch = []
    report.articles += store.upsert_articles(batch)
    return report
