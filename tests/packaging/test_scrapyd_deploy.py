"""``scrapyd-deploy`` builds an egg that a real Scrapyd accepts, lists the spiders of, and crawls from.

Scrapyd runs on 127.0.0.1 on a free port with every folder in a temp dir; the crawl replays the recorded
sites (no network) into a temp SQLite store, which must then hold exactly the expected articles.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from recorded_sites import REPLAY_NOW, REPO, SITES, comparable, expected_articles
from source_tree import copy_source_tree, missing_build_tools

from newscrawler.outlets import load_outlets
from newscrawler.storage import ArticleQuery, open_store
from newscrawler.storage.documents import to_json_dict

requests = pytest.importorskip("requests", reason="the Scrapyd test needs requirements-dev.txt")
pytest.importorskip("scrapyd", reason="the Scrapyd test needs scrapyd (requirements-dev.txt)")
pytest.importorskip("scrapyd_client", reason="the Scrapyd test needs scrapyd-client (requirements-dev.txt)")
pytestmark = pytest.mark.skipif(bool(missing_build_tools()), reason=missing_build_tools() or "build tools present")

SLUG = "hespress"  # discovery through WordPress REST, RSS and sitemaps
JOB_TIMEOUT = 240.0  # seconds from schedule to a finished job, on a loaded 2-core machine


def _git_status() -> str | None:
    """``git status --porcelain`` of the checkout, or None when it is not a git checkout."""
    result = subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True)
    return result.stdout if result.returncode == 0 else None


def _build_egg(egg: Path, scratch: Path) -> None:
    """``scrapyd-deploy --build-egg`` in the checkout (a git checkout must stay clean), else in a copy."""
    before = _git_status()
    project = REPO if before is not None else copy_source_tree(scratch / "src")
    # The git-ignored build output a deploy leaves; removed afterwards unless it was there already.
    leftovers = [path for path in (project / "build", project / "newscrawler.egg-info") if not path.exists()]
    result = subprocess.run(
        [sys.executable, "-m", "scrapyd_client.deploy", "--build-egg", str(egg)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "TMPDIR": str(scratch)},  # where scrapyd-deploy leaves its build folder
    )
    try:
        assert result.returncode == 0, result.stderr[-3000:]
        if before is not None:
            assert _git_status() == before, "scrapyd-deploy left files git sees"
    finally:
        for path in leftovers:
            shutil.rmtree(path, ignore_errors=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _scrapyd_conf(home: Path, port: int) -> str:
    folders = {name: home / name for name in ("eggs", "logs", "items", "dbs")}
    for folder in folders.values():
        folder.mkdir()
    return (
        "[scrapyd]\n"
        f"bind_address = 127.0.0.1\nhttp_port = {port}\npoll_interval = 0.5\n"
        f"eggs_dir = {folders['eggs']}\nlogs_dir = {folders['logs']}\n"
        f"items_dir = {folders['items']}\ndbs_dir = {folders['dbs']}\n"
    )


@pytest.fixture
def scrapyd(tmp_path):
    """A Scrapyd server's base URL; the server is stopped afterwards."""
    home = tmp_path / "scrapyd"
    home.mkdir()
    port = _free_port()
    (home / "scrapyd.conf").write_text(_scrapyd_conf(home, port), encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "NEWSCRAWLER_CONFIG_DIR")}
    log = (home / "scrapyd.out").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "scrapyd"],
        cwd=home,  # not inside the checkout: the spiders must come from the egg
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**env, "MONGO_URI": ""},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, (home / "scrapyd.out").read_text()[-3000:]
            try:
                if requests.get(f"{url}/daemonstatus.json", timeout=2).json()["status"] == "ok":
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, "scrapyd did not answer within 60 s"
            time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def _finished_job(url: str, job: str) -> dict:
    deadline = time.monotonic() + JOB_TIMEOUT
    while time.monotonic() < deadline:
        jobs = requests.get(f"{url}/listjobs.json", params={"project": "newscrawler"}, timeout=10).json()
        for finished in jobs["finished"]:
            if finished["id"] == job:
                return finished
        time.sleep(1)
    raise AssertionError(f"job {job} not finished after {JOB_TIMEOUT:.0f} s: {jobs}")


@pytest.fixture(scope="module")
def egg(tmp_path_factory) -> Path:
    scratch = tmp_path_factory.mktemp("egg")
    _build_egg(scratch / "newscrawler.egg", scratch)
    return scratch / "newscrawler.egg"


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

    added = requests.post(
        f"{scrapyd}/addversion.json",
        data={"project": "newscrawler", "version": "1"},
        files={"egg": egg.read_bytes()},
        timeout=120,
    ).json()
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
    job = _finished_job(scrapyd, scheduled["jobid"])
    log = requests.get(f"{scrapyd}{job['log_url']}", timeout=10).text
    assert "'finish_reason': 'finished'" in log, log[-3000:]

    opened = open_store({"MONGO_URI": "", "SQLITE_PATH": str(store)})
    try:
        stored = {doc["url"]: comparable(doc) for doc in map(to_json_dict, opened.iter_articles(ArticleQuery()))}
    finally:
        opened.close()
    expected = {case["url"]: comparable(case["article"]) for case in expected_articles(SLUG)}
    assert stored == expected
