"""``python -m newscrawler parse-date`` / ``parse-byline`` in a subprocess: the corpora through stdin, single values."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from newscrawler.timezone import CASABLANCA

REPO = Path(__file__).resolve().parents[2]
SHARED_DATA = REPO / "tests" / "data"


def corpus(name: str) -> list[str]:
    path = SHARED_DATA / name
    if not path.is_file():
        pytest.fail(f"parsing corpus missing: {path} (the CLI tests need it)")
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def newscrawler(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "newscrawler", *args],
        cwd=REPO,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


def casablanca_text(iso_utc: str, date_only: bool) -> str:
    value = datetime.fromisoformat(iso_utc)
    assert value.utcoffset().total_seconds() == 0, iso_utc
    return value.astimezone(CASABLANCA).strftime("%Y-%m-%d" if date_only else "%Y-%m-%dT%H:%M")


def test_parse_date_corpus_in_one_process():
    header, _, *lines = corpus("dates.tsv")
    now = re.search(r"now\s*=\s*(\S+)", header)[1]
    rows = [line.split("\t") for line in lines]
    result = newscrawler("parse-date", "--now", now, "-", stdin="".join(f"{row[0]}\n" for row in rows))
    assert result.returncode == 0, result.stderr
    outputs = result.stdout.splitlines()
    assert len(outputs) == len(rows)
    failures = []
    for (text, expected, *_), output in zip(rows, outputs, strict=True):
        got = "none" if output == "-" else casablanca_text(output, len(expected) == 10)
        if got != expected:
            failures.append(f"{text!r}: expected {expected}, got {got} ({output})")
    assert not failures, "\n".join(failures)


def test_parse_date_single_value():
    result = newscrawler("parse-date", "--now", "2025-11-15T16:00", "Publié le 18/03/2025 à 22:15")
    assert (result.returncode, result.stdout) == (0, "2025-03-18T22:15:00+00:00\n")
    relative = newscrawler("parse-date", "--now", "2025-11-15T16:00", "منذ ٣ ساعات")
    assert (relative.returncode, relative.stdout) == (0, "2025-11-15T12:00:00+00:00\n")


@pytest.mark.parametrize("text", ["Signaler une annonce inappropriée", "30 février 2024", "3 mars 2032"])
def test_parse_date_without_a_date_prints_nothing_and_exits_1(text):
    result = newscrawler("parse-date", "--now", "2025-11-15T16:00", text)
    assert (result.returncode, result.stdout) == (1, "")


def test_parse_date_rejects_a_bad_now():
    result = newscrawler("parse-date", "--now", "demain", "hier")
    assert result.returncode == 2 and "--now" in result.stderr


def test_parse_byline_corpus_in_one_process():
    rows = [json.loads(line) for line in corpus("bylines.jsonl")]
    lines = [json.dumps({"byline": row["byline"], "outlet": row["outlet"]}, ensure_ascii=False) for row in rows]
    result = newscrawler("parse-byline", "-", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    outputs = [json.loads(line) for line in result.stdout.splitlines()]
    expected = [{"authors": row["authors"], "agencies": row["agencies"]} for row in rows]
    assert outputs == expected


def test_parse_byline_single_value_with_outlet():
    result = newscrawler("parse-byline", "--outlet", "hespress", "هسبريس - يوسف لخضر")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"authors": ["يوسف لخضر"], "agencies": []}


def test_parse_byline_stream_reports_bad_lines_and_keeps_one_output_per_line():
    result = newscrawler("parse-byline", "-", stdin='{"byline": "Avec MAP"}\nnot json\n\n')
    assert result.returncode == 1 and "line 2" in result.stderr
    assert [json.loads(line) for line in result.stdout.splitlines()] == [
        {"authors": [], "agencies": ["MAP"]},
        {"authors": [], "agencies": []},
        {"authors": [], "agencies": []},
    ]


def test_parse_date_stream_reports_a_line_that_is_not_utf8_and_goes_on():
    result = subprocess.run(
        [sys.executable, "-m", "newscrawler", "parse-date", "--now", "2025-11-15T16:00", "-"],
        cwd=REPO,
        input="Hier à 09h15\n".encode("latin-1") + "Hier à 09h15\n".encode(),
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stdout.decode().splitlines() == ["-", "2025-11-14T08:15:00+00:00"]
    assert result.stderr.decode() == "parse-date: stdin line 1: not UTF-8 text (byte 0xe0 at column 6)\n"
