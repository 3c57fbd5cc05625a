"""Layer 3: the outlet's own selectors, from the selector version valid for the page's date."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
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


_FIELDS = (*_SINGLE_VALUE_FIELDS, "body", "tags")


def _read_field(selector: Selector, spec: dict[str, Any], name: str, base_url: str) -> Any:
    if name == "body":
        return paragraphs(selector, spec.get("body"), spec.get("body_exclude", ())) if spec.get("body") else None
    if name == "tags":
        return select_all(selector, spec.get("tags"))
    value = select_first(selector, spec.get(name))
    return urljoin(base_url, value) if value and name in ("image", "source_url") else value


class SelectorFields(Mapping[str, Any]):
    """The fields the outlet's selectors give (the non-empty ones), each read the first time it is asked for.

    The extractor asks this layer only for what the layers above it lack: on a page with JSON-LD and meta
    tags, the title, section, tags and image queries (a walk of the whole tree each) are not run.
    """

    def __init__(self, selector: Selector, version: SelectorVersion | None, base_url: str) -> None:
        self._selector = selector
        self._spec: dict[str, Any] = version.fields if version else {}
        self._base_url = base_url
        self._values: dict[str, Any] = {}

    def _value(self, name: str) -> Any:
        if name not in self._values:
            known = name in _FIELDS
            self._values[name] = _read_field(self._selector, self._spec, name, self._base_url) if known else None
        return self._values[name]

    def __getitem__(self, name: str) -> Any:
        value = self._value(name)
        if not value:
            raise KeyError(name)
        return value

    def __iter__(self) -> Iterator[str]:
        return (name for name in _FIELDS if self._value(name))

    def __len__(self) -> int:
        return sum(1 for _ in self)


def read(selector: Selector, version: SelectorVersion | None, base_url: str) -> dict[str, Any]:
    """The fields the outlet's selectors give, under the extractor's field names."""
    return dict(SelectorFields(selector, version, base_url)) if version is not None else {}
