"""The quality report: fields filled, provenance mix and drop reasons, on both store back-ends."""

from __future__ import annotations

from collections import Counter

import mongomock_ng
import pytest
from recorded_sites import crawl_recorded, expected_articles, run_cli

from newscrawler.cli.quality_command import quality_report
from newscrawler.quality import FILLED, format_report, layer_family, measure
from newscrawler.storage import ArticleQuery, MongoStore, SQLiteStore


def test_layer_families_fold_selector_designs():
    assert layer_family("selectors@2020-01-01") == "selectors"
    assert layer_family("fallback:trafilatura") == "fallback:trafilatura"


def test_each_column_counts_what_it_says():
    documents = [
        {"outlet": "a", "authors": [{"name": "X"}], "published_precision": "minute", "image": {"url": "u"}},
        {"outlet": "a", "agencies": ["MAP"], "published_precision": "date", "image": {"url": None}, "lead": "L"},
        {"outlet": "b", "section": "Maroc", "provenance": {"title": "selectors@2018-01-01", "body": "jsonld"}},
        {"outlet": "b", "provenance": {"title": "selectors@2024-05-01", "body": "fallback:trafilatura"}},
    ]
    quality = measure(documents)
    assert quality["a"].articles == 2
    assert dict(quality["a"].filled) == {"author": 1, "agency": 1, "date+time": 1, "image": 1, "lead": 1}
    assert dict(quality["b"].filled) == {"section": 1}
    assert dict(quality["b"].provenance["title"]) == {"selectors": 2}
    assert dict(quality["b"].provenance["body"]) == {"jsonld": 1, "fallback:trafilatura": 1}
    run = {"spider": "b", "drop_reasons": {"missing_date": 2, "missing_body": 1}, "failures": {"http_404": 3}}
    report = format_report(quality, [run])
    assert ["b", "title", "2", "selectors", "100%"] in [line.split() for line in report.splitlines()]
    assert report.splitlines()[-1].endswith("missing_body 1, missing_date 2  http_404 3")


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """A store filled by the recorded-site crawl of Hespress and Maghress."""
    path = tmp_path_factory.mktemp("quality") / "articles.sqlite3"
    for slug in ("hespress", "maghress"):
        result = crawl_recorded(slug, path)
        assert result.returncode == 0, result.stderr[-3000:]
    return path


def _by_outlet_expected(slug: str) -> dict[str, str]:
    """The fill shares of a recorded site, counted from its hand-checked expected articles."""
    articles = [case["article"] for case in expected_articles(slug)]
    return {column: f"{100 * sum(map(has, articles)) / len(articles):.0f}%" for column, has in FILLED.items()}


def _row(report: str, outlet: str) -> list[str]:
    return next(line.split() for line in report.splitlines() if line.startswith(f"{outlet} "))


def test_the_report_of_a_crawled_store_matches_the_expected_articles(crawled):
    store = SQLiteStore(crawled)
    store.open()
    try:
        report = quality_report(store, ArticleQuery())
    finally:
        store.close()
    row = _row(report, "hespress")  # its own pages; its Maghress copies have a row of their own
    assert row[1] == str(len(expected_articles("hespress")))
    assert dict(zip(FILLED, row[2:], strict=True)) == _by_outlet_expected("hespress")
    copies = Counter(case["article"]["outlet"] for case in expected_articles("maghress"))
    assert {outlet: _row(report, f"{outlet} via maghress")[3] for outlet in copies} == {
        outlet: str(count) for outlet, count in copies.items()
    }
    # The last run of each spider, with its counts.
    assert any(
        line.split()[:1] == ["maghress"] and "finished" in line for line in report.split("Last run")[1].splitlines()
    )


def test_both_back_ends_give_the_same_report(crawled):
    sqlite = SQLiteStore(crawled)
    sqlite.open()
    mongo = MongoStore("mongodb://localhost/", "quality", client_factory=mongomock_ng.MongoClient)
    mongo.open()
    try:
        mongo.upsert_articles(list(sqlite.iter_articles(ArticleQuery())))
        for run in sqlite.last_runs():
            mongo.save_run(run)
        for query in (ArticleQuery(), ArticleQuery(outlet="hespress")):
            assert quality_report(mongo, query) == quality_report(sqlite, query)
    finally:
        sqlite.close()
        mongo.close()


def test_python_m_newscrawler_quality_and_scrapy_quality(crawled):
    for command in (("-m", "newscrawler", "quality"), ("-m", "scrapy", "quality")):
        result = run_cli(*command, "--outlet", "leseco", "--store", f"sqlite:///{crawled}")
        assert result.returncode == 0, result.stderr
        assert _row(result.stdout, "leseco via maghress")[3] == "2"  # its two Maghress copies
        assert "hespress" not in result.stdout
