"""WordPress REST API: ``/wp-json/wp/v2/posts`` with ``after``/``before``/``page``, newest first."""

from __future__ import annotations

import json
from datetime import datetime
from urllib.parse import urlencode

from scrapy.http import Response

from newscrawler.discovery.kind import Discovered, KindBase, Source, SourcePage, Window
from newscrawler.discovery.links import ArticleLink, link_with_date

_FIELDS = "id,link,date_gmt,modified_gmt"


def posts_url(api: str, page: int, per_page: int, after: datetime | None, before: datetime | None) -> str:
    """The API URL of one page of posts, newest first, only the fields discovery needs."""
    params = {"per_page": per_page, "page": page, "orderby": "date", "order": "desc", "_fields": _FIELDS}
    if after:
        params["after"] = after.strftime("%Y-%m-%dT%H:%M:%S")
    if before:
        params["before"] = before.strftime("%Y-%m-%dT%H:%M:%S")
    return f"{api}{'&' if '?' in api else '?'}{urlencode(params)}"


def parse_posts(body: bytes | str) -> list[ArticleLink]:
    """The posts of one API page; not a JSON list (an error object, HTML) gives []."""
    try:
        posts = json.loads(body)
    except ValueError:
        return []
    if not isinstance(posts, list):
        return []
    return [
        link_with_date(post["link"], f"{post['date_gmt']}Z" if post.get("date_gmt") else None, "wordpress_api")
        for post in posts
        if isinstance(post, dict) and isinstance(post.get("link"), str)
    ]


def total_pages(headers) -> int | None:
    value = headers.get(b"X-WP-TotalPages") or headers.get("X-WP-TotalPages")
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class WordPressKind(KindBase):
    name = "wordpress_api"
    description = (
        "WordPress REST API /wp-json/wp/v2/posts (or a custom post type), newest first, paged by X-WP-TotalPages."
    )
    options = {
        "max_pages": {"type": "integer", "minimum": 1, "description": "Pages read per start URL (default 50)."},
        "per_page": {"type": "integer", "minimum": 1, "maximum": 100, "description": "Posts per page (default 100)."},
    }

    def first_page(self, url: str, source: Source, window: Window) -> str:
        return posts_url(url, 1, source.get("per_page", 100), window.since, window.until)

    def read(self, response: Response, where: SourcePage) -> Discovered:
        source, page = where.source, where.page
        last_page = min(total_pages(response.headers) or page, source.get("max_pages", 50))
        window, per_page = where.window, source.get("per_page", 100)
        next_pages = (
            [posts_url(where.origin, page + 1, per_page, window.since, window.until)] if page < last_page else []
        )
        return Discovered(parse_posts(response.body), next_pages, paged=True)


KIND = WordPressKind()
