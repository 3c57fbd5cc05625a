"""The first pipeline steps, which need nothing but the article: validate -> normalize -> dates -> bylines,
then the content fingerprint.

They run where the article was extracted. With ``EXTRACTION_WORKERS`` the extraction worker process runs
them (``prepare``) and the article comes back ``prepared``: what the steps counted and, when one rejected
the article, its drop message; ``EarlyPipeline`` in the crawl's process then only replays that. In the
crawl's process (``EXTRACTION_WORKERS=0``) and outside a crawl (``process_offline``) the same steps run here.
Either way an article gets the same fields, the crawl the same counts and drop lines.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector

from newscrawler.items import Article
from newscrawler.parsing.fingerprint import content_fingerprint
from newscrawler.pipelines._base import PipelineStep
from newscrawler.pipelines._drops import drop
from newscrawler.pipelines.bylines import BylinesPipeline
from newscrawler.pipelines.dates import DatesPipeline
from newscrawler.pipelines.normalize import NormalizePipeline
from newscrawler.pipelines.validate import ValidatePipeline

EARLY_STEPS = (ValidatePipeline, NormalizePipeline, DatesPipeline, BylinesPipeline)


def offline_crawler() -> SimpleNamespace:
    """The little of a Crawler the early steps use: settings and stats."""
    crawler = SimpleNamespace(settings=Settings())
    crawler.stats = MemoryStatsCollector(cast(Crawler, crawler))  # the collector reads only crawler.settings
    return crawler


def run_early_steps(article: Article, crawler: Any) -> Article:
    """The article through the early steps and fingerprinted; raises DropItem (counted) like a crawl would."""
    for step in EARLY_STEPS:
        article = step.from_crawler(crawler).process_item(article, None)
    assert article.body is not None, "ValidatePipeline drops an article without a body"
    article.content_fingerprint = content_fingerprint(article.body)
    return article


def prepare(article: Article) -> Article:
    """``article`` through the early steps, in an extraction worker: ``prepared`` holds their counts and,
    when one rejected it, the drop message (the crawl's process counts and drops it: ``EarlyPipeline``)."""
    crawler = offline_crawler()
    try:
        article = run_early_steps(article, crawler)
        dropped = None
    except DropItem as error:
        dropped = str(error)
    article.prepared = {"counts": crawler.stats.get_stats(), "dropped": dropped}
    return article


class EarlyPipeline(PipelineStep):
    """The early steps of a crawl: run here, or replayed when an extraction worker ran them."""

    def process_item(self, item, spider):
        if not isinstance(item, Article):
            raise drop(self.crawler, "not_an_article", item, detail=type(item).__name__)
        if item.prepared is None:
            return run_early_steps(item, self.crawler)
        prepared, item.prepared = item.prepared, None
        for key, count in prepared["counts"].items():
            self.crawler.stats.inc_value(key, count)
        if prepared["dropped"] is not None:
            raise DropItem(prepared["dropped"])  # counted with the counts above
        return item
