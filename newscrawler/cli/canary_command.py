"""``canary [--outlets a,b] [-s NAME=VALUE ...]``: fetch each outlet's newest few articles live and check them.

One discovery page and at most 3 articles per outlet (robots.txt, the outlet's delay, one request at a
time per site, 20 s timeouts), extracted as a crawl would, nothing stored; each outlet's field coverage and
provenance compared with its recorded expectations. One line per outlet; exit 4 when one is flagged.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newscrawler import exit_status
from newscrawler.cli.crawl_all_command import add_outlet_options, selected_outlets, setting_pairs
from newscrawler.cli.store_commands import crawl_settings
from newscrawler.outlets.registry import OutletConfigError, load_outlets


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "canary",
        help="fetch each outlet's newest articles live; flag outlets whose markup no longer matches",
        description=__doc__.split(":", 1)[1].strip(),
    )
    add_outlet_options(parser, "a Scrapy setting (as scrapy crawl -s); NEWSCRAWLER_REPLAY_DIR=tests/sites runs offline")
    parser.add_argument(
        "--sites", type=Path, help="recorded sites holding the expectations (default: tests/sites of the checkout)"
    )
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds each outlet may take (%(default)s)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from newscrawler.canary.crawl import canary_settings, fetch_outlets
    from newscrawler.canary.expectations import expectations_for
    from newscrawler.canary.history import StoreHistory
    from newscrawler.canary.verdict import Verdict, judge
    from newscrawler.drift import RECORDED_SITES
    from newscrawler.rendering import renderer_problem

    try:
        slugs = sorted(selected_outlets(args.outlets, args.exclude))
        outlets = load_outlets()
        overrides = [("CLOSESPIDER_TIMEOUT", str(args.timeout)), *setting_pairs(args.settings)]
    except (ValueError, OutletConfigError) as error:
        print(f"newscrawler canary: {error}", file=sys.stderr)
        return exit_status.USAGE
    settings = canary_settings(crawl_settings(), overrides)
    # As the crawl command checks before a rendered crawl: an outlet whose renderer cannot start is flagged
    # with the reason, not fetched (recorded sites are replayed without a renderer).
    unrenderable = [
        Verdict(slug, False, f"{slug}: {problem}")
        for slug in slugs
        if not settings.get("NEWSCRAWLER_REPLAY_DIR")
        and (problem := renderer_problem(outlets[slug].rendering, settings))
    ]
    skipped = {verdict.slug for verdict in unrenderable}
    fetched = [slug for slug in slugs if slug not in skipped]
    fetches = fetch_outlets(fetched, settings) if fetched else []
    history = StoreHistory(settings)
    try:
        sites = args.sites or RECORDED_SITES
        judged = [judge(fetch, expectations_for(outlets[fetch.slug], sites), history) for fetch in fetches]
    finally:
        history.close()
    verdicts = sorted([*unrenderable, *judged], key=lambda verdict: verdict.slug)
    for verdict in verdicts:
        print(verdict.line, flush=True)
    flagged = [verdict.slug for verdict in verdicts if not verdict.ok]
    if flagged:
        print(f"newscrawler canary: flagged: {', '.join(flagged)}", file=sys.stderr)
        return exit_status.OUTLET_BROKEN
    return exit_status.OK
