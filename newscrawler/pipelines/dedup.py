"""Fifth pipeline step: fingerprint the content and mark copies of an article seen under another URL.

The same canonical URL twice (in this run or already stored) is not a duplicate: the store updates the
one document. The same content under another URL is kept, with ``duplicate_of`` naming the first URL.
"""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler
from scrapy.utils.defer import maybe_deferred_to_future

from newscrawler.parsing.fingerprint import content_fingerprint
from newscrawler.pipelines._base import PipelineStep
from newscrawler.storage import StoreUnavailable
from newscrawler.storage.crawl import crawl_storage

logger = logging.getLogger(__name__)


class DedupPipeline(PipelineStep):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        assert crawler.stats is not None, "Scrapy builds pipelines from a crawler that has its stats"
        self.stats = crawler.stats
        self.urls_seen: set[str] = set()
        self.first_url_of: dict[str, str] = {}  # fingerprint -> first canonical URL in this run

    async def process_item(self, item, spider):
        url = item.canonical_url
        item.content_fingerprint = content_fingerprint(item.body)
        if url in self.urls_seen:
            self.stats.inc_value("newscrawler/dedup/same_url_in_run")
        self.urls_seen.add(url)
        original = self.first_url_of.setdefault(item.content_fingerprint, url)
        if original == url:
            original = await self._stored_duplicate(item.content_fingerprint, url)
        if original and original != url:
            item.duplicate_of = original
            self.stats.inc_value("newscrawler/dedup/duplicate_content")
        return item

    async def _stored_duplicate(self, fingerprint: str, url: str) -> str | None:
        """The stored article with this content under another URL (asked on the store's reader thread)."""
        try:
            return await maybe_deferred_to_future(crawl_storage(self.crawler).find_duplicate(fingerprint, url))
        except StoreUnavailable as error:
            if not self.stats.get_value("newscrawler/dedup/store_unavailable"):
                logger.warning("Duplicate check against the store skipped (counted from now on): %s", error)
            self.stats.inc_value("newscrawler/dedup/store_unavailable")
            return None
