"""Run the close monitors on crafted stats, without a crawl."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from scrapy import Spider
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector
from spidermon.contrib.scrapy.runners import SpiderMonitorRunner

from newscrawler.monitors.close import ITEM_STAT, STAT_MONITORS_FAILED, CloseMonitors
from newscrawler.monitors.item_count import HISTORY_ATTRIBUTE

# The stats of a healthy crawl: every monitor passes on them.
HEALTHY = {
    "newscrawler/articles/extracted": 10,
    "newscrawler/dropped/missing_title": 1,
    "newscrawler/dropped/skipped_old": 30,  # out of the crawl's range: not a drop
    "log_count/ERROR": 3,  # one per failed request: counted by reason, not an error of the crawl
    "newscrawler/failed/http_503": 3,
    ITEM_STAT: 9,
    **{f"{ITEM_STAT}/{name}": 9 for name in ("title", "body", "published_at", "section")},
    f"{ITEM_STAT}/authors": 6,
    "newscrawler/stored/new": 9,
    "newscrawler/discovery/skipped_known": 11,  # articles seen: 9 stored + 11 already stored = 20
    "spidermon/validation/items": 9,
}
# The outlet's recent runs: 3 complete ones that saw 18, 20 and 30 articles (median 20).
HISTORY = [{"finish_reason": "finished", "partial": False, "counts": {"articles_seen": n}} for n in (18, 20, 30)]


def run_monitors(
    stats: dict, monitoring: dict | None, report_dir: Path, *, history: list[dict] | None = None, **spider_attributes
) -> tuple[list[str] | None, str | None]:
    """(failure lines, report path) of CloseMonitors on these stats, for a spider of an outlet whose config
    has this ``monitoring:`` block and whose recent crawl_runs are ``history`` (None: not read)."""
    settings = Settings()
    settings.setmodule("newscrawler.settings")
    settings.set("NEWSCRAWLER_MONITOR_REPORT_DIR", str(report_dir))
    crawler = SimpleNamespace(settings=settings)
    crawler.stats = MemoryStatsCollector(crawler)
    if history is not None:
        setattr(crawler, HISTORY_ATTRIBUTE, history)
    spider = Spider("outlet")
    spider.outlet = SimpleNamespace(monitoring=monitoring or {})
    for name, value in spider_attributes.items():
        setattr(spider, name, value)
    SpiderMonitorRunner(spider=spider).run(
        CloseMonitors(crawler=crawler), stats=stats, stats_history=[], crawler=crawler, spider=spider, job=None
    )
    return crawler.stats.get_value(STAT_MONITORS_FAILED), crawler.stats.get_value("newscrawler/monitors/report")
