"""Monitors run at spider close by spidermon: item count against history, drop rate, field coverage,
schema validation, error log lines.

A failed monitor is recorded in the crawl's stats (``STAT_MONITORS_FAILED``: one line per failure), which
the ``crawl_runs`` document and ``scrapy crawl``'s exit status (4) read, and in a text report written to
``NEWSCRAWLER_MONITOR_REPORT_DIR``, and sent by webhook and e-mail when configured
(``newscrawler.monitors.actions``). Thresholds: settings ``NEWSCRAWLER_MONITOR_*`` (project-wide) and the
optional ``monitoring:`` block of an outlet's config (per outlet); docs/operations.md explains them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from spidermon import Monitor, MonitorSuite, monitors
from spidermon.core.actions import Action

from newscrawler.failures import failure_counts
from newscrawler.monitors.actions import EmailAction, WebhookAction, failure_lines, report_text
from newscrawler.monitors.item_count import ItemCountMonitor
from newscrawler.monitors.thresholds import outlet_monitoring, threshold
from newscrawler.monitors.validation import SchemaValidationMonitor
from newscrawler.pipelines._drops import DROP_STAT_PREFIX
from newscrawler.pipelines.bounds import OUT_OF_RANGE_REASONS

# unittest (under spidermon) hides the frames of modules that set this: a failed monitor is logged as its
# message alone, not as a traceback that reads like a crash.
__unittest = True

STAT_MONITORS_FAILED = "newscrawler/monitors/failed"
ITEM_STAT = "spidermon_item_scraped_count/Article"  # spidermon's field coverage counts (SPIDERMON_ADD_FIELD_COVERAGE)
REQUIRED_FIELDS = ("title", "body", "published_at")  # every stored article has them
OPTIONAL_FIELDS = ("authors", "section")  # thresholds per outlet: monitoring.min_coverage


def drop_rate(stats: dict[str, Any]) -> tuple[float, int, int]:
    """(share of extracted articles dropped, dropped, extracted); articles outside since/until are not drops."""
    dropped = sum(
        n
        for key, n in stats.items()
        if key.startswith(DROP_STAT_PREFIX) and key.removeprefix(DROP_STAT_PREFIX) not in OUT_OF_RANGE_REASONS
    )
    extracted = stats.get("newscrawler/articles/extracted", 0)
    return (dropped / extracted if extracted else 0.0), dropped, extracted


def field_coverage(stats: dict[str, Any], name: str) -> float | None:
    """Share of stored articles with a non-empty ``name``, or None when nothing was stored."""
    items = stats.get(ITEM_STAT, 0)
    return stats.get(f"{ITEM_STAT}/{name}", 0) / items if items else None


@monitors.name("Drop rate")
class DropRateMonitor(Monitor):
    @monitors.name("share of extracted articles dropped")
    def test_drop_rate(self) -> None:
        limit = threshold(self.data, "max_drop_rate", "NEWSCRAWLER_MONITOR_MAX_DROP_RATE")
        rate, dropped, extracted = drop_rate(self.data.stats)
        self.assertLessEqual(rate, limit, f"{dropped} of {extracted} articles dropped ({rate:.0%} > {limit:.0%})")


@monitors.name("Field coverage")
class FieldCoverageMonitor(Monitor):
    @monitors.name("required and per-outlet field coverage")
    def test_coverage(self) -> None:
        minimum = {name: 1.0 for name in REQUIRED_FIELDS} | {
            name: float(share)
            for name, share in outlet_monitoring(self.data.spider).get("min_coverage", {}).items()
            if name in OPTIONAL_FIELDS
        }
        short = []
        for name, wanted in minimum.items():
            coverage = field_coverage(self.data.stats, name)
            if coverage is not None and coverage < wanted:
                short.append(f"{name} {coverage:.0%} < {wanted:.0%}")
        self.assertFalse(short, f"field coverage: {', '.join(short)}")


def unexplained_errors(stats: dict[str, Any]) -> int:
    """ERROR log lines beyond one per failed request (those are counted by reason, newscrawler.failures)."""
    return max(0, stats.get("log_count/ERROR", 0) - sum(failure_counts(stats).values()))


@monitors.name("Errors")
class ErrorCountMonitor(Monitor):
    @monitors.name("error log lines")
    def test_errors(self) -> None:
        limit = self.data.crawler.settings.getint("NEWSCRAWLER_MONITOR_MAX_ERRORS")
        errors = unexplained_errors(self.data.stats)
        self.assertLessEqual(errors, limit, f"{errors} error log lines besides failed requests (> {limit})")


class RecordFailures(Action):
    """Puts the failed monitors in the stats (for crawl_runs and the exit status) and writes a text report."""

    def run_action(self) -> None:
        lines = failure_lines(self.result)
        stats = self.data.crawler.stats
        stats.set_value(STAT_MONITORS_FAILED, lines)
        folder = Path(self.data.crawler.settings.get("NEWSCRAWLER_MONITOR_REPORT_DIR"))
        folder.mkdir(parents=True, exist_ok=True)
        spider = self.data.spider.name
        path = folder / f"{spider}-{datetime.now(UTC):%Y%m%dT%H%M%S}.txt"
        path.write_text(report_text(spider, lines), encoding="utf-8")
        stats.set_value("newscrawler/monitors/report", str(path))


class CloseMonitors(MonitorSuite):
    monitors = [ItemCountMonitor, DropRateMonitor, FieldCoverageMonitor, SchemaValidationMonitor, ErrorCountMonitor]
    monitors_failed_actions = [RecordFailures, WebhookAction, EmailAction]  # in this order: the report first
