"""``crawl-all``: crawl every outlet (or some), each in its own ``scrapy crawl`` process, N at a time.

Prints a line per outlet as it finishes and a table at the end; exits with the worst outlet's status
(0 fine, 4 outlet broken or stopped by its time limit, 3 store failed and items spooled, 5 items lost),
with one stderr line per failed outlet saying why.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from pymongo import MongoClient
from pymongo.errors import PyMongoError

from newscrawler import exit_status
from newscrawler.operations.crawl_all import (
    CrawlAllOptions,
    OutletRun,
    print_table,
    progress_line,
    run_outlets,
    worst_status,
)
from newscrawler.operations.mongo_lock import MongoOutletLocks
from newscrawler.outlets.registry import OutletConfigError, load_outlets


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "crawl-all",
        help="crawl every outlet, each in its own process; exit with the worst status",
        description=__doc__.split(":", 1)[1].strip(),
    )
    add_outlet_options(parser, "a Scrapy setting for every crawl (as scrapy crawl -s)")
    parser.add_argument("--since", help="only articles published since (as scrapy crawl -a since=...)")
    parser.add_argument("--until", help="only articles published before (as scrapy crawl -a until=...)")
    parser.add_argument("--parallel", type=int, default=4, help="outlets crawled at a time (default: %(default)s)")
    parser.add_argument(
        "--timeout", type=float, default=1800.0, help="seconds each outlet may crawl (default: %(default)s)"
    )
    parser.add_argument("--log-dir", type=Path, default=Path("data/logs"), help="one log per outlet (%(default)s)")
    parser.add_argument("--lock-dir", type=Path, default=Path("data/locks"), help="one lock per outlet (%(default)s)")
    parser.set_defaults(handler=run)


def add_outlet_options(parser: argparse.ArgumentParser, settings_help: str) -> None:
    """``--outlets``, ``--exclude`` (see ``selected_outlets``) and ``-s NAME=VALUE`` (see ``setting_pairs``)."""
    parser.add_argument("--outlets", type=_slugs, default=[], help="only these outlets (comma-separated slugs)")
    parser.add_argument("--exclude", type=_slugs, default=[], help="not these outlets (comma-separated slugs)")
    parser.add_argument(
        "-s", "--set", dest="settings", action="append", default=[], metavar="NAME=VALUE", help=settings_help
    )


def setting_pairs(settings: list[str]) -> list[tuple[str, str]]:
    """``-s`` values as (name, value); ValueError for one without ``=``."""
    if any("=" not in setting for setting in settings):
        raise ValueError("-s takes NAME=VALUE")
    return [(name, value) for name, _, value in (setting.partition("=") for setting in settings)]


def _slugs(text: str) -> list[str]:
    return [slug.strip() for slug in text.split(",") if slug.strip()]


def selected_outlets(outlets: list[str], exclude: list[str]) -> list[str]:
    """The named outlets, else every outlet that is not defunct; minus the excluded. ValueError names unknown slugs."""
    known = load_outlets()
    unknown = sorted(set(outlets + exclude) - set(known))
    if unknown:
        raise ValueError(f"unknown outlet {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    chosen = outlets or [slug for slug, outlet in sorted(known.items()) if outlet.status != "defunct"]
    return [slug for slug in chosen if slug not in exclude]


def _shared_locks(settings: dict[str, str]) -> MongoOutletLocks | None:
    """The locks across machines in the MongoDB store the crawls write to, if MongoDB is the store and reachable."""
    uri = settings.get("MONGO_URI", os.environ.get("MONGO_URI", ""))
    if not uri:
        return None
    database = settings.get("MONGO_DATABASE", os.environ.get("MONGO_DATABASE", "newscrawler"))
    try:
        return MongoOutletLocks(MongoClient(uri, serverSelectionTimeoutMS=3000)[database])
    except PyMongoError as error:
        print(
            f"newscrawler crawl-all: MongoDB unreachable ({type(error).__name__}): locks of this machine only",
            file=sys.stderr,
        )
        return None


def run(args: argparse.Namespace) -> int:
    try:
        slugs = selected_outlets(args.outlets, args.exclude)
        settings = dict(setting_pairs(args.settings))
    except (ValueError, OutletConfigError) as error:
        print(f"newscrawler crawl-all: {error}", file=sys.stderr)
        return exit_status.USAGE
    options = CrawlAllOptions(
        settings=args.settings,
        spider_args=[f"{name}={value}" for name, value in (("since", args.since), ("until", args.until)) if value],
        timeout=args.timeout,
        log_dir=args.log_dir,
        lock_dir=args.lock_dir,
        shared_locks=_shared_locks(settings),
    )
    done = 0

    def report(outlet_run: OutletRun) -> None:
        nonlocal done
        done += 1
        print(progress_line(outlet_run, done, len(slugs)), flush=True)

    runs = run_outlets(slugs, options, args.parallel, report)
    print()
    print_table(runs, sys.stdout)
    for outlet_run in runs:
        for line in outlet_run.why:
            print(line, file=sys.stderr)
    return worst_status([outlet_run.status for outlet_run in runs])
