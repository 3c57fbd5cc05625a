"""Paging watermarks: how far down a paged source (listing, WordPress REST) a crawl may stop.

A run that finished its discovery cleanly commits, per paged source, the watermark of the first page
it read: that page's last links (listings pin featured posts at the top; the bottom is the plain
newest-first flow) and its oldest link date. Everything from there down was discovered by that
run, and stored or spooled.

The next run pages on while a page holds a link that is not stored, as before, and past a page whose
links are all stored too, unless that page *reaches the watermark*: it holds one of the watermark's
links, or every link on it is dated no later than the watermark's date. Without a watermark (first
run, or every earlier run interrupted) it pages down to the source's ``max_pages``. So an interrupted
run (kill -9, SIGTERM, store outage, lost write buffer) leaves no gap: the links it stored near the top
do not stop the next run, which goes on down to where the last complete run had been.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from newscrawler.discovery.links import ArticleLink

KEPT_LINKS = 3  # links of the first page's bottom kept in a watermark


def watermark(links: Mapping[str, ArticleLink]) -> dict[str, Any]:
    """The watermark of a source's first page: canonical URL -> link, in page order."""
    dates = [link.published for link in links.values() if link.published]
    return {
        "urls": list(links)[-KEPT_LINKS:],
        "published": min(dates).isoformat() if dates else None,
    }


def reaches(links: Mapping[str, ArticleLink], mark: Mapping[str, Any] | None) -> bool:
    """Whether a page of these links (canonical URL -> link) is at or below the watermark."""
    if not mark or not links:
        return False
    if any(url in links for url in mark.get("urls") or ()):
        return True
    published = mark.get("published")
    if not published:
        return False
    limit = datetime.fromisoformat(published)
    return all(link.published is not None and link.published <= limit for link in links.values())
