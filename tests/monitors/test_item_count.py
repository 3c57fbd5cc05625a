"""Item count monitor: articles seen against the outlet's recent complete runs, read from crawl_runs."""

import pytest
import yaml
from monitor_runs import HEALTHY, HISTORY, run_monitors
from recorded_sites import REPO, copy_recorded_site, crawl_recorded, stored_articles_and_runs

from newscrawler.monitors.item_count import articles_seen, comparable_counts
from newscrawler.outlets import OutletConfigError
from newscrawler.outlets.registry import load_outlet
from newscrawler.storage import SQLiteStore

SHORT = HEALTHY | {"newscrawler/discovery/skipped_known": 0}  # 9 articles seen; the usual is 20
FAILURE = (
    "Item count/articles seen against the outlet's recent runs:"
    " 9 articles seen, below 50% of 20 (median of the last 3 complete runs)"
)


def run(seen: int, reason: str = "finished", partial: bool = False, **counts) -> dict:
    return {"finish_reason": reason, "partial": partial, "counts": {"articles_seen": seen, **counts}}


def test_articles_seen_counts_what_was_kept_and_what_was_already_stored():
    stats = {
        "newscrawler/stored/new": 2,
        "newscrawler/stored/revised": 1,
        "newscrawler/stored/unchanged": 1,
        "newscrawler/spooled": 3,
        "newscrawler/discovery/skipped_known": 40,
        "newscrawler/dropped/missing_body": 5,  # dropped: not seen as an article (the drop rate monitor's job)
    }
    assert articles_seen(stats) == 47


def test_only_complete_runs_compare():
    runs = [
        run(20),
        run(5, reason="broken"),
        run(3, partial=True),  # since/until/max_articles
        {"finish_reason": "finished", "counts": {"items_scraped": 4}},  # recorded before articles_seen existed
        run(2, reason="closespider_timeout"),
        run(30),
    ]
    assert comparable_counts(runs) == [20, 30]


def test_the_same_short_run_fails_against_enough_history(tmp_path):
    assert run_monitors(SHORT, {}, tmp_path, history=HISTORY)[0] == [FAILURE]


@pytest.mark.parametrize(
    ("history", "attributes"),
    [
        pytest.param([run(20), run(20), run(2, reason="broken"), run(2, partial=True)], {}, id="two complete runs"),
        pytest.param([], {}, id="first run"),
        pytest.param(None, {}, id="history not readable"),
        pytest.param(HISTORY, {"partial": True}, id="this run bounded by since/until"),
    ],
)
def test_a_short_run_is_not_judged_without_enough_comparable_history(tmp_path, history, attributes):
    assert run_monitors(SHORT, {}, tmp_path, history=history, **attributes) == (None, None)


def test_one_large_first_run_does_not_make_incremental_runs_look_short(tmp_path):
    history = [run(20), run(19), run(21), run(400)]  # newest first: the first run paged the whole archive
    assert run_monitors(HEALTHY, {}, tmp_path, history=history) == (None, None)


def test_the_outlet_config_holds_its_item_ratio(tmp_path):
    config = yaml.safe_load((REPO / "spiders_config" / "yabiladi.yml").read_text(encoding="utf-8"))
    path = tmp_path / "yabiladi.yml"
    path.write_text(yaml.safe_dump(config | {"monitoring": {"min_item_ratio": 0.3}}), encoding="utf-8")
    assert load_outlet(path).monitoring == {"min_item_ratio": 0.3}
    path.write_text(yaml.safe_dump(config | {"monitoring": {"min_item_ratio": 1.5}}), encoding="utf-8")
    with pytest.raises(OutletConfigError, match=r"monitoring\.min_item_ratio: 1\.5 is greater than the maximum of 1"):
        load_outlet(path)


def test_hourly_runs_of_a_recorded_site_pass_until_its_feed_shrinks(tmp_path):
    sites, site = copy_recorded_site(tmp_path, "yabiladi")
    store = tmp_path / "db.sqlite3"
    reports = ("-s", f"NEWSCRAWLER_MONITOR_REPORT_DIR={tmp_path / 'reports'}")
    for _ in range(4):  # the first stores 6 articles; the next ones find them stored: nothing new, 6 seen
        result = crawl_recorded("yabiladi", store, *reports, sites=sites)
        assert result.returncode == 0, result.stderr[-2000:]
    articles, _ = stored_articles_and_runs(store)
    assert len(articles) == 6
    # The French feed now lists nothing: only the 2 Arabic articles are seen, below half of 6.
    feed = site / "pages" / "rss-fr.xml"
    feed.write_text(feed.read_text(encoding="utf-8").split("<item>")[0] + "</channel></rss>", encoding="utf-8")
    result = crawl_recorded("yabiladi", store, *reports, sites=sites)
    line = (
        "Item count/articles seen against the outlet's recent runs:"
        " 2 articles seen, below 50% of 6 (median of the last 4 complete runs)"
    )
    assert result.returncode == 4
    assert result.stderr.strip().splitlines()[-1] == f"newscrawler: yabiladi: monitors failed: {line}"
    sqlite = SQLiteStore(store)
    sqlite.open()
    try:
        runs = sqlite.recent_runs("yabiladi", 10)
    finally:
        sqlite.close()
    assert [(r["counts"]["stored_new"], r["counts"]["articles_seen"], r["monitors_failed"]) for r in runs] == [
        (0, 2, [line]),
        *[(0, 6, None)] * 3,
        (6, 6, None),
    ]
