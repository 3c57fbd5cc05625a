"""``drift [--sites DIR]``: what the generic layers alone get from every recorded article page (selectors off)."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "drift",
        help="extract every recorded article page without the outlet selectors; print a table per outlet",
        description=__doc__.split(":", 1)[1].strip(),
    )
    parser.add_argument("--sites", type=Path, help="recorded sites folder (default: tests/sites)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the pages each check missed")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Exit 1 when an outlet misses a target (title, day and body on >= 95 % of its pages, no page dropped)."""
    from newscrawler.drift import RECORDED_SITES, drift_report, format_table, meets_targets

    rows = drift_report(args.sites or RECORDED_SITES)
    print(format_table(rows))
    if args.verbose:
        for row in rows:
            for check, pages in sorted(row.misses.items()):
                print(f"{row.outlet}: {check} missed on {', '.join(pages)}")
            if row.dropped:
                print(f"{row.outlet}: dropped {', '.join(row.dropped)}")
    failing = [row.outlet for row in rows if not meets_targets(row)]
    if failing:
        print(f"below target: {', '.join(failing)}")
    return 1 if failing else 0
