"""Pipeline step after bylines: an aggregator's copy of an article is stored under the outlet whose article it is.

A page of an aggregator (an outlet config with ``aggregates``: Maghress) republishes another outlet's
article: it gets ``via`` = the aggregator's slug and ``outlet`` = the outlet its "Publié dans <outlet>
le ..." line names (``source_outlet``), else the outlet whose spider read it from its copy source
(``discovery`` with ``via``). Whichever spider finds it, a copy is the same document.
"""

from __future__ import annotations

from typing import Any

from newscrawler.items import Article
from newscrawler.outlets import load_outlets
from newscrawler.pipelines._base import PipelineStep

STATS = "newscrawler/copies/"


class CopiesPipeline(PipelineStep):
    def process_item(self, item, spider):
        outlet = getattr(spider, "outlet", None)
        return attribute_copy(item, outlet.slug if outlet is not None else None, self.crawler.stats)


def attribute_copy(item: Article, owner: str | None, stats: Any) -> Article:
    """``item`` under the outlet whose article it is when it is an aggregator's copy (``owner``: the outlet
    of the spider or command that read it; used when the page names no known outlet)."""
    outlets = load_outlets()
    aggregator = outlets.get(item.outlet)
    if aggregator is None or not aggregator.aggregates:
        return item  # the outlet's own page
    item.via = aggregator.slug
    slug = item.source_outlet or (owner if owner != aggregator.slug else None)
    if slug is None:
        stats.inc_value(STATS + "unknown_outlet")  # kept under the aggregator
        return item
    item.outlet = item.source_outlet = slug
    item.outlet_name = outlets[slug].name if slug in outlets else item.source_outlet_raw or slug
    stats.inc_value(STATS + aggregator.slug)
    return item
