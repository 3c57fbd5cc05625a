"""Benchmark (not a test): our date parser against dateparser on the shared corpus, plus bylines/s.

Usage: ``python bench/parsing.py [--rounds N]``. Prints dates/s for both, the ratio, how many answers
differ (and how many each gets right against the corpus), then bylines/s. The two parsers are timed in
alternating rounds over the repeated corpus and each keeps its best round, so that load from other
processes weighs on both alike.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from newscrawler.outlets import outlet_names  # noqa: E402
from newscrawler.parsing.bylines import parse_byline  # noqa: E402
from newscrawler.parsing.dates import parse_date  # noqa: E402
from newscrawler.timezone import CASABLANCA  # noqa: E402

DATA = REPO.parent / "shared" / "data"


def load_dates() -> tuple[datetime, list[tuple[str, str]]]:
    header, _, *lines = (DATA / "dates.tsv").read_text(encoding="utf-8").splitlines()
    now = datetime.fromisoformat(re.search(r"now\s*=\s*(\S+)", header)[1])
    return now, [tuple(line.split("\t")[:2]) for line in lines if line.strip()]


def best_rates(functions: list[Callable[[str], object]], batches: list[list], rounds: int) -> list[float]:
    """Calls per second of each function over its batch: best of ``rounds`` alternating rounds."""
    for function, batch in zip(functions, batches, strict=True):
        for item in batch[:50]:  # warm-up: imports, dateparser's language data
            function(item)
    best = [float("inf")] * len(functions)
    for _ in range(rounds):
        for index, (function, batch) in enumerate(zip(functions, batches, strict=True)):
            start = time.perf_counter()
            for item in batch:
                function(item)
            best[index] = min(best[index], time.perf_counter() - start)
    return [len(batch) / seconds for batch, seconds in zip(batches, best, strict=True)]


def as_local(value: datetime | None, date_only: bool) -> str:
    """An answer as Casablanca wall-clock text, compared at the corpus row's precision."""
    if value is None:
        return "none"
    if value.tzinfo is not None:
        value = value.astimezone(CASABLANCA)
    return value.strftime("%Y-%m-%d" if date_only else "%Y-%m-%dT%H:%M")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="timed rounds per parser (default: 15)")
    args = parser.parse_args()

    import dateparser

    now, rows = load_dates()
    names = outlet_names()
    settings = {"RELATIVE_BASE": now, "PREFER_DATES_FROM": "past", "DATE_ORDER": "DMY"}

    def ours(text: str) -> datetime | None:
        parsed = parse_date(text, now)
        return parsed.value if parsed else None

    def theirs(text: str) -> datetime | None:
        return dateparser.parse(text, languages=["fr", "ar"], settings=settings)

    texts = [text for text, _ in rows]
    bylines = [json.loads(line) for line in (DATA / "bylines.jsonl").read_text(encoding="utf-8").splitlines() if line]
    our_rate, their_rate, byline_rate = best_rates(
        [ours, theirs, lambda row: parse_byline(row["byline"], row["outlet"], names)],
        [texts * 50, texts * 2, bylines * 50],
        args.rounds,
    )

    differ = our_right = their_right = 0
    for text, expected in rows:
        date_only = len(expected) == 10
        mine, other = as_local(ours(text), date_only), as_local(theirs(text), date_only)
        differ += mine != other
        our_right += mine == expected
        their_right += other == expected

    print(f"corpus: {len(rows)} dates, {len(bylines)} bylines (dates.tsv, bylines.jsonl)")
    print(f"ours:       {our_rate:10,.0f} dates/s")
    print(f"dateparser: {their_rate:10,.0f} dates/s  (languages=['fr', 'ar'], same now)")
    print(f"ratio:      {our_rate / their_rate:10,.1f}x")
    print(
        f"differ:     {differ} of {len(rows)} answers  (right against the corpus: ours {our_right}, "
        f"dateparser {their_right})"
    )
    print(f"bylines:    {byline_rate:10,.0f} bylines/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
