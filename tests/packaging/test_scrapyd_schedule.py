"""``scrapyd-schedule``: every chosen outlet scheduled on a real Scrapyd (127.0.0.1) through schedule.json,
the jobs replaying the recorded sites to the end; an outlet with a job pending or running is skipped."""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
from recorded_sites import REPLAY_NOW, SITES, expected_articles, run_cli, stored_articles_and_runs
from scrapyd_server import add_version, finished_job
from source_tree import missing_build_tools

SLUGS = ["hespress", "yabiladi"]


def schedule(*args: str):
    return run_cli("-m", "newscrawler", "scrapyd-schedule", *args)


@pytest.mark.skipif(bool(missing_build_tools()), reason=missing_build_tools() or "build tools present")
def test_every_chosen_outlet_is_scheduled_runs_to_the_end_and_is_never_stacked(egg, scrapyd, tmp_path):
    pytest.importorskip("scrapyd", reason="the Scrapyd test needs scrapyd (requirements-dev.txt)")
    pytest.importorskip("scrapyd_client", reason="the Scrapyd test needs scrapyd-client (requirements-dev.txt)")
    assert add_version(scrapyd, egg)["status"] == "ok"
    store = tmp_path / "articles.sqlite3"
    args = ["--url", scrapyd, "--outlets", ",".join(SLUGS)]
    for setting in (f"NEWSCRAWLER_REPLAY_DIR={SITES}", f"NEWSCRAWLER_NOW={REPLAY_NOW}", f"SQLITE_PATH={store}"):
        args += ["-s", setting]
    first = schedule(*args)
    assert first.returncode == 0, first.stderr
    jobs = dict(re.findall(r"^(\S+): scheduled, job (\w+)$", first.stdout, re.MULTILINE))
    assert sorted(jobs) == SLUGS, first.stdout
    again = schedule(*args)  # the jobs are still pending or running (a crawl takes seconds)
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines() == [
        f"{slug}: skipped, a job is already pending or running on {scrapyd}/" for slug in SLUGS
    ]
    for job in jobs.values():
        log = finished_job(scrapyd, job)["log_url"]
        assert log
    articles, runs = stored_articles_and_runs(store)
    assert sorted(articles) == sorted(case["url"] for slug in SLUGS for case in expected_articles(slug))
    assert sorted((run["spider"], run["finish_reason"], run["monitors_failed"]) for run in runs) == [
        (slug, "finished", None) for slug in SLUGS
    ]


class FakeScrapyd(BaseHTTPRequestHandler):
    """Answers like Scrapyd behind basic auth: no job running, and schedule.json refuses yabiladi."""

    def do_GET(self):
        self.answer({"status": "ok", "pending": [], "running": [{"spider": "2m"}], "finished": []})

    def do_POST(self):
        form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        self.server.forms.append(form)
        refused = form["spider"] == ["yabiladi"]
        self.answer({"status": "error", "message": "spider 'yabiladi' not found"} if refused else {"jobid": "j1"})

    def answer(self, body: dict) -> None:
        self.server.auth.append(self.headers.get("Authorization"))
        data = json.dumps({"status": "ok"} | body).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_scrapyd():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeScrapyd)
    server.forms, server.auth = [], []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def test_credentials_arguments_skips_and_refusals(fake_scrapyd):
    url = f"http://ops:s%40cret@127.0.0.1:{fake_scrapyd.server_port}"
    result = schedule(
        "--url", url, "--outlets", "hespress,2m,yabiladi", "--since", "2025-11-01", "-s", "LOG_LEVEL=INFO"
    )
    assert result.returncode == 1
    where = f"http://127.0.0.1:{fake_scrapyd.server_port}/"
    assert result.stdout.splitlines() == [
        "hespress: scheduled, job j1",
        f"2m: skipped, a job is already pending or running on {where}",
    ]
    assert result.stderr == (
        f"newscrawler scrapyd-schedule: yabiladi: {where}schedule.json: spider 'yabiladi' not found\n"
    )
    assert "s@cret" not in result.stdout + result.stderr and "s%40cret" not in result.stdout + result.stderr
    assert set(fake_scrapyd.auth) == {"Basic b3BzOnNAY3JldA=="}  # ops:s@cret
    assert fake_scrapyd.forms[0] == {
        "project": ["newscrawler"], "spider": ["hespress"], "setting": ["LOG_LEVEL=INFO"], "since": ["2025-11-01"]
    }  # fmt: skip


def test_an_unreachable_scrapyd_or_an_unknown_outlet_is_one_line():
    unreachable = schedule("--url", "http://127.0.0.1:1/", "--outlets", "hespress")
    assert (unreachable.returncode, unreachable.stdout) == (1, "")
    assert unreachable.stderr.startswith("newscrawler scrapyd-schedule: http://127.0.0.1:1/listjobs.json: ")
    assert len(unreachable.stderr.splitlines()) == 1
    unknown = schedule("--outlets", "nowhere")
    assert unknown.returncode == 2 and unknown.stderr.startswith("newscrawler scrapyd-schedule: unknown outlet nowhere")
