"""BatchWriter (batches, timer, retries, spooling), the spool and its replay, StorePipeline, CrawlRunRecorder."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from scrapy import Spider
from scrapy.exceptions import DropItem
from scrapy.settings import Settings
from scrapy.signalmanager import SignalManager
from scrapy.statscollectors import MemoryStatsCollector

from newscrawler.extensions.crawl_run import CrawlRunRecorder
from newscrawler.items import Article
from newscrawler.pipelines.store import StorePipeline
from newscrawler.storage import (
    ArticleQuery,
    BatchWriter,
    Spool,
    SQLiteStore,
    StoreUnavailable,
    UpsertCounts,
    replay_spool,
    spool_for_crawler,
    store_for_crawler,
)
from newscrawler.storage.documents import to_document, to_json_dict
from newscrawler.storage.spool import ARTICLE, CRAWL_RUN, new_spool_path

T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
HERE = Path(__file__).parent


def article(number: int, **fields) -> Article:
    """A complete article, as the pipelines hand it to the store."""
    defaults = {"title": f"T{number}", "body": f"B{number}", "published_at": T0, "content_fingerprint": "f"}
    return Article(url=f"https://example.ma/{number}", outlet="hespress", **(defaults | fields))


def doc(number: int) -> dict:
    return to_document(article(number), T0)


class ScriptedStore:
    """A store whose upserts fail as scripted: each entry of ``failures`` is raised once, in turn."""

    description = "scripted://"

    def __init__(self, *failures: StoreUnavailable) -> None:
        self.failures = list(failures)
        self.batches: list[list[dict]] = []

    def upsert_articles(self, documents):
        if self.failures:
            raise self.failures.pop(0)
        self.batches.append(list(documents))
        return UpsertCounts(new=len(documents))


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)


def writer_for(store, tmp_path, **options) -> tuple[BatchWriter, FakeClock]:
    clock = FakeClock()
    options = {"batch_size": 3, "flush_seconds": 5.0, "max_retries": 3, "backoff": 0.5} | options
    return BatchWriter(store, Spool(tmp_path / "spool.jsonl"), clock=clock, sleep=clock.sleep, **options), clock


def spooled_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# -- BatchWriter -------------------------------------------------------------------------------


def test_writer_flushes_every_batch_size_documents_and_at_close(tmp_path):
    store = ScriptedStore()
    writer, _ = writer_for(store, tmp_path)
    for number in range(7):
        writer.add(doc(number))
    assert [len(batch) for batch in store.batches] == [3, 3]
    writer.close()
    assert [len(batch) for batch in store.batches] == [3, 3, 1]
    assert writer.counts == UpsertCounts(new=7)
    assert writer.spooled == 0 and not (tmp_path / "spool.jsonl").exists()


def test_writer_flushes_after_flush_seconds(tmp_path):
    store = ScriptedStore()
    writer, clock = writer_for(store, tmp_path, batch_size=100)
    writer.add(doc(1))
    clock.now = 4.9
    writer.flush_if_due()
    assert store.batches == []
    clock.now = 5.0
    writer.flush_if_due()
    assert len(store.batches) == 1
    clock.now = 6.0
    writer.add(doc(2))  # a second item soon after: still buffered
    assert len(store.batches) == 1
    clock.now = 10.0
    writer.add(doc(3))  # an item arriving late flushes by itself
    assert [len(batch) for batch in store.batches] == [1, 2]


def test_transient_failures_are_retried_with_doubling_backoff(tmp_path):
    store = ScriptedStore(StoreUnavailable("timeout"), StoreUnavailable("timeout"))
    writer, clock = writer_for(store, tmp_path)
    for number in range(3):
        writer.add(doc(number))
    assert clock.sleeps == [0.5, 1.0]
    assert writer.counts.new == 3 and writer.spooled == 0 and writer.failure is None


def test_a_store_failing_after_the_retries_sends_this_and_every_later_batch_to_the_spool(tmp_path):
    store = ScriptedStore(*[StoreUnavailable("connection refused")] * 4)
    writer, clock = writer_for(store, tmp_path)
    for number in range(8):
        writer.add(doc(number))
    writer.close()
    assert clock.sleeps == [0.5, 1.0, 2.0]  # one batch retried, the later ones spooled at once
    assert store.batches == [] and writer.counts == UpsertCounts()
    assert writer.failure == "connection refused"
    assert writer.spooled == 8
    lines = spooled_lines(tmp_path / "spool.jsonl")
    assert [line["kind"] for line in lines] == [ARTICLE] * 8
    assert [line["document"]["url"] for line in lines] == [f"https://example.ma/{n}" for n in range(8)]


def test_a_refused_batch_is_spooled_without_retry_and_the_store_kept(tmp_path):
    store = ScriptedStore(StoreUnavailable("document too large", retryable=False))
    writer, clock = writer_for(store, tmp_path)
    for number in range(6):
        writer.add(doc(number))
    assert clock.sleeps == []
    assert writer.spooled == 3 and writer.refusals == 1 and writer.failure is None
    assert [len(batch) for batch in store.batches] == [3]


def test_without_a_store_everything_is_spooled(tmp_path):
    writer, _ = writer_for(None, tmp_path)
    for number in range(4):
        writer.add(doc(number))
    writer.close()
    assert writer.spooled == 4 and writer.failure == "store unavailable at start"


# -- Spool and replay --------------------------------------------------------------------------


@pytest.fixture
def sqlite_store(tmp_path):
    store = SQLiteStore(tmp_path / "store.sqlite3")
    store.open()
    yield store
    store.close()


def test_spool_path_is_new_per_crawl_and_safe():
    path = new_spool_path("data/spool", "le 360/../x", now=T0)
    assert path.parent == Path("data/spool")
    assert path.name.startswith("le_360_.._x-20250301T080000Z-") and path.suffix == ".jsonl"


def test_replaying_a_spool_twice_stores_nothing_twice(tmp_path, sqlite_store):
    spool = Spool(tmp_path / "spool.jsonl")
    documents = [doc(n) for n in range(5)]
    spool.append(ARTICLE, documents[:3])
    spool.append(CRAWL_RUN, [{"run_id": "r1", "spider": "hespress", "started_at": T0, "counts": {"spooled": 5}}])
    spool.append(ARTICLE, documents[3:])
    assert spool.counts == {ARTICLE: 5, CRAWL_RUN: 1}

    first = replay_spool(spool.path, sqlite_store, batch_size=2)
    assert (first.articles, first.runs, first.bad_lines) == (UpsertCounts(new=5), 1, [])
    stored = list(sqlite_store.iter_articles(ArticleQuery()))
    assert sorted(d["_id"] for d in stored) == sorted(d["_id"] for d in documents)
    assert [d | {"revision": 0} for d in documents] == sorted(stored, key=lambda d: d["title"])
    assert sqlite_store.last_runs() == [
        {"run_id": "r1", "spider": "hespress", "started_at": T0, "counts": {"spooled": 5}}
    ]

    second = replay_spool(spool.path, sqlite_store)
    assert second.articles == UpsertCounts(unchanged=5)
    assert list(sqlite_store.iter_articles(ArticleQuery())) == stored
    assert sqlite_store.count_articles() == 5 and len(sqlite_store.last_runs()) == 1


def spool_line(document: dict, kind: str = ARTICLE) -> str:
    return json.dumps({"kind": kind, "document": to_json_dict(document)}) + "\n"


def test_bad_spool_lines_are_reported_and_the_rest_replayed(tmp_path, sqlite_store):
    good = [doc(n) for n in range(4)]
    lines = [
        spool_line(good[0]),
        "\n",
        json.dumps({"kind": "mystery", "document": {}}) + "\n",
        spool_line({"url": "no id"}),
        spool_line(good[1] | {"_id": {"$gt": ""}}),  # an operator where the key should be
        spool_line(good[1]),
        spool_line(good[2] | {"_id": 12345}),
        spool_line(good[2] | {"_id": "0" * 40}),  # not the SHA-1 of its canonical URL
        spool_line(good[2]),
        spool_line(good[3] | {"published_at": "yesterday"}),
        spool_line(good[3] | {"authors": "Ali"}),
        spool_line({"run_id": {"$ne": 1}}, CRAWL_RUN),
        spool_line(good[3]),
        spool_line(good[0])[:40],
    ]
    path = tmp_path / "spool.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    for _ in range(2):  # a second replay finds the same bad lines and changes nothing
        report = replay_spool(path, sqlite_store)
        assert [(number, why.split(" (")[0]) for number, why in report.bad_lines] == [
            (3, "not a spool record"),
            (4, "not an Article"),
            (5, "not an Article"),
            (7, "not an Article"),
            (8, "_id is not the SHA-1 of canonical_url"),
            (10, "not an Article"),
            (11, "not an Article"),
            (12, "crawl_run without a text run_id"),
            (14, "invalid JSON"),
        ]
        assert "_id: {'$gt': ''} is not of type 'string'" in report.bad_lines[2][1]
        assert "published_at: 'yesterday' is not a 'date-time'" in report.bad_lines[5][1]
    assert sorted(d["_id"] for d in sqlite_store.iter_articles(ArticleQuery())) == sorted(d["_id"] for d in good)
    assert report.articles == UpsertCounts(unchanged=4)


def test_replay_raises_when_the_store_fails(tmp_path):
    spool = Spool(tmp_path / "spool.jsonl")
    spool.append(ARTICLE, [doc(1)])
    with pytest.raises(StoreUnavailable):
        replay_spool(spool.path, ScriptedStore(StoreUnavailable("down")))


# -- StorePipeline and CrawlRunRecorder in a crawler -------------------------------------------


def crawler_for(tmp_path, **settings) -> SimpleNamespace:
    """The part of a Scrapy Crawler the pipeline and the extension use."""
    defaults = {
        "MONGO_URI": "",
        "SQLITE_PATH": str(tmp_path / "crawl.sqlite3"),
        "SPOOL_DIR": str(tmp_path / "spool"),
        "STORE_BATCH_SIZE": 2,
        "STORE_FLUSH_SECONDS": 0,
        "STORE_RETRY_BACKOFF": 0,
    }
    crawler = SimpleNamespace(settings=Settings(defaults | settings), signals=SignalManager(), spider=None)
    crawler.stats = MemoryStatsCollector(crawler)
    return crawler


def run_pipeline(crawler, items) -> StorePipeline:
    pipeline = StorePipeline.from_crawler(crawler)
    spider = Spider("hespress")
    pipeline.open_spider(spider)
    for item in items:
        pipeline.process_item(item, spider)
    pipeline.close_spider(spider)
    return pipeline


def test_pipeline_stores_items_fills_seen_dates_and_counts(tmp_path):
    crawler = crawler_for(tmp_path)
    items = [article(n) for n in range(3)]
    items.append(article(0, content_fingerprint="changed"))
    run_pipeline(crawler, items)
    assert all(item.crawled_at and item.first_seen == item.last_seen == item.crawled_at for item in items)
    assert items[0].crawled_at.tzinfo is not None
    stats = crawler.stats.get_stats()
    assert (stats["newscrawler/stored/new"], stats["newscrawler/stored/revised"]) == (3, 1)
    assert "newscrawler/spooled" not in stats and "newscrawler/store_error" not in stats
    assert store_for_crawler(crawler).count_articles() == 3


def test_pipeline_drops_an_item_it_cannot_store_with_a_counted_reason(tmp_path):
    crawler = crawler_for(tmp_path)
    with pytest.raises(DropItem, match="unstorable"):
        run_pipeline(crawler, [Article(url="", outlet="hespress")])
    assert crawler.stats.get_value("newscrawler/dropped/unstorable") == 1


def test_pipeline_spools_when_the_store_fails_part_way(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(HERE))
    crawler = crawler_for(tmp_path, NEWSCRAWLER_STORE_CLASS="flaky_store.FlakyStore", FLAKY_GOOD_BATCHES=1)
    run_pipeline(crawler, [article(n) for n in range(5)])
    stats = crawler.stats.get_stats()
    assert stats["newscrawler/stored/new"] == 2 and stats["newscrawler/spooled"] == 3
    assert stats["newscrawler/store_error"] == "flaky store: connection lost"
    assert len(spooled_lines(Path(stats["newscrawler/spool_path"]))) == 3


def test_store_unavailable_at_start_is_announced_once_and_everything_spooled(tmp_path, caplog):
    blocker = tmp_path / "file"
    blocker.write_text("")
    crawler = crawler_for(tmp_path, SQLITE_PATH=str(blocker / "x.sqlite3"))
    run_pipeline(crawler, [article(1)])
    assert store_for_crawler(crawler) is None  # asked again (dedup, spiders, recorder): no new attempt
    assert len([r for r in caplog.records if "unavailable at start" in r.getMessage()]) == 1
    assert crawler.stats.get_value("newscrawler/spooled") == 1
    assert crawler.stats.get_value("newscrawler/store_error") == "store unavailable at start"


def close_run(crawler, reason: str = "finished") -> None:
    crawler.stats.set_value("start_time", T0)
    crawler.stats.set_value("item_scraped_count", 4)
    crawler.stats.set_value("newscrawler/dropped/missing_title", 2)
    crawler.stats.set_value("newscrawler/dropped/not_an_article", 1)
    CrawlRunRecorder.from_crawler(crawler).spider_closed(Spider("hespress"), reason)


def test_crawl_run_document_is_saved_to_the_store(tmp_path):
    crawler = crawler_for(tmp_path)
    run_pipeline(crawler, [article(1)])
    close_run(crawler)
    (run,) = store_for_crawler(crawler).last_runs()
    assert run["spider"] == "hespress" and run["started_at"] == T0 and run["finished_at"] > T0
    assert run["finish_reason"] == "finished" and len(run["run_id"]) == 32
    assert run["counts"] == {
        "pages": 0,
        "items_scraped": 4,
        "stored_new": 1,
        "stored_revised": 0,
        "stored_unchanged": 0,
        "spooled": 0,
        "dropped": 3,
        "errors": 0,
    }
    assert run["drop_reasons"] == {"missing_title": 2, "not_an_article": 1}
    assert run["store"].startswith("sqlite:///") and run["spool_path"] is None


def test_crawl_run_goes_to_the_spool_when_the_store_failed(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(HERE))
    crawler = crawler_for(tmp_path, NEWSCRAWLER_STORE_CLASS="flaky_store.FlakyStore", FLAKY_GOOD_BATCHES=0)
    run_pipeline(crawler, [article(1)])
    close_run(crawler, "shutdown")
    spool = spool_for_crawler(crawler)
    assert spool.counts == {ARTICLE: 1, CRAWL_RUN: 1}
    run = spooled_lines(spool.path)[-1]["document"]
    assert run["finish_reason"] == "shutdown" and run["counts"]["spooled"] == 1

    replacement = SQLiteStore(tmp_path / "crawl.sqlite3")
    replacement.open()
    report = replay_spool(spool.path, replacement)
    assert report.runs == 1 and replacement.last_runs()[0]["run_id"] == run["run_id"]
    assert replacement.last_runs()[0]["started_at"] == T0
    assert replacement.count_articles() == 1
    replacement.close()
    assert spool.path.parent == tmp_path / "spool" and spool.path.stat().st_size > 0
    assert (datetime.now(UTC) - datetime.fromisoformat(run["finished_at"])) < timedelta(minutes=5)
