"""A page written in another charset than it declares is decoded again from its bytes, or rejected."""

from __future__ import annotations

import random

import pytest
from recorded_sites import REPO, copy_recorded_site, crawl_recorded, expected_articles, stored_articles_and_runs
from scrapy.http import HtmlResponse, Request
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector

from newscrawler.charset import STAT_REDECODED, CharsetRepairMiddleware, badly_decoded
from newscrawler.failures import PageRejected

WINDOWS_1256_PAGE = REPO / "tests" / "data" / "pages" / "hespress-ar-1512307-windows-1256.html"


class _Crawler:
    """What the middleware reads of a crawler: its stats."""

    def __init__(self):
        self.settings = Settings()
        self.stats = MemoryStatsCollector(self)


def _response(body: bytes) -> HtmlResponse:
    url = "https://www.hespress.com/a-1.html"
    return HtmlResponse(url, body=body, headers={"Content-Type": "text/html; charset=utf-8"}, request=Request(url))


def test_recorded_windows_1256_page_declared_utf8_is_stored_readable(tmp_path):
    sites, site = copy_recorded_site(tmp_path, "hespress")
    (site / "pages" / "ar-1512307.html").write_bytes(WINDOWS_1256_PAGE.read_bytes())
    sqlite_path = tmp_path / "store.sqlite3"
    result = crawl_recorded("hespress", sqlite_path, "-s", f"SPOOL_DIR={tmp_path / 'spool'}", sites=sites)

    assert result.returncode == 0, result.stderr[-3000:]
    assert f"'{STAT_REDECODED}': 1" in result.stderr
    expected = next(e for e in expected_articles("hespress") if e["page"].endswith("ar-1512307.html"))
    articles, _ = stored_articles_and_runs(sqlite_path)
    stored = articles[expected["url"]]
    assert stored["title"] == expected["article"]["title"]
    assert stored["body"] == expected["article"]["body"]


def test_a_well_decoded_page_passes_untouched():
    crawler = _Crawler()
    response = _response((REPO / "tests" / "sites" / "hespress" / "pages" / "ar-1512307.html").read_bytes())
    assert CharsetRepairMiddleware(crawler).process_response(response.request, response, None) is response
    assert crawler.stats.get_value(STAT_REDECODED) is None


def test_bytes_that_no_charset_decodes_are_rejected_as_bad_encoding():
    noise = random.Random(8).randbytes(20_000)
    response = _response(b"<html><body><p>" + noise + b"</p></body></html>")
    with pytest.raises(PageRejected) as rejected:
        CharsetRepairMiddleware(_Crawler()).process_response(response.request, response, None)
    assert rejected.value.reason == "bad_encoding"


def test_a_stray_replacement_character_is_not_a_wrong_charset():
    assert not badly_decoded("Un texte correct " * 200 + "\ufffd\ufffd")
    assert badly_decoded("\ufffd" * 91 + "x" * 16)
