"""What discovery hands to the spider: an article URL and what its source said about it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from newscrawler.parsing.dates import parse_date


@dataclass(frozen=True)
class ArticleLink:
    url: str
    published: datetime | None = None  # aware UTC; from the feed, sitemap or API
    source: str = ""  # discovery type that found it
    fetch_url: str | None = None  # where the page is fetched when not at url (an archive's capture)


def link_with_date(url: str, date_text: str | None, source: str) -> ArticleLink:
    """An ArticleLink whose date is parsed from the source's text (None when it does not parse)."""
    parsed = parse_date(date_text) if date_text else None
    return ArticleLink(url=url.strip(), published=parsed.value if parsed else None, source=source)


def newest_first(links: list[ArticleLink]) -> list[ArticleLink]:
    """Dated links newest first, then undated ones in page order."""
    dated = sorted(((link.published, link) for link in links if link.published), key=lambda pair: pair[0], reverse=True)
    return [link for _, link in dated] + [link for link in links if not link.published]
