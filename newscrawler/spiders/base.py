"""OutletSpider: one spider class per outlet config, differing only in data.

Spider arguments (``scrapy crawl <outlet> -a name=value``): since, until, max_articles, refetch —
see ``newscrawler.spiders.arguments``. With ``NEWSCRAWLER_REDIS_URL`` set, the spider is one worker of a
crawl shared through Redis (scrapy-redis' ``RedisMixin``; see ``newscrawler.distributed``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Coroutine
from datetime import datetime
from typing import Any

import scrapy
from scrapy import signals
from scrapy.http import TextResponse
from scrapy.statscollectors import StatsCollector
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy_redis.spiders import RedisMixin
from twisted.internet import threads
from twisted.internet.defer import Deferred, succeed
from twisted.python.failure import Failure

from newscrawler import distributed
from newscrawler.discovery import watermarks
from newscrawler.discovery.kind import SourcePage, Window
from newscrawler.discovery.kinds import discovery_kind, extra_hosts, kind_settings
from newscrawler.discovery.links import ArticleLink, newest_first
from newscrawler.extraction import json_api
from newscrawler.extraction.page import ArticlePage
from newscrawler.extraction.pool import extraction_pool
from newscrawler.failures import count_failure
from newscrawler.items import Article
from newscrawler.outlets.registry import OutletConfig
from newscrawler.parsing.urls import canonical_url
from newscrawler.pipelines.store import STAT_LOST, STAT_STORE_ERROR
from newscrawler.rendering import render_meta, rendering_settings
from newscrawler.replay import replay_settings
from newscrawler.spiders.arguments import SCRAPYD_ARGUMENTS, parse_spider_arguments
from newscrawler.storage import StoreUnavailable
from newscrawler.storage.crawl import crawl_storage
from newscrawler.timezone import now_utc, to_utc

logger = logging.getLogger(__name__)
STATS = "newscrawler/discovery/"


class OutletSpider(RedisMixin, scrapy.Spider):
    outlet: OutletConfig  # set on each generated subclass
    ledger: distributed.RunLedger | None = None  # a worker's share of the run (NEWSCRAWLER_REDIS_URL set)
    spider_idle_start_time: int  # scrapy-redis' idle clock (RedisMixin), Unix seconds

    def __init__(self, *args, **kwargs):
        arguments = parse_spider_arguments(kwargs)  # SpiderArgumentError (one line) for a bad one
        super().__init__(*args, **{name: kwargs[name] for name in SCRAPYD_ARGUMENTS & kwargs.keys()})
        self.since, self.until = arguments.since, arguments.until
        self.max_articles = arguments.max_articles
        self.refetch = arguments.refetch
        self.requested: set[str] = set()  # canonical URLs scheduled in this run
        self.known: set[str] = set()  # canonical URLs found already stored
        self.watermarks: dict[str, dict[str, Any]] = {}  # paged source -> watermark committed by the last complete run
        self.first_pages: dict[str, dict[str, Any]] = {}  # paged source -> watermark of its first page in this run
        self.incomplete: set[str] = set()  # paged sources whose paging a failed page cut short

    @classmethod
    def update_settings(cls, settings):
        super().update_settings(settings)
        settings.setdict(kind_settings(cls.outlet.discovery), priority="spider")
        politeness = cls.outlet.politeness
        if "download_delay" in politeness:
            settings.set("DOWNLOAD_DELAY", politeness["download_delay"], priority="spider")
        if "concurrency" in politeness:
            settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", politeness["concurrency"], priority="spider")
        for name, value in rendering_settings(cls.outlet.rendering).items():
            if isinstance(value, dict):
                settings.set(name, {**settings.getdict(name), **value}, priority="spider")
            else:
                settings.set(name, value, priority="spider")
        if settings.get("NEWSCRAWLER_REPLAY_DIR"):
            settings.setdict(replay_settings(), priority="cmdline")
        if settings.get("NEWSCRAWLER_REDIS_URL"):
            settings.setdict(distributed.distributed_settings(settings["NEWSCRAWLER_REDIS_URL"]), priority="spider")

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        url = crawler.settings.get("NEWSCRAWLER_REDIS_URL")
        if url:
            spider.setup_redis(crawler)  # seeds from <outlet>:start_urls; stops after MAX_IDLE_TIME_BEFORE_CLOSE
            spider.ledger = distributed.RunLedger(spider.server, spider.name)
            crawler.signals.connect(spider._busy, signal=signals.response_received)
            crawler.signals.connect(spider._busy, signal=signals.request_reached_downloader)
            crawler.signals.connect(spider._poll_redis_often, signal=signals.spider_opened)
        return spider

    def _poll_redis_often(self) -> None:
        """An idle engine asks its scheduler (here: Redis) for requests on its heartbeat, every 5 s, which no
        setting changes: a worker whose own queue ran dry would leave the pages other workers discover to
        them. The engine reads the interval when it starts processing requests, after spider_opened."""
        engine = self.crawler.engine
        assert engine is not None, "spider_opened is sent by the crawler's engine"
        engine._SLOT_HEARTBEAT_INTERVAL = self.settings.getfloat("NEWSCRAWLER_REDIS_POLL_INTERVAL")

    def _busy(self, **_: Any) -> None:
        """A worker at work: the first request joins the run; the run's idle time is counted from here."""
        if self.ledger is not None:
            self.ledger.touch()

    def spider_idle(self) -> None:
        """scrapy-redis' idle stop (``MAX_IDLE_TIME_BEFORE_CLOSE``), counted from the last time any worker of
        the run was at work: a worker waits while another one may still discover pages."""
        if self.ledger is not None:
            self.spider_idle_start_time = max(self.spider_idle_start_time, int(self.ledger.last_activity()))
        super().spider_idle()

    @property
    def partial(self) -> bool:
        """This run covers part of the outlet: bounded by since, until or max_articles."""
        return bool(self.since or self.until or self.max_articles is not None)

    @property
    def _stats(self) -> StatsCollector:
        """The crawler's stats collector (Scrapy sets it before the spider runs)."""
        stats = self.crawler.stats
        assert stats is not None, "spider used outside a crawler"
        return stats

    # -- discovery ---------------------------------------------------------------------------

    async def start(self):
        if self.outlet.status == "defunct":
            logger.error("%s is defunct (%s): nothing to crawl", self.outlet.slug, self.outlet.status_note)
            return
        if self.outlet.status == "blocked":
            logger.warning("%s is marked blocked (%s): trying anyway", self.outlet.slug, self.outlet.status_note)
        self.watermarks = await self._committed_watermarks()
        if self.ledger is not None:  # a worker: discovery starts from the seeds in Redis
            self.spider_idle_start_time = int(time.time())
            self._stats.set_value(distributed.STAT_WORKER, self.ledger.worker_id)
            for request in self.next_requests():
                yield request
            return
        for source in self.outlet.discovery:
            for url in source["urls"]:
                yield self._first_request(source, url)

    def _first_request(self, source: dict[str, Any], url: str) -> scrapy.Request:
        """The request for the first page of a configured source URL (its kind builds the page's URL)."""
        first_page = discovery_kind(source["type"]).first_page(url, source, Window(self.since, self.until))
        return self._source_request(source, first_page, page=1, origin=url)

    def make_request_from_data(self, data: bytes) -> list[scrapy.Request]:
        """A worker's request for a seed that ``python -m newscrawler seed`` pushed (scrapy-redis' hook)."""
        try:
            source, url = distributed.seed_request(self.outlet, data)
        except ValueError as error:
            logger.error("%s", error)
            self._stats.inc_value(distributed.STAT_BAD_SEEDS)
            return []
        return [self._first_request(source, url)]

    def _source_request(self, source: dict[str, Any], url: str, page: int, origin: str) -> scrapy.Request:
        """A request for a discovery page; ``origin``: the configured source URL it was reached from (its key)."""
        return scrapy.Request(
            url,
            callback=self.parse_source,
            cb_kwargs={"source": source, "page": page, "origin": origin},
            dont_filter=page == 1,
            errback=self._page_failed,
            meta=self._render_meta(rendered) if (rendered := discovery_kind(source["type"]).rendered_as) else None,
        )

    async def parse_source(self, response, source, page, origin):
        """One discovery page, read by its kind (``newscrawler.discovery.kinds``): article requests, next pages."""
        where = SourcePage(source, page, origin, Window(self.since, self.until))
        found = discovery_kind(source["type"]).read(response, where)
        for name, count in found.counts.items():
            self._stats.inc_value(STATS + name, count)
        if not found.complete:
            self.incomplete.add(origin)
            if not found.links:
                return
        requests, more = await (self._follow(found.links, origin, page) if found.paged else self._follow(found.links))
        for request in requests:
            yield request
        if more or not found.paged:
            for next_page in found.next_pages:
                yield self._source_request(source, next_page, page + 1, origin)

    def _page_failed(self, failure: Failure) -> None:
        """Errback of discovery pages: a page that failed leaves its source's paging incomplete (no
        watermark committed), and is counted like every failed request."""
        request = getattr(failure, "request", None)
        if request is not None and "origin" in request.cb_kwargs:
            self.incomplete.add(request.cb_kwargs["origin"])
        self._stats.inc_value(STATS + "pages_failed")
        self.request_failed(failure)

    async def _follow(
        self, links: list[ArticleLink], origin: str | None = None, page: int = 1
    ) -> tuple[list[scrapy.Request], bool]:
        """Requests for the article links not yet stored nor requested, newest first, and whether the
        paged source ``origin`` should go on to its next page (see ``newscrawler.discovery.watermarks``).
        """
        stats = self._stats
        stats.inc_value(STATS + "pages")
        stats.inc_value(STATS + "links", len(links))
        on_page: dict[str, ArticleLink] = {}  # article links in page order, by canonical URL
        for link in links:
            if self.outlet.is_article_url(link.url):
                on_page.setdefault(canonical_url(link.url), link)
            else:
                stats.inc_value(STATS + "skipped_not_article")
        candidates: dict[str, ArticleLink] = {}
        for link in newest_first(list(on_page.values())):
            if self.until and link.published and link.published >= self.until:
                stats.inc_value(STATS + "skipped_after_until")
            elif self.since and link.published and link.published < self.since:
                stats.inc_value(STATS + "skipped_old")
            else:
                candidates.setdefault(canonical_url(link.url), link)
        if origin is not None and page == 1:
            self.first_pages[origin] = watermarks.watermark(on_page)
        unseen = {url: link for url, link in candidates.items() if url not in self.requested and url not in self.known}
        stored = set() if self.refetch else await self._stored(unseen)
        self.known |= stored
        stats.inc_value(STATS + "skipped_known", len(stored))
        requests: list[scrapy.Request] = []
        for url, link in unseen.items():
            if url in stored:
                continue
            if self.max_articles is not None and len(self.requested) >= self.max_articles:
                stats.set_value(STATS + "max_articles_reached", True)
                return requests, False
            self.requested.add(url)
            stats.inc_value("newscrawler/articles/requested")
            requests.append(self._article_request(link))
        if not candidates:
            return requests, False  # nothing on the page, or only links older than since
        if any(url not in self.known for url in candidates):
            return requests, True
        return requests, not watermarks.reaches(on_page, self.watermarks.get(origin or ""))

    async def _stored(self, urls) -> set[str]:
        """Which of these canonical URLs are stored (asked on the store's reader thread)."""
        if not urls:
            return set()
        try:
            return await maybe_deferred_to_future(crawl_storage(self.crawler).known_urls(urls))
        except StoreUnavailable as error:
            logger.warning("Cannot check which URLs are stored (%s): fetching them all", error)
            return set()

    async def _committed_watermarks(self) -> dict[str, dict[str, Any]]:
        try:
            return await maybe_deferred_to_future(crawl_storage(self.crawler).crawl_state(self.name))
        except StoreUnavailable as error:
            logger.warning("Cannot read the crawl state (%s): paging every source to its max_pages", error)
            return {}

    def closed(self, reason: str) -> Deferred[Any] | None:
        """Commits the first pages' watermarks when this run's discovery is complete and nothing was lost
        (a worker: when it is the last of the run to leave, and every worker's run was so)."""
        stats = self._stats
        failed = stats.get_value(STAT_LOST) or stats.get_value(STAT_STORE_ERROR)
        clean = reason == "finished" and not self.partial and not failed
        if self.ledger is not None:
            left = threads.deferToThread(self.ledger.leave, self.first_pages, self.incomplete, clean)
            return left.addCallback(self._commit).addErrback(self._not_committed)
        if not clean:
            return None
        return self._commit(
            {origin: mark for origin, mark in self.first_pages.items() if origin not in self.incomplete}
        )

    def _commit(self, state: dict[str, dict[str, Any]] | None) -> Deferred[Any]:
        if not state:
            return succeed(None)
        saved = crawl_storage(self.crawler).save_crawl_state(self.name, state)
        return saved.addErrback(self._not_committed)

    def _not_committed(self, failure: Failure) -> None:
        logger.warning("Crawl state not saved: %s", failure.getErrorMessage())

    # -- articles ----------------------------------------------------------------------------

    def _article_request(self, link: ArticleLink) -> scrapy.Request:
        api = json_api.api_url(self.outlet.article_api, link.url) if self.outlet.article_api else None
        if api:
            return scrapy.Request(
                api, callback=self.parse_api_article, errback=self.request_failed, cb_kwargs={"link": link}
            )
        return scrapy.Request(
            link.fetch_url or link.url,
            callback=self.parse_article,
            errback=self.request_failed,
            cb_kwargs={"link": link},
            meta=self._render_meta("article"),
        )

    def _render_meta(self, kind: str) -> dict[str, Any]:
        """Meta that has a listing or article page rendered, when the outlet's config says so."""
        return render_meta(self.outlet.rendering.get(kind), self.settings)

    def request_failed(self, failure) -> None:
        """Errback of every request: the failure counted by reason (``newscrawler/failed/<reason>``)."""
        count_failure(self.crawler, failure)

    def crawl_time(self) -> datetime:
        """Now, or the fixed ``NEWSCRAWLER_NOW`` (Casablanca local) that replays and tests use."""
        fixed = self.settings.get("NEWSCRAWLER_NOW")
        return to_utc(datetime.fromisoformat(fixed)) if fixed else now_utc()

    def parse_article(self, response, link: ArticleLink) -> list[Article] | Coroutine[Any, Any, list[Article]]:
        """The page's Article, extracted here or, with EXTRACTION_WORKERS, in a worker process (then a
        coroutine Scrapy awaits: the response stays in its scraper slot meanwhile, see ExtractionPool)."""
        if not isinstance(response, TextResponse):
            self._stats.inc_value("newscrawler/articles/not_html")
            return []
        return self._extract(ArticlePage.of(response, link, self.crawl_time()), response)

    def parse_api_article(self, response, link: ArticleLink) -> list[Article] | Coroutine[Any, Any, list[Article]]:
        """The Article of an outlet's JSON article API answer (``article_api``), like ``parse_article``."""
        return self._extract(ArticlePage.of_api(response, link, self.crawl_time()), None)

    def _extract(
        self, page: ArticlePage, response: TextResponse | None
    ) -> list[Article] | Coroutine[Any, Any, list[Article]]:
        self._stats.inc_value("newscrawler/articles/extracted")
        pool = extraction_pool(self.crawler)
        return pool.extract(page) if pool else [page.extract(self.outlet, response)]


def spider_class_for(outlet: OutletConfig, module: str) -> type[OutletSpider]:
    """A Scrapy spider class for one outlet config, defined in ``module`` so Scrapy lists it."""
    class_name = "".join(part.capitalize() for part in outlet.slug.split("_")) + "Spider"
    if class_name[0].isdigit():
        class_name = "Outlet" + class_name
    return type(
        class_name,
        (OutletSpider,),
        {
            "name": outlet.slug,
            "outlet": outlet,
            "allowed_domains": [*outlet.crawl_domains, *extra_hosts(outlet.discovery)],
            "__module__": module,
            "__doc__": f"Spider of {outlet.name} ({', '.join(outlet.domains)}), configured in spiders_config/.",
        },
    )
