"""Test-only spider: yields good and malformed items from ``start()``, no network."""

from __future__ import annotations

import scrapy

from newscrawler.items import Article

BODY = "Premier paragraphe de l'article.\n\nSecond paragraphe."


def article(number: int, **fields) -> Article:
    values = {
        "url": f"https://bad.example/a/{number}",
        "outlet": "bad",
        "title": f"Article {number}",
        "body": f"{BODY} Numéro {number}.",
        "date_hints": {"published": ["2025-10-01T08:00:00+01:00"]},
    }
    return Article(**(values | fields))


# (item, what must happen) — the test reads the second column.
CASES = [
    (article(1), "stored"),
    (article(2, title=None), "missing_title"),
    (article(3, title="   \u200b "), "missing_title"),
    (article(4, body=None), "missing_body"),
    (article(5, body="Partager\nLire aussi : autre chose"), "missing_body"),
    (article(6, date_hints={}), "missing_date"),
    (article(7, date_hints={"published": ["Signaler une annonce inappropriée"]}), "unparsable_date"),
    (article(8, date_hints={"published": ["30 février 2024"]}), "unparsable_date"),
    ({"url": "https://bad.example/a/9", "title": "a dict"}, "not_an_article"),
    (article(10, extra={"json.ld": {"$type": "NewsArticle", "a.b": [{"$ref": 1}]}}), "stored"),
    (article(11, body="Mot " * 1_250_000), "stored"),  # 5 MB, stored capped
    (article(12, title="Ã‰tÃ© Ã\xa0 Rabat\x07", body="Texte\x00 avec\ud800 contrôles\x1b."), "stored"),
    (article(13, url="https://bad.example/a/1?utm_source=fb"), "same_url"),
    (article(14, published_raw="le 15 - 09 - 2025", date_hints={}), "stored"),
]


class BadInputSpider(scrapy.Spider):
    name = "bad_input_test"

    async def start(self):
        for item, _ in CASES:
            yield item
