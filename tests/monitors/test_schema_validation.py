"""Every article is validated against the Article JSON Schema (spidermon's validation pipeline); a monitor
fails on any error, naming the fields."""

import json
from dataclasses import replace
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from monitor_runs import HEALTHY, HISTORY, run_monitors
from recorded_sites import crawl_recorded, expected_articles, recorded_slugs, stored_articles_and_runs
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector

from newscrawler.items import Article
from newscrawler.monitors.validation import ArticleSchemaPipeline, ArticleSchemaValidator
from newscrawler.schema import article_schema
from newscrawler.storage.documents import to_export_dict

VALID = Article(
    url="https://fr.hespress.com/1-titre.html",
    outlet="hespress",
    language="fr",
    title="Titre",
    body="Corps de l'article.",
    authors=[{"name": "Zineb Jazouli", "raw": "Par Zineb Jazouli"}],
    published_at=datetime(2025, 11, 1, 9, 30, tzinfo=UTC),
    content_fingerprint="0" * 40,
)


def validated(*items: Article) -> dict:
    """The stats spidermon's validation counted for these items, passed through the pipeline."""
    crawler = SimpleNamespace(settings=Settings({"SPIDERMON_ENABLED": True}))
    crawler.stats = MemoryStatsCollector(crawler)
    pipeline = ArticleSchemaPipeline.from_crawler(crawler)
    for item in items:
        assert pipeline.process_item(item) is item  # kept: nothing is lost, the store takes it
    return crawler.stats.get_stats()


def test_a_valid_article_passes_and_an_invalid_one_fails_the_monitor_naming_its_fields(tmp_path):
    invalid = replace(VALID, language="de", authors=[{"raw": "Par la rédaction"}], content_fingerprint=None)
    stats = validated(VALID, invalid, replace(VALID, language="es"))
    assert stats["spidermon/validation/items"] == 3
    assert stats["spidermon/validation/items/errors"] == 2
    failed, _ = run_monitors(HEALTHY | stats, {}, tmp_path, history=HISTORY)
    assert failed == [
        "Schema validation/articles against the Article JSON Schema: 2 of 3 articles break the schema:"
        " authors.0.name (missing_required_field) ×1, content_fingerprint (invalid_string) ×1,"
        " language (value_not_in_choices) ×2"
    ]


def test_valid_articles_pass_the_monitor(tmp_path):
    stats = validated(VALID, replace(VALID, url="https://fr.hespress.com/2.html", language=None))
    assert "spidermon/validation/items/errors" not in stats
    assert run_monitors(HEALTHY | stats, {}, tmp_path, history=HISTORY) == (None, None)


def test_a_crawl_validates_every_article_it_stores(tmp_path):
    stats_file = tmp_path / "stats.json"
    result = crawl_recorded(
        "hespress",
        tmp_path / "db.sqlite3",
        "-s", "STATS_CLASS=newscrawler.operations.stats_file.JsonFileStatsCollector",
        "-s", f"NEWSCRAWLER_STATS_FILE={stats_file}",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    stats = json.loads(stats_file.read_text(encoding="utf-8"))
    articles, _ = stored_articles_and_runs(tmp_path / "db.sqlite3")
    assert stats["spidermon/validation/items"] == stats["newscrawler/stored/new"] == len(articles) > 0
    assert not [key for key in stats if key.startswith("spidermon/validation/") and "errors" in key]


EXPECTED = [case["article"] for slug in recorded_slugs() for case in expected_articles(slug)]
BROKEN = {
    "language": "de",
    "title": 5,
    "authors": [{"raw": "Par la rédaction"}],
    "published_at": "hier",
    "updated_at": "2025-13-40T00:00:00+00:00",
    "tags": "économie",
    "revision": "0",
    "provenance": {"title": 1},
    "url": None,
}


STRICT = Draft202012Validator(article_schema(), format_checker=FormatChecker())  # as the spool checks articles


def test_every_expected_article_of_the_recorded_sites_passes_the_compiled_check():
    validator = ArticleSchemaValidator(article_schema())
    assert EXPECTED and all(STRICT.is_valid(article) for article in EXPECTED)
    assert [validator.validate(article) for article in EXPECTED] == [(True, {})] * len(EXPECTED)


@pytest.mark.parametrize("field", BROKEN)
def test_the_compiled_check_rejects_what_jsonschema_rejects(field):
    """Only documents the compiled check passes skip jsonschema: it must reject whatever jsonschema does."""
    broken = to_export_dict(VALID) | {field: BROKEN[field]}
    assert not STRICT.is_valid(broken)
    valid, errors = ArticleSchemaValidator(article_schema()).validate(broken)
    assert not valid and [name.split(".")[0] for name in errors] == [field]
