"""Generic layers: what any news page shows without configuration, read only for fields the layers above lack.

- ``generic:markup``: the headline (``<h1>``), the byline in author markup, an aggregator's link to the
  original ("Cliquez ici pour lire l'article depuis sa source.", found by its text anywhere).
- ``generic:time``: ``<time datetime>`` and ``itemprop`` dates nearest to the headline.
- ``generic:text``: printed dates and credit lines near the headline, the body's paragraphs.
- ``generic:url``: the day a dated URL path names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urljoin

from newscrawler.extraction import generic_bylines, generic_dates
from newscrawler.extraction.lazy_fields import LazyFields
from newscrawler.extraction.page_map import PageMap

_SOURCE_LINK_TEXT = re.compile(r"lire\s+l['’]article\s+(?:depuis|sur)\s+sa\s+source", re.IGNORECASE)
_BODY_BLOCKS = frozenset({"p", "h2", "h3", "h4", "blockquote", "li"})
_NOT_BODY = frozenset({"figure", "figcaption", "table", "script", "style"})
_CONTAINER_LEVELS = 4  # a paragraph counts for its ancestors up to this many levels up


def _paragraphs(page: PageMap) -> list[Any]:
    paragraphs = []
    for element in page.root.iter("p"):
        if not page.text(element) or page.is_furniture(element):
            continue
        if any(isinstance(a.tag, str) and a.tag.lower() in _NOT_BODY for a in element.iterancestors()):
            continue
        paragraphs.append(element)
    return paragraphs


def body(page: PageMap) -> str | None:
    """The paragraphs of the element holding the most paragraph text (its subheads, quotes and lists too)."""
    scores: dict[Any, int] = {}
    for paragraph in _paragraphs(page):
        length = len(page.text(paragraph))
        for level, ancestor in enumerate(paragraph.iterancestors()):
            if level >= _CONTAINER_LEVELS:
                break
            scores[ancestor] = scores.get(ancestor, 0) + length
    if not scores:
        return None
    depth = {element: sum(1 for _ in element.iterancestors()) for element in scores}
    container = max(scores, key=lambda element: (scores[element], depth[element]))
    lines: list[str] = []
    for element in container.iter(*_BODY_BLOCKS):
        if element.find(".//p") is not None or page.is_furniture(element):
            continue  # a quote or list item holding paragraphs: the paragraphs are read themselves
        if any(isinstance(a.tag, str) and a.tag.lower() in _NOT_BODY for a in element.iterancestors()):
            continue
        text = page.text(element)
        if text and (not lines or lines[-1] != text):
            lines.append(text)
    return "\n\n".join(lines) or None


def source_link(page: PageMap, base_url: str) -> str | None:
    """The link in the sentence "… lire l'article depuis sa source" (wherever it stands on the page)."""
    query = "//text()[contains(., 'sa source')]"
    for text in page.root.xpath(query):
        holder = text.getparent()
        sentence = holder.getparent() if text.is_tail or holder.tag == "a" else holder
        if sentence is None or not _SOURCE_LINK_TEXT.search(page.text(sentence)):
            continue
        for link in sentence.iter("a"):
            href = (link.get("href") or "").strip()
            if href and not href.startswith("#"):
                return urljoin(base_url, href)
    return None


def layers(root: Any, url: str, title: str | None, now: datetime | None) -> list[tuple[str, Mapping[str, Any]]]:
    """The generic layers of a page (lxml root); ``title`` is the title the layers above found, if any."""
    page = PageMap(root, title)
    machine = LazyFields({"all": lambda: generic_dates.machine_dates(page)})
    printed = LazyFields({"all": lambda: generic_dates.printed_dates(page, now)})

    def headline() -> str | None:
        return page.text(page.headline) if page.headline is not None else None

    return [
        (
            "generic:markup",
            LazyFields(
                {
                    "title": headline,
                    "byline": lambda: generic_bylines.markup_byline(page),
                    "source_url": lambda: source_link(page, url),
                }
            ),
        ),
        (
            "generic:time",
            LazyFields(
                {
                    "published": lambda: machine.get("all", {}).get("published"),
                    "updated": lambda: machine.get("all", {}).get("updated"),
                }
            ),
        ),
        (
            "generic:text",
            LazyFields(
                {
                    "byline": lambda: generic_bylines.printed_byline(page),
                    "published_text": lambda: printed.get("all", {}).get("published_text"),
                    "updated_text": lambda: printed.get("all", {}).get("updated_text"),
                    "body": lambda: body(page),
                }
            ),
        ),
        ("generic:url", LazyFields({"published": lambda: generic_dates.url_date(url)})),
    ]
