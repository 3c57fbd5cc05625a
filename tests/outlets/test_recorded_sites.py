"""Every outlet spider, crawled offline on its recorded site, stores exactly the expected articles."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from recorded_sites import (
    REPLAY_NOW,
    SITES,
    comparable,
    crawl_recorded,
    expected_articles,
    recorded_slugs,
    run_cli,
)

from newscrawler.outlets import load_outlets
from newscrawler.schema import article_schema
from newscrawler.storage import ArticleQuery, open_store
from newscrawler.storage.documents import to_json_dict


@pytest.fixture
def sqlite_path(tmp_path):
    return tmp_path / "articles.sqlite3"


ARTICLE_SCHEMA = Draft202012Validator(
    article_schema(),
    format_checker=FormatChecker(),
)


def _stored(sqlite_path) -> dict[str, dict]:
    """Every article of the store one crawl filled (an aggregator's copies are under their own outlets)."""
    store = open_store({"MONGO_URI": "", "SQLITE_PATH": str(sqlite_path)})
    try:
        documents = [to_json_dict(doc) for doc in store.iter_articles(ArticleQuery())]
    finally:
        store.close()
    for document in documents:
        errors = [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in ARTICLE_SCHEMA.iter_errors(document)]
        assert not errors, (document["url"], errors)
    return {doc["url"]: comparable(doc) for doc in documents}


def test_every_outlet_has_a_recorded_site_with_expectations():
    for slug in load_outlets():
        assert (SITES / slug / "manifest.yml").exists(), f"{slug}: no recorded site under tests/sites/{slug}"
        assert expected_articles(slug), f"{slug}: no expected articles under tests/sites/{slug}/expected"


@pytest.mark.parametrize("slug", recorded_slugs())
def test_crawl_stores_exactly_the_expected_articles(slug, sqlite_path):
    result = crawl_recorded(slug, sqlite_path)
    assert result.returncode == 0, result.stderr[-3000:]
    stored = _stored(sqlite_path)
    expected = {case["url"]: case["article"] for case in expected_articles(slug) if not case.get("extract_only")}
    assert sorted(stored) == sorted(expected)
    for url, article in expected.items():
        assert stored[url] == comparable(article), url


@pytest.mark.parametrize("slug", recorded_slugs())
def test_second_crawl_fetches_no_stored_article_again(slug, sqlite_path):
    first = crawl_recorded(slug, sqlite_path)
    assert first.returncode == 0, first.stderr[-3000:]
    second = crawl_recorded(slug, sqlite_path)
    assert second.returncode == 0, second.stderr[-3000:]
    assert "'newscrawler/articles/requested'" not in second.stderr  # every link was already stored
    assert "'newscrawler/discovery/skipped_known': 0" not in second.stderr
    assert "'newscrawler/stored/new': 0" in second.stderr


@pytest.mark.parametrize(
    "case",
    [(slug, case) for slug in recorded_slugs() for case in expected_articles(slug)],
    ids=lambda case: f"{case[0]}:{case[1]['page']}",
)
def test_extract_prints_the_expected_article(case):
    slug, expected = case
    result = run_cli(
        "-m",
        "newscrawler",
        "extract",
        str(SITES / slug / expected["page"]),
        "--url",
        expected.get("fetch_url", expected["url"]),
        "--now",
        REPLAY_NOW,
    )
    assert result.returncode == 0, result.stderr
    assert comparable(json.loads(result.stdout)) == comparable(expected["article"])
