"""``stats --health``: per outlet, from crawl_runs of the last weeks, on both store back-ends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import mongomock_ng
import pytest
from recorded_sites import crawl_recorded, expected_articles, run_cli

from newscrawler.operations.health_report import health_report, run_coverage
from newscrawler.storage import MongoStore, SQLiteStore

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def run(run_id: str, spider: str, days_ago: float, reason: str = "finished", **fields) -> dict:
    started = NOW - days_ago * DAY
    return {"run_id": run_id, "spider": spider, "started_at": started, "finished_at": started + timedelta(minutes=5),
            "finish_reason": reason, **fields}  # fmt: skip


RUNS = [
    # hespress: two OK weeks long ago, nothing the week before last, then an OK run and a broken last run.
    run(
        "h1", "hespress", 26, counts={"stored_new": 14, "items_scraped": 14}, coverage={"authors": 1.0, "section": 1.0}
    ),
    run("h2", "hespress", 20, counts={"stored_new": 7, "items_scraped": 10}, coverage={"authors": 0.5, "section": 1.0}),
    run("h3", "hespress", 19, counts={"stored_new": 0, "items_scraped": 30}, coverage={"authors": 0.9, "section": 0.8}),
    run("h4", "hespress", 2, counts={"stored_new": 21, "items_scraped": 21}, coverage={"authors": 1.0}),
    run("h5", "hespress", 1, "broken", problem="newscrawler: hespress: discovery found no links (HTTP 403 ×2)"),
    # yabiladi: its last run failed a monitor; the one before was fine.
    run("y1", "yabiladi", 3, counts={"stored_new": 3, "items_scraped": 3}),
    run(
        "y2",
        "yabiladi",
        0.5,
        counts={"stored_new": 2, "items_scraped": 2},
        monitors_failed=["Field coverage: authors 0% < 80%", "Drop rate: 3/5 dropped"],
    ),  # fmt: skip
    run("old", "hespress", 40, counts={"stored_new": 99}),  # before the 4 weeks: not read
]
EXPECTED = """\
outlet    last OK run (UTC)  last run         new articles/day  authors          section
hespress  2026-11-28 12:05   broken           2.0 1.0 - 3.0     100% 80% - 100%  100% 85% - -
le360     none in 4 weeks    none             - - - -           - - - -          - - - -
yabiladi  2026-11-27 12:05   monitors failed  - - - 0.7         - - - -          - - - -

Last monitor failures (4 weeks):
yabiladi 2026-11-30 00:00: Field coverage: authors 0% < 80%; Drop rate: 3/5 dropped"""


@pytest.fixture(params=["sqlite", "mongomock"])
def store(request, tmp_path):
    if request.param == "sqlite":
        store = SQLiteStore(tmp_path / "health.sqlite3")
    else:
        store = MongoStore("mongodb://localhost/", "health", client_factory=mongomock_ng.MongoClient)
    store.open()
    for document in RUNS:
        store.save_run(document)
    yield store
    store.close()


def test_the_report_reads_the_last_weeks_of_runs_per_outlet(store):
    assert health_report(store, ["hespress", "le360"], 4, NOW) == EXPECTED


def test_one_outlet_only(store):
    lines = health_report(store, ["yabiladi"], 1, NOW, others=False).splitlines()
    assert [line.split()[0] for line in lines[1 : lines.index("")]] == ["yabiladi"]


def test_run_coverage_is_the_share_of_stored_articles_with_each_field():
    stats = {"spidermon_item_scraped_count/Article": 3, "spidermon_item_scraped_count/Article/authors": 2}
    assert run_coverage(stats) == {"authors": 0.6667, "section": 0.0}
    assert run_coverage({}) == {}  # nothing stored: nothing measured


def test_stats_health_after_a_crawl_shows_its_run_and_coverage(tmp_path):
    sqlite_path = tmp_path / "articles.sqlite3"
    assert crawl_recorded("yabiladi", sqlite_path).returncode == 0
    result = run_cli("-m", "newscrawler", "stats", "--health", "--weeks", "2", "--outlet", "yabiladi",
                     "--store", f"sqlite:///{sqlite_path}")  # fmt: skip
    assert result.returncode == 0, result.stderr
    row = next(line.split() for line in result.stdout.splitlines() if line.startswith("yabiladi "))
    articles = [case["article"] for case in expected_articles("yabiladi")]
    share = {
        name: f"{100 * sum(bool(a[name]) for a in articles) / len(articles):.0f}%" for name in ("authors", "section")
    }
    assert row[3:] == ["ok", "-", f"{len(articles) / 7:.1f}", "-", share["authors"], "-", share["section"]]
    assert result.stdout.splitlines()[-1] == "none"  # no monitor failed
