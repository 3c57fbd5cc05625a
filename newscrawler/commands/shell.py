"""``scrapy shell``, closing the crawler's store when the session ends.

Scrapy's shell never stops its engine, so the store its spider opened (to skip stored URLs, or in the
store pipeline) would stay open until the process dies: an SQLite store would leave its ``-wal`` and
``-shm`` files behind.
"""

from __future__ import annotations

import argparse
from typing import Any

from scrapy.commands import shell
from twisted.internet import threads

from newscrawler.storage.crawl import close_crawl_storage


class Command(shell.Command):
    _crawler: Any = None

    def update_vars(self, vars: dict[str, Any]) -> None:
        self._crawler = vars["crawler"]  # the shell's one crawler, whose store to close at the end

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        try:
            super().run(args, opts)
        finally:
            from twisted.internet import reactor

            # Closed on the reactor thread; waits for the store threads to close their connections.
            if self._crawler is not None and reactor.running:  # type: ignore[attr-defined]
                threads.blockingCallFromThread(reactor, close_crawl_storage, self._crawler)
