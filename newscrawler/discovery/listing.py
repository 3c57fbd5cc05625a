"""Listing pages: article links and the next page's URL, from the outlet's selectors or the page's app state.

``links_from: embedded_state`` reads a client-rendered listing (an app shell whose links the browser builds):
each object of the embedded state (``newscrawler.extraction.embedded``) with a link — its ``link_template``
filled from the object's values, else its first ``url``/``href``/``link``/``path``/``permalink`` — is an
article link, dated by the object's publication date. ``page_param`` pages by a query parameter
(``?page=2``, ``?page=3``, ...) when no next-page link is served.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from parsel import Selector
from scrapy.http import Response, TextResponse

from newscrawler.discovery.kind import Discovered, KindBase, SourcePage
from newscrawler.discovery.links import ArticleLink, link_with_date
from newscrawler.extraction import embedded
from newscrawler.extraction.json_api import value_at
from newscrawler.extraction.select import select_all, select_first

_LINK_KEYS = ("url", "href", "link", "path", "permalink")
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def parse_listing(
    selector: Selector, base_url: str, source: dict[str, Any], page: int = 1, problems: list[str] | None = None
) -> tuple[list[ArticleLink], str | None]:
    """Article links of a listing page (in page order) and the absolute next-page URL, if any.

    What of the page's embedded state could not be read is named in ``problems`` (``embedded_state_broken``...).
    """
    if source.get("links_from") == "embedded_state":
        links = state_links(selector, base_url, source.get("link_template"), problems)
    else:
        hrefs = select_all(selector, _as_href(source.get("links", "a::attr(href)")))
        links = [ArticleLink(url=urljoin(base_url, href), source="listing") for href in hrefs]
    next_href = select_first(selector, _as_href(source["next_page"])) if source.get("next_page") else None
    if next_href:
        return links, urljoin(base_url, next_href)
    if source.get("page_param") and links:
        return links, with_query(base_url, source["page_param"], str(page + 1))
    return links, None


def state_links(
    selector: Selector, base_url: str, template: str | None = None, problems: list[str] | None = None
) -> list[ArticleLink]:
    """The linked objects of the page's embedded state, in state order (one link per URL)."""
    problems = problems if problems is not None else []
    links: dict[str, ArticleLink] = {}
    for obj in embedded.walk_objects(list(embedded.states(selector, problems)), problems):
        href = _filled(template, obj) if template else _first_link(obj)
        if href:
            published = next((obj[key] for key in embedded.PUBLISHED_KEYS if obj.get(key)), None)
            url = urljoin(base_url, href)
            links.setdefault(url, link_with_date(url, embedded.date_text(published), "listing"))
    return list(links.values())


def _first_link(obj: dict) -> str | None:
    for key in _LINK_KEYS:
        value = obj.get(key)
        if isinstance(value, str) and value.startswith(("/", "http")):
            return value
    return None


def _filled(template: str, obj: dict) -> str | None:
    """``template`` with each ``{dotted.path}`` replaced by the object's value there; None if one is missing."""
    values = {}
    for path in _PLACEHOLDER.findall(template):
        value = value_at(obj, path)
        if not isinstance(value, (str, int)) or isinstance(value, bool) or value == "":
            return None
        values[path] = str(value)
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], template)


def with_query(url: str, name: str, value: str) -> str:
    """``url`` with the query parameter ``name`` set to ``value`` (others kept, in order)."""
    parts = urlsplit(url)
    query = [(key, old) for key, old in parse_qsl(parts.query, keep_blank_values=True) if key != name]
    return urlunsplit(parts._replace(query=urlencode([*query, (name, value)])))


def _as_href(spec: Any) -> Any:
    """A plain CSS selector of <a> elements reads their href."""
    if isinstance(spec, str) and not spec.startswith(("/", "(")) and "::" not in spec:
        return f"{spec}::attr(href)"
    return spec


class ListingKind(KindBase):
    name = "listing"
    description = "HTML pages with article links and a next-page link (newest first)."
    options = {
        "links": {"$ref": "#/$defs/selector", "description": "Where article links are (a elements or @href values)."},
        "next_page": {"$ref": "#/$defs/selector", "description": "The next page's link."},
        "links_from": {
            "enum": ["html", "embedded_state"],
            "default": "html",
            "description": "Read article links from the page's <a> elements (`links`), or from the objects of its "
            "embedded app state (Next.js __NEXT_DATA__, window.__NUXT__, ...: a client-rendered listing).",
        },
        "link_template": {
            "type": "string",
            "pattern": "\\{[^{}]+\\}",
            "description": "With links_from: embedded_state: an object's link built from its values, e.g. "
            "/fr/{category.slug}/{slug}_a{legacyId} (dotted paths); objects missing a value give no link. Default: "
            "the object's url/href/link/path/permalink.",
        },
        "page_param": {
            "type": "string",
            "pattern": "^[A-Za-z0-9_]+$",
            "description": "When no next_page link is served, the next page is this query parameter set to the page "
            "number (?page=2, ...).",
        },
        "max_pages": {"type": "integer", "minimum": 1, "description": "Pages read per start URL (default 20)."},
        "via": {
            "type": "string",
            "pattern": "^[a-z0-9_]+$",
            "description": (
                "The pages listed are copies of this outlet's articles on an aggregator (its slug, e.g. maghress: "
                "the per-source listing https://www.maghress.com/fr/<maghress slug>). links/next_page/max_pages "
                "default to the aggregator's own listing; article pages below the listing URL are read with the "
                "aggregator's selectors and stored under this outlet with via set (docs/outlets.md, Copies on an "
                "aggregator)."
            ),
        },
    }
    rendered_as = "listing"  # an outlet's `rendering: {listing: ...}` renders these pages

    def read(self, response: Response, where: SourcePage) -> Discovered:
        if not isinstance(response, TextResponse):
            return Discovered(paged=True, complete=False)
        problems: list[str] = []  # an app-state listing whose state could not be read
        links, next_page = parse_listing(response.selector, response.url, dict(where.source), where.page, problems)
        more = next_page is not None and where.page < where.source.get("max_pages", 20)
        counts = {problem: problems.count(problem) for problem in problems}
        return Discovered(links, [next_page] if more and next_page else [], paged=True, counts=counts)


KIND = ListingKind()
