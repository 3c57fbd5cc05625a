"""A real ``scrapy crawl`` (subprocess) whose store fails part-way loses nothing.

The test spider (flaky_spider.py) yields articles without network; the store is selected with
NEWSCRAWLER_STORE_CLASS (flaky_store.FlakyStore: SQLite that dies after N batches) or MONGO_URI.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from newscrawler.storage.uri import parse_mongo_uri

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
COUNT = 250
STORE_ONLY = json.dumps({"newscrawler.pipelines.store.StorePipeline": 600})


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), str(REPO)]), "MONGO_URI": ""} | (env or {})
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True, timeout=300, env=environment
    )


def crawl(
    tmp_path: Path, *settings: str, env: dict[str, str] | None = None, args: tuple[str, ...] = ()
) -> subprocess.CompletedProcess:
    options = [f"-s{s}" for s in ("SPIDER_MODULES=flaky_spider", f"ITEM_PIPELINES={STORE_ONLY}", *settings)]
    return run(
        "scrapy", "crawl", "flaky_test", "-a", f"count={COUNT}",
        "-s", f"SQLITE_PATH={tmp_path / 'store.sqlite3'}", "-s", f"SPOOL_DIR={tmp_path / 'spool'}",
        "-s", "STORE_BATCH_SIZE=40", "-s", "STORE_RETRY_BACKOFF=0", "-s", "LOG_LEVEL=DEBUG", *options, *args,
        env=env,
    )  # fmt: skip


def article_rows(tmp_path: Path) -> list[tuple]:
    with sqlite3.connect(tmp_path / "store.sqlite3") as db:
        return db.execute("SELECT id, first_seen, last_seen, revision, document FROM articles ORDER BY id").fetchall()


def test_a_crawl_whose_store_fails_part_way_loses_nothing(tmp_path):
    result = crawl(tmp_path, "NEWSCRAWLER_STORE_CLASS=flaky_store.FlakyStore", "FLAKY_GOOD_BATCHES=2")
    assert result.returncode == 3, result.stderr[-3000:]
    (spool,) = (tmp_path / "spool").glob("flaky_test-*.jsonl")
    assert result.stderr.rstrip().splitlines()[-1] == (
        f"newscrawler: store unreachable; {COUNT - 80} items written to spool {spool}"
        f" — run: python -m newscrawler replay-spool {spool}"
    )
    kinds = [json.loads(line)["kind"] for line in spool.read_text(encoding="utf-8").splitlines()]
    assert kinds == ["article"] * (COUNT - 80) + ["crawl_run"]
    assert len(article_rows(tmp_path)) == 80 + 20  # two good batches, half of the failing one

    store = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    first = run("newscrawler", "replay-spool", str(spool), "--store", store)
    assert first.returncode == 0, first.stderr
    assert f"{COUNT - 80} articles ({COUNT - 100} new, 0 revised, 20 unchanged), 1 crawl runs" in first.stdout
    stored = article_rows(tmp_path)
    assert len(stored) == COUNT

    second = run("newscrawler", "replay-spool", str(spool), "--store", store)
    assert second.returncode == 0, second.stderr
    assert f"(0 new, 0 revised, {COUNT - 80} unchanged)" in second.stdout
    assert article_rows(tmp_path) == stored

    listed = run("newscrawler", "articles", "--format", "jsonl", "--store", store)
    documents = [json.loads(line) for line in listed.stdout.splitlines()]
    assert len(documents) == COUNT and documents[0]["url"] == f"https://flaky.example/a/{COUNT - 1}"
    assert documents[0]["extra"] == {"json．ld": {"＄type": "NewsArticle"}}

    stats = run("newscrawler", "stats", "--store", store, "--days", "0")
    assert stats.returncode == 0, stats.stderr
    assert re.search(rf"^flaky\s+{COUNT}$", stats.stdout, re.MULTILINE)  # per-outlet count
    assert "flaky_test" in stats.stdout  # the spooled crawl run, replayed


def test_a_healthy_crawl_exits_zero_and_records_its_run(tmp_path):
    result = crawl(tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "newscrawler:" not in result.stderr
    assert not (tmp_path / "spool").exists()
    assert "Article store: sqlite:///" in result.stderr and "embedded; set MONGO_URI" in result.stderr
    with sqlite3.connect(tmp_path / "store.sqlite3") as db:
        (run_document,) = [json.loads(doc) for (doc,) in db.execute("SELECT document FROM crawl_runs")]
    assert run_document["counts"]["stored_new"] == COUNT and run_document["finish_reason"] == "finished"


@pytest.mark.parametrize("password", ["S3cr3t-Passw0rd", "Zq#Pw77", "Zqx/Pwy?w@z77%7"])
def test_an_unreachable_mongodb_spools_everything_and_never_prints_the_password(tmp_path, password):
    uri = f"mongodb://crawler:{password}@127.0.0.1:9/?authSource=admin"
    result = crawl(tmp_path, "MONGO_SERVER_SELECTION_TIMEOUT_MS=200", "STORE_MAX_RETRIES=1", env={"MONGO_URI": uri})
    cli = run("newscrawler", "articles", "--store", uri)
    if parse_mongo_uri(uri):  # a server that does not answer: everything spooled, exit 3
        assert result.returncode == 3, result.stderr[-3000:]
        (spool,) = (tmp_path / "spool").glob("*.jsonl")
        assert f"{COUNT} items written to spool {spool}" in result.stderr
        assert cli.returncode == 1 and "store unavailable" in cli.stderr
        spooled = spool.read_text(encoding="utf-8")
    else:  # a URI the driver cannot read: a usage error before any request (exit 2), nothing to spool
        assert result.returncode == 2, result.stderr[-3000:]
        assert not (tmp_path / "spool").exists() and "Spider opened" not in result.stderr
        assert cli.returncode == 2 and "--store: " in cli.stderr
        spooled = ""
    printed = (result.stdout, result.stderr, spooled, cli.stdout, cli.stderr)
    named = "mongodb://127.0.0.1:9/" if parse_mongo_uri(uri) else "mongodb://(unparseable URI hidden)"
    assert named in result.stderr and named in cli.stderr  # the store is named, by host only
    for text in printed:
        assert password not in text and "//crawler" not in text
        assert not [part for part in re.split("[#?/@%]", password) if len(part) >= 3 and part in text]


def test_when_neither_store_nor_spool_can_take_items_the_crawl_stops_and_exits_5(tmp_path):
    """Disk full under the spool: the loss is counted, the crawl stopped, the run record kept elsewhere."""
    full = tmp_path / "full"
    full.write_text("")  # SPOOL_DIR is a file: the spool cannot be created (as on a full disk)
    fallback = tmp_path / "runs.jsonl"
    result = crawl(
        tmp_path, "NEWSCRAWLER_STORE_CLASS=flaky_store.FlakyStore", "FLAKY_GOOD_BATCHES=1",
        f"SPOOL_DIR={full / 'spool'}", f"RUN_FALLBACK_PATH={fallback}", args=("-a", "pause_after=80"),
    )  # fmt: skip
    assert result.returncode == 5, result.stderr[-3000:]
    (run_line,) = fallback.read_text(encoding="utf-8").splitlines()
    run_record = json.loads(run_line)
    assert run_record["kind"] == "crawl_run"
    document = run_record["document"]
    assert document["finish_reason"] == "store_and_spool_failed"
    counts = document["counts"]
    lost = counts["lost"]
    assert (counts["items_scraped"], counts["stored_new"], lost) == (80, 40, 40)  # the crawl stopped at the loss
    assert f"'newscrawler/lost': {lost}" in result.stderr
    (line,) = [line for line in result.stderr.splitlines() if " items lost: " in line]
    assert line.startswith(f"newscrawler: {lost} items lost: neither the store nor the spool could take them (")
    assert line.endswith(f"); crawl stopped; run record in {fallback}")
    assert "Not a directory" in line
