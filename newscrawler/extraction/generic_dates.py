"""Generic date candidates of an article page, ranked by closeness to the headline.

Machine-readable values (``<time datetime>``, ``itemprop="datePublished"``) and printed dates (short text in
date-like markup or near the headline, read by the project's French/Arabic parser), and the URL path
(``/2025/03/12/``). An element saying "mis à jour" / "modifié" / "تحديث" gives the update date instead.
"""

from __future__ import annotations

import re
from datetime import datetime
from itertools import islice
from typing import Any

from newscrawler.extraction.page_map import PageMap
from newscrawler.parsing.dates import parse_date

_UPDATED = re.compile(r"mis\w*\s+[àa]\s+jour|modifi|updated|modified|actualis|تحديث|تعديل", re.IGNORECASE)
_DATE_MARK = re.compile(r"date|time|publi|posted|meta|article-?info|byline|entry-?info", re.IGNORECASE)
# A printed publication date names a day: digits with a separator or a year, or a relative day
# (a bare clock time, "11H02" in a news ticker, names none).
_NAMES_A_DAY = re.compile(
    r"\d{1,2}\s*[/.-]\s*\d{1,2}|(?<!\d)(?:19|20)\d\d(?!\d)|hier|aujourd|il\s+y\s+a|أمس|البارحة|اليوم|منذ|قبل",
    re.IGNORECASE,
)
_MAX_DATE_ELEMENTS = 4
_URL_DATE = re.compile(r"/((?:19|20)\d\d)/(0?[1-9]|1[0-2])/(0?[1-9]|[12]\d|3[01])(?:/|$|[-_.])")
_MAX_DATE_TEXT = 120  # a printed date line is short; longer text is body copy that happens to hold a date
_BEFORE_HEADLINE = 15  # elements before the headline where a date may stand (kicker, top of the card)
_AFTER_HEADLINE = 60  # elements after it


def _is_update(element: Any) -> bool:
    for node in (element, element.getparent()):
        if node is None:
            continue
        marks = f"{node.get('class') or ''} {node.get('id') or ''} {node.get('itemprop') or ''}"
        if _UPDATED.search(marks):
            return True
    return bool(_UPDATED.search("".join(islice(element.itertext(), 3))[:40]))


def _has_more_than(element: Any, count: int) -> bool:
    return next(islice(element.iterdescendants(), count, None), None) is not None


def machine_dates(page: PageMap) -> dict[str, str]:
    """{"published", "updated"}: the ``datetime``/``content`` values nearest to the headline."""
    found: dict[str, tuple[int, str]] = {}
    query = "//time[@datetime] | //*[@itemprop='datePublished' or @itemprop='dateModified' or @itemprop='dateCreated']"
    for element in page.root.xpath(query):
        value = (element.get("datetime") or element.get("content") or "").strip()
        if not value or page.is_furniture(element):
            continue
        prop = element.get("itemprop") or ""
        kind = "updated" if prop == "dateModified" or (not prop and _is_update(element)) else "published"
        rank = page.distance(element)
        if kind not in found or rank < found[kind][0]:
            found[kind] = (rank, value)
    return {kind: value for kind, (_, value) in found.items()}


def printed_dates(page: PageMap, now: datetime | None) -> dict[str, str]:
    """{"published_text", "updated_text"}: short printed dates in date-like markup or near the headline."""
    found: dict[str, tuple[tuple[bool, int, int], str]] = {}
    for element in page.near_headline(_BEFORE_HEADLINE, _AFTER_HEADLINE):
        if element.tag in ("script", "style") or _has_more_than(element, _MAX_DATE_ELEMENTS):
            continue  # a date line holds a few inline elements at most; more is a list of items or a container
        if page.is_furniture(element):
            continue
        text = page.text(element)
        if not text or len(text) > _MAX_DATE_TEXT or not _NAMES_A_DAY.search(text):
            continue
        if any(len(page.text(child)) == len(text) for child in element):  # the same text sits in a child: read it there
            continue
        if parse_date(text, now, fallback=False) is None:
            continue
        kind = "updated_text" if _is_update(element) else "published_text"
        marks = f"{element.get('class') or ''} {element.get('itemprop') or ''}"
        rank = (not _DATE_MARK.search(marks), len(element), page.distance(element))  # the innermost line first
        if kind not in found or rank < found[kind][0]:
            found[kind] = (rank, text)
    return {kind: value for kind, (_, value) in found.items()}


def url_date(url: str) -> str | None:
    """The day a dated URL path names (``/2025/03/12/slug``), as YYYY-MM-DD."""
    match = _URL_DATE.search(url)
    if not match:
        return None
    year, month, day = match.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"
