"""Health at a glance (``stats --health``): per outlet, from the ``crawl_runs`` of the last weeks.

The last successful run, the articles stored new per day in each week, the field coverage of each week's
runs, and the last monitor failures. Pure functions over run documents (``ArticleStore.runs_since``):
the same on every store back-end. Weeks are the 7-day windows ending now, oldest first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from newscrawler.monitors.close import field_coverage
from newscrawler.storage.base import ArticleStore

COVERAGE_FIELDS = ("authors", "section")  # the fields whose share varies by outlet (title, body, date: always)
_WEEK = timedelta(days=7)


def run_coverage(stats: Mapping[str, Any]) -> dict[str, float]:
    """The ``coverage`` of a crawl_runs document: share of stored articles with each of ``COVERAGE_FIELDS``
    (spidermon's field coverage counts); empty when nothing was stored."""
    shares = {name: field_coverage(dict(stats), name) for name in COVERAGE_FIELDS}
    return {name: round(share, 4) for name, share in shares.items() if share is not None}


def window_start(weeks: int, now: datetime) -> datetime:
    return now - weeks * _WEEK


def succeeded(run: Mapping[str, Any]) -> bool:
    """Finished by itself, the outlet not broken, no monitor failed."""
    return run.get("finish_reason") == "finished" and not run.get("problem") and not run.get("monitors_failed")


@dataclass
class OutletHealth:
    outlet: str
    runs: list[dict[str, Any]] = field(default_factory=list)  # newest started first

    def last_ok(self) -> dict[str, Any] | None:
        return next((run for run in self.runs if succeeded(run)), None)

    def last_failed_monitors(self) -> dict[str, Any] | None:
        return next((run for run in self.runs if run.get("monitors_failed")), None)

    def weekly(self, weeks: int, now: datetime) -> list[list[dict[str, Any]]]:
        """The runs started in each of the last ``weeks`` weeks, oldest week first."""
        buckets: list[list[dict[str, Any]]] = [[] for _ in range(weeks)]
        for run in self.runs:
            started = run.get("started_at")
            if isinstance(started, datetime):
                age = int((now - started) / _WEEK)
                if 0 <= age < weeks:
                    buckets[weeks - 1 - age].append(run)
        return buckets


def new_per_day(runs: Sequence[Mapping[str, Any]]) -> str:
    """Articles stored new per day over a week of runs; "-" when there was no run."""
    if not runs:
        return "-"
    return f"{sum(run.get('counts', {}).get('stored_new', 0) for run in runs) / 7:.1f}"


def coverage(runs: Sequence[Mapping[str, Any]], name: str) -> str:
    """Share of the articles stored by these runs that have the field (runs weighted by what they stored)."""
    measured = [(run["coverage"][name], run.get("counts", {}).get("items_scraped", 0)) for run in runs
                if name in (run.get("coverage") or {})]  # fmt: skip
    items = sum(n for _, n in measured)
    return f"{100 * sum(share * n for share, n in measured) / items:.0f}%" if items else "-"


def group_runs(runs: Iterable[dict[str, Any]], outlets: Iterable[str], others: bool = True) -> dict[str, OutletHealth]:
    """One entry per outlet named (and, with ``others``, per other spider that has a run), each with its runs
    (newest first, as given)."""
    healths = {outlet: OutletHealth(outlet) for outlet in outlets}
    for run in runs:
        spider = str(run.get("spider") or "?")
        if others or spider in healths:
            healths.setdefault(spider, OutletHealth(spider)).runs.append(run)
    return dict(sorted(healths.items()))


def _when(value: Any) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else "?"


def _lines(failed: Any) -> str:
    return "; ".join(map(str, failed)) if isinstance(failed, list) else str(failed)


def _last_run(health: OutletHealth) -> str:
    if not health.runs:
        return "none"
    run = health.runs[0]
    if succeeded(run):
        return "ok"
    if run.get("monitors_failed") and run.get("finish_reason") == "finished":
        return "monitors failed"
    return str(run.get("finish_reason") or "?")


def format_health(healths: Mapping[str, OutletHealth], weeks: int, now: datetime) -> str:
    """The table (one row per outlet, each week a number, oldest first) and the last monitor failures."""
    headers = ["outlet", "last OK run (UTC)", "last run", "new articles/day", *COVERAGE_FIELDS]
    rows = []
    for health in healths.values():
        buckets = health.weekly(weeks, now)
        last_ok = health.last_ok()
        rows.append(
            [
                health.outlet,
                _when(last_ok.get("finished_at")) if last_ok else f"none in {weeks} weeks",
                _last_run(health),
                " ".join(new_per_day(week) for week in buckets),
                *(" ".join(coverage(week, name) for week in buckets) for name in COVERAGE_FIELDS),
            ]
        )
    widths = [max(len(row[i]) for row in (headers, *rows)) for i in range(len(headers))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
             for row in (headers, *rows)]  # fmt: skip
    failures = [
        f"{health.outlet} {_when(run.get('started_at'))}: {_lines(run['monitors_failed'])}"
        for health in healths.values()
        if (run := health.last_failed_monitors())
    ]
    lines += ["", f"Last monitor failures ({weeks} weeks):", *(failures or ["none"])]
    return "\n".join(lines)


def health_report(store: ArticleStore, outlets: Iterable[str], weeks: int, now: datetime, others: bool = True) -> str:
    """The report of these outlets (with ``others``, also of every other spider that has runs) from the
    store's crawl_runs of the last ``weeks`` weeks."""
    runs = store.runs_since(window_start(weeks, now))
    return format_health(group_runs(runs, outlets, others), weeks, now)
