"""Two scrapy-redis workers (two processes) crawl a recorded site through one Redis into one store."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import redis
from recorded_sites import REPLAY_NOW, REPO, SITES, crawl_recorded, expected_articles, run_cli, stored_articles_and_runs

from newscrawler import distributed
from newscrawler.outlets import load_outlets
from newscrawler.storage import open_store

SLUG = "hespress"  # paged WordPress REST, feeds and a sitemap index: articles found by several sources


def _worker_command(redis_url: str, store: Path, stats_file: Path, idle: int) -> list[str]:
    return [
        sys.executable, "-m", "scrapy", "crawl", SLUG,
        "-s", f"NEWSCRAWLER_REDIS_URL={redis_url}", "-s", f"MAX_IDLE_TIME_BEFORE_CLOSE={idle}",
        "-s", f"NEWSCRAWLER_REPLAY_DIR={SITES}", "-s", f"NEWSCRAWLER_NOW={REPLAY_NOW}",
        "-s", f"SQLITE_PATH={store}", "-s", "MONGO_URI=", "-s", "LOG_LEVEL=INFO",
        # Slow and narrow, so that neither worker can take the whole site before the other one asks.
        "-s", "CONCURRENT_REQUESTS=1", "-s", "DOWNLOAD_DELAY=2", "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", "STATS_CLASS=newscrawler.operations.stats_file.JsonFileStatsCollector",
        "-s", f"NEWSCRAWLER_STATS_FILE={stats_file}",
    ]  # fmt: skip


def _start_workers(tmp_path: Path, redis_url: str, store: Path, count: int, idle: int) -> list[tuple]:
    workers = []
    for n in range(count):
        log = tmp_path / f"worker{n}.log"
        stats = tmp_path / f"worker{n}.json"
        with log.open("w") as out:
            process = subprocess.Popen(
                _worker_command(redis_url, store, stats, idle), cwd=REPO, stdout=out, stderr=subprocess.STDOUT
            )
        workers.append((process, log, stats))
    return workers


def _wait_until_open(workers: list[tuple], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not all("Spider opened" in log.read_text(errors="replace") for _, log, _ in workers):
        assert time.monotonic() < deadline, "workers did not open"
        assert all(process.poll() is None for process, _, _ in workers), "a worker stopped before opening"
        time.sleep(0.2)


def _finish(workers: list[tuple]) -> list[dict]:
    stats = []
    for process, log, stats_file in workers:
        assert process.wait(timeout=300) == 0, log.read_text(errors="replace")[-3000:]
        stats.append(json.loads(stats_file.read_text(encoding="utf-8")))
    return stats


def _seed(redis_url: str) -> None:
    seeded = run_cli("-m", "newscrawler", "seed", SLUG, "--redis-url", redis_url)
    assert seeded.returncode == 0, seeded.stderr
    assert f"{SLUG}: new run, 5 discovery URLs pushed" in seeded.stdout


def _total(stats: list[dict], key: str) -> int:
    return sum(worker.get(key, 0) for worker in stats)


def _crawl_state(store: Path) -> dict:
    opened = open_store({"MONGO_URI": "", "SQLITE_PATH": str(store)})
    try:
        return opened.load_crawl_state(SLUG)
    finally:
        opened.close()


def test_two_workers_store_every_article_once_and_a_rerun_stores_nothing(tmp_path, redis_url):
    store = tmp_path / "shared.sqlite3"
    expected = {case["article"]["url"] for case in expected_articles(SLUG)}

    workers = _start_workers(tmp_path, redis_url, store, count=2, idle=8)
    _wait_until_open(workers)  # both wait for the seeds (seeded here at once: the command's start-up is slow)
    with redis.Redis.from_url(redis_url) as client:
        distributed.seed(client, load_outlets()[SLUG])
    stats = _finish(workers)

    stored, _ = stored_articles_and_runs(store)
    assert set(stored) == expected
    # Each article page fetched and stored once, by one of the two workers.
    assert _total(stats, "newscrawler/articles/extracted") == len(expected)
    assert _total(stats, "newscrawler/stored/new") == len(expected)
    assert all(worker.get("scheduler/dequeued/redis", 0) > 0 for worker in stats), "one worker did everything"
    assert [worker["finish_reason"] for worker in stats] == ["finished", "finished"]

    # The last worker out committed the watermarks a one-process crawl commits.
    alone = tmp_path / "alone.sqlite3"
    assert crawl_recorded(SLUG, alone).returncode == 0
    assert _crawl_state(store) == _crawl_state(alone) != {}

    _seed(redis_url)  # a new run: nothing new on the site
    rerun = _finish(_start_workers(tmp_path, redis_url, store, count=1, idle=3))
    assert rerun[0].get("newscrawler/articles/extracted", 0) == 0
    assert rerun[0].get("newscrawler/discovery/skipped_known") == len(expected)
    assert set(stored_articles_and_runs(store)[0]) == expected
