"""crawl-all: every recorded outlet in its own process, a table, the worst outlet's exit status."""

import shutil
import sys
import time
from pathlib import Path

from recorded_sites import REPLAY_NOW, SITES, recorded_slugs, run_cli, stored_articles_and_runs

from newscrawler.cli.crawl_all_command import selected_outlets
from newscrawler.cores import WORKERS_VARIABLE, extraction_workers_per_crawl
from newscrawler.exit_status import ITEMS_LOST as EXIT_ITEMS_LOST
from newscrawler.exit_status import OUTLET_BROKEN as EXIT_OUTLET_BROKEN
from newscrawler.exit_status import STORE_FAILED as EXIT_STORE_FAILED
from newscrawler.operations.crawl_all import (
    CrawlAllOptions,
    _outcome,
    _run_process,
    crawl_command,
    outlet_lock,
    run_outlet,
    sharing_cores,
    worst_status,
)
from newscrawler.outlets.registry import load_outlets


def crawl_all(tmp_path, *args, sites=SITES):
    return run_cli(
        "-m", "newscrawler", "crawl-all", "--log-dir", str(tmp_path / "logs"), "--lock-dir", str(tmp_path / "locks"),
        "-s", f"NEWSCRAWLER_REPLAY_DIR={sites}", "-s", f"NEWSCRAWLER_NOW={REPLAY_NOW}",
        "-s", f"SQLITE_PATH={tmp_path / 'db.sqlite3'}", "-s", "MONGO_URI=", *args,
        env={"MONGO_URI": ""},
    )  # fmt: skip


def table_rows(stdout):
    lines = stdout.split("\n\n", 1)[1].splitlines()
    return {line.split()[0]: line.split() for line in lines[1:]}


def spider_of(article: dict) -> str:
    """The spider that stored an article: its outlet's, unless it is an aggregator's copy of a page that
    outlet's sources do not list (the aggregator's own spider found it)."""
    outlet = load_outlets()[article["outlet"]]
    return article["outlet"] if outlet.is_article_url(article["url"]) else article["via"]


def test_every_recorded_outlet_is_crawled_into_the_store_and_the_job_exits_0(tmp_path):
    result = crawl_all(tmp_path, "--parallel", "3")
    assert result.returncode == 0, result.stderr
    rows = table_rows(result.stdout)
    assert sorted(rows) == sorted([*recorded_slugs(), "total"])
    assert {row[1] for row in rows.values()} == {"ok"}
    articles, runs = stored_articles_and_runs(tmp_path / "db.sqlite3")
    assert sorted({run["spider"] for run in runs}) == recorded_slugs()  # each crawl wrote its crawl_runs document
    assert int(rows["total"][2]) == len(articles) > 0
    for slug in recorded_slugs():
        assert int(rows[slug][2]) == sum(1 for doc in articles.values() if spider_of(doc) == slug) > 0, slug
        assert (tmp_path / "logs" / f"{slug}.log").stat().st_size > 0
    assert result.stdout.count(f"/{len(recorded_slugs())}] ") == len(recorded_slugs())  # a progress line per outlet


def test_a_broken_outlet_exits_4_naming_it_and_the_others_are_stored(tmp_path):
    sites = tmp_path / "sites"
    for slug in ("yabiladi", "2m"):
        shutil.copytree(SITES / slug, sites / slug)
    for page in (sites / "yabiladi" / "pages").glob("*.html"):
        page.write_text("<html><body><div id='app'></div></body></html>")
    result = crawl_all(tmp_path, "--outlets", "yabiladi,2m", sites=sites)
    assert result.returncode == EXIT_OUTLET_BROKEN
    assert result.stderr.strip().splitlines() == [
        line for line in result.stderr.strip().splitlines() if line.startswith("newscrawler: yabiladi: all 6 article")
    ]
    rows = table_rows(result.stdout)
    assert rows["yabiladi"][1] == "broken" and "missing_" in " ".join(rows["yabiladi"][6:])
    assert rows["2m"][1] == "ok"
    articles, _ = stored_articles_and_runs(tmp_path / "db.sqlite3")
    assert {doc["outlet"] for doc in articles.values()} == {"2m"}


def test_an_unknown_slug_is_one_line_listing_the_known_ones(tmp_path):
    result = crawl_all(tmp_path, "--outlets", "hespress,nosuchpaper")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"newscrawler crawl-all: unknown outlet nosuchpaper; known: {', '.join(sorted(load_outlets()))}"
    ]
    assert crawl_all(tmp_path, "--exclude", "nosuch").returncode == 2
    as_scrapy_command = run_cli("-m", "scrapy", "crawl_all", "--outlets", "nosuchpaper")
    assert (as_scrapy_command.returncode, as_scrapy_command.stderr) == (2, result.stderr)


def test_outlets_and_exclude_choose_the_outlets():
    every = [slug for slug, outlet in sorted(load_outlets().items()) if outlet.status != "defunct"]
    assert selected_outlets([], []) == every
    assert selected_outlets([], ["hespress", "2m"]) == [slug for slug in every if slug not in ("hespress", "2m")]
    assert selected_outlets(["yabiladi", "2m"], ["2m"]) == ["yabiladi"]


def test_an_outlet_locked_by_another_run_is_skipped_and_reported(tmp_path):
    options = CrawlAllOptions(lock_dir=tmp_path / "locks", log_dir=tmp_path / "logs")
    with outlet_lock(options.lock_dir, "hespress") as held:
        assert held is not None
        run = run_outlet("hespress", options)
        with outlet_lock(options.lock_dir, "hespress") as second:
            assert second is None
    assert (run.label, run.status) == ("skipped", 0)
    assert run.why == [f"newscrawler: hespress: skipped: another run holds {options.lock_dir / 'hespress.lock'}"]
    with outlet_lock(options.lock_dir, "hespress") as again:
        assert again is not None  # released


def test_a_crawl_that_overruns_its_time_limit_is_killed_and_reported(tmp_path):
    options = CrawlAllOptions(timeout=0.2, grace=0.3)
    started = time.monotonic()
    with outlet_lock(tmp_path, "slow") as fd:
        status, _, killed = _run_process([sys.executable, "-c", "import time; time.sleep(30)"], fd, options)
    assert killed and status < 0 and time.monotonic() - started < 10
    run = _outcome("slow", status, "", killed, {}, options, 0.5)
    assert (run.status, run.label) == (EXIT_OUTLET_BROKEN, "killed")
    assert run.why == ["newscrawler: slow: killed: still running 0 s after its time limit"]


def test_a_crawl_closed_by_its_time_limit_or_crashed_is_a_failure():
    options = CrawlAllOptions(timeout=60)
    stopped = _outcome("x", 0, "", False, {"finish_reason": "closespider_timeout"}, options, 60.0)
    assert (stopped.status, stopped.label) == (EXIT_OUTLET_BROKEN, "timeout")
    assert stopped.why == ["newscrawler: x: stopped by its time limit of 60 s"]
    crashed = _outcome("x", 1, "Traceback ...\nImportError: boom\n", False, {}, options, 1.0)
    assert (crashed.status, crashed.label) == (EXIT_OUTLET_BROKEN, "crashed")
    assert crashed.why == ["newscrawler: x: crawl process exited with status 1: ImportError: boom"]
    spooled = _outcome("x", EXIT_STORE_FAILED, "newscrawler: store unreachable; ...\n", False, {}, options, 1.0)
    assert (spooled.status, spooled.label, spooled.why) == (3, "spooled", ["newscrawler: store unreachable; ..."])


def test_the_worst_status_wins():
    assert worst_status([0, 0]) == 0
    assert worst_status([0, EXIT_OUTLET_BROKEN, 0]) == EXIT_OUTLET_BROKEN
    assert worst_status([EXIT_OUTLET_BROKEN, EXIT_STORE_FAILED]) == EXIT_STORE_FAILED
    assert worst_status([EXIT_STORE_FAILED, EXIT_ITEMS_LOST, 0]) == EXIT_ITEMS_LOST


def test_parallel_crawls_share_the_cores_between_their_extraction_workers(monkeypatch):
    """--parallel N: each crawl gets the cores left after one per crawl process, shared out, not cores - 1."""
    assert [extraction_workers_per_crawl(n, cores=16) for n in (1, 2, 4, 8, 16, 32)] == [15, 7, 3, 1, 0, 0]
    assert extraction_workers_per_crawl(4, cores=2) == 0
    monkeypatch.delenv(WORKERS_VARIABLE, raising=False)
    monkeypatch.setattr("newscrawler.operations.crawl_all.extraction_workers_per_crawl", lambda n: 12 // n - 1)
    shared = sharing_cores(CrawlAllOptions(settings=["LOG_LEVEL=INFO"]), parallel=4)
    command = crawl_command("hespress", shared, Path("stats.json"))
    assert command[command.index("EXTRACTION_WORKERS=2") - 1] == "-s"
    chosen = CrawlAllOptions(settings=["EXTRACTION_WORKERS=5"])  # the user's choice wins
    assert sharing_cores(chosen, parallel=4) == chosen
    monkeypatch.setenv(WORKERS_VARIABLE, "0")  # so does the environment's
    assert sharing_cores(CrawlAllOptions(), parallel=4) == CrawlAllOptions()
