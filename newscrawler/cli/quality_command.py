"""``quality``: per outlet, the share of stored articles with each field filled, which extraction layer
gave each field (``provenance``), and the drop reasons of each spider's last run (``crawl_runs``)."""

from __future__ import annotations

import argparse
from dataclasses import replace

from newscrawler.cli.store_commands import add_store_option, open_cli_store, parse_when, reports_errors
from newscrawler.quality import DOCUMENT_FIELDS, format_report, measure
from newscrawler.storage import ArticleQuery, ArticleStore


def quality_report(store: ArticleStore, query: ArticleQuery) -> str:
    """The report of the articles matching ``query`` and the last runs of their spiders."""
    qualities = measure(store.iter_articles(replace(query, fields=DOCUMENT_FIELDS)))
    runs = [run for run in store.last_runs() if query.outlet in (None, run.get("spider"))]
    return format_report(qualities, runs)


@reports_errors
def quality_command(args: argparse.Namespace) -> int:
    query = ArticleQuery(
        outlet=args.outlet,
        since=args.since and parse_when(args.since, "--since"),
        until=args.until and parse_when(args.until, "--until", end_of_day=True),
    )
    store = open_cli_store(args.store, must_exist=True)
    try:
        report = quality_report(store, query)
    finally:
        store.close()
    period = f", published {args.since or '…'} to {args.until or '…'}" if args.since or args.until else ""
    print(f"Store: {store.description}{period}\n")
    print(report)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    quality = subparsers.add_parser("quality", help="fields filled, provenance mix and drop reasons per outlet")
    quality.add_argument("--outlet", help="only this outlet")
    quality.add_argument("--since", metavar="DATE", help="articles published at or after (YYYY-MM-DD or ISO time; UTC)")
    quality.add_argument("--until", metavar="DATE", help="published before the end of this day (or before this time)")
    add_store_option(quality)
    quality.set_defaults(handler=quality_command)
