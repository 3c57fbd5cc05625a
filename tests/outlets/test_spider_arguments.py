"""Spider arguments on a recorded site: since/until backfill, max_articles, refetch, bad values."""

import pytest
from recorded_sites import crawl_recorded

from newscrawler.spiders.base import parse_time_argument
from newscrawler.storage import ArticleQuery, open_store


def stored(sqlite_path) -> dict[str, dict]:
    store = open_store({"MONGO_URI": "", "SQLITE_PATH": str(sqlite_path)})
    try:
        return {doc["url"]: doc for doc in store.iter_articles(ArticleQuery())}
    finally:
        store.close()


@pytest.fixture
def sqlite_path(tmp_path):
    return tmp_path / "articles.sqlite3"


def test_since_and_until_keep_only_the_window(sqlite_path):
    result = crawl_recorded("hespress", sqlite_path, "-a", "since=2025-10-01", "-a", "until=2025-11-10")
    assert result.returncode == 0, result.stderr[-2000:]
    days = sorted(doc["published_at"].date().isoformat() for doc in stored(sqlite_path).values())
    assert days == ["2025-10-09", "2025-11-04"]
    assert "'newscrawler/discovery/skipped_old'" in result.stderr
    assert "'newscrawler/discovery/skipped_after_until'" in result.stderr


def test_max_articles_stops_scheduling(sqlite_path):
    result = crawl_recorded("hespress", sqlite_path, "-a", "max_articles=2")
    assert result.returncode == 0, result.stderr[-2000:]
    assert len(stored(sqlite_path)) == 2
    assert "'newscrawler/discovery/max_articles_reached': True" in result.stderr


def test_refetch_fetches_stored_articles_again_and_counts_them_unchanged(sqlite_path):
    assert crawl_recorded("yabiladi", sqlite_path).returncode == 0
    first_seen = {url: doc["first_seen"] for url, doc in stored(sqlite_path).items()}
    again = crawl_recorded("yabiladi", sqlite_path, "-a", "refetch=1")
    assert again.returncode == 0, again.stderr[-2000:]
    assert f"'newscrawler/stored/unchanged': {len(first_seen)}" in again.stderr
    after = stored(sqlite_path)
    assert {url: doc["first_seen"] for url, doc in after.items()} == first_seen
    assert all(doc["last_seen"] >= doc["first_seen"] for doc in after.values())


def test_bad_arguments_give_a_clear_error():
    with pytest.raises(ValueError, match=r"since: expected a date like 2025-01-31"):
        parse_time_argument("since", "last tuesday")
    assert parse_time_argument("since", "2025-03-01").isoformat() == "2025-03-01T00:00:00+00:00"  # Ramadan: UTC+0
    assert parse_time_argument("until", "2025-05-01T10:00").isoformat() == "2025-05-01T09:00:00+00:00"
