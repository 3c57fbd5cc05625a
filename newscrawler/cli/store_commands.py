"""``articles``, ``stats`` and ``replay-spool``: the analyst's view of the store.

They read the store a crawl writes (MONGO_URI / MONGO_DATABASE, else SQLITE_PATH),
or the one ``--store sqlite:///path`` or ``--store mongodb://...`` names. Dates are UTC.
"""

from __future__ import annotations

import argparse
import csv
import functools
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from scrapy.settings import Settings

from newscrawler.outlets import OutletConfigError, load_outlets
from newscrawler.storage import (
    ArticleQuery,
    ArticleStore,
    SQLiteStore,
    StoreUnavailable,
    build_store,
    replay_spool,
)
from newscrawler.storage.documents import dumps, format_datetime

CSV_FIELDS = (
    "_id", "published_at", "outlet", "title", "authors", "agencies", "section", "language",
    "url", "canonical_url", "duplicate_of", "first_seen", "last_seen", "revision",
)  # fmt: skip
TABLE_TITLE_WIDTH = 72
MAX_LIMIT = 2**63 - 1  # what both back-ends take (SQLite and BSON 64-bit integers)
MAX_DAYS = 100_000  # ~270 years: the daily window's start stays a valid date


class CommandError(Exception):
    """A one-line error for stderr, with the exit status to return (2: bad arguments)."""

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


def reports_errors(handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Print CommandError, StoreUnavailable and OSError as one stderr line and return the exit status."""

    @functools.wraps(handler)
    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except CommandError as exc:
            print(f"newscrawler {args.command}: {exc}", file=sys.stderr)
            return exc.status
        except StoreUnavailable as exc:
            print(f"newscrawler {args.command}: store unavailable: {exc}", file=sys.stderr)
            return 1
        except BrokenPipeError:  # `... | head`: the dispatcher handles it
            raise
        except OSError as exc:
            print(f"newscrawler {args.command}: {exc}", file=sys.stderr)
            return 1

    return run


def crawl_settings() -> Settings:
    """The project settings a crawl uses (they read MONGO_URI etc. from the environment)."""
    settings = Settings()
    settings.setmodule("newscrawler.settings", priority="project")
    return settings


def open_cli_store(store_uri: str | None, *, must_exist: bool) -> ArticleStore:
    """The store named by ``--store`` or configured; ``must_exist``: refuse to create an SQLite file."""
    try:
        store = build_store(crawl_settings(), store_uri)
    except ValueError as exc:
        raise CommandError(f"{'--store' if store_uri else 'MONGO_URI'}: {exc}") from None
    if must_exist and isinstance(store, SQLiteStore) and not store.path.exists():
        raise CommandError(f"no store at {store.path} (crawl first, or use --store / SQLITE_PATH)", 1)
    store.open()
    return store


def check_outlet(store: ArticleStore, outlet: str | None) -> None:
    """CommandError listing the known slugs (configured or stored) when ``outlet`` is neither."""
    if outlet is None:
        return
    try:
        configured = set(load_outlets())
    except OutletConfigError:  # the store can still be queried; its own outlets are listed
        configured = set()
    if outlet not in configured:
        known = configured | set(store.outlet_counts())
        if outlet not in known:
            raise CommandError(f"unknown outlet {outlet!r}; known: {', '.join(sorted(known))}")


def parse_when(text: str, option: str, *, end_of_day: bool = False) -> datetime:
    """A date (midnight UTC; the next midnight with ``end_of_day``) or an ISO 8601 time (naive = UTC)."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            raise CommandError(f"invalid {option} {text!r}: expected YYYY-MM-DD or an ISO 8601 time") from None
        return value.replace(tzinfo=value.tzinfo or UTC)
    start = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return start + timedelta(days=1) if end_of_day else start


def _count(text: str | None, option: str, maximum: int) -> int | None:
    if text is None:
        return None
    if not text.isascii() or not text.isdigit() or int(text) > maximum:
        raise CommandError(f"invalid {option} {text!r}: expected a whole number from 0 to {maximum}")
    return int(text)


def _cell(value: Any) -> str:
    """A document value as one line of text (names of author dicts, lists joined by '; ')."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, dict):
        return _cell(value.get("name", ""))
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value)
    return re.sub(r"\s+", " ", str(value)).strip()


def _table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    cells = [list(headers), *([_cell(v) for v in row] for row in rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells)


def _short(value: datetime | None) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else ""


@reports_errors
def articles_command(args: argparse.Namespace) -> int:
    query = ArticleQuery(
        outlet=args.outlet,
        since=args.since and parse_when(args.since, "--since"),
        until=args.until and parse_when(args.until, "--until", end_of_day=True),
        author=args.author,
        agency=args.agency,
        text=args.query,
        limit=_count(args.limit, "--limit", MAX_LIMIT),
        fields=CSV_FIELDS if args.format == "csv" else None,
    )
    store = open_cli_store(args.store, must_exist=True)
    try:
        check_outlet(store, args.outlet)
        documents = store.iter_articles(query)
        if args.format == "jsonl":
            for document in documents:
                sys.stdout.write(dumps(document) + "\n")
        elif args.format == "csv":
            writer = csv.writer(sys.stdout, lineterminator="\n")
            writer.writerow(CSV_FIELDS)
            writer.writerows([_cell(d.get(name)) for name in CSV_FIELDS] for d in documents)
        else:
            rows = [
                (
                    _short(d.get("published_at")),
                    d.get("outlet"),
                    _cell(d.get("title"))[:TABLE_TITLE_WIDTH],
                    d.get("url"),
                )
                for d in documents
            ]
            print(_table(("published (UTC)", "outlet", "title", "url"), rows))
            print(f"{len(rows)} articles in {store.description}", file=sys.stderr)
    finally:
        store.close()
    return 0


def _newest_published(store: ArticleStore, outlet: str | None) -> datetime | None:
    newest = next(iter(store.iter_articles(ArticleQuery(outlet=outlet, limit=1, fields=("published_at",)))), None)
    value = newest.get("published_at") if newest else None
    return value if isinstance(value, datetime) else None


@reports_errors
def stats_command(args: argparse.Namespace) -> int:
    if args.health:
        return health_command(args)
    days = _count(args.days, "--days", MAX_DAYS) or None
    store = open_cli_store(args.store, must_exist=True)
    try:
        check_outlet(store, args.outlet)
        outlets = store.outlet_counts()
        daily = store.daily_counts(outlet=args.outlet, days=days)
        runs = store.last_runs()
        newest = None if daily or not days else _newest_published(store, args.outlet)
    finally:
        store.close()
    if args.outlet:
        outlets = {args.outlet: outlets.get(args.outlet, 0)}
    period = f"last {days} days" if days else "all days"
    runs_rows = [
        (run.get("spider"), _short(run.get("started_at")), _short(run.get("finished_at")), run.get("finish_reason"))
        + tuple(
            run.get("counts", {}).get(k, 0)
            for k in ("items_scraped", "stored_new", "stored_revised", "spooled", "dropped")
        )
        for run in runs
    ]
    print(f"Store: {store.description}\nArticles: {sum(outlets.values())}\n")
    print(_table(("outlet", "articles"), sorted(outlets.items(), key=lambda kv: str(kv[0]))))
    print(f"\nArticles per outlet per day (UTC publication date, {period}):")
    print(_table(("day", "outlet", "articles"), [(day, outlet, n) for outlet, day, n in daily]))
    if newest:
        print(f"(none in the {period}: the newest article was published {newest:%Y-%m-%d}; --days 0 shows all days)")
    print("\nLast run per spider:")
    headers = ("spider", "started (UTC)", "finished (UTC)", "reason", "scraped", "new", "revised", "spooled", "dropped")
    print(_table(headers, runs_rows))
    return 0


def health_command(args: argparse.Namespace) -> int:
    """``stats --health``: per outlet, the last successful run, articles per day, coverage, monitor failures."""
    from newscrawler.operations.health_report import health_report

    weeks = _count(args.weeks, "--weeks", MAX_DAYS // 7) or 1
    try:
        outlets = [slug for slug, outlet in load_outlets().items() if outlet.status != "defunct"]
    except OutletConfigError:  # the runs can still be read; their own outlets are listed
        outlets = []
    store = open_cli_store(args.store, must_exist=True)
    try:
        check_outlet(store, args.outlet)
        chosen = [args.outlet] if args.outlet else outlets
        report = health_report(store, chosen, weeks, datetime.now(UTC), others=not args.outlet)
    finally:
        store.close()
    print(f"Store: {store.description}\nFrom crawl_runs of the last {weeks} weeks (a value per week, oldest first):\n")
    print(report)
    return 0


def _spool_files(paths: Sequence[str]) -> list[Path]:
    if paths:
        missing = [p for p in paths if not Path(p).is_file()]
        if missing:
            raise CommandError(f"no such spool file: {missing[0]}")
        return [Path(p) for p in paths]
    return sorted(Path(crawl_settings().get("SPOOL_DIR") or "data/spool").glob("*.jsonl"))


@reports_errors
def replay_spool_command(args: argparse.Namespace) -> int:
    files = _spool_files(args.paths)
    if not files:
        print("No spool files to replay.")
        return 0
    status = 0
    store = open_cli_store(args.store, must_exist=False)
    try:
        for path in files:
            report = replay_spool(path, store)
            counts = report.articles
            print(
                f"{path}: {counts.new + counts.revised + counts.unchanged} articles ({counts.new} new,"
                f" {counts.revised} revised, {counts.unchanged} unchanged), {report.runs} crawl runs,"
                f" {len(report.bad_lines)} bad lines skipped -> {store.description}"
            )
            for number, why in report.bad_lines:
                print(f"newscrawler replay-spool: {path} line {number}: {why}; skipped", file=sys.stderr)
                status = 1
    finally:
        store.close()
    return status


def add_store_option(parser: argparse.ArgumentParser, default: str | None = None) -> None:
    """``--store URI``, the same for every command: checked and opened by ``open_cli_store``."""
    where = default or "MONGO_URI, else sqlite:///SQLITE_PATH"
    parser.add_argument("--store", metavar="URI", default=default, help=f"sqlite:///path or mongodb://... ({where})")


def register(subparsers: argparse._SubParsersAction) -> None:

    articles = subparsers.add_parser("articles", help="list stored articles, newest first")
    articles.add_argument("--outlet", help="outlet slug")
    articles.add_argument("--since", metavar="DATE", help="published at or after (YYYY-MM-DD or ISO time; UTC)")
    articles.add_argument("--until", metavar="DATE", help="published before the end of this day (or before this time)")
    articles.add_argument("--author", help="author's full name, in any case, accents optional")
    articles.add_argument("--agency", help="news agency, e.g. MAP (any case)")
    articles.add_argument("--query", metavar="WORDS", help="words that must all appear in the title or body")
    articles.add_argument("--format", choices=("table", "jsonl", "csv"), default="table")
    articles.add_argument("--limit", metavar="N", help="at most N articles")
    add_store_option(articles)
    articles.set_defaults(handler=articles_command)

    stats = subparsers.add_parser("stats", help="articles per outlet and per day, last run per spider")
    stats.add_argument("--outlet", help="only this outlet")
    stats.add_argument("--days", metavar="N", default="30", help="daily counts of the last N days (0: all; default 30)")
    stats.add_argument(
        "--health", action="store_true", help="per outlet: last OK run, articles/day, coverage, monitor failures"
    )
    stats.add_argument("--weeks", metavar="N", default="4", help="--health: weeks of crawl_runs read (default 4)")
    add_store_option(stats)
    stats.set_defaults(handler=stats_command)

    replay = subparsers.add_parser("replay-spool", help="write spooled items to the store (safe to repeat)")
    replay.add_argument("paths", nargs="*", metavar="SPOOL", help="spool files (default: every *.jsonl in SPOOL_DIR)")
    add_store_option(replay)
    replay.set_defaults(handler=replay_spool_command)
