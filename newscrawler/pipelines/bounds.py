"""Pipeline step after the early steps: only articles published in the crawl's [since, until), bodies of bounded length.

Discovery already skips links whose listing date is out of range; this step enforces the range on the
article's own parsed ``published_at`` (a feed may carry no date, or another one). Out-of-range
articles are dropped as ``skipped_old`` / ``skipped_after_until``: counted, not errors.
"""

from __future__ import annotations

import logging

from newscrawler.pipelines._base import PipelineStep
from newscrawler.pipelines._drops import drop

logger = logging.getLogger(__name__)

OUT_OF_RANGE_REASONS = ("skipped_old", "skipped_after_until")
STAT_BODY_CAPPED = "newscrawler/capped/body"


def cap_body(body: str, limit: int) -> str:
    """The body cut to at most ``limit`` characters, at the end of a paragraph when there is one."""
    if len(body) <= limit:
        return body
    head = body[:limit]
    cut = head.rfind("\n\n")
    return head[:cut] if cut > 0 else head


class BoundsPipeline(PipelineStep):
    def process_item(self, item, spider):
        since, until = getattr(spider, "since", None), getattr(spider, "until", None)
        if since and item.published_at < since:
            raise drop(self.crawler, "skipped_old", item, detail=f"published {item.published_at.isoformat()}")
        if until and item.published_at >= until:
            raise drop(self.crawler, "skipped_after_until", item, detail=f"published {item.published_at.isoformat()}")
        limit = self.crawler.settings.getint("NEWSCRAWLER_MAX_BODY_CHARS")
        if limit and len(item.body) > limit:
            logger.warning("Body of %s capped at %d of its %d characters", item.url, limit, len(item.body))
            item.body = cap_body(item.body, limit)
            item.content_fingerprint = None  # of the whole body: dedup fingerprints the capped one
            self.crawler.stats.inc_value(STAT_BODY_CAPPED)
        return item
