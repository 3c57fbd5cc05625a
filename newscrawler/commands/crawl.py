"""``scrapy crawl``, failing loudly: exit status 2 and one line before any request when a spider argument
or the store URI is bad, 1 and one line when the outlet's renderer cannot start (``newscrawler.rendering``)
or a worker's Redis is unreachable (``NEWSCRAWLER_REDIS_URL``), 3 and one line naming the spool when the
store failed, 4 and one line saying why when the outlet looks broken (see ``newscrawler.health``) or a
close monitor failed (``newscrawler.monitors.close``), 5 and one line when items were lost (neither the
store nor the spool could take them). The statuses: ``newscrawler.exit_status``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from typing import Any

from scrapy.commands import crawl
from scrapy.crawler import Crawler

from newscrawler import distributed, exit_status
from newscrawler.extensions.crawl_run import STAT_RUN_SAVED_TO
from newscrawler.health import spider_problem
from newscrawler.monitors.close import STAT_MONITORS_FAILED
from newscrawler.pipelines.store import STAT_LOST, STAT_SPOOL_ERROR, STAT_SPOOL_PATH, STAT_SPOOLED, STAT_STORE_ERROR
from newscrawler.rendering import renderer_problem
from newscrawler.storage import build_store


def lost_items_line(stats: Mapping[str, Any]) -> str | None:
    """The one stderr line telling how many items were lost and where the run record is, or None."""
    lost = stats.get(STAT_LOST)
    if not lost:
        return None
    where = stats.get(STAT_RUN_SAVED_TO) or "the store's crawl_runs"
    return (
        f"newscrawler: {lost} items lost: neither the store nor the spool could take them"
        f" ({stats.get(STAT_SPOOL_ERROR)}); crawl stopped; run record in {where}"
    )


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


def usage_error(crawler: Crawler, spider_arguments: Mapping[str, Any]) -> str | None:
    """What is wrong with the spider arguments or the store settings, checked before any request."""
    from newscrawler.spiders.arguments import SpiderArgumentError, parse_spider_arguments

    try:
        if _is_outlet(crawler.spidercls):
            parse_spider_arguments(spider_arguments)
        build_store(crawler.settings)  # not opened: a malformed MONGO_URI is a usage error, not an outage
    except SpiderArgumentError as error:
        return str(error)
    except ValueError as error:
        return f"store: {error}"
    return None


def renderer_error(crawler: Crawler) -> str | None:
    """Why the outlet's renderer (browser or Splash) cannot start, checked before any request; None when
    the outlet renders nothing or replays recorded sites (no renderer is used then)."""
    if not _is_outlet(crawler.spidercls) or crawler.settings.get("NEWSCRAWLER_REPLAY_DIR"):
        return None
    return renderer_problem(crawler.spidercls.outlet.rendering, crawler.settings)  # type: ignore[attr-defined]


def redis_error(crawler: Crawler) -> str | None:
    """Why a worker cannot reach its Redis (``NEWSCRAWLER_REDIS_URL``), or None: checked before any request."""
    url = crawler.settings.get("NEWSCRAWLER_REDIS_URL")
    if not url:
        return None
    try:
        distributed.connect(url).close()
    except distributed.RedisUnreachable as error:
        return str(error)
    return None


class Command(crawl.Command):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1 or self.crawler_process is None:
            return super().run(args, opts)  # Scrapy's usage errors
        crawler = self.crawler_process.create_crawler(args[0])
        error = usage_error(crawler, opts.spargs)
        if error:
            print(f"newscrawler: {args[0]}: {error}", file=sys.stderr)
            self.exitcode = exit_status.USAGE
            return None
        error = renderer_error(crawler) or redis_error(crawler)
        if error:
            print(f"newscrawler: {args[0]}: {error}", file=sys.stderr)
            self.exitcode = exit_status.FAILED
            return None
        super().run([crawler], opts)  # type: ignore[list-item]  # crawl() takes a Crawler as well as a name
        stats = crawler.stats.get_stats() if crawler.stats else {}
        lost = lost_items_line(stats)
        if lost:
            print(lost, file=sys.stderr)
            self.exitcode = exit_status.ITEMS_LOST
        line = store_failure_line(stats)
        if line:
            print(line, file=sys.stderr)
            self.exitcode = self.exitcode or exit_status.STORE_FAILED
        problem = spider_problem(crawler.spidercls, stats)
        if problem:
            print(problem, file=sys.stderr)
            self.exitcode = self.exitcode or exit_status.OUTLET_BROKEN
        monitors = stats.get(STAT_MONITORS_FAILED) if _is_live_outlet(crawler.spidercls) else None
        if monitors and not problem:
            print(f"newscrawler: {crawler.spidercls.name}: monitors failed: {'; '.join(monitors)}", file=sys.stderr)
            self.exitcode = self.exitcode or exit_status.OUTLET_BROKEN


def _is_outlet(spidercls) -> bool:
    # Imported here: importing the spiders loads the outlet configs, which the spider loader reports on.
    from newscrawler.spiders.base import OutletSpider

    return issubclass(spidercls, OutletSpider)


def _is_live_outlet(spidercls) -> bool:
    return _is_outlet(spidercls) and spidercls.outlet.status != "defunct"
