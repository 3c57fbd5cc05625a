"""Test-only spider: yields ``count`` articles from ``start()``, no network.

``pause_after=N``: after N articles, wait (up to 30 s) until the store pipeline has counted a loss,
as a spider waiting for its next page would; a spider stops yielding once items are lost.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import scrapy

from newscrawler.items import Article

PUBLISHED = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def article(number: int) -> Article:
    return Article(
        url=f"https://flaky.example/a/{number}",
        outlet="flaky",
        title=f"Article {number}",
        body=f"Corps de l'article {number}",
        published_at=PUBLISHED + timedelta(hours=number),
        content_fingerprint=f"fp-{number}",
        authors=[{"name": "Ali Test", "raw": "Par Ali Test"}],
        extra={"json.ld": {"$type": "NewsArticle"}},
    )


class FlakySpider(scrapy.Spider):
    name = "flaky_test"

    def __init__(self, count: str = "50", pause_after: str = "0", **kwargs) -> None:
        super().__init__(**kwargs)
        self.count = int(count)
        self.pause_after = int(pause_after)

    def lost(self) -> bool:
        return bool(self.crawler.stats.get_value("newscrawler/lost"))

    async def start(self):
        for number in range(self.count):
            if number == self.pause_after > 0:
                for _ in range(600):
                    if self.lost():
                        break
                    await asyncio.sleep(0.05)
            if self.lost():
                return  # the crawl is stopping (Scrapy goes on reading start() while a spider closes)
            yield article(number)
