"""The parsing corpora (``tests/data``, copied from the team's shared data), read once per session."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    missing = [name for name in ("dates.tsv", "bylines.jsonl") if not (SHARED_DATA / name).is_file()]
    if missing:
        pytest.fail(f"parsing corpora missing from {SHARED_DATA}: {', '.join(missing)} (the tests need them)")
    return SHARED_DATA


@pytest.fixture(scope="session")
def date_corpus(shared_data: Path) -> tuple[datetime, list[tuple[str, str, str]]]:
    """("now" as naive Casablanca time from the first line, [(text, expected_local, note), ...])."""
    lines = (shared_data / "dates.tsv").read_text(encoding="utf-8").splitlines()
    now = re.search(r"now\s*=\s*(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})", lines[0])
    assert now, f"dates.tsv: no 'now = YYYY-MM-DDTHH:MM' on its first line: {lines[0]!r}"
    assert lines[1].split("\t")[:2] == ["text", "expected_local"], "dates.tsv: unexpected header"
    rows = [tuple((line.split("\t") + [""])[:3]) for line in lines[2:] if line.strip()]
    assert len(rows) >= 30, f"dates.tsv: only {len(rows)} rows"
    return datetime.fromisoformat(now[1]), rows


@pytest.fixture(scope="session")
def byline_corpus(shared_data: Path) -> list[dict]:
    lines = (shared_data / "bylines.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    assert len(rows) >= 20, f"bylines.jsonl: only {len(rows)} rows"
    return rows
