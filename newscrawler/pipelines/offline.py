"""The pipeline steps run outside a crawl, on one item (``extract``, tests): no store involved."""

from __future__ import annotations

from types import SimpleNamespace
from typing import cast

from scrapy.crawler import Crawler
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector

from newscrawler.items import Article
from newscrawler.parsing.fingerprint import content_fingerprint
from newscrawler.pipelines.bylines import BylinesPipeline
from newscrawler.pipelines.copies import attribute_copy
from newscrawler.pipelines.dates import DatesPipeline
from newscrawler.pipelines.normalize import NormalizePipeline
from newscrawler.pipelines.validate import ValidatePipeline

_STEPS = (ValidatePipeline, NormalizePipeline, DatesPipeline, BylinesPipeline)


def offline_crawler() -> SimpleNamespace:
    """The little of a Crawler the pipeline steps use: settings and stats."""
    crawler = SimpleNamespace(settings=Settings())
    crawler.stats = MemoryStatsCollector(cast(Crawler, crawler))  # the collector reads only crawler.settings
    return crawler


def process_offline(article: Article, crawler: SimpleNamespace | None = None, owner: str | None = None) -> Article:
    """Validate, normalize, parse dates and bylines, attribute an aggregator's copy (to ``owner`` when the
    page names no outlet), fingerprint; raises DropItem like a crawl would."""
    crawler = crawler or offline_crawler()
    for step in _STEPS:
        article = step.from_crawler(crawler).process_item(article, None)
    article = attribute_copy(article, owner, crawler.stats)
    assert article.body is not None, "ValidatePipeline drops an article without a body"
    article.content_fingerprint = content_fingerprint(article.body)
    return article
