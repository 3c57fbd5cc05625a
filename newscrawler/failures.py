"""Requests that gave no page, counted by reason: ``newscrawler/failed/<reason>`` stats.

Every request of the outlet spiders has :func:`count_failure` as errback (through the spider), so
DNS errors, refused connections, timeouts, HTTP errors after the retries, pages cancelled for their
size, redirect chains that never end and pages rejected by a middleware all land here. A redirect
that comes back to an URL already fetched is dropped by Scrapy's duplicate filter, before any
errback: :class:`FailureCounter` counts those from the ``request_dropped`` signal. The crawl_runs
document keeps the counts as its ``failures`` map.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import defer, error
from twisted.python.failure import Failure
from twisted.web.client import ResponseFailed, ResponseNeverReceived

logger = logging.getLogger(__name__)

FAILED_STAT_PREFIX = "newscrawler/failed/"

# Network errors by kind, first match wins.
_NETWORK_REASONS: tuple[tuple[tuple[type[BaseException], ...], str], ...] = (
    ((error.DNSLookupError,), "dns"),
    ((error.ConnectionRefusedError,), "connection_refused"),
    ((defer.TimeoutError, error.TimeoutError, error.TCPTimedOutError), "timeout"),
    # Scrapy cancels a download larger than DOWNLOAD_MAXSIZE (timeouts are turned into TimeoutError).
    ((defer.CancelledError,), "too_large"),
    ((error.ConnectionLost, error.ConnectionDone, ResponseFailed, ResponseNeverReceived), "connection_lost"),
    ((error.ConnectError,), "connect_error"),
)
_IGNORED_REASONS = {"max redirections reached": "too_many_redirects", "Forbidden by robots.txt": "robots_forbidden"}


class PageRejected(IgnoreRequest):
    """A downloaded page a middleware refuses to pass on (e.g. ``bad_encoding``); ``reason`` is counted."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


def failure_reason(failure: Failure) -> str:
    """A short snake_case reason for a failed request: ``http_404``, ``dns``, ``too_large``, ..."""
    value = failure.value
    if isinstance(value, PageRejected):
        return value.reason
    if isinstance(value, HttpError):
        return f"http_{value.response.status}"
    if isinstance(value, IgnoreRequest):
        return _IGNORED_REASONS.get(str(value), "ignored")
    for kinds, reason in _NETWORK_REASONS:
        if isinstance(value, kinds):
            return reason
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(value).__name__).lower()


def count_failure(crawler: Any, failure: Failure) -> str:
    """Count one failed request under its reason (stats) and log it; returns the reason."""
    reason = failure_reason(failure)
    crawler.stats.inc_value(FAILED_STAT_PREFIX + reason)
    request = getattr(failure, "request", None)
    logger.warning("Request failed (%s): %s: %s", reason, request.url if request else "?", failure.getErrorMessage())
    return reason


def failure_counts(stats: Mapping[str, Any]) -> dict[str, int]:
    """{reason: count} of a crawl's failed requests, from its stats."""
    return {key.removeprefix(FAILED_STAT_PREFIX): n for key, n in stats.items() if key.startswith(FAILED_STAT_PREFIX)}


class FailureCounter:
    """Counts redirected requests that Scrapy's duplicate filter drops: a redirect loop."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        crawler.signals.connect(self.request_dropped, signal=signals.request_dropped)

    @classmethod
    def from_crawler(cls, crawler: Any) -> FailureCounter:
        return cls(crawler)

    def request_dropped(self, request: Any, spider: Any) -> None:
        if not request.meta.get("redirect_urls"):
            return  # the spider asked twice for one URL: not a failure
        self.crawler.stats.inc_value(FAILED_STAT_PREFIX + "redirect_loop")
        chain = " -> ".join([*request.meta["redirect_urls"], request.url])
        logger.warning("Request failed (redirect_loop): %s", chain)
