"""The Article item: one news article as every pipeline step and store sees it.

Spiders fill what the page gives (raw values included); pipelines fill the normalised fields.
Consumers read the field table in README.md or ``newscrawler/schema/article.schema.json``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

# Fields used between extraction and the pipelines, never stored.
TRANSIENT_FIELDS = frozenset({"date_hints", "problems", "prepared"})


@dataclass
class Article:
    url: str
    outlet: str
    canonical_url: str | None = None
    outlet_name: str | None = None
    language: str | None = None
    title: str | None = None
    lead: str | None = None
    body: str | None = None
    authors: list[dict[str, str]] = field(default_factory=list)  # [{"name", "raw"}]
    agencies: list[str] = field(default_factory=list)
    byline_raw: str | None = None
    published_at: datetime | None = None
    published_raw: str | None = None
    published_precision: str | None = None  # "minute" or "date"
    updated_at: datetime | None = None
    updated_raw: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    image: dict[str, str | None] | None = None  # {"url", "caption", "credit"}
    source_outlet: str | None = None
    source_outlet_raw: str | None = None
    source_url: str | None = None
    archive_url: str | None = None  # a page read from a web archive: the capture fetched (url is the original)
    archived_at: datetime | None = None  # and when the archive captured it
    content_fingerprint: str | None = None
    duplicate_of: str | None = None
    via: str | None = None  # the aggregator whose copy this page is (e.g. "maghress"); None: the outlet's own page
    crawled_at: datetime | None = None
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    parser: dict[str, str] | None = None  # {"name", "version"}
    provenance: dict[str, str] = field(default_factory=dict)  # field -> extraction layer
    extra: dict[str, Any] = field(default_factory=dict)  # other page metadata, kept as found
    # {"published": [...], "updated": [...]}: candidate date strings, best first (structured before visible).
    date_hints: dict[str, list[str]] = field(default_factory=dict)
    # What extraction had to skip on the page (e.g. "jsonld_too_deep"); counted by the validate step.
    problems: list[str] = field(default_factory=list)
    # Set by an extraction worker that ran the early pipeline steps: {"counts", "dropped"} (pipelines/early.py).
    prepared: dict[str, Any] | None = None


ARTICLE_FIELDS = tuple(f.name for f in fields(Article))
STORED_FIELDS = tuple(name for name in ARTICLE_FIELDS if name not in TRANSIENT_FIELDS)
