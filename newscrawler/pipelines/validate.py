"""First pipeline step: drop what cannot become an article, with a counted reason."""

from __future__ import annotations

from newscrawler.items import Article
from newscrawler.pipelines._base import PipelineStep
from newscrawler.pipelines._drops import drop

PROBLEM_STAT_PREFIX = "newscrawler/extraction/"  # what extraction skipped on a page, by kind


def _blank(value) -> bool:
    return not isinstance(value, str) or not value.strip()


class ValidatePipeline(PipelineStep):
    """An article needs a URL, a title, a body and something that may hold its publication date."""

    def process_item(self, item, spider):
        if not isinstance(item, Article):
            raise drop(self.crawler, "not_an_article", item, detail=type(item).__name__)
        for problem in item.problems:
            self.crawler.stats.inc_value(PROBLEM_STAT_PREFIX + problem)
        if _blank(item.url):
            raise drop(self.crawler, "missing_url", item)
        if _blank(item.title):
            raise drop(self.crawler, "missing_title", item)
        if _blank(item.body):
            raise drop(self.crawler, "missing_body", item)
        hints = [h for h in (item.date_hints or {}).get("published", []) if isinstance(h, str) and h.strip()]
        if not hints and _blank(item.published_raw) and item.published_at is None:
            raise drop(self.crawler, "missing_date", item)
        return item
