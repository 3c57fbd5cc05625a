"""Wayback discovery: the CDX query (filters, bounds, resume key) and how an answer is read."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlsplit

import pytest
from recorded_sites import crawl_recorded
from scrapy.http import TextResponse

from newscrawler.discovery.kind import SourcePage, Window
from newscrawler.discovery.wayback import KIND, capture_range, cdx_url, parse_cdx

PREFIX = "http://www.lesoir-echos.com/"
HEADER = ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"]


def query(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query)


def row(original: str, timestamp: str, mimetype: str = "text/html", status: str = "200") -> list[str]:
    urlkey = "com,lesoir-echos)" + original.split("lesoir-echos.com", 1)[1].split(":80", 1)[-1].rstrip("/")
    return [urlkey, timestamp, original, mimetype, status, "DIGEST", "100"]


def test_the_cdx_query_asks_for_every_capture_of_an_html_page_answered_200_with_a_resume_key():
    params = query(cdx_url(PREFIX, {"from": "2010", "to": "2014", "limit": 500}, Window()))
    assert ("url", PREFIX) in params and ("matchType", "prefix") in params and ("output", "json") in params
    assert ("filter", "statuscode:200") in params and ("filter", "mimetype:text/html") in params
    assert ("showResumeKey", "true") in params
    assert not any(name == "collapse" for name, _ in params)  # collapse=urlkey keeps the oldest capture
    assert ("from", "2010") in params and ("to", "2014") in params and ("limit", "500") in params
    assert not any(name == "resumeKey" for name, _ in params)


def test_the_resume_key_goes_back_as_the_archive_printed_it():
    key = "com%2Clesoir-echos%29%2Fx+20130109101010%21"
    url = cdx_url(PREFIX, {}, Window(), key)
    assert url.endswith(f"&resumeKey={key}")
    assert ("resumeKey", "com,lesoir-echos)/x 20130109101010!") in query(url)  # what the server reads


def test_since_and_until_bound_the_query_within_the_outlets_lifetime():
    source = {"from": "2010", "to": "2014"}
    since, until = datetime(2012, 12, 1, tzinfo=UTC), datetime(2013, 1, 1, tzinfo=UTC)
    assert capture_range(source, Window(since, until)) == ("20121201000000", "20130131000000")
    assert capture_range({**source, "capture_lag_days": 0}, Window(None, until)) == ("2010", "20130101000000")
    # bounds outside the outlet's lifetime leave the lifetime's
    early, late = datetime(2005, 1, 1, tzinfo=UTC), datetime(2020, 1, 1, tzinfo=UTC)
    assert capture_range(source, Window(early, late)) == ("2010", "2014")
    assert capture_range({}, Window()) == (None, None)


def test_a_crawl_with_since_and_until_asks_the_archive_for_that_range_only(tmp_path):
    result = crawl_recorded(
        "lesoirechos",
        tmp_path / "x.sqlite3",
        "-a",
        "since=2012-12-01",
        "-a",
        "until=2013-01-01",
        "-s",
        "LOG_LEVEL=DEBUG",
    )
    requested = [line for line in result.stderr.splitlines() if "GET https://web.archive.org/cdx/" in line]
    assert requested, result.stderr[-2000:]
    assert all("from=20121201000000&to=20130131000000" in line for line in requested)


def test_the_newest_capture_of_each_url_is_kept_by_its_canonical_url():
    answer = [
        HEADER,
        row("http://www.lesoir-echos.com/a/politique/1/", "20121215203344"),
        row("http://www.lesoir-echos.com/a/politique/1/?utm_source=feed", "20130110151617"),
        row("http://www.lesoir-echos.com:80/b/monde/2/", "20110101000000"),
        row("http://www.lesoir-echos.com/b/monde/2/", "20100101000000"),
        row("http://www.lesoir-echos.com/c/monde/3/", "20120101000000", mimetype="warc/revisit", status="-"),
    ]
    links, resume_key, unread = parse_cdx(json.dumps(answer))
    assert resume_key is None
    assert unread == 1
    by_url = {link.url: link.fetch_url for link in links}
    assert by_url == {
        "http://www.lesoir-echos.com/a/politique/1/?utm_source=feed": "https://web.archive.org/web/20130110151617id_/"
        "http://www.lesoir-echos.com/a/politique/1/?utm_source=feed",
        "http://www.lesoir-echos.com/b/monde/2/": "https://web.archive.org/web/20110101000000id_/"
        "http://www.lesoir-echos.com/b/monde/2/",
    }
    assert all(link.published is None for link in links)  # a capture's time is no publication date


def test_an_empty_answer_is_no_link_and_no_next_page():
    assert parse_cdx(b"") == ([], None, 0)
    assert parse_cdx(b"[]") == ([], None, 0)


@pytest.mark.parametrize("body", [b"<html>Service Unavailable</html>", b'{"error": "x"}', b"\xff\xfe[", b"[1, 2]"])
def test_an_unreadable_answer_is_counted_and_leaves_the_source_incomplete(body):
    response = TextResponse(url="https://web.archive.org/cdx/search/cdx?url=x", body=body, encoding="utf-8")
    found = KIND.read(response, SourcePage({"type": "wayback", "urls": [PREFIX]}, 1, PREFIX, Window()))
    assert found.links == [] and found.next_pages == []
    assert not found.complete and found.counts == {"cdx_unreadable": 1}


def test_the_next_page_follows_the_resume_key_up_to_max_pages():
    answer = json.dumps([HEADER, row("http://www.lesoir-echos.com/a/x/1/", "20120101000000"), [], ["KEY"]])
    response = TextResponse(url="https://web.archive.org/cdx/search/cdx?url=x", body=answer, encoding="utf-8")
    source = {"type": "wayback", "urls": [PREFIX], "max_pages": 2}
    assert KIND.read(response, SourcePage(source, 1, PREFIX, Window())).next_pages == [
        cdx_url(PREFIX, source, Window(), "KEY")
    ]
    last = KIND.read(response, SourcePage(source, 2, PREFIX, Window()))
    assert last.next_pages == [] and last.counts == {"cdx_max_pages_reached": 1}  # cut short: counted


def test_the_captures_of_a_pages_last_url_are_read_with_the_next_page_which_starts_at_the_first_of_them():
    answer = [
        HEADER,
        row("http://www.lesoir-echos.com/a/politique/1/", "20121215203344"),
        row("http://www.lesoir-echos.com/b/monde/2/", "20130101000000"),
        row("http://www.lesoir-echos.com/b/monde/2/", "20130201000000"),
        [],
        ["com%2Clesoir-echos%29%2Fb%2Fmonde%2F2+20130201000000%21"],  # after the page's last capture
    ]
    links, resume_key, _ = parse_cdx(json.dumps(answer))
    assert [link.url for link in links] == ["http://www.lesoir-echos.com/a/politique/1/"]
    assert resume_key == "com%2Clesoir-echos%29%2Fb%2Fmonde%2F2+20130101000000"  # from b's first capture
    next_page = [HEADER, *answer[2:4], row("http://www.lesoir-echos.com/b/monde/2/", "20130301000000")]
    assert [link.fetch_url for link in parse_cdx(json.dumps(next_page))[0]] == [
        "https://web.archive.org/web/20130301000000id_/http://www.lesoir-echos.com/b/monde/2/"
    ]


def test_a_page_of_one_urls_captures_only_is_left_whole_to_the_next_pages():
    answer = [
        HEADER,
        row("http://www.lesoir-echos.com/", "20100101000000"),
        row("http://www.lesoir-echos.com/", "20100102000000"),
    ]
    assert parse_cdx(json.dumps([*answer, [], ["KEY"]])) == ([], "KEY", 0)  # its newest capture comes later
    assert len(parse_cdx(json.dumps(answer))[0]) == 1  # on the last page, it is read


def test_a_url_captured_on_both_sides_of_a_page_boundary_is_fetched_from_its_newest_capture(tmp_path):
    result = crawl_recorded("lesoirechos", tmp_path / "x.sqlite3", "-s", "LOG_LEVEL=DEBUG")
    assert result.returncode == 0, result.stderr[-3000:]
    fetched = [line for line in result.stderr.splitlines() if "Crawled (200) <GET https://web.archive.org/web/" in line]
    medecins = "les-medecins-du-public-en-greve/societe/69012/"
    assert any(f"/web/20130415093000id_/http://www.lesoir-echos.com/{medecins}" in line for line in fetched)  # newer
    assert not any(f"/web/20130109101010id_/http://www.lesoir-echos.com/{medecins}" in line for line in fetched)
    assert not any("/web/20121231190000id_/" in line for line in fetched)  # the Bourse article's older capture
