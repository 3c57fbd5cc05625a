"""Second pipeline step: Unicode NFC, clean whitespace, no boilerplate lines, canonical URL."""

from __future__ import annotations

from newscrawler.parsing.text import clean_body, clean_inline
from newscrawler.parsing.urls import canonical_url
from newscrawler.pipelines._base import PipelineStep
from newscrawler.pipelines._drops import drop

_INLINE_FIELDS = ("title", "outlet_name", "section", "byline_raw", "published_raw", "updated_raw", "source_outlet_raw")


class NormalizePipeline(PipelineStep):
    def process_item(self, item, spider):
        for name in _INLINE_FIELDS:
            setattr(item, name, clean_inline(getattr(item, name)))
        item.lead = clean_inline(item.lead)
        item.body = clean_body(item.body)
        if not item.title:
            raise drop(self.crawler, "missing_title", item, detail="empty after clean-up")
        if not item.body:
            raise drop(self.crawler, "missing_body", item, detail="only boilerplate")
        item.tags = _unique(clean_inline(tag) for tag in item.tags or [])
        if item.image:
            has_url = item.image.get("url")
            item.image = {key: clean_inline(value) for key, value in item.image.items()} if has_url else None
        item.url = item.url.strip()
        item.canonical_url = canonical_url(item.canonical_url or item.url)
        if item.source_url:
            item.source_url = canonical_url(item.source_url)
        return item


def _unique(values) -> list[str]:
    """Non-empty values, first spelling kept, case-insensitive duplicates removed."""
    seen: set[str] = set()
    unique = []
    for value in values:
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            unique.append(value)
    return unique
