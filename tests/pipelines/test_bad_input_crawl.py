"""A real crawl through every pipeline step: bad input is dropped with a counted reason, never a crash."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from bad_input_spider import CASES
from scrapy.utils.project import get_project_settings

from newscrawler.parsing.fingerprint import content_fingerprint
from newscrawler.storage import ArticleQuery, open_store

REPO = Path(__file__).resolve().parents[2]
SUPPORT = REPO / "tests" / "support"


def test_bad_items_are_counted_by_reason_and_good_ones_stored(tmp_path):
    sqlite_path = tmp_path / "store.sqlite3"
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "bad_input_test", "-s", "SPIDER_MODULES=bad_input_spider",
         "-s", f"SQLITE_PATH={sqlite_path}", "-s", f"SPOOL_DIR={tmp_path / 'spool'}", "-s", "LOG_LEVEL=INFO"],
        cwd=REPO, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(SUPPORT), str(REPO)]), "MONGO_URI": ""},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr

    expected_drops = Counter(outcome for _, outcome in CASES if outcome not in ("stored", "same_url"))
    for reason, count in expected_drops.items():
        assert f"'newscrawler/dropped/{reason}': {count}" in result.stderr, reason
    assert "'newscrawler/dedup/same_url_in_run': 1" in result.stderr

    store = open_store({"MONGO_URI": "", "SQLITE_PATH": str(sqlite_path)})
    try:
        documents = {doc["canonical_url"].rsplit("/", 1)[1]: doc for doc in store.iter_articles(ArticleQuery())}
        run = store.last_runs()[0]
    finally:
        store.close()
    assert sorted(documents, key=int) == ["1", "10", "11", "12", "14"]
    assert run["drop_reasons"] == dict(expected_drops)
    assert run["counts"]["dropped"] == sum(expected_drops.values())
    # A 5 MB body is stored capped at NEWSCRAWLER_MAX_BODY_CHARS, and counted.
    assert 0 < len(documents["11"]["body"]) <= get_project_settings().getint("NEWSCRAWLER_MAX_BODY_CHARS") < 5_000_000
    assert "'newscrawler/capped/body': 1" in result.stderr
    assert documents["11"]["content_fingerprint"] == content_fingerprint(documents["11"]["body"])  # of the capped body
    assert documents["12"]["title"] == "Été à Rabat"
    assert documents["12"]["body"] == "Texte avec? contrôles."
    assert documents["14"]["published_at"].isoformat() == "2025-09-14T23:00:00+00:00"
    assert not any("$" in key or "." in key for key in documents["10"]["extra"])
