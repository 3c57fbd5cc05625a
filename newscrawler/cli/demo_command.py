"""``demo [--store PATH]``: crawl every recorded outlet site offline into the embedded store."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="offline demo: crawl the recorded sites, print a summary",
        description=__doc__.split(":", 1)[1].strip(),
    )
    parser.add_argument(
        "--store", type=Path, default=Path("data/demo.sqlite3"), help="SQLite file (default: %(default)s)"
    )
    parser.add_argument("--log-level", default="WARNING", help="Scrapy log level (default: %(default)s)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from newscrawler.demo import format_summary, run_demo

    args.store.parent.mkdir(parents=True, exist_ok=True)
    summaries = run_demo(args.store, log_level=args.log_level)
    print(format_summary(summaries))
    print(f"store: {args.store} (query it: NEWSCRAWLER_SQLITE_PATH={args.store} python -m newscrawler articles)")
    return 0 if all(s.stored_total for s in summaries) else 1
