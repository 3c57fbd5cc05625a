"""A real Scrapyd on 127.0.0.1 for tests: the project's egg built with scrapyd-deploy, the server started
on a free port with every folder in a temp dir, and a wait for a job to finish."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from recorded_sites import REPO
from source_tree import copy_source_tree

JOB_TIMEOUT = 240.0  # seconds from schedule to a finished job, on a loaded 2-core machine


def _git_status() -> str | None:
    """``git status --porcelain`` of the checkout, or None when it is not a git checkout."""
    result = subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True)
    return result.stdout if result.returncode == 0 else None


def build_egg(egg: Path, scratch: Path) -> None:
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


@contextmanager
def running_scrapyd(home: Path) -> Iterator[str]:
    """A Scrapyd server's base URL; the server is stopped afterwards."""
    import requests

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


def add_version(url: str, egg: Path) -> dict:
    """Scrapyd's answer to uploading the egg as version 1 of project newscrawler."""
    import requests

    return requests.post(
        f"{url}/addversion.json",
        data={"project": "newscrawler", "version": "1"},
        files={"egg": egg.read_bytes()},
        timeout=120,
    ).json()


def finished_job(url: str, job: str) -> dict:
    """Scrapyd's listing of the job once it finished (AssertionError after JOB_TIMEOUT)."""
    import requests

    deadline = time.monotonic() + JOB_TIMEOUT
    while time.monotonic() < deadline:
        jobs = requests.get(f"{url}/listjobs.json", params={"project": "newscrawler"}, timeout=10).json()
        for finished in jobs["finished"]:
            if finished["id"] == job:
                return finished
        time.sleep(1)
    raise AssertionError(f"job {job} not finished after {JOB_TIMEOUT:.0f} s: {jobs}")
