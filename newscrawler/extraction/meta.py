"""Layer 2: OpenGraph, article:* and classic meta tags, canonical link, <html lang>."""

from __future__ import annotations

import re
from typing import Any

from parsel import Selector

_TITLE_SEPARATORS = r"\s*[|\-–—:·•]\s*"


def strip_site_name(title: str | None, site_name: str | None) -> str | None:
    """'Le titre | MAP Express' -> 'Le titre' when the suffix (or prefix) is the site's name."""
    if not title or not site_name:
        return title
    name = re.escape(site_name.strip())
    stripped = re.sub(f"(?:{_TITLE_SEPARATORS}{name}$|^{name}{_TITLE_SEPARATORS})", "", title, flags=re.I).strip()
    return stripped or title


def _meta(selector: Selector, key: str) -> list[str]:
    values = selector.xpath(f'//meta[@property="{key}" or @name="{key}"]/@content').getall()
    return [value.strip() for value in values if value.strip()]


def _first(selector: Selector, *keys: str) -> str | None:
    for key in keys:
        values = _meta(selector, key)
        if values:
            return values[0]
    return None


def read(selector: Selector) -> dict[str, Any]:
    """The fields meta tags give, under the extractor's field names."""
    lang = selector.xpath("/html/@lang").get()
    fields = {
        "title": strip_site_name(_first(selector, "og:title", "twitter:title"), _first(selector, "og:site_name")),
        "lead": _first(selector, "og:description", "description", "twitter:description"),
        "byline": _first(selector, "author", "article:author", "dc.creator"),
        "published": _first(
            selector, "article:published_time", "og:article:published_time", "datePublished", "dc.date"
        ),
        "updated": _first(selector, "article:modified_time", "og:updated_time"),
        "section": _first(selector, "article:section"),
        "tags": _meta(selector, "article:tag"),
        "image": _first(selector, "og:image", "og:image:url", "twitter:image"),
        "canonical_url": selector.xpath('//link[@rel="canonical"]/@href').get() or _first(selector, "og:url"),
        "language": lang.strip()[:2].lower() if lang and lang.strip() else None,
    }
    return {name: value for name, value in fields.items() if value}
