"""Pipeline step after copies: mark copies of an article seen under another URL.

The same canonical URL twice (in this run or already stored) is not a duplicate: the store updates the
one document. The same content under another URL is kept, with ``duplicate_of`` naming the original:
the outlet's own page (``via`` null, live or archived) before an aggregator's copy (``via`` set),
else the first seen. An own page is never marked a duplicate of a copy: when it comes after its copy,
the store links the stored copy to it (``newscrawler.storage.upserts.originals``).
"""

from __future__ import annotations

import logging
from typing import NamedTuple

from scrapy.crawler import Crawler
from scrapy.utils.defer import maybe_deferred_to_future

from newscrawler.parsing.fingerprint import content_fingerprint
from newscrawler.pipelines._base import PipelineStep
from newscrawler.storage import StoreUnavailable
from newscrawler.storage.crawl import crawl_storage

logger = logging.getLogger(__name__)


class _Seen(NamedTuple):
    url: str
    copy: bool  # an aggregator's copy (via set)


class DedupPipeline(PipelineStep):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        assert crawler.stats is not None, "Scrapy builds pipelines from a crawler that has its stats"
        self.stats = crawler.stats
        self.urls_seen: set[str] = set()
        self.best_of: dict[str, _Seen] = {}  # fingerprint -> the best copy in this run (own page, else first)

    async def process_item(self, item, spider):
        url, copy = item.canonical_url, bool(item.via)
        # Fingerprinted by the early steps, unless the body changed since (bounds' cap).
        item.content_fingerprint = fingerprint = item.content_fingerprint or content_fingerprint(item.body)
        if url in self.urls_seen:
            self.stats.inc_value("newscrawler/dedup/same_url_in_run")
        self.urls_seen.add(url)
        earlier = self.best_of.get(fingerprint)
        if earlier is None or (earlier.copy and not copy):
            self.best_of[fingerprint] = _Seen(url, copy)
        earlier = earlier if earlier is not None and earlier.url != url else None
        if earlier is not None and not earlier.copy:
            original: str | None = earlier.url
        else:  # an own page can only be the duplicate of another own page
            original = await self._stored_duplicate(fingerprint, url, originals_only=not copy)
            if original is None and copy and earlier is not None:
                original = earlier.url
        if original and original != url:
            item.duplicate_of = original
            self.stats.inc_value("newscrawler/dedup/duplicate_content")
        return item

    async def _stored_duplicate(self, fingerprint: str, url: str, originals_only: bool) -> str | None:
        """The stored article with this content under another URL (asked on the store's reader thread)."""
        try:
            found = crawl_storage(self.crawler).find_duplicate(fingerprint, url, originals_only=originals_only)
            return await maybe_deferred_to_future(found)
        except StoreUnavailable as error:
            if not self.stats.get_value("newscrawler/dedup/store_unavailable"):
                logger.warning("Duplicate check against the store skipped (counted from now on): %s", error)
            self.stats.inc_value("newscrawler/dedup/store_unavailable")
            return None
