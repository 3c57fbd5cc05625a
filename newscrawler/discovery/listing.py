"""HTML listing pages: article links and the next page's link, from the outlet's selectors."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from parsel import Selector

from newscrawler.discovery.links import ArticleLink
from newscrawler.extraction.select import select_all, select_first


def parse_listing(selector: Selector, base_url: str, source: dict[str, Any]) -> tuple[list[ArticleLink], str | None]:
    """Article links of a listing page (in page order) and the absolute next-page URL, if any."""
    links_spec = source.get("links", "a::attr(href)")
    hrefs = select_all(selector, _as_href(links_spec))
    links = [ArticleLink(url=urljoin(base_url, href), source="listing") for href in hrefs]
    next_href = select_first(selector, _as_href(source["next_page"])) if source.get("next_page") else None
    return links, urljoin(base_url, next_href) if next_href else None


def _as_href(spec: Any) -> Any:
    """A plain CSS selector of <a> elements reads their href."""
    if isinstance(spec, str) and not spec.startswith(("/", "(")) and "::" not in spec:
        return f"{spec}::attr(href)"
    return spec
