"""``scrapyd-schedule``: schedule a crawl of every outlet (or some) on a Scrapyd server (``schedule.json``).

Outlets as ``crawl-all`` selects them (not defunct; ``--outlets``, ``--exclude``); an outlet whose spider
already has a job pending or running there is skipped, so an hourly schedule never stacks crawls of one
outlet. One line per outlet; exit 1 when an outlet could not be scheduled (one stderr line each).
"""

from __future__ import annotations

import argparse
import os
import sys

from scrapy.utils.conf import get_config

from newscrawler import exit_status
from newscrawler.cli.crawl_all_command import add_outlet_options, selected_outlets, setting_pairs
from newscrawler.operations.scrapyd import DEFAULT_URL, Scrapyd, ScrapydError
from newscrawler.outlets.registry import OutletConfigError


def _default_url() -> str:
    """``SCRAPYD_URL``, else scrapy.cfg's ``[deploy] url`` (where scrapyd-deploy uploads), else localhost."""
    return os.environ.get("SCRAPYD_URL") or str(get_config().get("deploy", "url", fallback=DEFAULT_URL))


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "scrapyd-schedule",
        help="schedule a crawl of every outlet on a Scrapyd server",
        description=__doc__.split(":", 1)[1].strip(),
    )
    parser.add_argument("--url", help="Scrapyd's URL (default: SCRAPYD_URL, else scrapy.cfg [deploy] url)")
    parser.add_argument("--project", default="newscrawler", help="Scrapyd project (default: %(default)s)")
    add_outlet_options(parser, "a Scrapy setting for every job (Scrapyd's setting=NAME=VALUE)")
    parser.add_argument("--since", help="only articles published since (a spider argument, as -a since=...)")
    parser.add_argument("--until", help="only articles published before (a spider argument, as -a until=...)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        slugs = selected_outlets(args.outlets, args.exclude)
        setting_pairs(args.settings)  # each one NAME=VALUE
    except (ValueError, OutletConfigError) as error:
        print(f"newscrawler scrapyd-schedule: {error}", file=sys.stderr)
        return exit_status.USAGE
    scrapyd = Scrapyd(args.url or _default_url(), args.project)
    arguments = [f"{name}={value}" for name, value in (("since", args.since), ("until", args.until)) if value]
    try:
        active = scrapyd.active_spiders()
    except ScrapydError as error:
        print(f"newscrawler scrapyd-schedule: {error}", file=sys.stderr)
        return exit_status.FAILED
    failed = 0
    for slug in slugs:
        if slug in active:
            print(f"{slug}: skipped, a job is already pending or running on {scrapyd.where}")
            continue
        try:
            print(f"{slug}: scheduled, job {scrapyd.schedule(slug, args.settings, arguments)}", flush=True)
        except ScrapydError as error:
            failed += 1
            print(f"newscrawler scrapyd-schedule: {slug}: {error}", file=sys.stderr)
    return exit_status.FAILED if failed else exit_status.OK
