"""Analyst, parsing and debugging tools of newscrawler: `newscrawler COMMAND` (or python -m newscrawler COMMAND).

Each command lives in its own module with a ``register(subparsers)`` function that adds its parser
and sets ``handler`` (a function of the parsed arguments returning the exit status).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import NoReturn

from newscrawler import exit_status

COMMAND_MODULES = (
    "newscrawler.cli.store_commands",  # articles, stats, replay-spool
    "newscrawler.cli.parse_commands",  # parse-date, parse-byline
    "newscrawler.cli.extract_command",  # extract
    "newscrawler.cli.demo_command",  # demo
    "newscrawler.cli.quality_command",  # quality
    "newscrawler.cli.crawl_all_command",  # crawl-all
    "newscrawler.cli.drift_command",  # drift
    "newscrawler.cli.canary_command",  # canary
    "newscrawler.cli.scrapyd_command",  # scrapyd-schedule
    "newscrawler.cli.seed_command",  # seed (distributed crawls)
)


class OneLineErrorParser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one stderr line (exit status 2), not the usage text."""

    def error(self, message: str) -> NoReturn:
        self.exit(exit_status.USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineErrorParser(prog="newscrawler", description=__doc__.splitlines()[0])
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except BrokenPipeError:  # e.g. `... | head`
        sys.stderr.close()
        return 0
