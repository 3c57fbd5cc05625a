"""A client-rendered site on 127.0.0.1 crawled for real: links and bodies appear only when rendered, through
headless Chromium (scrapy-playwright) or a Splash server (scrapy-splash), and the rendered articles go through
every pipeline (extraction, since, dedup, store, crawl_runs, exit status)."""

from __future__ import annotations

import json
import os
import re
import shutil
from datetime import datetime
from importlib.util import find_spec
from pathlib import Path

import pytest
from recorded_sites import run_cli, stored_articles_and_runs
from rendered_site import ARTICLE_SLUGS, SITE, SLUG, serve_rendered_site, write_config_dir

from newscrawler import settings as project_settings
from newscrawler.timezone import to_utc

CHROMIUM = project_settings.PLAYWRIGHT_LAUNCH_OPTIONS["executable_path"]
SPLASH_URL_TEST = os.environ.get("SPLASH_URL_TEST", "")
ENGINES = [
    pytest.param(
        "playwright",
        (),
        marks=pytest.mark.skipif(
            find_spec("scrapy_playwright") is None or not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)),
            reason=f"needs scrapy-playwright and Chromium at {CHROMIUM} (apt-packages.txt: chromium)",
        ),
    ),
    pytest.param(
        "splash",
        ("-s", f"SPLASH_URL={SPLASH_URL_TEST}"),
        marks=pytest.mark.skipif(
            not SPLASH_URL_TEST,
            reason="SPLASH_URL_TEST names no Splash server (one that reaches this machine's 127.0.0.1;"
            " .ci/splash-server starts one)",
        ),
    ),
]


def crawl(folder: Path, base_url: str, rendering, *args: str, pythonpath: str = ""):
    """``scrapy crawl`` of the site in a subprocess (since 2025-11-01), into a fresh store under ``folder``;
    ``pythonpath``: a folder of test-only modules the crawl loads."""
    configs = write_config_dir(folder / "configs", base_url, rendering)
    env = {"NEWSCRAWLER_CONFIG_DIR": str(configs), "MONGO_URI": ""}
    if pythonpath:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [pythonpath, os.environ.get("PYTHONPATH")]))
    return run_cli(
        "-m", "scrapy", "crawl", SLUG, "-a", "since=2025-11-01", "-s", f"SQLITE_PATH={folder / 'store.sqlite3'}",
        "-s", f"SPOOL_DIR={folder / 'spool'}", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=INFO", *args,
        env=env,
    )  # fmt: skip


def served_article(slug: str) -> dict:
    return json.loads((SITE / "api" / "articles" / f"{slug}.json").read_text(encoding="utf-8"))


def stat(stderr: str, name: str) -> int | None:
    found = re.search(rf"'{re.escape(name)}': (\d+)", stderr)
    return int(found.group(1)) if found else None


def test_without_rendering_the_app_shells_hold_no_link(tmp_path):
    with serve_rendered_site() as base_url:
        plain = crawl(tmp_path, base_url, "none")
    # The outlet looks broken (exit 4, one line) and nothing is stored.
    assert plain.returncode == 4, plain.stderr[-3000:]
    assert plain.stderr.strip().splitlines()[-1].startswith(f"newscrawler: {SLUG}: discovery found no links")
    assert stored_articles_and_runs(tmp_path / "store.sqlite3")[0] == {}


@pytest.mark.parametrize(("engine", "settings"), ENGINES)
def test_a_rendered_crawl_stores_the_articles_the_scripts_build(tmp_path, engine, settings):
    with serve_rendered_site() as base_url:
        rendered = crawl(tmp_path, base_url, engine, *settings)
    assert rendered.returncode == 0, rendered.stderr[-3000:]
    assert "Traceback" not in rendered.stderr and "ERROR" not in rendered.stderr
    if engine == "playwright":  # the listing and the 4 articles in the browser; robots.txt through Scrapy's handler
        assert stat(rendered.stderr, "playwright/request_count/navigation") == 5
        assert stat(rendered.stderr, "robotstxt/response_count") == 1
    else:
        assert stat(rendered.stderr, "splash/render.html/response_count/200") == 5
    articles, runs = stored_articles_and_runs(tmp_path / "store.sqlite3")
    by_slug = {url.rstrip("/").rsplit("/", 1)[1]: article for url, article in articles.items()}
    # since=2025-11-01 drops the October article (counted); the other three are stored as the scripts built them.
    assert sorted(by_slug) == sorted(ARTICLE_SLUGS[:3])
    assert stat(rendered.stderr, "newscrawler/dropped/skipped_old") == 1
    for slug, article in by_slug.items():
        served = served_article(slug)
        assert article["url"] == f"{base_url}/article/{slug}/"
        assert article["title"] == served["title"]
        assert article["body"] == "\n\n".join(served["paragraphs"])
        assert [author["name"] for author in article["authors"]] == [served["author"]]
        assert article["published_at"] == to_utc(datetime.fromisoformat(served["published"]))
    # The republished dispatch is marked as a copy of the original (whichever was stored first).
    original, copy = by_slug["tanger-med-record"], by_slug["tanger-med-record-reprise"]
    assert {original.get("duplicate_of"), copy.get("duplicate_of")} - {None} in (
        {original["canonical_url"]},
        {copy["canonical_url"]},
    )
    (run,) = runs
    assert run["finish_reason"] == "finished" and run["problem"] is None


@pytest.mark.parametrize(("engine", "settings"), ENGINES[:1])
def test_a_rendered_crawl_whose_store_fails_spools_the_articles_and_exits_3(tmp_path, engine, settings):
    """The store dies on its first write (tests/storage/flaky_store.py): the rendered articles go to the spool,
    and replaying it stores them all."""
    flaky = ("-s", "NEWSCRAWLER_STORE_CLASS=flaky_store.FlakyStore", "-s", "FLAKY_GOOD_BATCHES=0")
    storage_tests = str(Path(__file__).resolve().parents[1] / "storage")
    with serve_rendered_site() as base_url:
        rendered = crawl(tmp_path, base_url, engine, *settings, *flaky, pythonpath=storage_tests)
    assert rendered.returncode == 3, rendered.stderr[-3000:]
    (spool,) = (tmp_path / "spool").glob(f"{SLUG}-*.jsonl")
    line = f"newscrawler: store unreachable; 3 items written to spool {spool} — run: python -m newscrawler replay-spool {spool}"
    assert line in rendered.stderr.splitlines()[-3:]  # before the monitors' line (the store's error was logged)
    replayed = run_cli(
        "-m", "newscrawler", "replay-spool", str(spool), "--store", f"sqlite:///{tmp_path / 'store.sqlite3'}"
    )
    assert replayed.returncode == 0, replayed.stderr[-2000:]
    articles, _ = stored_articles_and_runs(tmp_path / "store.sqlite3")
    assert sorted(url.rstrip("/").rsplit("/", 1)[1] for url in articles) == sorted(ARTICLE_SLUGS[:3])
