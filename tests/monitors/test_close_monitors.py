"""Spidermon close monitors: each one fails on a crafted bad run; a failure marks the run and the exit status."""

import pytest
from monitor_runs import HEALTHY, HISTORY, run_monitors
from recorded_sites import copy_recorded_site, crawl_recorded, stored_articles_and_runs

from newscrawler.monitors.close import ITEM_STAT


def test_a_healthy_run_passes(tmp_path):
    assert run_monitors(HEALTHY, {"min_coverage": {"authors": 0.6}}, tmp_path, history=HISTORY) == (None, None)


@pytest.mark.parametrize(
    ("change", "monitoring", "failure"),
    [
        ({"newscrawler/dropped/missing_body": 5}, {}, "Drop rate/share of extracted articles dropped: 6 of 10 articles dropped (60% > 50%)"),
        ({"newscrawler/dropped/missing_body": 1}, {"max_drop_rate": 0.1}, "Drop rate/share of extracted articles dropped: 2 of 10 articles dropped (20% > 10%)"),
        ({f"{ITEM_STAT}/body": 8}, {}, "Field coverage/required and per-outlet field coverage: field coverage: body 89% < 100%"),
        ({}, {"min_coverage": {"authors": 0.8}}, "Field coverage/required and per-outlet field coverage: field coverage: authors 67% < 80%"),
        ({"log_count/ERROR": 7, "newscrawler/failed/timeout": 2}, {}, "Errors/error log lines: 2 error log lines besides failed requests (> 0)"),
        ({"newscrawler/discovery/skipped_known": 0}, {}, "Item count/articles seen against the outlet's recent runs: 9 articles seen, below 50% of 20 (median of the last 3 complete runs)"),
        ({"newscrawler/discovery/skipped_known": 5}, {"min_item_ratio": 0.8}, "Item count/articles seen against the outlet's recent runs: 14 articles seen, below 80% of 20 (median of the last 3 complete runs)"),
        (
            {
                "spidermon/validation/items/errors": 2,
                "spidermon/validation/fields/errors/invalid_string/authors.0.name": 1,
                "spidermon/validation/fields/errors/value_not_in_choices/language": 2,
            },
            {},
            "Schema validation/articles against the Article JSON Schema: 2 of 9 articles break the schema:"
            " authors.0.name (invalid_string) ×1, language (value_not_in_choices) ×2",
        ),
    ],
)  # fmt: skip
def test_each_monitor_fails_on_a_crafted_bad_run_and_writes_a_report(tmp_path, change, monitoring, failure):
    failed, report = run_monitors(HEALTHY | change, monitoring, tmp_path, history=HISTORY)
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
