"""DatesPipeline: structured values win, visible text is kept, relative dates use crawled_at, drops are counted."""

from __future__ import annotations

from datetime import datetime

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.reactor import install_reactor, is_reactor_installed
from scrapy.utils.test import get_crawler

from newscrawler.items import Article
from newscrawler.pipelines.dates import DatesPipeline
from newscrawler.timezone import UTC

CRAWLED_AT = datetime(2025, 11, 15, 15, 0, tzinfo=UTC)  # 16:00 in Casablanca


@pytest.fixture
def crawler():
    if not is_reactor_installed():
        install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
    return get_crawler()


@pytest.fixture
def pipeline(crawler):
    return DatesPipeline.from_crawler(crawler)


def article(published_raw=None, hints=None, **fields) -> Article:
    return Article(
        url="https://example.ma/a",
        outlet="hespress",
        published_raw=published_raw,
        date_hints=hints or {},
        crawled_at=CRAWLED_AT,
        **fields,
    )


def stat(crawler, name):
    return crawler.stats.get_value(f"newscrawler/{name}")


def test_keeps_the_crawler(crawler, pipeline):
    assert pipeline.crawler is crawler


def test_structured_value_wins_and_the_visible_text_is_kept(crawler, pipeline):
    item = article("Mardi 30 septembre 2025 à 10h00", {"published": ["2025-10-01T07:00:00Z"]})
    pipeline.process_item(item, None)
    assert item.published_at == datetime(2025, 10, 1, 7, 0, tzinfo=UTC)
    assert item.published_precision == "minute"
    assert item.published_raw == "Mardi 30 septembre 2025 à 10h00"
    assert stat(crawler, "dates/structured") == 1 and stat(crawler, "dates/visible") is None


def test_visible_text_when_no_structured_value(crawler, pipeline):
    item = article("Publié le 18/03/2025 à 22:15", {"published": ["not a date"]})
    pipeline.process_item(item, None)
    assert item.published_at == datetime(2025, 3, 18, 22, 15, tzinfo=UTC)  # Ramadan: UTC+0
    assert stat(crawler, "dates/visible") == 1


def test_date_only_precision(pipeline):
    item = article("Mardi 4 novembre 2025")
    pipeline.process_item(item, None)
    assert (item.published_at, item.published_precision) == (datetime(2025, 11, 3, 23, 0, tzinfo=UTC), "date")


def test_raw_is_set_to_the_winning_candidate_when_unset(pipeline):
    item = article(None, {"published": ["garbage", "Wed, 01 Oct 2025 07:00:00 +0000"]})
    pipeline.process_item(item, None)
    assert item.published_raw == "Wed, 01 Oct 2025 07:00:00 +0000"


def test_relative_dates_count_from_crawled_at(pipeline):
    item = article("il y a 2 heures")
    pipeline.process_item(item, None)
    assert item.published_at == datetime(2025, 11, 15, 13, 0, tzinfo=UTC)


def test_a_date_after_the_crawl_is_not_a_publication_date(crawler, pipeline):
    with pytest.raises(DropItem, match="3 mars 2032"):
        pipeline.process_item(article("3 mars 2032"), None)
    assert crawler.stats.get_value("newscrawler/dropped/unparsable_date") == 1


def test_unparsable_date_is_a_counted_drop_with_the_raw_text(crawler, pipeline):
    with pytest.raises(DropItem, match="Signaler une annonce"):
        pipeline.process_item(article("Signaler une annonce inappropriée", {"published": ["n/a"]}), None)
    assert crawler.stats.get_value("newscrawler/dropped/unparsable_date") == 1


def test_fallback_is_counted(crawler, pipeline):
    item = article("le 5 mars")
    pipeline.process_item(item, None)
    assert item.published_at == datetime(2025, 3, 5, tzinfo=UTC)
    assert stat(crawler, "dates/fallback_dateparser") == 1


def test_a_datetime_set_by_the_spider_is_kept_and_normalised(pipeline):
    item = article(None, published_at=datetime(2025, 10, 1, 8, 0))  # naive: Casablanca time
    pipeline.process_item(item, None)
    assert item.published_at == datetime(2025, 10, 1, 7, 0, tzinfo=UTC)


def test_updated_date(pipeline):
    item = article("12 août 2025 - 07:30", {"updated": ["2025-08-13T10:00:00+01:00"]})
    pipeline.process_item(item, None)
    assert item.updated_at == datetime(2025, 8, 13, 9, 0, tzinfo=UTC)
    assert item.updated_raw == "2025-08-13T10:00:00+01:00"
    visible = article("12 août 2025 - 07:30", updated_raw="Mis à jour le 13/08/2025 à 10:00")
    pipeline.process_item(visible, None)
    assert visible.updated_at == datetime(2025, 8, 13, 9, 0, tzinfo=UTC)
    assert visible.updated_raw == "Mis à jour le 13/08/2025 à 10:00"


def test_missing_update_is_no_drop(pipeline):
    item = article("12 août 2025 - 07:30", updated_raw="Signaler")
    assert pipeline.process_item(item, None) is item
    assert item.updated_at is None


def test_without_crawled_at_now_is_the_current_time(pipeline):
    item = article("il y a 2 heures")
    item.crawled_at = None
    pipeline.process_item(item, None)
    assert abs((datetime.now(UTC) - item.published_at).total_seconds() - 7200) < 120
