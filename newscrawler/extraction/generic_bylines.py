"""Generic byline candidates of an article page, the nearest to the headline first.

Markup first (``rel="author"``, ``itemprop="author"``, ``.author``/``.byline`` classes), then printed credit
lines near the headline ("Par …", "By …", "بقلم …", "كتب …"). The byline parser decides later who is a person.
"""

from __future__ import annotations

import re
from typing import Any

from newscrawler.extraction.page_map import PageMap, text_of

_AUTHOR_MARK = re.compile(r"author|auteur|byline|writer|journalist|signature", re.I)
_NOT_A_BYLINE = re.compile(r"bio|desc|avatar|box|about|posts|img|image|photo|comment|social|follow", re.I)
_CREDIT_LINE = re.compile(r"^\s*(?:par|by|auteur|بقلم|بواسطة|كتبه?|إعداد|اعداد)(?![^\W\d_])\s*[:：]?\s*\S", re.I)
_AUTHOR_QUERY = (
    "//*[@rel='author' or @itemprop='author' or contains(@class, 'uthor') or contains(@class, 'byline')"
    " or contains(@class, 'writer') or contains(@class, 'journalist') or contains(@class, 'signature')"
    " or contains(@class, 'auteur') or contains(@id, 'uthor') or contains(@id, 'byline')]"
)
_MAX_BYLINE = 100
_MAX_CHILDREN = 3
_NEAR = 40  # elements from the headline where a printed credit line may stand


def _marked(element: Any) -> bool:
    marks = f"{element.get('class') or ''} {element.get('id') or ''}".split()
    return any(_AUTHOR_MARK.search(mark) for mark in marks) and not any(_NOT_A_BYLINE.search(m) for m in marks)


def _name_in(element: Any) -> str:
    """An itemprop=author element's name: its itemprop=name child or its text."""
    names = element.xpath(".//*[@itemprop='name']/@content | .//*[@itemprop='name']")
    for name in names:
        text = name if isinstance(name, str) else text_of(name)
        if text.strip():
            return text.strip()
    return (element.get("content") or "").strip() or text_of(element)


def markup_byline(page: PageMap) -> str | None:
    """The byline in author markup nearest to the headline."""
    candidates = []
    for element in page.root.xpath(_AUTHOR_QUERY):
        if element.get("rel") == "author" or element.get("itemprop") == "author":
            text = _name_in(element) if element.get("itemprop") == "author" else page.text(element)
            strength = 0
        elif _marked(element):
            text, strength = page.text(element), 1
        else:
            continue
        if text and len(text) <= _MAX_BYLINE and not page.is_furniture(element):
            candidates.append(((page.distance(element), strength), text))
    return min(candidates)[1] if candidates else None


def printed_byline(page: PageMap) -> str | None:
    """A credit line ("Par Sami Nemli", "بقلم سعيد بنيس") near the headline."""
    if page.headline is None:
        return None
    best = None
    for element in page.near_headline(_NEAR, _NEAR):
        if len(element) > _MAX_CHILDREN or page.is_furniture(element):
            continue  # a credit line holds a link or two; more is a container
        text = page.text(element)
        if not text or len(text) > _MAX_BYLINE or not _CREDIT_LINE.match(text):
            continue
        if any(page.text(child) == text for child in element):
            continue
        rank = page.distance(element)
        if best is None or rank < best[0]:
            best = (rank, text)
    return best[1] if best else None
