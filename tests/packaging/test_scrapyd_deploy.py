"""``scrapyd-deploy`` builds an egg that a real Scrapyd accepts, lists the spiders of, and crawls from.

Scrapyd runs on 127.0.0.1 on a free port with every folder in a temp dir; the crawl replays the recorded
sites (no network) into a temp SQLite store, which must then hold exactly the expected articles.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest
from recorded_sites import REPLAY_NOW, SITES, comparable, expected_articles
from scrapyd_server import add_version, finished_job
from source_tree import missing_build_tools

from newscrawler.outlets import load_outlets
from newscrawler.storage import ArticleQuery, open_store
from newscrawler.storage.documents import to_json_dict

requests = pytest.importorskip("requests", reason="the Scrapyd test needs requirements-dev.txt")
pytest.importorskip("scrapyd", reason="the Scrapyd test needs scrapyd (requirements-dev.txt)")
pytest.importorskip("scrapyd_client", reason="the Scrapyd test needs scrapyd-client (requirements-dev.txt)")
pytestmark = pytest.mark.skipif(bool(missing_build_tools()), reason=missing_build_tools() or "build tools present")

SLUG = "hespress"  # discovery through WordPress REST, RSS and sitemaps


def test_the_egg_carries_the_configs_and_schemas_and_reads_them_zipped(egg, tmp_path):
    names = set(zipfile.ZipFile(egg).namelist())
    for slug in load_outlets():
        assert f"newscrawler/spiders_config/{slug}.yml" in names
    assert {"newscrawler/outlets/outlet.schema.json", "newscrawler/schema/article.schema.json"} <= names
    # Imported from the zip file itself, as Scrapyd runs it: configs and both schemas load.
    probe = (
        "import newscrawler, newscrawler.outlets as o, newscrawler.storage.spool as s\n"
        "s.article_validator()\n"
        "print(newscrawler.__file__)\n"
        "print(' '.join(sorted(o.load_outlets())))"
    )
    env = {key: value for key, value in os.environ.items() if key != "NEWSCRAWLER_CONFIG_DIR"}
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={**env, "PYTHONPATH": str(egg)},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    module_file, slugs = result.stdout.splitlines()
    assert module_file.startswith(str(egg))
    assert slugs.split() == sorted(load_outlets())


def test_scrapyd_runs_a_replayed_crawl_from_the_deployed_egg(egg, scrapyd, tmp_path):

    added = add_version(scrapyd, egg)
    assert added["status"] == "ok", added
    spiders = requests.get(f"{scrapyd}/listspiders.json", params={"project": "newscrawler"}, timeout=120).json()
    assert spiders["status"] == "ok", spiders
    assert sorted(spiders["spiders"]) == sorted(load_outlets())

    store = tmp_path / "articles.sqlite3"
    scheduled = requests.post(
        f"{scrapyd}/schedule.json",
        data={
            "project": "newscrawler",
            "spider": SLUG,
            "setting": [f"NEWSCRAWLER_REPLAY_DIR={SITES}", f"NEWSCRAWLER_NOW={REPLAY_NOW}", f"SQLITE_PATH={store}"],
        },
        timeout=30,
    ).json()
    assert scheduled["status"] == "ok", scheduled
    job = finished_job(scrapyd, scheduled["jobid"])
    log = requests.get(f"{scrapyd}{job['log_url']}", timeout=10).text
    assert "'finish_reason': 'finished'" in log, log[-3000:]

    opened = open_store({"MONGO_URI": "", "SQLITE_PATH": str(store)})
    try:
        stored = {doc["url"]: comparable(doc) for doc in map(to_json_dict, opened.iter_articles(ArticleQuery()))}
    finally:
        opened.close()
    expected = {case["url"]: comparable(case["article"]) for case in expected_articles(SLUG)}
    assert stored == expected
