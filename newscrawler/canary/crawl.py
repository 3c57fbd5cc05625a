"""The canary's fetch: each outlet's first discovery page and its newest few articles, politely, in one process.

Each outlet runs its own spider class (discovery and extraction exactly as in a crawl) with what a canary
changes: only the first URL of its first discovery source, no next pages, at most ``CANARY_ARTICLES``
articles, stored ones fetched too, and nothing written — no store, no ``crawl_runs``, no monitors. The
articles go through the pipeline steps a crawl runs before the store (``process_offline``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from scrapy import signals
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.exceptions import DropItem
from scrapy.settings import Settings

from newscrawler.items import Article
from newscrawler.pipelines.offline import process_offline
from newscrawler.spiders.base import OutletSpider

CANARY_ARTICLES = 3
# What a canary run changes in the project settings (a -s NAME=VALUE still wins; the outlet's own delay
# and concurrency, set by its spider, too).
CANARY_SETTINGS: dict[str, Any] = {
    "ITEM_PIPELINES": {"newscrawler.canary.crawl.CanaryPipeline": 100},
    # Of the project's extensions only the failure counter: no monitors, no crawl_runs record, no progress lines.
    "EXTENSIONS": {"newscrawler.failures.FailureCounter": 520},
    "SPIDERMON_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
    "RETRY_TIMES": 1,
    "DOWNLOAD_TIMEOUT": 20,
    "CLOSESPIDER_TIMEOUT": 180,  # seconds per outlet (--timeout)
    "LOG_LEVEL": "ERROR",
    "TELNETCONSOLE_ENABLED": False,
}


@dataclass
class CanaryFetch:
    """What the canary got of one outlet: the articles kept, the drop reasons, the crawl's final stats."""

    slug: str
    articles: list[Article] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # one reason per dropped article (missing_body, ...)
    stats: dict[str, Any] = field(default_factory=dict)


class CanaryPipeline:
    """The pipeline steps a crawl runs before dedup and store, nothing stored."""

    def process_item(self, item: Article, spider: Any) -> Article:
        return process_offline(item)


class CanarySpiderMixin(OutletSpider):
    """Put before an outlet's spider class: one discovery page, no paging, no store, no crawl state."""

    async def start(self):
        if self.outlet.status == "defunct":
            return
        source = self.outlet.discovery[0]
        yield self._first_request(source, source["urls"][0])

    async def _follow(self, links, origin=None, page=1):
        requests, _ = await super()._follow(links, origin, page)
        return requests, False  # never the next page

    def closed(self, reason: str) -> None:
        return None  # commits no crawl state


def canary_spider(spider_class: type[OutletSpider]) -> type[OutletSpider]:
    """The canary's version of an outlet's spider class (same name, so the same outlet settings)."""
    return type(spider_class.__name__, (CanarySpiderMixin, spider_class), {"__module__": __name__})


def canary_settings(settings: Settings, overrides: Iterable[tuple[str, str]]) -> Settings:
    """The project settings, the canary's changes, then ``overrides`` (``-s``) at command-line priority."""
    settings = settings.copy()
    settings.setdict(CANARY_SETTINGS, priority="project")
    settings.setdict(dict(overrides), priority="cmdline")
    return settings


def _collect(crawler: Crawler, fetch: CanaryFetch) -> None:
    def scraped(item: Article) -> None:
        fetch.articles.append(item)

    def dropped(item: Article, exception: BaseException) -> None:
        reason = str(exception).partition(":")[0] if isinstance(exception, DropItem) else type(exception).__name__
        fetch.dropped.append(reason)

    def closed(spider: Any, reason: str) -> None:
        assert crawler.stats is not None
        fetch.stats = {**crawler.stats.get_stats(), "finish_reason": reason}

    for handler, signal in ((scraped, signals.item_scraped), (dropped, signals.item_dropped)):
        crawler.signals.connect(handler, signal=signal, weak=False)
    crawler.signals.connect(closed, signal=signals.spider_closed, weak=False)


def fetch_outlets(slugs: Sequence[str], settings: Settings) -> list[CanaryFetch]:
    """Run the canary spiders of these outlets together (one reactor), each politely; one fetch per outlet."""
    process = CrawlerProcess(settings, install_root_handler=True)
    fetches = []
    for slug in slugs:
        fetch = CanaryFetch(slug)
        spider_class = cast(type[OutletSpider], process.spider_loader.load(slug))
        crawler = process.create_crawler(canary_spider(spider_class))
        _collect(crawler, fetch)
        process.crawl(crawler, max_articles=str(CANARY_ARTICLES), refetch="1")
        fetches.append(fetch)
    process.start()
    return fetches
