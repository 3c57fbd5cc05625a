"""Back off from a site that says it is overloaded (429 Too Many Requests, 503), without sleeping.

Scrapy's RetryMiddleware retries these answers (``RETRY_HTTP_CODES``) but at the same pace. This
middleware widens the download slot's delay instead: each such answer doubles it (at least
``BACKOFF_START_DELAY``, at most ``BACKOFF_MAX_DELAY``, and at least the ``Retry-After`` seconds the
site asked for). The downloader then spaces the slot's requests, retries included; nothing waits on
the reactor. AutoThrottle, when on, brings the delay back down as answers come fast and fine again
(it never lowers a delay on an error answer). The web archive (``wayback`` discovery) is the site
this is for: it answers 429 to clients that go too fast.
"""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)
STAT = "newscrawler/backoff/"


class BackoffMiddleware:
    def __init__(self, crawler, codes: list[int], start: float, maximum: float):
        self.crawler = crawler
        self.codes = frozenset(codes)
        self.start = start
        self.maximum = maximum

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(
            crawler,
            [int(code) for code in settings.getlist("BACKOFF_HTTP_CODES")],
            settings.getfloat("BACKOFF_START_DELAY"),
            settings.getfloat("BACKOFF_MAX_DELAY"),
        )

    def process_response(self, request, response, spider):
        if response.status not in self.codes:
            return response
        engine = self.crawler.engine
        slot = engine.downloader.slots.get(request.meta.get("download_slot")) if engine else None
        if slot is not None:
            delay = min(max(slot.delay * 2, self.start, _retry_after(response.headers)), self.maximum)
            if delay > slot.delay:
                logger.info("%s answered %d: %.1f s between its requests now", _slot(request), response.status, delay)
                slot.delay = delay
            if self.crawler.stats:
                self.crawler.stats.inc_value(STAT + str(response.status))
                self.crawler.stats.max_value(STAT + "max_delay", slot.delay)
        return response


def _slot(request) -> str:
    return str(request.meta.get("download_slot", "the site"))


def _retry_after(headers) -> float:
    """The Retry-After seconds of an answer (its HTTP-date form is ignored), else 0."""
    value = headers.get(b"Retry-After")
    try:
        return max(float(value.decode("ascii")), 0.0) if value else 0.0
    except (UnicodeDecodeError, ValueError):
        return 0.0
