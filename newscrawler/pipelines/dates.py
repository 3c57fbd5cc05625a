"""Third pipeline step: the publication (and update) instant in UTC, from structured or visible dates."""

from __future__ import annotations

from datetime import datetime

from newscrawler.parsing.dates import pick_date
from newscrawler.pipelines._base import PipelineStep
from newscrawler.pipelines._drops import drop
from newscrawler.timezone import now_utc

STATS_PREFIX = "newscrawler/dates/"
# Which kind of value won: machine-readable (ISO 8601, RFC 822), printed text, or the dateparser fallback.
_ORIGIN_OF_METHOD = {
    "iso": "structured",
    "rfc822": "structured",
    "fast": "visible",
    "relative": "visible",
    "dateparser": "fallback_dateparser",
}


def _candidates(hints: list[str], current: datetime | None, raw: str | None) -> list[str | None]:
    """A value already set by the spider first, then the hints (best first), then the visible text."""
    first = [current.isoformat()] if isinstance(current, datetime) else []
    return [*first, *(hint for hint in hints if isinstance(hint, str)), raw if isinstance(raw, str) else None]


class DatesPipeline(PipelineStep):
    def process_item(self, item, spider):
        hints = item.date_hints or {}
        now = item.archived_at or item.crawled_at or now_utc()  # an archived page: relative to its capture
        published = pick_date(_candidates(hints.get("published", []), item.published_at, item.published_raw), now)
        if published is None:
            detail = item.published_raw or next(iter(hints.get("published", [])), "") or ""
            raise drop(self.crawler, "unparsable_date", item, detail=str(detail))
        self.crawler.stats.inc_value(STATS_PREFIX + _ORIGIN_OF_METHOD[published.method])
        item.published_at = published.value
        item.published_precision = published.precision
        item.published_raw = item.published_raw or published.raw
        updated = pick_date(_candidates(hints.get("updated", []), item.updated_at, item.updated_raw), now)
        item.updated_at = updated.value if updated else None
        if updated:
            item.updated_raw = item.updated_raw or updated.raw
        return item
