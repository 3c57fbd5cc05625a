"""Data quality of stored articles: per outlet, how often each field is filled and which layer gave it.

Pure functions over stored documents (``ArticleStore.iter_articles``) and crawl_runs documents
(``ArticleStore.last_runs``): they work the same on every store back-end.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

# Report column -> whether a stored document has it.
FILLED: dict[str, Callable[[dict[str, Any]], bool]] = {
    "author": lambda doc: bool(doc.get("authors")),
    "agency": lambda doc: bool(doc.get("agencies")),
    "date+time": lambda doc: doc.get("published_precision") == "minute",
    "section": lambda doc: bool(doc.get("section")),
    "image": lambda doc: bool((doc.get("image") or {}).get("url")),
    "lead": lambda doc: bool(doc.get("lead")),
}
# Provenance keys shown first, in this order; any other key follows alphabetically.
PROVENANCE_ORDER = ("title", "published_at", "byline_raw", "body", "lead", "section", "image", "tags")
# What the report reads of each stored document.
DOCUMENT_FIELDS = (
    "outlet",
    "via",
    "authors",
    "agencies",
    "published_precision",
    "section",
    "image",
    "lead",
    "provenance",
)


@dataclass
class OutletQuality:
    outlet: str
    articles: int = 0
    filled: Counter[str] = field(default_factory=Counter)
    provenance: dict[str, Counter[str]] = field(default_factory=dict)  # field -> layer family -> articles

    def share(self, column: str) -> str:
        return f"{100 * self.filled[column] / self.articles:.0f}%" if self.articles else "-"


def layer_family(layer: str) -> str:
    """``selectors@2020-01-01`` -> ``selectors`` (every design of the outlet's selectors counts as one)."""
    return layer.partition("@")[0]


def measure(documents: Iterable[dict[str, Any]]) -> dict[str, OutletQuality]:
    """Fill counts and provenance mix of each outlet's documents, by outlet slug; an aggregator's copies
    apart from the outlet's own pages (read with other selectors): ``<outlet> via <aggregator>``."""
    outlets: dict[str, OutletQuality] = {}
    for doc in documents:
        slug = str(doc.get("outlet") or "?") + (f" via {doc['via']}" if doc.get("via") else "")
        quality = outlets.setdefault(slug, OutletQuality(slug))
        quality.articles += 1
        quality.filled.update(column for column, has in FILLED.items() if has(doc))
        for name, layer in (doc.get("provenance") or {}).items():
            quality.provenance.setdefault(name, Counter())[layer_family(str(layer))] += 1
    return dict(sorted(outlets.items()))


def _provenance_names(quality: OutletQuality) -> list[str]:
    first = [name for name in PROVENANCE_ORDER if name in quality.provenance]
    return first + sorted(set(quality.provenance) - set(first))


def _mix(counts: Counter[str]) -> str:
    return ", ".join(f"{layer} {100 * n / counts.total():.0f}%" for layer, n in counts.most_common())


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    cells = [headers, *rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in cells]


def _reasons(counts: dict[str, int] | None) -> str:
    return ", ".join(f"{reason} {n}" for reason, n in sorted((counts or {}).items())) or "-"


def _when(value: Any) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else str(value or "")


def format_report(qualities: dict[str, OutletQuality], runs: list[dict[str, Any]]) -> str:
    """The plain-text report: fill shares, provenance mix, then the last run of each spider."""
    lines = ["Fields filled (share of stored articles):"]
    lines += _table(
        ["outlet", "articles", *FILLED],
        [[q.outlet, str(q.articles), *(q.share(column) for column in FILLED)] for q in qualities.values()],
    )
    lines += ["", "Provenance (layer that gave each field, share of the articles that have it):"]
    lines += _table(
        ["outlet", "field", "articles", "layers"],
        [
            [q.outlet, name, str(q.provenance[name].total()), _mix(q.provenance[name])]
            for q in qualities.values()
            for name in _provenance_names(q)
        ],
    )
    lines += ["", "Last run per spider (articles dropped and requests failed, by reason):"]
    lines += _table(
        ["spider", "finished (UTC)", "reason", "scraped", "stored new", "dropped", "drop reasons", "failed requests"],
        [
            [
                str(run.get("spider", "")),
                _when(run.get("finished_at")),
                str(run.get("finish_reason", "")),
                str(run.get("counts", {}).get("items_scraped", 0)),
                str(run.get("counts", {}).get("stored_new", 0)),
                str(run.get("counts", {}).get("dropped", 0)),
                _reasons(run.get("drop_reasons")),
                _reasons(run.get("failures")),
            ]
            for run in runs
        ],
    )
    return "\n".join(lines)
