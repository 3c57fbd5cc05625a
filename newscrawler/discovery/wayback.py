"""Internet Archive Wayback Machine: article captures of an outlet, listed by the CDX API.

Each source URL is a URL prefix of the outlet (``http://www.lesoir-echos.com/``), asked for as::

    https://web.archive.org/cdx/search/cdx?url=<prefix>&matchType=prefix&output=json
        &filter=statuscode:200&filter=mimetype:text/html
        &from=<ts>&to=<ts>&limit=<n>&showResumeKey=true[&resumeKey=<key>]

The JSON answer is a header row, one row per capture, then (when more rows remain) an empty row and
``[<resume key>]``; the next page is the same query with ``resumeKey``. The captures are sorted by URL key,
then by time, so every page is read (no watermark paging; known URLs are not fetched again). The newest
capture of each URL (by its canonical form) is kept and fetched in raw mode
(``/web/<timestamp>id_/<original>``); the article is then a page of the original outlet
(``newscrawler.parsing.archive``, ``newscrawler.extraction.extractor``).

Newest capture per URL: every capture is listed (no ``collapse``). Per the CDX server's README,
``collapse=urlkey`` keeps the *first* capture of each URL key, and its ``lastSkipTimestamp`` end timestamp
is tracked before the filters are applied (``CDXServer.writeCdxResponse`` in internetarchive/wayback:
``trackLine`` comes before the filter and collapse checks), so it can name a 404, a redirect or a revisit.
The captures of one URL can straddle a page boundary: when a page ends with a URL key, its captures are
left to the next page, asked for from the first of them (a resume key is the decoded start of the next
page's scan, ``<urlkey> <timestamp>``, as the server prints it: ``createBoundedCdxIterator``).

Bounds: ``from``/``to`` of the source (the outlet's lifetime, CDX timestamps of 1-14 digits) narrowed by
the crawl's since/until. A capture is made after publication, so ``to`` reaches ``capture_lag_days``
past until; the pipelines then keep only articles published in [since, until).
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any
from urllib.parse import quote_plus, urlencode

from scrapy.http import Response

from newscrawler.discovery.kind import Discovered, KindBase, Source, SourcePage, Window
from newscrawler.discovery.links import ArticleLink
from newscrawler.parsing.archive import ARCHIVE_HOST, capture_url, original_url
from newscrawler.parsing.urls import canonical_url

CDX_API = f"https://{ARCHIVE_HOST}/cdx/search/cdx"
_TIMESTAMP = "%Y%m%d%H%M%S"
_CDX_TIMESTAMP = {"type": "string", "pattern": "^\\d{4,14}$"}


def cdx_url(prefix: str, source: Source, window: Window, resume_key: str | None = None) -> str:
    """The CDX query of one page of a prefix's captures."""
    params: list[tuple[str, Any]] = [
        ("url", prefix),
        ("matchType", "prefix"),
        ("output", "json"),
        ("filter", "statuscode:200"),
        ("filter", "mimetype:text/html"),
    ]
    start, end = capture_range(source, window)
    params += [("from", start)] if start else []
    params += [("to", end)] if end else []
    params += [("limit", source.get("limit", 1000)), ("showResumeKey", "true")]
    # The archive prints the resume key URL-encoded already: it goes back as printed.
    return f"{CDX_API}?{urlencode(params)}" + (f"&resumeKey={resume_key}" if resume_key else "")


def capture_range(source: Source, window: Window) -> tuple[str | None, str | None]:
    """(from, to) CDX timestamps: the source's bounds narrowed by since and until (plus the capture lag)."""
    start, end = source.get("from"), source.get("to")
    if window.since:
        since = window.since.strftime(_TIMESTAMP)
        start = since if start is None or since > start.ljust(14, "0") else start
    if window.until:
        lag = timedelta(days=source.get("capture_lag_days", 30))
        until = (window.until + lag).strftime(_TIMESTAMP)
        end = until if end is None or until < end.ljust(14, "9") else end
    return start, end


def parse_cdx(body: bytes | str) -> tuple[list[ArticleLink], str | None, int]:
    """(the newest capture of each URL as a link, the next page's resume key, rows not read) of one CDX JSON
    answer. The captures of the page's last URL key are left to the next page when there is one.

    Raises ValueError when the answer is not a CDX JSON table.
    """
    rows = json.loads(body) if body.strip() else []
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise ValueError("not a CDX JSON table")
    resume_key = None
    if len(rows) >= 2 and rows[-2] == [] and len(rows[-1]) == 1:
        resume_key, rows = str(rows[-1][0]), rows[:-2]
    if not rows:
        return [], resume_key, 0
    header, captures = rows[0], rows[1:]
    if resume_key:
        captures, resume_key = _last_url_left_to_next_page(header, captures, resume_key)
    newest: dict[str, tuple[str, str]] = {}  # canonical URL -> (timestamp, original)
    unread = 0
    for row in captures:
        capture = dict(zip(header, row, strict=False))
        if not _is_html_page(capture):
            unread += 1
            continue
        original = original_url(capture["original"])
        key = canonical_url(original)
        if key not in newest or capture["timestamp"] > newest[key][0]:
            newest[key] = (capture["timestamp"], original)
    links = [
        ArticleLink(url=original, source="wayback", fetch_url=capture_url(original, timestamp))
        for timestamp, original in newest.values()
    ]
    return links, resume_key, unread


def _last_url_left_to_next_page(header: list[Any], captures: list[list[Any]], resume_key: str) -> tuple[list, str]:
    """(the captures to read now, the resume key): the last URL key's captures are read with the next page,
    which starts at the first of them; a page of one URL key only is left whole to the next pages."""
    keys = [dict(zip(header, row, strict=False)).get("urlkey") for row in captures]
    last = keys[-1] if keys else None
    if not isinstance(last, str):
        return captures, resume_key
    if all(key == last for key in keys):
        return [], resume_key
    first = keys.index(last)  # the rows of one URL key are adjacent
    timestamp = dict(zip(header, captures[first], strict=False)).get("timestamp")
    return captures[:first], quote_plus(f"{last} {timestamp}", safe="")


def _is_html_page(capture: dict[str, Any]) -> bool:
    """A readable capture of an HTML page answered 200 (the query filters so; an answer may not have)."""
    timestamp, original = capture.get("timestamp"), capture.get("original")
    if not (isinstance(timestamp, str) and timestamp.isdigit() and len(timestamp) == 14 and isinstance(original, str)):
        return False
    return capture.get("statuscode", "200") == "200" and capture.get("mimetype", "text/html") == "text/html"


class WaybackKind(KindBase):
    name = "wayback"
    description = (
        "Internet Archive captures of URL prefixes, listed by the CDX API (every capture, paged by resume key); "
        "the newest capture of each article URL is fetched in raw mode from web.archive.org."
    )
    options = {
        "from": {**_CDX_TIMESTAMP, "description": "Oldest capture to list (CDX timestamp, e.g. 2009 or 20090315)."},
        "to": {**_CDX_TIMESTAMP, "description": "Newest capture to list (inclusive; e.g. 2016)."},
        "limit": {"type": "integer", "minimum": 1, "maximum": 10000, "description": "Captures per CDX page (1000)."},
        "max_pages": {
            "type": "integer",
            "minimum": 1,
            "description": "CDX pages read per prefix (default 200; a listing cut there is counted as "
            "newscrawler/discovery/cdx_max_pages_reached).",
        },
        "capture_lag_days": {
            "type": "integer",
            "minimum": 0,
            "description": "With until: captures up to this many days later are listed (30).",
        },
    }
    hosts = (ARCHIVE_HOST,)
    # The archive answers 429/503 when busy: retried more, with backoff (newscrawler/backoff.py).
    settings = {"RETRY_TIMES": 5}

    def first_page(self, url: str, source: Source, window: Window) -> str:
        return cdx_url(url, source, window)

    def read(self, response: Response, where: SourcePage) -> Discovered:
        try:
            links, resume_key, unread = parse_cdx(response.body)
        except ValueError:  # also json's JSONDecodeError, and a body that is not UTF-8
            return Discovered(complete=False, counts={"cdx_unreadable": 1})
        next_pages, counts = [], {"cdx_rows_skipped": unread} if unread else {}
        if resume_key and where.page < where.source.get("max_pages", 200):
            next_pages.append(cdx_url(where.origin, where.source, where.window, resume_key))
        elif resume_key:  # the listing goes on past max_pages: cut short, and counted
            counts["cdx_max_pages_reached"] = 1
        return Discovered(links, next_pages, counts=counts)


KIND = WaybackKind()
