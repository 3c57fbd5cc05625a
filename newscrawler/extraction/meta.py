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


def _meta_tags(selector: Selector) -> dict[str, list[str]]:
    """The non-empty (stripped) contents of the page's meta tags by ``property`` and by ``name``, in page order.

    One pass over the page's tree: a ``//meta`` query per key walked the whole tree up to 21 times a page.
    """
    contents: dict[str, list[str]] = {}
    root = selector.root
    if hasattr(root, "getroottree"):
        elements = root.getroottree().iter("meta")
    else:  # a text selector: parsel parses it on each query
        elements = (node.root for node in selector.xpath("//meta"))
    for element in elements:
        content = (element.get("content") or "").strip()
        if content:
            for key in dict.fromkeys((element.get("property"), element.get("name"))):
                if key is not None:
                    contents.setdefault(key, []).append(content)
    return contents


def _first(contents: dict[str, list[str]], *keys: str) -> str | None:
    for key in keys:
        if contents.get(key):
            return contents[key][0]
    return None


def read(selector: Selector) -> dict[str, Any]:
    """The fields meta tags give, under the extractor's field names."""
    lang = selector.xpath("/html/@lang").get()
    meta = _meta_tags(selector)
    fields = {
        "title": strip_site_name(_first(meta, "og:title", "twitter:title"), _first(meta, "og:site_name")),
        "lead": _first(meta, "og:description", "description", "twitter:description"),
        "byline": _first(meta, "author", "article:author", "dc.creator"),
        "published": _first(meta, "article:published_time", "og:article:published_time", "datePublished", "dc.date"),
        "updated": _first(meta, "article:modified_time", "og:updated_time"),
        "section": _first(meta, "article:section"),
        "tags": list(meta.get("article:tag", [])),
        "image": _first(meta, "og:image", "og:image:url", "twitter:image"),
        "canonical_url": selector.xpath('//link[@rel="canonical"]/@href').get() or _first(meta, "og:url"),
        "language": lang.strip()[:2].lower() if lang and lang.strip() else None,
        "site_name": _first(meta, "og:site_name", "application-name"),
    }
    return {name: value for name, value in fields.items() if value}
