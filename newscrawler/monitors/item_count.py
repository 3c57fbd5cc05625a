"""Item count against the outlet's recent history: a crawl that saw far fewer articles than usual fails.

What is counted, *articles seen*: the articles this crawl stored (new, revised or unchanged) or spooled,
plus the article links it skipped because they were already stored. An hourly incremental run stores few
new articles but still sees the links of the outlet's feeds and first listing pages, so it compares
fairly with a full run; a shrunken feed, a listing selector that lost its matches, or article pages that
fail or get dropped lower it.

History: the outlet's last ``NEWSCRAWLER_MONITOR_HISTORY_RUNS`` crawl_runs, read when the spider opens,
on the store's reader thread (the crawl waits for the read, the reactor does not). Only complete runs
compare: finished, not bounded by since/until/max_articles, with an ``articles_seen`` count.
"""

from __future__ import annotations

import logging
import statistics
from typing import Any

from spidermon import Monitor, monitors
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from newscrawler.health import articles_kept
from newscrawler.monitors.thresholds import threshold
from newscrawler.storage.crawl import crawl_storage

__unittest = True  # a failed monitor is logged as its message, not as a traceback (see close.py)

logger = logging.getLogger(__name__)
HISTORY_ATTRIBUTE = "_newscrawler_run_history"  # on the crawler: the runs read, None when unreadable


def articles_seen(stats: dict[str, Any]) -> int:
    """Articles stored or spooled by this crawl, plus article links skipped as already stored."""
    return articles_kept(stats) + stats.get("newscrawler/discovery/skipped_known", 0)


def read_history(crawler: Any, spider: Any) -> Deferred[None] | None:
    """Reads the outlet's recent runs on the store's reader thread and keeps them on the crawler; the
    Deferred fires when done (an unreadable store is logged: the item count is then not checked)."""
    limit = crawler.settings.getint("NEWSCRAWLER_MONITOR_HISTORY_RUNS")
    if not limit or getattr(spider, "outlet", None) is None:
        return None

    def keep(runs: list[dict[str, Any]]) -> None:
        setattr(crawler, HISTORY_ATTRIBUTE, runs)

    def unreadable(failure: Failure) -> None:
        logger.warning("Recent runs of %s not read (%s): no item count check", spider.name, failure.getErrorMessage())

    return crawl_storage(crawler).recent_runs(spider.name, limit).addCallbacks(keep, unreadable)


def comparable_counts(runs: list[dict[str, Any]]) -> list[int]:
    """``articles_seen`` of the complete runs among ``runs``."""
    return [
        run["counts"]["articles_seen"]
        for run in runs
        if run.get("finish_reason") == "finished"
        and not run.get("partial")
        and isinstance((run.get("counts") or {}).get("articles_seen"), int)
    ]


@monitors.name("Item count")
class ItemCountMonitor(Monitor):
    @monitors.name("articles seen against the outlet's recent runs")
    def test_item_count(self) -> None:
        if getattr(self.data.spider, "partial", False):
            self.skipTest("a run bounded by since, until or max_articles is not compared")
        runs = getattr(self.data.crawler, HISTORY_ATTRIBUTE, None)
        if runs is None:
            self.skipTest("the outlet's recent runs were not read")
            return
        counts = comparable_counts(runs)
        needed = self.data.crawler.settings.getint("NEWSCRAWLER_MONITOR_MIN_HISTORY")
        if len(counts) < max(needed, 1):
            self.skipTest(f"{len(counts)} complete runs in the outlet's history, {needed} needed")
        ratio = threshold(self.data, "min_item_ratio", "NEWSCRAWLER_MONITOR_MIN_ITEM_RATIO")
        median = statistics.median(counts)
        seen = articles_seen(self.data.stats)
        self.assertGreaterEqual(
            seen,
            ratio * median,
            f"{seen} articles seen, below {ratio:.0%} of {median:g} (median of the last {len(counts)} complete runs)",
        )
