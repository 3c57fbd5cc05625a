"""Resumable by design: after an interrupted crawl, the next ordinary run stores every article, once.

The recorded Maghress site pages its Hespress listing: one article (431977) is only on page 2.
A run that stopped before page 2 must not leave it behind: the next run pages past page 1 even though
page 1's links are all stored, because no complete run has committed a watermark for that listing.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from recorded_sites import REPLAY_NOW, SITES, crawl_recorded, expected_articles

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
PAGE_2 = "https://www.maghress.com/fr/hespress?page=2"
HESPRESS_LISTING = "https://www.maghress.com/fr/hespress"


def stored_urls(sqlite_path: Path) -> list[str]:
    with sqlite3.connect(sqlite_path) as db:
        return sorted(url for (url,) in db.execute("SELECT json_extract(document, '$.url') FROM articles"))


def crawl_state(sqlite_path: Path) -> dict[str, dict]:
    with sqlite3.connect(sqlite_path) as db:
        rows = db.execute("SELECT source, document FROM crawl_state WHERE spider = 'maghress'").fetchall()
    return {source: json.loads(document) for source, document in rows}


def expected_urls() -> list[str]:
    return sorted(case["url"] for case in expected_articles("maghress"))


def site_without_page_2(tmp_path: Path) -> Path:
    """A copy of the recorded Maghress site whose listing page 2 does not answer (404)."""
    sites = tmp_path / "sites"
    shutil.copytree(SITES / "maghress", sites / "maghress")
    manifest = sites / "maghress" / "manifest.yml"
    text = manifest.read_text(encoding="utf-8")
    entry = f"  - url: {PAGE_2}\n    file: pages/list-hespress-2.html\n"
    assert entry in text
    manifest.write_text(text.replace(entry, ""), encoding="utf-8")
    return sites


def test_a_listing_cut_short_is_paged_again_by_the_next_ordinary_run(tmp_path):
    store = tmp_path / "store.sqlite3"
    first = crawl_recorded("maghress", store, sites=site_without_page_2(tmp_path))
    assert first.returncode == 0, first.stderr[-3000:]
    assert stored_urls(store) == [url for url in expected_urls() if not url.endswith("/431977")]
    assert HESPRESS_LISTING not in crawl_state(store)  # its paging failed: no watermark
    assert len(crawl_state(store)) == 2  # the other two listings were read to their end

    second = crawl_recorded("maghress", store, "-s", "LOG_LEVEL=DEBUG")
    assert second.returncode == 0, second.stderr[-3000:]
    assert f"Crawled (200) <GET {PAGE_2}>" in second.stderr  # page 1 all stored, paged on all the same
    assert stored_urls(store) == expected_urls()
    assert crawl_state(store)[HESPRESS_LISTING]["urls"] == ["https://www.maghress.com/fr/hespress/416382"]


def test_after_a_complete_run_paging_stops_at_the_watermark(tmp_path):
    store = tmp_path / "store.sqlite3"
    assert crawl_recorded("maghress", store).returncode == 0
    again = crawl_recorded("maghress", store, "-s", "LOG_LEVEL=DEBUG")
    assert again.returncode == 0, again.stderr[-3000:]
    assert f"<GET {PAGE_2}>" not in again.stderr  # page 1 holds the watermark and nothing new
    assert "'newscrawler/articles/requested'" not in again.stderr
    assert stored_urls(store) == expected_urls()


def test_a_crawl_killed_with_sigkill_mid_write_is_completed_by_the_next_ordinary_run(tmp_path):
    """kill -9 while the store holds up the second write: what was not written is fetched again."""
    store, marker = tmp_path / "store.sqlite3", tmp_path / "blocked"
    crawl = subprocess.Popen(
        [sys.executable, "-m", "scrapy", "crawl", "maghress",
         "-s", f"NEWSCRAWLER_REPLAY_DIR={SITES}", "-s", f"NEWSCRAWLER_NOW={REPLAY_NOW}", "-s", "MONGO_URI=",
         "-s", f"SQLITE_PATH={store}", "-s", f"SPOOL_DIR={tmp_path / 'spool'}", "-s", "STORE_BATCH_SIZE=1",
         "-s", "NEWSCRAWLER_STORE_CLASS=blocking_store.BlockingStore", "-s", "BLOCK_AFTER_BATCHES=1",
         "-s", "BLOCK_SECONDS=120", "-s", f"BLOCK_MARKER={marker}"],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "MONGO_URI": "", "PYTHONPATH": os.pathsep.join([str(HERE), str(REPO)])},
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while not marker.exists() and crawl.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), "the crawl never reached its second write"
    finally:
        crawl.send_signal(signal.SIGKILL)
        crawl.wait(timeout=30)
    assert len(stored_urls(store)) == 1  # one write went through, the rest was in flight
    assert crawl_state(store) == {}

    again = crawl_recorded("maghress", store)
    assert again.returncode == 0, again.stderr[-3000:]
    assert stored_urls(store) == expected_urls()  # every article, each once (one row per URL)
