"""OutletSpider: one spider class per outlet config, differing only in data.

Spider arguments (``scrapy crawl <outlet> -a name=value``):
  since, until     only articles published in [since, until) — ISO dates or times, Casablanca local
  max_articles     stop scheduling article pages after this many
  refetch          1 to fetch article pages already in the store again (to record revisions)
"""

from __future__ import annotations

import logging
from collections.abc import Generator
from datetime import datetime
from typing import Any

import scrapy
from scrapy.http import TextResponse
from scrapy.statscollectors import StatsCollector

from newscrawler.discovery import feeds, listing, sitemaps, wordpress
from newscrawler.discovery.links import ArticleLink, newest_first
from newscrawler.extraction import json_api
from newscrawler.extraction.extractor import extract_html, extract_json
from newscrawler.failures import count_failure
from newscrawler.outlets.registry import OutletConfig
from newscrawler.parsing.urls import canonical_url
from newscrawler.rendering import render_meta, rendering_settings
from newscrawler.replay import replay_settings
from newscrawler.storage import StoreUnavailable, store_for_crawler
from newscrawler.timezone import now_utc, to_utc

logger = logging.getLogger(__name__)
STATS = "newscrawler/discovery/"


def parse_time_argument(name: str, value: str | None) -> datetime | None:
    """A spider argument like 2025-01-31 or 2025-01-31T08:00 (Casablanca local) as aware UTC."""
    if value in (None, ""):
        return None
    try:
        return to_utc(datetime.fromisoformat(value))
    except ValueError:
        raise ValueError(f"{name}: expected a date like 2025-01-31 or 2025-01-31T08:00, got {value!r}") from None


class OutletSpider(scrapy.Spider):
    outlet: OutletConfig  # set on each generated subclass

    def __init__(
        self,
        *args,
        since: str | None = None,
        until: str | None = None,
        max_articles: str | int | None = None,
        refetch: str | bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.since = parse_time_argument("since", since)
        self.until = parse_time_argument("until", until)
        try:
            self.max_articles = int(max_articles) if max_articles not in (None, "") else None
        except ValueError:
            raise ValueError(f"max_articles: expected a whole number, got {max_articles!r}") from None
        self.refetch = str(refetch).lower() in ("1", "true", "yes")
        self.requested: set[str] = set()  # canonical URLs scheduled in this run
        self.known: set[str] = set()  # canonical URLs found already stored

    @classmethod
    def update_settings(cls, settings):
        super().update_settings(settings)
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
        for source in self.outlet.discovery:
            for url in source["urls"]:
                yield self._source_request(source, url, page=1)

    def _source_request(self, source: dict[str, Any], url: str, page: int) -> scrapy.Request:
        kind = source["type"]
        if kind == "wordpress_api":
            api_page = wordpress.posts_url(url, page, source.get("per_page", 100), self.since, self.until)
            return scrapy.Request(
                api_page,
                callback=self.parse_wordpress,
                errback=self.request_failed,
                cb_kwargs={"source": source, "api": url, "page": page},
            )
        callback = {"feed": self.parse_feed, "sitemap": self.parse_sitemap, "listing": self.parse_listing}[kind]
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.request_failed,
            cb_kwargs={"source": source, "page": page},
            dont_filter=page == 1,
        )

    def parse_feed(self, response, source, page):
        yield from self._follow(feeds.parse_feed(response.body))

    def parse_sitemap(self, response, source, page):
        sitemap = sitemaps.parse_sitemap(response.body)
        for child in newest_first(sitemap.children):
            if self.since and child.published and child.published < self.since:
                self._stats.inc_value(STATS + "sitemaps_skipped_old")
                continue
            yield scrapy.Request(
                child.url,
                callback=self.parse_sitemap,
                errback=self.request_failed,
                cb_kwargs={"source": source, "page": page + 1},
            )
        yield from self._follow(sitemap.articles)

    def parse_wordpress(self, response, source, api, page):
        has_new = yield from self._follow(wordpress.parse_posts(response.body))
        last_page = min(wordpress.total_pages(response.headers) or page, source.get("max_pages", 50))
        if has_new and page < last_page:
            yield self._source_request(source, api, page + 1)

    def parse_listing(self, response, source, page):
        if not isinstance(response, TextResponse):
            return
        links, next_page = listing.parse_listing(response.selector, response.url, source)
        has_new = yield from self._follow(links)
        if has_new and next_page and page < source.get("max_pages", 20):
            yield scrapy.Request(
                next_page,
                callback=self.parse_listing,
                errback=self.request_failed,
                cb_kwargs={"source": source, "page": page + 1},
            )

    def _follow(self, links: list[ArticleLink]) -> Generator[scrapy.Request, None, bool]:
        """Requests for the article links not yet stored nor requested, newest first.

        Returns whether the page held a link that is not stored (paging goes on only then).
        """
        stats = self._stats
        stats.inc_value(STATS + "links", len(links))
        candidates: dict[str, ArticleLink] = {}
        for link in newest_first(links):
            if not self.outlet.is_article_url(link.url):
                stats.inc_value(STATS + "skipped_not_article")
            elif self.until and link.published and link.published >= self.until:
                stats.inc_value(STATS + "skipped_after_until")
            elif self.since and link.published and link.published < self.since:
                stats.inc_value(STATS + "skipped_old")
            else:
                candidates.setdefault(canonical_url(link.url), link)
        unseen = {url: link for url, link in candidates.items() if url not in self.requested and url not in self.known}
        stored = set() if self.refetch else self._stored(unseen)
        self.known |= stored
        stats.inc_value(STATS + "skipped_known", len(stored))
        for url, link in unseen.items():
            if url in stored:
                continue
            if self.max_articles is not None and len(self.requested) >= self.max_articles:
                stats.set_value(STATS + "max_articles_reached", True)
                return False
            self.requested.add(url)
            stats.inc_value("newscrawler/articles/requested")
            yield self._article_request(link)
        return any(url not in self.known for url in candidates)

    def _stored(self, urls) -> set[str]:
        store = store_for_crawler(self.crawler)
        if store is None or not urls:
            return set()
        try:
            return store.known_urls(urls)
        except StoreUnavailable as error:
            logger.warning("Cannot check which URLs are stored (%s): fetching them all", error)
            return set()

    # -- articles ----------------------------------------------------------------------------

    def _article_request(self, link: ArticleLink) -> scrapy.Request:
        api = json_api.api_url(self.outlet.article_api, link.url) if self.outlet.article_api else None
        if api:
            return scrapy.Request(
                api, callback=self.parse_api_article, errback=self.request_failed, cb_kwargs={"link": link}
            )
        meta = render_meta(self.outlet.rendering)
        return scrapy.Request(
            link.url, callback=self.parse_article, errback=self.request_failed, cb_kwargs={"link": link}, meta=meta
        )

    def request_failed(self, failure) -> None:
        """Errback of every request: the failure counted by reason (``newscrawler/failed/<reason>``)."""
        count_failure(self.crawler, failure)

    def crawl_time(self) -> datetime:
        """Now, or the fixed ``NEWSCRAWLER_NOW`` (Casablanca local) that replays and tests use."""
        fixed = self.settings.get("NEWSCRAWLER_NOW")
        return to_utc(datetime.fromisoformat(fixed)) if fixed else now_utc()

    def parse_article(self, response, link: ArticleLink):
        if not isinstance(response, TextResponse):
            self._stats.inc_value("newscrawler/articles/not_html")
            return
        self._stats.inc_value("newscrawler/articles/extracted")
        # Not response.selector: the response would hold its selector and the selector the response, a
        # reference cycle that keeps the page, its text and its lxml tree alive until a garbage collection.
        selector = scrapy.Selector(response)
        yield extract_html(response.text, response.url, self.outlet, link, self.crawl_time(), selector=selector)

    def parse_api_article(self, response, link: ArticleLink):
        self._stats.inc_value("newscrawler/articles/extracted")
        yield extract_json(response.body, link.url, self.outlet, link, self.crawl_time())


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
            "allowed_domains": list(outlet.domains),
            "__module__": module,
            "__doc__": f"Spider of {outlet.name} ({', '.join(outlet.domains)}), configured in spiders_config/.",
        },
    )
