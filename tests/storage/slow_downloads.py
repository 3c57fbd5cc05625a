"""Test-only downloader middleware: every download takes ``SLOW_DOWNLOAD_SECONDS`` (network latency
for recorded sites, which answer at once)."""

from __future__ import annotations

import asyncio


class SlowDownloads:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.getfloat("SLOW_DOWNLOAD_SECONDS", 0.2))

    async def process_request(self, request, spider):
        await asyncio.sleep(self.seconds)
