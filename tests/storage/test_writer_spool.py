"""Batches, BatchWriter (retries, spooling, lost batches), StoreThread, the spool and its replay."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from scrapy import Spider
from scrapy.exceptions import DropItem
from scrapy.utils.reactor import install_reactor, is_reactor_installed
from scrapy.utils.test import get_crawler

from newscrawler.items import Article
from newscrawler.pipelines.store import StorePipeline
from newscrawler.storage import (
    ArticleQuery,
    Batches,
    BatchWriter,
    Spool,
    SQLiteStore,
    StoreUnavailable,
    UpsertCounts,
    replay_spool,
)
from newscrawler.storage.documents import to_document, to_json_dict
from newscrawler.storage.spool import ARTICLE, CRAWL_RUN, new_spool_path
from newscrawler.storage.worker import StoreThread
from newscrawler.storage.writer import WriterReport

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


def writer_for(tmp_path, **options) -> tuple[BatchWriter, FakeClock]:
    clock = FakeClock()
    options = {"max_retries": 3, "backoff": 0.5} | options
    return BatchWriter(Spool(tmp_path / "spool.jsonl"), sleep=clock.sleep, **options), clock


def spooled_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# -- Batches -----------------------------------------------------------------------------------


def test_batches_fill_every_batch_size_documents():
    batches = Batches(3, 0, clock=FakeClock())
    out = [batches.add(doc(n)) for n in range(7)]
    assert [len(batch) if batch else 0 for batch in out] == [0, 0, 3, 0, 0, 3, 0]
    assert len(batches.take()) == 1 and batches.take() == []


def test_batches_are_due_after_flush_seconds():
    clock = FakeClock()
    batches = Batches(100, 5.0, clock=clock)
    assert batches.add(doc(1)) is None
    clock.now = 4.9
    assert batches.due() is None
    clock.now = 5.0
    assert len(batches.due()) == 1
    clock.now = 6.0
    assert batches.add(doc(2)) is None  # a second item soon after: still buffered
    clock.now = 10.0
    assert len(batches.add(doc(3))) == 2  # an item arriving late makes the batch due by itself


# -- BatchWriter -------------------------------------------------------------------------------


def write_all(writer: BatchWriter, store, count: int, size: int = 3) -> WriterReport:
    documents = [doc(n) for n in range(count)]
    report = WriterReport()
    for start in range(0, count, size):
        report = writer.write(documents[start : start + size], store)
    return report


def test_transient_failures_are_retried_with_doubling_backoff(tmp_path):
    store = ScriptedStore(StoreUnavailable("timeout"), StoreUnavailable("timeout"))
    writer, clock = writer_for(tmp_path)
    report = write_all(writer, store, 3)
    assert clock.sleeps == [0.5, 1.0]
    assert report.counts.new == 3 and report.spooled == 0 and report.failure is None


def test_a_store_failing_after_the_retries_sends_this_and_every_later_batch_to_the_spool(tmp_path):
    store = ScriptedStore(*[StoreUnavailable("connection refused")] * 4)
    writer, clock = writer_for(tmp_path)
    report = write_all(writer, store, 8)
    assert clock.sleeps == [0.5, 1.0, 2.0]  # one batch retried, the later ones spooled at once
    assert store.batches == [] and report.counts == UpsertCounts()
    assert report.failure == "connection refused"
    assert report.spooled == 8 and report.lost == 0
    lines = spooled_lines(tmp_path / "spool.jsonl")
    assert [line["kind"] for line in lines] == [ARTICLE] * 8
    assert [line["document"]["url"] for line in lines] == [f"https://example.ma/{n}" for n in range(8)]


def test_a_refused_batch_is_spooled_without_retry_and_the_store_kept(tmp_path):
    store = ScriptedStore(StoreUnavailable("document too large", retryable=False))
    writer, clock = writer_for(tmp_path)
    report = write_all(writer, store, 6)
    assert clock.sleeps == []
    assert report.spooled == 3 and report.refusals == 1 and report.failure is None
    assert [len(batch) for batch in store.batches] == [3]


def test_without_a_store_everything_is_spooled(tmp_path):
    writer, _ = writer_for(tmp_path)
    report = write_all(writer, None, 4)
    assert report.spooled == 4 and report.failure == "store unavailable at start"


def test_batches_neither_store_nor_spool_can_take_are_counted_lost(tmp_path):
    (tmp_path / "spool.jsonl").mkdir()  # the spool cannot be opened for writing
    writer, _ = writer_for(tmp_path)
    store = ScriptedStore(*[StoreUnavailable("connection refused")] * 4)
    report = write_all(writer, store, 5)
    assert report.lost == 5 and report.spooled == 0
    assert report.spool_error.startswith(f"{tmp_path / 'spool.jsonl'}: [Errno 21] Is a directory")


def test_the_writer_reports_copies(tmp_path):
    writer, _ = writer_for(tmp_path)
    first = writer.write([doc(1)], ScriptedStore())
    writer.write([doc(2)], ScriptedStore())
    assert first.counts == UpsertCounts(new=1) and writer.report.counts == UpsertCounts(new=2)


# -- StoreThread -------------------------------------------------------------------------------


def test_a_store_thread_opens_uses_and_closes_its_store_on_one_thread(tmp_path):
    threads = []

    class ThreadCheckingStore(SQLiteStore):
        def open(self):
            threads.append(threading.get_ident())
            super().open()

        def close(self):
            threads.append(threading.get_ident())
            super().close()

    worker = StoreThread(lambda: ThreadCheckingStore(tmp_path / "s.sqlite3"), name="test", max_retries=0, backoff=0)
    assert worker.submit(lambda store: store.upsert_articles([doc(1)])).result() == UpsertCounts(new=1)
    assert worker.submit(lambda store: store.known_urls(["https://example.ma/1"])).result() == {"https://example.ma/1"}
    worker.close().result()
    assert len(threads) == 2 and threads[0] == threads[1] != threading.get_ident()


def test_a_store_thread_that_cannot_open_says_why_once(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    opened = []

    def build():
        opened.append(1)
        return SQLiteStore(blocker / "x.sqlite3")

    worker = StoreThread(build, name="test", max_retries=0, backoff=0)
    assert worker.open().result() is None and worker.open_error
    with pytest.raises(StoreUnavailable):
        worker.submit(lambda store: store.count_articles()).result()
    assert opened == [1]  # asked again: no new attempt
    worker.close().result()


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


# -- StorePipeline ----------------------------------------------------------------------------


def test_pipeline_drops_an_item_it_cannot_store_with_a_counted_reason():
    if not is_reactor_installed():
        install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
    crawler = get_crawler(settings_dict={"MONGO_URI": ""})
    with pytest.raises(DropItem, match="unstorable"):
        StorePipeline.from_crawler(crawler).process_item(Article(url="", outlet="hespress"), Spider("hespress"))
    assert crawler.stats.get_value("newscrawler/dropped/unstorable") == 1
