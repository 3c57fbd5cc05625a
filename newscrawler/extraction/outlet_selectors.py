"""Layer 3: the outlet's own selectors, from the selector version valid for the page's date."""

from __future__ import annotations

from functools import partial
from typing import Any
from urllib.parse import urljoin

from parsel import Selector

from newscrawler.extraction.lazy_fields import LazyFields
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


_FIELDS = (*_SINGLE_VALUE_FIELDS, "body", "tags")


def _read_field(selector: Selector, spec: dict[str, Any], name: str, base_url: str) -> Any:
    if name == "body":
        return paragraphs(selector, spec.get("body"), spec.get("body_exclude", ())) if spec.get("body") else None
    if name == "tags":
        return select_all(selector, spec.get("tags"))
    value = select_first(selector, spec.get(name))
    return urljoin(base_url, value) if value and name in ("image", "source_url") else value


class SelectorFields(LazyFields):
    """The fields the outlet's selectors give (the non-empty ones), each read the first time it is asked for.

    The extractor asks this layer only for what the layers above it lack: on a page with JSON-LD and meta
    tags, the title, section, tags and image queries (a walk of the whole tree each) are not run.
    """

    def __init__(self, selector: Selector, version: SelectorVersion | None, base_url: str) -> None:
        spec: dict[str, Any] = version.fields if version else {}
        super().__init__({name: partial(_read_field, selector, spec, name, base_url) for name in _FIELDS})


def read(selector: Selector, version: SelectorVersion | None, base_url: str) -> dict[str, Any]:
    """The fields the outlet's selectors give, under the extractor's field names."""
    return dict(SelectorFields(selector, version, base_url)) if version is not None else {}
