"""The analyst tools are also Scrapy commands of the project (``scrapy articles`` ...)."""

import json

from recorded_sites import crawl_recorded, run_cli


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
