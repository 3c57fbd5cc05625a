"""Wayback Machine capture URLs and archived markup made the original page's again."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newscrawler.parsing.archive import capture_url, parse_capture, unarchive_markup, unarchive_url

ORIGINAL = "http://www.lesoir-echos.com/a/politique/1/"


@pytest.mark.parametrize(
    ("url", "original", "timestamp", "raw"),
    [
        (f"https://web.archive.org/web/20130110151617id_/{ORIGINAL}", ORIGINAL, "20130110151617", True),
        (f"https://web.archive.org/web/20130110151617/{ORIGINAL}", ORIGINAL, "20130110151617", False),
        (f"http://web.archive.org/web/20130110151617im_/{ORIGINAL}x.jpg", f"{ORIGINAL}x.jpg", "20130110151617", False),
        (
            "https://web.archive.org/web/2013/http://www.lesoir-echos.com:80/",
            "http://www.lesoir-echos.com/",
            "20130000000000",
            False,
        ),
        (
            "//web.archive.org/web/20130110151617/www.lesoir-echos.com/a/?p=1",
            "http://www.lesoir-echos.com/a/?p=1",
            "20130110151617",
            False,
        ),
        (
            "https://web.archive.org/web/20130110151617id_/https://lesoir-echos.com:443/b",
            "https://lesoir-echos.com/b",
            "20130110151617",
            True,
        ),
    ],
)
def test_a_capture_url_names_the_original_page_and_when_it_was_captured(url, original, timestamp, raw):
    capture = parse_capture(url)
    assert capture is not None
    assert (capture.original, capture.timestamp, capture.raw) == (original, timestamp, raw)
    assert unarchive_url(url) == original


def test_other_urls_are_no_capture():
    assert parse_capture(ORIGINAL) is None
    assert parse_capture("https://web.archive.org/cdx/search/cdx?url=x") is None
    assert unarchive_url(ORIGINAL) == ORIGINAL


def test_the_raw_capture_url_and_the_capture_time():
    capture = parse_capture(capture_url(ORIGINAL, "20130110151617"))
    assert capture is not None and capture.raw and capture.url == capture_url(ORIGINAL, "20130110151617")
    assert capture.archived_at == datetime(2013, 1, 10, 15, 16, 17, tzinfo=UTC)


PLAYBACK = """<html><head>
<script src="//archive.org/includes/analytics.js?v=cf34f82" type="text/javascript"></script>
<script type="text/javascript" src="/_static/js/bundle-playback.js?v=t1Bf4PY_" charset="utf-8"></script>
<script type="text/javascript">
  __wm.init("https://web.archive.org/web");
  __wm.wombat("http://www.lesoir-echos.com/","20130315094512","https://web.archive.org/","web","/_static/","1363340712");
</script>
<link rel="stylesheet" type="text/css" href="/_static/css/banner-styles.css?v=S1zqJCYt" />
<!-- End Wayback Rewrite JS Include -->
<link rel="canonical" href="https://web.archive.org/web/20130315094512/http://www.lesoir-echos.com/a/culture/5/" />
<script>var own = "the page's own script";</script>
</head><body>
<!-- BEGIN WAYBACK TOOLBAR INSERT -->
<div id="wm-ipp-base"><div id="wm-ipp">12 captures 04 Jan 2013 - 20 Jun 2013 <td title="You are here: 09:45:12 Mar 15, 2013">MAR</td></div></div>
<!-- END WAYBACK TOOLBAR INSERT -->
<a href="/web/20130315094512/http://www.lesoir-echos.com/b/culture/6/">b</a>
<img src="https://web.archive.org/web/20130315094512im_/http://www.lesoir-echos.com/x.jpg">
<a href="/web/20130315094512/https://twitter.com/lesoirechos">twitter</a>
<a href="/web/20130315094512*/http://www.lesoir-echos.com/a/">every capture</a>
</body></html>
<!--
     FILE ARCHIVED ON 09:45:12 Mar 15, 2013 AND RETRIEVED FROM THE
     INTERNET ARCHIVE ON 14:02:31 Nov 27, 2026.
-->"""


def test_playback_markup_loses_the_toolbar_its_scripts_and_capture_dates():
    page = unarchive_markup(PLAYBACK)
    for inserted in ("wm-ipp", "__wm.", "/_static/", "analytics.js", "captures", "Mar 15, 2013", "FILE ARCHIVED"):
        assert inserted not in page, inserted
    assert "the page's own script" in page


def test_archived_urls_in_the_markup_map_back_to_the_originals():
    page = unarchive_markup(PLAYBACK)
    assert 'href="http://www.lesoir-echos.com/a/culture/5/"' in page
    assert 'href="http://www.lesoir-echos.com/b/culture/6/"' in page
    assert 'src="http://www.lesoir-echos.com/x.jpg"' in page
    assert 'href="https://twitter.com/lesoirechos"' in page
    assert "web.archive.org/web/2013" not in page and 'href="/web/20130315094512/' not in page
