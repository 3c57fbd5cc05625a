"""Spider arguments on a recorded site: since/until backfill, max_articles, refetch, bad values."""

import pytest
from recorded_sites import crawl_recorded

from newscrawler.spiders import OutletSpider
from newscrawler.spiders.arguments import SpiderArgumentError, parse_spider_arguments, parse_time_argument
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


def test_time_arguments_are_casablanca_local():
    with pytest.raises(SpiderArgumentError, match=r"since='last tuesday': expected a date like 2025-01-31"):
        parse_time_argument("since", "last tuesday")
    assert parse_time_argument("since", "2025-03-01").isoformat() == "2025-03-01T00:00:00+00:00"  # Ramadan: UTC+0
    assert parse_time_argument("until", "2025-05-01T10:00").isoformat() == "2025-05-01T09:00:00+00:00"


BAD_ARGUMENTS = [
    (["since=yesterday"], "since='yesterday': expected a date like 2025-01-31 or 2025-01-31T08:00"),
    (["max_articles=abc"], "max_articles='abc': expected a whole number >= 1"),
    (["max_articles=-3"], "max_articles='-3': expected a whole number >= 1"),
    (["max_articles=0"], "max_articles='0': expected a whole number >= 1"),
    (["refetch=maybe"], "refetch='maybe': expected 1/true/yes or 0/false/no"),
    (["bogus=1"], "unknown spider argument 'bogus'; known: since, until, max_articles, refetch"),
    (
        ["since=2025-11-10", "until=2025-11-01"],
        "since='2025-11-10' is not before until='2025-11-01': [since, until) is empty",
    ),
    (["since=2025-11-01", "until=2025-11-01"], "is not before until='2025-11-01'"),
]


@pytest.mark.parametrize(("arguments", "message"), BAD_ARGUMENTS)
def test_a_bad_argument_is_one_line_and_status_2_before_any_request(sqlite_path, arguments, message):
    result = crawl_recorded("hespress", sqlite_path, *(f"-a{argument}" for argument in arguments))
    assert result.returncode == 2, result.stderr[-2000:]
    last_line = result.stderr.splitlines()[-1]
    assert last_line.startswith("newscrawler: hespress: ") and message in last_line
    for sign_of_a_crawl in ("Traceback", "Unhandled error", "Spider opened", "request_count", "discovery found"):
        assert sign_of_a_crawl not in result.stderr
    assert not sqlite_path.exists()


@pytest.mark.parametrize(("arguments", "message"), BAD_ARGUMENTS)
def test_the_spider_refuses_the_same_arguments(arguments, message):
    kwargs = dict(argument.split("=", 1) for argument in arguments)
    with pytest.raises(SpiderArgumentError) as error:
        OutletSpider.__subclasses__()[0](**kwargs)
    assert message in str(error.value)


def test_good_arguments_and_the_ones_scrapyd_adds_are_accepted():
    parsed = parse_spider_arguments(
        {"since": "2025-11-01", "max_articles": "5", "refetch": "TRUE", "_job": "abc123", "_version": "r1"}
    )
    assert parsed.since.isoformat() == "2025-10-31T23:00:00+00:00"
    assert (parsed.until, parsed.max_articles, parsed.refetch) == (None, 5, True)
    assert parse_spider_arguments({"refetch": "no"}).refetch is False
    spider = OutletSpider.__subclasses__()[0](_job="abc123", refetch="1")
    assert spider._job == "abc123" and spider.refetch is True


def test_a_malformed_mongo_uri_is_one_line_and_status_2_before_any_request(sqlite_path, tmp_path):
    result = crawl_recorded(
        "hespress", sqlite_path, "-s", "MONGO_URI=mongodb://u:s3cret@127.0.0.1:99999/", "-s", f"SPOOL_DIR={tmp_path}"
    )
    assert result.returncode == 2, result.stderr[-2000:]
    assert result.stderr.splitlines()[-1] == (
        "newscrawler: hespress: store: mongodb://(unparseable URI hidden) (database newscrawler):"
        " Port must be an integer between 0 and 65535"
    )
    assert "s3cret" not in result.stderr and "Spider opened" not in result.stderr
    assert not list(tmp_path.glob("*.jsonl"))
