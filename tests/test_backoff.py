"""429 and 503 answers widen the site's download delay (no sleep); other answers leave it."""

from __future__ import annotations

from types import SimpleNamespace

from scrapy.http import Request, Response
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector

from newscrawler.backoff import BackoffMiddleware


def middleware(delay: float) -> tuple[BackoffMiddleware, SimpleNamespace]:
    slot = SimpleNamespace(delay=delay)
    crawler = SimpleNamespace(
        engine=SimpleNamespace(downloader=SimpleNamespace(slots={"web.archive.org": slot})), settings=Settings()
    )
    crawler.stats = MemoryStatsCollector(crawler)
    return BackoffMiddleware(crawler, [429, 503], start=5.0, maximum=60.0), slot


def answer(status: int, headers: dict | None = None) -> tuple[Request, Response]:
    request = Request("https://web.archive.org/cdx/search/cdx?url=x", meta={"download_slot": "web.archive.org"})
    return request, Response(request.url, status=status, headers=headers or {}, request=request)


def test_each_overload_answer_doubles_the_delay_up_to_the_maximum():
    backoff, slot = middleware(3.0)
    delays = []
    for _ in range(5):
        request, response = answer(429)
        assert backoff.process_response(request, response, None) is response  # RetryMiddleware retries it
        delays.append(slot.delay)
    assert delays == [6.0, 12.0, 24.0, 48.0, 60.0]
    assert backoff.crawler.stats.get_value("newscrawler/backoff/429") == 5


def test_retry_after_is_honoured_and_a_small_delay_starts_at_the_start_delay():
    backoff, slot = middleware(0.5)
    backoff.process_response(*answer(503), None)
    assert slot.delay == 5.0
    backoff.process_response(*answer(503, {"Retry-After": "30"}), None)
    assert slot.delay == 30.0
    backoff.process_response(*answer(429, {"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}), None)
    assert slot.delay == 60.0


def test_other_answers_leave_the_delay():
    backoff, slot = middleware(3.0)
    for status in (200, 404, 500):
        backoff.process_response(*answer(status), None)
    assert slot.delay == 3.0
