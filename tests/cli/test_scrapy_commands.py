"""The analyst tools are also Scrapy commands of the project (``scrapy articles`` ...)."""

import json

from recorded_sites import REPO, SITES, crawl_recorded, run_cli


def test_scrapy_lists_the_tools_and_runs_them_with_their_options(tmp_path):
    listing = run_cli("-m", "scrapy", "-h")
    for command in ("articles", "stats", "replay_spool", "demo", "extract"):
        assert f"  {command} " in listing.stdout, command
    sqlite_path = tmp_path / "db.sqlite3"
    assert crawl_recorded("2m", sqlite_path).returncode == 0
    result = run_cli(
        "-m", "scrapy", "articles", "--store", f"sqlite:///{sqlite_path}", "--format", "jsonl", "--limit", "2"
    )
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["outlet"] for line in result.stdout.splitlines()] == ["2m", "2m"]
    bad = run_cli("-m", "scrapy", "articles", "--since", "yesterday-ish", "--store", f"sqlite:///{sqlite_path}")
    assert bad.returncode == 2


def test_scrapy_shell_on_an_outlet_page_closes_its_store(tmp_path):
    url = "https://fr.hespress.com/416382-premieres-assises-de-lia-au-maroc-vers-une-souverainete-technologique-affirmee.html"
    result = run_cli(
        "-m", "scrapy", "shell", url, "-c", "response.status",
        "-s", f"NEWSCRAWLER_REPLAY_DIR={SITES}", "-s", "MONGO_URI=",
        cwd=tmp_path, env={"PYTHONPATH": str(REPO), "SCRAPY_SETTINGS_MODULE": "newscrawler.settings", "MONGO_URI": ""},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "200"
    # The store the session opened (pipelines open it with the spider) is closed: no -wal or -shm file.
    assert sorted(path.name for path in (tmp_path / "data").iterdir()) == ["newscrawler.sqlite3"]
