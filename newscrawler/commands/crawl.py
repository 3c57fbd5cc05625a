"""``scrapy crawl``, failing loudly when the store failed: exit status 3 and one line naming the spool."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from typing import Any

from scrapy.commands import crawl

from newscrawler.pipelines.store import STAT_SPOOL_PATH, STAT_SPOOLED, STAT_STORE_ERROR

EXIT_STORE_FAILED = 3


def store_failure_line(stats: Mapping[str, Any]) -> str | None:
    """The one stderr line telling what the store failure did, or None when the store took everything."""
    spool_path = stats.get(STAT_SPOOL_PATH)
    if spool_path:
        what = "store unreachable" if stats.get(STAT_STORE_ERROR) else "store refused writes"
        return (
            f"newscrawler: {what}; {stats.get(STAT_SPOOLED, 0)} items written to spool {spool_path}"
            f" — run: python -m newscrawler replay-spool {spool_path}"
        )
    if stats.get(STAT_STORE_ERROR):
        return f"newscrawler: store unreachable ({stats[STAT_STORE_ERROR]}); nothing was spooled"
    return None


class Command(crawl.Command):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1 or self.crawler_process is None:
            return super().run(args, opts)  # Scrapy's usage errors
        crawler = self.crawler_process.create_crawler(args[0])
        super().run([crawler], opts)  # type: ignore[list-item]  # crawl() takes a Crawler as well as a name
        line = store_failure_line(crawler.stats.get_stats()) if crawler.stats else None
        if line:
            print(line, file=sys.stderr)
            self.exitcode = self.exitcode or EXIT_STORE_FAILED
