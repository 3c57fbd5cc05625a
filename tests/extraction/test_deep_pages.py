"""Pages nested thousands of levels deep: the article is still extracted, never a RecursionError."""

from __future__ import annotations

from parsel import Selector
from recorded_sites import SITES, copy_recorded_site, crawl_recorded, stored_articles_and_runs

from newscrawler.extraction import jsonld
from newscrawler.extraction.extractor import extract_html
from newscrawler.extraction.select import paragraphs
from newscrawler.outlets import load_outlets

ALBAYANE = "https://www.maghress.com/fr/albayane/211548"
DEEP_DIVS = "<div>" * 100_000 + "fond" + "</div>" * 100_000
DEEP_JSONLD = '<script type="application/ld+json">' + '{"a": [' * 1000 + "1" + "]}" * 1000 + "</script>"


def deep_albayane_page() -> str:
    """The recorded Albayane page with 100k nested divs inside its body and a 1000-level JSON-LD block."""
    html = (SITES / "maghress" / "pages" / "albayane-211548.html").read_text(encoding="utf-8")
    assert 'class="articlecontent">' in html and "</head>" in html
    html = html.replace('class="articlecontent">', 'class="articlecontent">' + DEEP_DIVS, 1)
    return html.replace("</head>", DEEP_JSONLD + "</head>", 1)


def test_text_of_a_deep_tree_is_read_without_recursion():
    # 1,500 levels: more than Python's recursion limit, fewer than the 2,048 that libxml2 keeps.
    deep = "<div>" * 1500 + "fond" + "</div>" * 1500
    html = f"<html><body><article><p>Premier.</p>{deep}<p>Fin.</p></article></body></html>"
    assert paragraphs(Selector(text=html), "article") == "Premier.\n\nfond\n\nFin."


def test_a_too_deep_jsonld_block_is_skipped_and_noted_the_others_still_read():
    article_block = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Titre"}</script>'
    problems: list[str] = []
    found = jsonld.find_article(Selector(text=f"<html><head>{DEEP_JSONLD}{article_block}</head></html>"), problems)
    assert found == {"@type": "NewsArticle", "headline": "Titre"}
    assert problems == ["jsonld_too_deep"]


def test_deep_page_still_gives_its_article_with_the_problem_noted():
    article = extract_html(deep_albayane_page(), ALBAYANE, load_outlets()["maghress"])
    assert article.title == "La Bourse de Casablanca démarre en baisse"
    assert article.problems == ["jsonld_too_deep"]


def test_crawl_of_a_deep_page_stores_the_article_and_counts_the_skipped_block(tmp_path):
    sites, site = copy_recorded_site(tmp_path, "maghress")
    (site / "pages" / "albayane-211548.html").write_text(deep_albayane_page(), encoding="utf-8")
    sqlite_path = tmp_path / "store.sqlite3"
    result = crawl_recorded("maghress", sqlite_path, "-s", f"SPOOL_DIR={tmp_path / 'spool'}", sites=sites)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "RecursionError" not in result.stderr and "spider_exceptions" not in result.stderr
    assert "'newscrawler/extraction/jsonld_too_deep': 1" in result.stderr
    articles, _ = stored_articles_and_runs(sqlite_path)
    assert articles[ALBAYANE]["title"] == "La Bourse de Casablanca démarre en baisse"
