"""Dropping an item with a counted reason: the one way pipelines reject items."""

from __future__ import annotations

from scrapy.exceptions import DropItem

DROP_STAT_PREFIX = "newscrawler/dropped/"


def drop(crawler, reason: str, item, detail: str = "") -> DropItem:
    """Count ``reason`` in the crawl stats and return the DropItem to raise.

    Usage: ``raise drop(self.crawler, "missing_title", item)``. Reasons are short snake_case words;
    the crawl_runs document and the demo summary read them from the ``newscrawler/dropped/`` stats.
    """
    crawler.stats.inc_value(DROP_STAT_PREFIX + reason)
    url = getattr(item, "url", None) or "?"
    message = f"{reason}: {url}" + (f" ({detail})" if detail else "")
    return DropItem(message)
