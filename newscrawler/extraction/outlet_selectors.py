"""Layer 3: the outlet's own selectors, from the selector version valid for the page's date."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from parsel import Selector

from newscrawler.extraction.select import paragraphs, select_all, select_first
from newscrawler.outlets.registry import SelectorVersion

_SINGLE_VALUE_FIELDS = (
    "title",
    "lead",
    "byline",
    "published",
    "published_text",
    "updated",
    "section",
    "image",
    "image_caption",
    "image_credit",
    "source_outlet",
    "source_url",
)


def read(selector: Selector, version: SelectorVersion | None, base_url: str) -> dict[str, Any]:
    """The fields the outlet's selectors give, under the extractor's field names."""
    if version is None:
        return {}
    spec = version.fields
    fields: dict[str, Any] = {name: select_first(selector, spec.get(name)) for name in _SINGLE_VALUE_FIELDS}
    fields["body"] = paragraphs(selector, spec.get("body"), spec.get("body_exclude", ())) if spec.get("body") else None
    fields["tags"] = select_all(selector, spec.get("tags"))
    for link_field in ("image", "source_url"):
        if fields[link_field]:
            fields[link_field] = urljoin(base_url, fields[link_field])
    return {name: value for name, value in fields.items() if value}
