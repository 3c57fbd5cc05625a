"""Crawls recorded sites one after the other in this one process (one reactor), then prints each
crawl's stats as JSON: the extraction pool's tests run every spider with worker processes without
starting a Scrapy process per outlet.

    python tests/support/crawl_in_one_process.py SQLITE_PATH SLUG... [--kill-workers-at N,M]

``--kill-workers-at 1,3``: SIGKILL every extraction worker when the 1st and the 3rd article page arrive.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from pathlib import Path

from scrapy import signals
from scrapy.crawler import Crawler

REPO = Path(__file__).resolve().parents[2]


class KillWorkers:
    """Extension: SIGKILL the extraction pool's workers when the Nth article responses arrive."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.at = {int(n) for n in crawler.settings.getlist("TEST_KILL_WORKERS_AT")}
        self.articles = 0
        crawler.signals.connect(self.response_received, signal=signals.response_received)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> KillWorkers:
        return cls(crawler)

    def response_received(self, response, request, spider) -> None:
        from newscrawler.extraction.pool import extraction_pool

        if getattr(request.callback, "__name__", "") not in ("parse_article", "parse_api_article"):
            return
        self.articles += 1
        if self.articles in self.at:
            pool = extraction_pool(self.crawler)
            assert pool is not None, "the extraction pool is off"
            for pid in pool.pids():
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:  # killed at an earlier page, not yet reaped by the executor
                    continue
                self.crawler.stats.inc_value("test/killed_workers")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sqlite_path")
    parser.add_argument("slugs", nargs="+")
    parser.add_argument("--kill-workers-at", default="")
    options = parser.parse_args()
    sys.path[:0] = [str(REPO), str(Path(__file__).parent)]
    os.chdir(REPO)

    from recorded_sites import REPLAY_NOW, SITES
    from scrapy.crawler import CrawlerRunner
    from scrapy.utils.log import configure_logging
    from scrapy.utils.project import get_project_settings
    from scrapy.utils.reactor import install_reactor
    from twisted.internet import defer

    settings = get_project_settings()
    settings.setdict(
        {
            "NEWSCRAWLER_REPLAY_DIR": str(SITES),
            "NEWSCRAWLER_NOW": REPLAY_NOW,
            "SQLITE_PATH": options.sqlite_path,
            "MONGO_URI": "",
            "LOG_LEVEL": "INFO",
            "TEST_KILL_WORKERS_AT": options.kill_workers_at,
            "EXTENSIONS": {**settings.getdict("EXTENSIONS"), "crawl_in_one_process.KillWorkers": 900},
        },
        priority="cmdline",
    )
    install_reactor(settings["TWISTED_REACTOR"])
    from twisted.internet import reactor

    configure_logging(settings)
    runner = CrawlerRunner(settings)
    stats: dict[str, dict] = {}

    @defer.inlineCallbacks
    def crawl_all():
        try:
            for slug in options.slugs:
                crawler = runner.create_crawler(slug)
                yield runner.crawl(crawler)
                stats[slug] = {key: value for key, value in crawler.stats.get_stats().items() if isinstance(value, int)}
        finally:
            reactor.stop()

    reactor.callWhenRunning(crawl_all)
    reactor.run()
    print(json.dumps(stats))


if __name__ == "__main__":
    main()
