"""``demo [--store URI]``: crawl every recorded outlet site offline into a store (by default its own SQLite file)."""

from __future__ import annotations

import argparse

from newscrawler.cli.store_commands import add_store_option, open_cli_store, reports_errors

DEMO_STORE = "sqlite:///data/demo.sqlite3"


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="offline demo: crawl the recorded sites, print a summary",
        description=__doc__.split(":", 1)[1].strip(),
    )
    add_store_option(parser, default=DEMO_STORE)
    parser.add_argument("--log-level", default="WARNING", help="Scrapy log level (default: %(default)s)")
    parser.set_defaults(handler=run)


@reports_errors
def run(args: argparse.Namespace) -> int:
    from newscrawler.demo import format_summary, run_demo

    open_cli_store(args.store, must_exist=False).close()  # a bad or unreachable store: one line, no crawl
    summaries = run_demo(args.store, log_level=args.log_level)
    print(format_summary(summaries))
    print(f"store: {args.store} (query it: python -m newscrawler articles --store {args.store})")
    return 0 if all(s.stored_total for s in summaries) else 1
