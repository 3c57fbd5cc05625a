"""Recorded sites replayed offline through the real Scrapy engine: a download handler, no network.

A recorded site is a folder with a ``manifest.yml`` listing what each URL answered::

    pages:
      - url: https://www.yabiladi.com/rss/rss.xml
        file: pages/rss.xml
        content_type: application/rss+xml; charset=utf-8
        status: 200            # optional
        headers: {X-WP-TotalPages: "3"}   # optional
        origin: synthetic      # or captured (a real page), then with source: <repository, path, commit>

Set ``NEWSCRAWLER_REPLAY_DIR`` to a folder holding one or more recorded sites (``tests/sites``) and
every request is answered from them; a URL that was not recorded answers 404.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import yaml
from scrapy.http import Headers
from scrapy.responsetypes import responsetypes
from twisted.internet import defer
from w3lib.url import canonicalize_url

REPLAY_HANDLER = "newscrawler.replay.ReplayDownloadHandler"
logger = logging.getLogger(__name__)
ORIGINS = ("captured", "synthetic")  # a page saved from the real site, or one written for the fixture


@dataclass(frozen=True)
class RecordedPage:
    path: Path
    status: int
    headers: dict[str, str]


def _check_origin(manifest: Path, entry: dict) -> None:
    origin = entry.get("origin", "synthetic")
    if origin not in ORIGINS:
        raise ValueError(f"{manifest}: {entry['url']}: origin: expected captured or synthetic, got {origin!r}")
    if origin == "captured" and not entry.get("source"):
        raise ValueError(f"{manifest}: {entry['url']}: source: a captured page names where it was saved from")


def load_recorded_pages(replay_dir: str | Path) -> dict[str, RecordedPage]:
    """Every recorded page under the folder, keyed by canonical URL."""
    pages: dict[str, RecordedPage] = {}
    for manifest in sorted(Path(replay_dir).glob("*/manifest.yml")):
        for entry in yaml.safe_load(manifest.read_text(encoding="utf-8"))["pages"]:
            _check_origin(manifest, entry)
            headers = {
                "Content-Type": entry.get("content_type", "text/html; charset=utf-8"),
                **entry.get("headers", {}),
            }
            page = RecordedPage(manifest.parent / entry["file"], int(entry.get("status", 200)), headers)
            pages[canonicalize_url(entry["url"])] = page
    return pages


class ReplayDownloadHandler:
    """Answers http(s) requests from recorded sites instead of the network.

    Like Scrapy's HTTP handler, it cancels a page larger than ``DOWNLOAD_MAXSIZE`` (spider attribute
    ``download_maxsize``, request meta ``download_maxsize``) and logs one larger than ``DOWNLOAD_WARNSIZE``.
    """

    lazy = False

    def __init__(self, replay_dir: str, maxsize: int = 0, warnsize: int = 0):
        self.pages = load_recorded_pages(replay_dir)
        self.maxsize = maxsize
        self.warnsize = warnsize

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(
            settings.get("NEWSCRAWLER_REPLAY_DIR"),
            settings.getint("DOWNLOAD_MAXSIZE"),
            settings.getint("DOWNLOAD_WARNSIZE"),
        )

    def download_request(self, request, spider):
        page = self.pages.get(canonicalize_url(request.url))
        if page is None:
            return defer.succeed(
                responsetypes.from_args(url=request.url)(url=request.url, status=404, body=b"", request=request)
            )
        size = page.path.stat().st_size
        maxsize = request.meta.get("download_maxsize", getattr(spider, "download_maxsize", self.maxsize))
        warnsize = request.meta.get("download_warnsize", getattr(spider, "download_warnsize", self.warnsize))
        if maxsize and size > maxsize:
            message = f"Cancelling download of {request.url}: size ({size}) larger than download max size ({maxsize})."
            logger.warning(message)
            return defer.fail(defer.CancelledError(message))
        if warnsize and size > warnsize:
            logger.warning("Received (%d) bytes larger than download warn size (%d) in %s", size, warnsize, request)
        body = page.path.read_bytes()
        headers = Headers(page.headers)
        response_class = responsetypes.from_args(headers=headers, url=request.url, body=body)
        return defer.succeed(
            response_class(url=request.url, status=page.status, headers=headers, body=body, request=request)
        )

    def close(self):
        return None


def replay_settings() -> dict:
    """Settings that make a crawler read recorded sites: replay handler, no delays."""
    return {
        "DOWNLOAD_HANDLERS": {"http": REPLAY_HANDLER, "https": REPLAY_HANDLER},
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
        "RETRY_ENABLED": False,
    }
