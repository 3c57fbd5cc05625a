"""Every request a worker puts in Redis survives scrapy-redis' serialisation: same callback, arguments, fingerprint."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from recorded_sites import REPO
from scrapy.utils.reactor import install_reactor, is_reactor_installed
from scrapy.utils.request import request_from_dict
from scrapy.utils.test import get_crawler
from scrapy_redis import picklecompat
from scrapy_redis.dupefilter import RFPDupeFilter

from newscrawler.discovery.links import ArticleLink
from newscrawler.outlets import load_outlets
from newscrawler.rendering import rendering_plan
from newscrawler.spiders.base import OutletSpider, spider_class_for

FEED = "https://fr.hespress.com/feed?b=2&a=1"
FINGERPRINT = (
    "from scrapy import Request; from scrapy_redis.dupefilter import RFPDupeFilter; "
    f"print(RFPDupeFilter(None, '').request_fingerprint(Request({FEED!r})))"
)


def _spider(slug: str, rendering: str) -> OutletSpider:
    outlet = dataclasses.replace(load_outlets()[slug], rendering=rendering_plan(rendering))
    spidercls = spider_class_for(outlet, __name__)
    if not is_reactor_installed():  # get_crawler needs one; the project's
        install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
    return spidercls.from_crawler(get_crawler(spidercls))


def _requests(spider: OutletSpider):
    for source in spider.outlet.discovery:
        for page in (1, 2):
            yield spider._source_request(source, source["urls"][0], page, origin=source["urls"][0])
    yield spider._article_request(ArticleLink("https://example.test/a.html", datetime(2025, 11, 1, tzinfo=UTC), "feed"))


@pytest.mark.parametrize(
    ("slug", "rendering"), [("hespress", "none"), ("2m", "none"), ("lavieeco", "playwright"), ("yabiladi", "splash")]
)
def test_requests_round_trip_through_the_redis_queue(slug, rendering):
    spider = _spider(slug, rendering)
    fingerprint = RFPDupeFilter(None, "").request_fingerprint
    for request in _requests(spider):
        # scrapy_redis.queue.Base._encode_request / _decode_request, with its default (pickle) serialiser
        data = picklecompat.dumps(request.to_dict(spider=spider))
        decoded = request_from_dict(picklecompat.loads(data), spider=spider)
        assert decoded.callback == request.callback and decoded.errback == request.errback
        assert decoded.callback.__self__ is spider  # a method of the spider that reads the queue
        assert decoded.cb_kwargs == request.cb_kwargs and decoded.meta == request.meta
        assert (decoded.url, decoded.dont_filter, decoded.priority) == (
            request.url,
            request.dont_filter,
            request.priority,
        )
        assert fingerprint(decoded) == fingerprint(request)


def test_a_fingerprint_is_the_same_in_another_process():
    from scrapy import Request

    here = RFPDupeFilter(None, "").request_fingerprint(Request(FEED))
    other = subprocess.run(
        [sys.executable, "-c", FINGERPRINT],
        env={**os.environ, "PYTHONHASHSEED": "12345"},
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    assert other.stdout.strip() == here
    assert RFPDupeFilter(None, "").request_fingerprint(Request("https://fr.hespress.com/feed?a=1&b=2")) == here
