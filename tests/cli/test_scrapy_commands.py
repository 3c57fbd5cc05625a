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


def test_a_feed_export_writes_the_documents_the_articles_command_prints(tmp_path):
    sqlite_path, feed = tmp_path / "db.sqlite3", tmp_path / "out.jsonl"
    crawl = crawl_recorded("lavieeco", sqlite_path, "-O", str(feed))
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    exported = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines()]
    listed = run_cli("-m", "newscrawler", "articles", "--store", f"sqlite:///{sqlite_path}", "--format", "jsonl")
    assert listed.returncode == 0, listed.stderr
    stored = {document["_id"]: document for document in map(json.loads, listed.stdout.splitlines())}
    assert len(exported) == len(stored) >= 3
    for document in exported:
        assert document == stored[document["_id"]]
        assert list(document) == list(stored[document["_id"]])  # the same key order
        assert "date_hints" not in document and document["revision"] == 0
        assert document["published_at"].endswith("+00:00") and "T" in document["published_at"]
