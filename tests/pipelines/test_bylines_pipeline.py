"""BylinesPipeline: authors with their raw byline, merged agencies, Maghress' source outlet."""

from __future__ import annotations

import pytest
from scrapy.utils.reactor import install_reactor, is_reactor_installed
from scrapy.utils.test import get_crawler

from newscrawler.items import Article
from newscrawler.pipelines.bylines import BylinesPipeline

UNKNOWN = "newscrawler/bylines/unknown_source_outlet"


@pytest.fixture
def crawler():
    if not is_reactor_installed():
        install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
    return get_crawler()


@pytest.fixture
def pipeline(crawler):
    return BylinesPipeline.from_crawler(crawler)


def article(byline_raw=None, outlet="le360", **fields) -> Article:
    return Article(url="https://example.ma/a", outlet=outlet, byline_raw=byline_raw, **fields)


def test_keeps_the_crawler(crawler, pipeline):
    assert pipeline.crawler is crawler


def test_authors_keep_the_raw_byline(pipeline):
    raw = "Par Loubna Chafik et Karim Serraj"
    item = pipeline.process_item(article(raw), None)
    assert item.authors == [{"name": "Loubna Chafik", "raw": raw}, {"name": "Karim Serraj", "raw": raw}]
    assert item.agencies == []


def test_agencies_merge_with_the_spiders_without_duplicates(pipeline):
    item = pipeline.process_item(article("Par Rachid Hallaouy, avec MAP/AFP", agencies=["AFP", "Reuters"]), None)
    assert item.agencies == ["AFP", "Reuters", "MAP"]
    assert [author["name"] for author in item.authors] == ["Rachid Hallaouy"]


def test_the_outlets_own_name_is_no_author(pipeline):
    item = pipeline.process_item(article("Le360 avec MAP", outlet="le360"), None)
    assert (item.authors, item.agencies) == ([], ["MAP"])


def test_without_byline_the_spiders_values_stay(pipeline):
    authors = [{"name": "Sami Nemli", "raw": "Sami Nemli"}]
    item = pipeline.process_item(article(None, authors=list(authors), agencies=["MAP"]), None)
    assert (item.authors, item.agencies) == (authors, ["MAP"])


@pytest.mark.parametrize("raw", ["Publié dans Hespress le 01 - 07 - 2025", "Hespress", "Hespress FR"])
def test_source_outlet_slug(crawler, pipeline, raw):
    item = pipeline.process_item(article("Zineb Jazouli", outlet="maghress", source_outlet_raw=raw), None)
    assert item.source_outlet == "hespress"
    assert item.source_outlet_raw == raw
    assert crawler.stats.get_value(UNKNOWN) is None


def test_unknown_source_outlet_is_counted(crawler, pipeline):
    item = pipeline.process_item(
        article(outlet="maghress", source_outlet_raw="Publié dans Le Monde le 01 - 07 - 2025"), None
    )
    assert item.source_outlet is None
    assert crawler.stats.get_value(UNKNOWN) == 1


@pytest.mark.parametrize("weird", [42, ["Par X"], "", "((( | / ,", "و", "Par", "٠١/٠١/٢٠٢٥"])
def test_weird_input_never_raises(pipeline, weird):
    item = article(weird, source_outlet_raw=weird)
    assert pipeline.process_item(item, None) is item
    assert all(author["name"] for author in item.authors)
