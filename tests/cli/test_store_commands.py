"""``articles``, ``stats`` and ``replay-spool``: output formats, filters, one-line errors."""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newscrawler.cli.store_commands import register
from newscrawler.items import Article
from newscrawler.outlets import load_outlets
from newscrawler.storage import Spool, SQLiteStore
from newscrawler.storage.documents import to_document
from newscrawler.storage.spool import ARTICLE

REPO = Path(__file__).resolve().parents[2]
T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
ARTICLES = [
    Article(
        url="https://hespress.example/1",
        outlet="hespress",
        title="Inflation au Maroc",
        body="La banque centrale relève son taux.",
        published_at=datetime(2025, 3, 1, 23, 0, tzinfo=UTC),
        authors=[{"name": "Ali Benali", "raw": "Par Ali Benali"}, {"name": "Salma", "raw": "Salma"}],
        agencies=["MAP"],
        extra={"a.b": {"$type": "NewsArticle"}},
    ),
    Article(
        url="https://hespress.example/2",
        outlet="hespress",
        title="Football:\nle Maroc gagne",
        body="Match.",
        published_at=datetime(2025, 2, 27, 10, 0, tzinfo=UTC),
    ),
    Article(
        url="https://le360.example/3",
        outlet="le360",
        title="التضخم في المغرب",
        body="بنك المغرب",
        published_at=datetime(2025, 3, 2, 1, 0, tzinfo=UTC),
        agencies=["AFP"],
    ),
]


@pytest.fixture
def store_uri(tmp_path) -> str:
    store = SQLiteStore(tmp_path / "cli.sqlite3")
    store.open()
    store.upsert_articles([to_document(article, T0) for article in ARTICLES])
    store.save_run(
        {
            "run_id": "r1",
            "spider": "hespress",
            "started_at": T0,
            "finished_at": T0,
            "finish_reason": "finished",
            "counts": {"items_scraped": 2, "stored_new": 2},
        }
    )
    store.close()
    return f"sqlite:///{tmp_path / 'cli.sqlite3'}"


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    """Run one store command as ``python -m newscrawler`` would: (status, stdout, stderr)."""
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    status = args.handler(args)
    out, err = capsys.readouterr()
    return status, out, err


def urls(output: str) -> list[str]:
    return [json.loads(line)["url"].rsplit("/", 1)[1] for line in output.splitlines()]


def test_articles_jsonl_prints_every_stored_article_as_a_json_line_newest_first(capsys, store_uri):
    status, out, err = cli(capsys, "articles", "--format", "jsonl", "--store", store_uri)
    assert status == 0 and err == ""
    documents = [json.loads(line) for line in out.splitlines()]
    assert [d["url"].rsplit("/", 1)[1] for d in documents] == ["3", "1", "2"]
    assert documents[1]["published_at"] == "2025-03-01T23:00:00.000+00:00"
    assert documents[1]["extra"] == {"a．b": {"＄type": "NewsArticle"}}
    assert documents[1]["revision"] == 0 and len(documents[1]["_id"]) == 40


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--outlet", "hespress"], ["1", "2"]),
        (["--since", "2025-03-01"], ["3", "1"]),
        (["--until", "2025-03-01"], ["1", "2"]),  # the whole day, inclusive
        (["--since", "2025-03-01T12:00+01:00", "--until", "2025-03-02T00:30:00"], ["1"]),
        (["--author", "Salma"], ["1"]),
        (["--agency", "AFP"], ["3"]),
        (["--query", "maroc taux"], ["1"]),
        (["--query", "المغرب"], ["3"]),
        (["--limit", "2"], ["3", "1"]),
        (["--author", "salma"], ["1"]),
        (["--author", "ali BENALI"], ["1"]),
        (["--agency", "afp"], ["3"]),
    ],
)
def test_articles_filters(capsys, store_uri, options, expected):
    status, out, _ = cli(capsys, "articles", "--format", "jsonl", "--store", store_uri, *options)
    assert status == 0
    assert urls(out) == expected


def test_articles_csv_has_one_row_per_article_with_names_joined(capsys, store_uri):
    status, out, _ = cli(capsys, "articles", "--format", "csv", "--store", store_uri, "--outlet", "hespress")
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [row["url"] for row in rows] == ["https://hespress.example/1", "https://hespress.example/2"]
    assert rows[0]["authors"] == "Ali Benali; Salma" and rows[0]["agencies"] == "MAP"
    assert rows[1]["title"] == "Football: le Maroc gagne"
    assert "body" not in rows[0]


def test_articles_table_is_one_line_per_article(capsys, store_uri):
    status, out, err = cli(capsys, "articles", "--store", store_uri)
    assert status == 0
    lines = out.splitlines()
    assert lines[0].split() == ["published", "(UTC)", "outlet", "title", "url"]
    assert len(lines) == 4
    assert lines[3].startswith("2025-02-27 10:00  hespress  Football: le Maroc gagne")
    assert err.startswith("3 articles in sqlite:///")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--since", "2025-13-01"], "invalid --since '2025-13-01': expected YYYY-MM-DD or an ISO 8601 time"),
        (["--until", "yesterday"], "invalid --until 'yesterday'"),
        (["--limit", "-1"], "invalid --limit '-1': expected a whole number from 0 to 9223372036854775807"),
        (["--limit", "99999999999999999999"], "invalid --limit '99999999999999999999': expected a whole number"),
        (["--store", "mongodb://u:s3cret@127.0.0.1:99999/"], ": Port must be an integer between 0 and 65535"),
        (["--store", "ftp://user:hunter2@host/x"], "--store: unknown store 'ftp://(unparseable URI hidden)'"),
    ],
)
def test_bad_arguments_give_one_line_and_exit_2(capsys, store_uri, options, message):
    status, out, err = cli(capsys, "articles", "--store", store_uri, *options)
    assert status == 2 and out == ""
    assert len(err.splitlines()) == 1 and err.startswith("newscrawler articles: ")
    assert message in err and "hunter2" not in err and "s3cret" not in err


@pytest.mark.parametrize("command", ["articles", "stats"])
def test_an_unknown_outlet_is_one_line_listing_the_known_ones(capsys, store_uri, command):
    status, out, err = cli(capsys, command, "--store", store_uri, "--outlet", "nosuch")
    assert status == 2 and out == ""
    known = ", ".join(sorted({*load_outlets(), "le360"}))  # configured, and stored without a config
    assert err == f"newscrawler {command}: unknown outlet 'nosuch'; known: {known}\n"


def test_a_missing_store_is_one_line_and_not_created(capsys, tmp_path):
    status, out, err = cli(capsys, "stats", "--store", f"sqlite:///{tmp_path / 'none.sqlite3'}")
    assert status == 1 and out == ""
    assert err.startswith(f"newscrawler stats: no store at {tmp_path / 'none.sqlite3'} (crawl first")
    assert len(err.splitlines()) == 1
    assert not (tmp_path / "none.sqlite3").exists()


def test_an_unreachable_mongodb_is_one_line_without_the_password(capsys):
    uri = "mongodb://analyst:Pa55word@127.0.0.1:9/?serverSelectionTimeoutMS=200"
    status, out, err = cli(capsys, "articles", "--store", uri)
    assert status == 1 and out == ""
    assert len(err.splitlines()) == 1
    assert err.startswith("newscrawler articles: store unavailable: mongodb://127.0.0.1:9/ (database newscrawler)")
    assert "Pa55word" not in err and "analyst" not in err
    assert err.endswith(": ServerSelectionTimeoutError: 127.0.0.1:9: [Errno 111] Connection refused\n")


def test_stats_prints_counts_per_outlet_per_day_and_the_last_runs(capsys, store_uri):
    status, out, _ = cli(capsys, "stats", "--store", store_uri, "--days", "0")
    assert status == 0
    lines = out.splitlines()
    assert "Articles: 3" in lines
    assert lines[lines.index("outlet    articles") + 1 :][:2] == ["hespress  2", "le360     1"]
    daily = lines[lines.index("day         outlet    articles") + 1 :][:3]
    assert daily == ["2025-03-02  le360     1", "2025-03-01  hespress  1", "2025-02-27  hespress  1"]
    assert lines[-1].split() == [
        "hespress",
        "2025-03-01",
        "08:00",
        "2025-03-01",
        "08:00",
        "finished",
        "2",
        "2",
        "0",
        "0",
        "0",
    ]


def test_stats_refuses_a_window_too_long_for_the_calendar(capsys, store_uri):
    status, out, err = cli(capsys, "stats", "--store", store_uri, "--days", "99999999999999")
    assert status == 2 and out == ""
    assert err == "newscrawler stats: invalid --days '99999999999999': expected a whole number from 0 to 100000\n"


def test_stats_for_one_outlet_and_recent_days(capsys, store_uri):
    status, out, _ = cli(capsys, "stats", "--store", store_uri, "--outlet", "le360")
    assert status == 0
    assert "Articles: 1" in out and "\nle360   1\n" in out and "\nhespress  2\n" not in out
    daily = out[out.index("(UTC publication date, last 30 days):") :].splitlines()
    assert daily[1].split() == ["day", "outlet", "articles"]  # no row: March 2025 is long past ...
    assert daily[2] == (  # ... which one line says
        "(none in the last 30 days: the newest article was published 2025-03-02; --days 0 shows all days)"
    )


def test_replay_spool_reports_counts_and_bad_lines(capsys, tmp_path, store_uri):
    spool = Spool(tmp_path / "x.jsonl")
    article = Article(
        url="https://le360.example/9", outlet="le360", title="t", body="b", published_at=T0, content_fingerprint="f"
    )
    spool.append(ARTICLE, [to_document(article, T0)])
    with spool.path.open("a", encoding="utf-8") as handle:
        handle.write('{"kind": "article", "document": {"_id": {"$gt": ""}}}\n{"kind": "article", "document"')
    status, out, err = cli(capsys, "replay-spool", str(spool.path), "--store", store_uri)
    assert status == 1
    assert out.startswith(
        f"{spool.path}: 1 articles (1 new, 0 revised, 0 unchanged), 0 crawl runs, 2 bad lines skipped -> sqlite:///"
    )
    first, second = err.splitlines()
    assert first.startswith(f"newscrawler replay-spool: {spool.path} line 2: not an Article (")
    assert second.startswith(f"newscrawler replay-spool: {spool.path} line 3: invalid JSON")
    status, out, _ = cli(capsys, "replay-spool", str(spool.path), "--store", store_uri)
    assert "(0 new, 0 revised, 1 unchanged)" in out


def test_replay_spool_of_a_missing_file_is_a_usage_error(capsys, tmp_path, store_uri):
    status, _, err = cli(capsys, "replay-spool", str(tmp_path / "nope.jsonl"), "--store", store_uri)
    assert status == 2 and err == f"newscrawler replay-spool: no such spool file: {tmp_path / 'nope.jsonl'}\n"


def run_module(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    environment = {**os.environ, "MONGO_URI": ""} | env
    return subprocess.run(
        [sys.executable, "-m", "newscrawler", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )


@pytest.mark.parametrize("prefix", ["NEWSCRAWLER_", ""])  # both names the README lists
def test_python_m_newscrawler_reads_the_configured_store_and_spool_dir(tmp_path, store_uri, prefix):
    env = {
        f"{prefix}SQLITE_PATH": store_uri.removeprefix("sqlite:///"),
        f"{prefix}SPOOL_DIR": str(tmp_path / "sp"),
    }
    listed = run_module("articles", "--format", "jsonl", env=env)
    assert listed.returncode == 0, listed.stderr
    assert urls(listed.stdout) == ["3", "1", "2"]
    assert run_module("stats", env=env).stdout.startswith(f"Store: {store_uri}\nArticles: 3\n")

    assert run_module("replay-spool", env=env).stdout == "No spool files to replay.\n"
    Spool(tmp_path / "sp" / "a.jsonl").append(
        ARTICLE,
        [
            to_document(
                Article(
                    url="https://x.example/1", outlet="x", title="t", body="b", published_at=T0, content_fingerprint="f"
                ),
                T0,
            )
        ],
    )
    replayed = run_module("replay-spool", env=env)
    assert replayed.returncode == 0 and "1 new" in replayed.stdout

    bad = run_module("articles", "--since", "tomorrow", env=env)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1
