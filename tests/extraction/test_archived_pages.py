"""A page read from the Wayback Machine is a page of the original outlet, dated by the article, not the capture."""

from __future__ import annotations

import json

from recorded_sites import REPLAY_NOW, SITES, run_cli

ORIGINAL = "http://www.lesoir-echos.com/le-festival-de-fes-devoile-sa-programmation/culture/70555/"
PAGE = SITES / "lesoirechos" / "pages" / "toolbar-culture-70555.html"


def extract(url: str, *extra: str) -> dict:
    result = run_cli("-m", "newscrawler", "extract", str(PAGE), "--url", url, "--now", REPLAY_NOW, *extra)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_toolbar_capture_gives_the_original_url_and_the_articles_own_date():
    capture = f"https://web.archive.org/web/20130315094512/{ORIGINAL}"
    article = extract(capture)
    assert article["outlet"] == "lesoirechos"  # the outlet of the original URL, not of web.archive.org
    assert article["url"] == article["canonical_url"] == ORIGINAL
    assert (article["archive_url"], article["archived_at"]) == (capture, "2013-03-15T09:45:12.000+00:00")
    assert article["published_at"] == "2013-03-12T10:20:00.000+00:00"  # «Publié le 12/03/2013», not the capture
    assert article["image"]["url"].startswith("http://www.lesoir-echos.com/sites/")
    for toolbar in ("captures", "Wayback", "MAR", "Alexa", "Lire aussi", "Du même auteur", "Articles similaires"):
        assert toolbar not in article["body"], toolbar


def test_without_the_outlets_selectors_the_generic_layers_skip_the_toolbar_too():
    article = extract(f"https://web.archive.org/web/20130315094512/{ORIGINAL}", "--outlet", "lesoirechos")
    generic = run_cli(
        "-c",
        "import sys, json;"
        "from newscrawler.drift import extract_generic;"
        f"a = extract_generic(open({str(PAGE)!r}, 'rb').read(), 'https://web.archive.org/web/20130315094512/{ORIGINAL}',"
        " 'lesoirechos');"
        "print(json.dumps([a.canonical_url, a.published_at.isoformat(), a.title]))",
    )
    assert generic.returncode == 0, generic.stderr
    canonical, published, title = json.loads(generic.stdout)
    assert canonical == ORIGINAL and published.startswith("2013-03-12T10:20") and title == article["title"]
