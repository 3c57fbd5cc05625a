"""A stats collector that also writes a crawl's final stats as JSON, for the job that started the crawl.

``crawl-all`` runs each outlet in its own ``scrapy crawl`` process and reads its counts from this file
(``-s STATS_CLASS=newscrawler.operations.stats_file.JsonFileStatsCollector -s NEWSCRAWLER_STATS_FILE=...``):
it is written even when the store is down, when reading the run back from ``crawl_runs`` would fail.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scrapy.statscollectors import MemoryStatsCollector


class JsonFileStatsCollector(MemoryStatsCollector):
    """Scrapy's default collector, plus the final stats written to ``NEWSCRAWLER_STATS_FILE`` when set."""

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self._path = crawler.settings.get("NEWSCRAWLER_STATS_FILE")

    def _persist_stats(self, stats: dict[str, Any], spider: Any) -> None:
        super()._persist_stats(stats, spider)
        if self._path:
            Path(self._path).write_text(json.dumps(stats, default=str, ensure_ascii=False), encoding="utf-8")
