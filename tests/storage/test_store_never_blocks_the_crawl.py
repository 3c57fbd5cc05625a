"""A store that stalls never stops the crawl: pages keep downloading while a write is held up.

The recorded Hespress site is crawled one request at a time (``CONCURRENT_REQUESTS=1``), each page
taking 0.2 s (slow_downloads.SlowDownloads), each article written on its own (``STORE_BATCH_SIZE=1``);
the first write blocks for a few seconds (blocking_store.BlockingStore). Each log line carries its time (``%(created)f``): pages logged as
crawled between the start and the end of the block were downloaded while the store was stuck.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

from recorded_sites import crawl_recorded, expected_articles

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
BLOCK_SECONDS = 3


def test_pages_keep_downloading_while_the_store_is_blocked_and_nothing_is_lost(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]))
    marker = tmp_path / "blocked"
    result = crawl_recorded(
        "hespress", tmp_path / "store.sqlite3",
        "-s", "NEWSCRAWLER_STORE_CLASS=blocking_store.BlockingStore", "-s", f"BLOCK_SECONDS={BLOCK_SECONDS}",
        "-s", f"BLOCK_MARKER={marker}", "-s", "STORE_BATCH_SIZE=1", "-s", "CONCURRENT_REQUESTS=1",
        "-s", f"SPOOL_DIR={tmp_path / 'spool'}", "-s", "LOG_LEVEL=DEBUG",
        "-s", 'DOWNLOADER_MIDDLEWARES={"slow_downloads.SlowDownloads": 1}', "-s", "SLOW_DOWNLOAD_SECONDS=0.2",
        "-s", "LOG_FORMAT=%(created)f [%(name)s] %(levelname)s: %(message)s",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    start, end = map(float, marker.read_text().split())
    assert end - start >= BLOCK_SECONDS
    crawled = [
        float(t) for t in re.findall(r"^(\d+\.\d+) \[scrapy.core.engine\] DEBUG: Crawled \(", result.stderr, re.M)
    ]
    during = [t for t in crawled if start < t < end]
    assert len(during) >= 3, (start, end, crawled)  # before: none (the write held the reactor thread)
    with sqlite3.connect(tmp_path / "store.sqlite3") as db:
        stored = {url for (url,) in db.execute("SELECT json_extract(document, '$.url') FROM articles")}
    assert stored == {case["url"] for case in expected_articles("hespress")}
    assert not (tmp_path / "spool").exists()


def test_a_full_write_queue_holds_items_back_and_loses_none(tmp_path):
    """Back-pressure: with the store stalled and STORE_QUEUE_SIZE reached, items wait for room."""
    count = 250
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "flaky_test", "-a", f"count={count}",
         "-s", "SPIDER_MODULES=flaky_spider", "-s", 'ITEM_PIPELINES={"newscrawler.pipelines.store.StorePipeline": 600}',
         "-s", f"SQLITE_PATH={tmp_path / 'store.sqlite3'}", "-s", f"SPOOL_DIR={tmp_path / 'spool'}",
         "-s", "NEWSCRAWLER_STORE_CLASS=blocking_store.BlockingStore", "-s", "BLOCK_SECONDS=2",
         "-s", f"BLOCK_MARKER={tmp_path / 'blocked'}", "-s", "STORE_BATCH_SIZE=20", "-s", "STORE_QUEUE_SIZE=40",
         "-s", "LOG_LEVEL=INFO"],
        cwd=REPO, capture_output=True, text=True, timeout=300,
        env={**os.environ, "MONGO_URI": "", "PYTHONPATH": os.pathsep.join([str(HERE), str(REPO)])},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    waits = re.search(r"'newscrawler/store_backpressure_waits': (\d+)", result.stderr)
    assert waits and int(waits.group(1)) > 0
    with sqlite3.connect(tmp_path / "store.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == count
