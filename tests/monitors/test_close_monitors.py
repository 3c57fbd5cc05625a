"""Spidermon close monitors: each one fails on a crafted bad run; a failure marks the run and the exit status."""

from types import SimpleNamespace

import pytest
from recorded_sites import copy_recorded_site, crawl_recorded, stored_articles_and_runs
from scrapy import Spider
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector
from spidermon.contrib.scrapy.runners import SpiderMonitorRunner

from newscrawler.monitors.close import ITEM_STAT, STAT_MONITORS_FAILED, CloseMonitors

HEALTHY = {
    "newscrawler/articles/extracted": 10,
    "newscrawler/dropped/missing_title": 1,
    "newscrawler/dropped/skipped_old": 30,  # out of the crawl's range: not a drop
    "log_count/ERROR": 3,  # one per failed request: counted by reason, not an error of the crawl
    "newscrawler/failed/http_503": 3,
    ITEM_STAT: 9,
    **{f"{ITEM_STAT}/{name}": 9 for name in ("title", "body", "published_at", "section")},
    f"{ITEM_STAT}/authors": 6,
}


def run_monitors(stats, monitoring, tmp_path):
    settings = Settings()
    settings.setmodule("newscrawler.settings")
    settings.set("NEWSCRAWLER_MONITOR_REPORT_DIR", str(tmp_path))
    crawler = SimpleNamespace(settings=settings)
    crawler.stats = MemoryStatsCollector(crawler)
    spider = Spider("outlet")
    spider.outlet = SimpleNamespace(monitoring=monitoring or {})
    SpiderMonitorRunner(spider=spider).run(
        CloseMonitors(crawler=crawler), stats=stats, stats_history=[], crawler=crawler, spider=spider, job=None
    )
    return crawler.stats.get_value(STAT_MONITORS_FAILED), crawler.stats.get_value("newscrawler/monitors/report")


def test_a_healthy_run_passes(tmp_path):
    assert run_monitors(HEALTHY, {"min_coverage": {"authors": 0.6}}, tmp_path) == (None, None)


@pytest.mark.parametrize(
    ("change", "monitoring", "failure"),
    [
        ({"newscrawler/dropped/missing_body": 5}, {}, "Drop rate/share of extracted articles dropped: 6 of 10 articles dropped (60% > 50%)"),
        ({"newscrawler/dropped/missing_body": 1}, {"max_drop_rate": 0.1}, "Drop rate/share of extracted articles dropped: 2 of 10 articles dropped (20% > 10%)"),
        ({f"{ITEM_STAT}/body": 8}, {}, "Field coverage/required and per-outlet field coverage: field coverage: body 89% < 100%"),
        ({}, {"min_coverage": {"authors": 0.8}}, "Field coverage/required and per-outlet field coverage: field coverage: authors 67% < 80%"),
        ({"log_count/ERROR": 7, "newscrawler/failed/timeout": 2}, {}, "Errors/error log lines: 2 error log lines besides failed requests (> 0)"),
    ],
)  # fmt: skip
def test_each_monitor_fails_on_a_crafted_bad_run_and_writes_a_report(tmp_path, change, monitoring, failure):
    failed, report = run_monitors(HEALTHY | change, monitoring, tmp_path)
    assert failed == [failure]
    assert open(report, encoding="utf-8").read() == f"outlet: 1 monitors failed\n- {failure}\n"


def test_a_failed_monitor_marks_the_crawl_run_and_exits_4(tmp_path):
    sites, site = copy_recorded_site(tmp_path, "yabiladi")
    for page in sorted((site / "pages").glob("*.html"))[:4]:  # 4 of its 6 articles lose their markup
        page.write_text("<html><body><div id='app'></div></body></html>")
    reports = tmp_path / "reports"
    result = crawl_recorded(
        "yabiladi", tmp_path / "db.sqlite3", "-s", f"NEWSCRAWLER_MONITOR_REPORT_DIR={reports}", sites=sites
    )
    assert result.returncode == 4
    line = "Drop rate/share of extracted articles dropped: 4 of 6 articles dropped (67% > 50%)"
    assert result.stderr.strip().splitlines()[-1] == f"newscrawler: yabiladi: monitors failed: {line}"
    articles, runs = stored_articles_and_runs(tmp_path / "db.sqlite3")
    assert len(articles) == 2
    assert runs[0]["monitors_failed"] == [line]
    assert [path.read_text(encoding="utf-8") for path in reports.iterdir()] == [
        f"yabiladi: 1 monitors failed\n- {line}\n"
    ]
