"""Test-only spider: yields ``count`` articles from ``start()``, no network."""

from __future__ import annotations

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

    def __init__(self, count: str = "50", **kwargs) -> None:
        super().__init__(**kwargs)
        self.count = int(count)

    async def start(self):
        for number in range(self.count):
            yield article(number)
