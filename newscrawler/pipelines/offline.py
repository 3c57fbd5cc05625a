"""The pipeline steps run outside a crawl, on one item (``extract``, ``canary``, tests): no store involved."""

from __future__ import annotations

from types import SimpleNamespace

from newscrawler.items import Article
from newscrawler.pipelines.copies import attribute_copy
from newscrawler.pipelines.early import offline_crawler, run_early_steps


def process_offline(article: Article, crawler: SimpleNamespace | None = None, owner: str | None = None) -> Article:
    """Validate, normalize, parse dates and bylines, fingerprint, attribute an aggregator's copy (to ``owner``
    when the page names no outlet); raises DropItem like a crawl would."""
    crawler = crawler or offline_crawler()
    return attribute_copy(run_early_steps(article, crawler), owner, crawler.stats)
