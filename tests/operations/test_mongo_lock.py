"""The lock per outlet across machines: one crawl_locks document per outlet, with an expiry."""

from datetime import UTC, datetime, timedelta

import mongomock_ng
from recorded_sites import REPLAY_NOW, SITES

from newscrawler.operations.crawl_all import CrawlAllOptions, run_outlet
from newscrawler.operations.mongo_lock import MongoOutletLocks


def test_one_host_at_a_time_until_release_or_expiry():
    # The TTL index removes expired locks by the real clock: now, not when the module was collected
    # (a loaded full suite reaches this test more than the locks' 10 minutes later).
    NOW = datetime.now(UTC)  # noqa: N806
    database = mongomock_ng.MongoClient()["newscrawler"]
    host_a, host_b = MongoOutletLocks(database, "a:1"), MongoOutletLocks(database, "b:2")
    assert host_a.acquire("hespress", 600, NOW)
    assert not host_b.acquire("hespress", 600, NOW + timedelta(seconds=10))
    assert host_b.acquire("2m", 600, NOW)  # other outlets are free
    assert host_a.holder("hespress") == "a:1"
    host_b.release("hespress")  # not its lock: nothing happens
    assert not host_b.acquire("hespress", 600, NOW + timedelta(seconds=20))
    host_a.release("hespress")
    assert host_b.acquire("hespress", 600, NOW + timedelta(seconds=30))
    # host b dies without releasing: the lock expires after its time limit
    assert not host_a.acquire("hespress", 600, NOW + timedelta(seconds=600))
    assert host_a.acquire("hespress", 600, NOW + timedelta(seconds=631))
    assert host_a.holder("hespress") == "a:1"


def test_crawl_all_skips_an_outlet_another_host_is_crawling(tmp_path):
    database = mongomock_ng.MongoClient()["newscrawler"]
    assert MongoOutletLocks(database, "other-host:7").acquire("hespress", 600)
    options = CrawlAllOptions(lock_dir=tmp_path, log_dir=tmp_path, shared_locks=MongoOutletLocks(database, "me:1"))
    run = run_outlet("hespress", options)
    assert (run.label, run.status) == ("skipped", 0)
    assert run.why == ["newscrawler: hespress: skipped: other-host:7 holds its crawl_locks lock"]
    assert MongoOutletLocks(database).holder("hespress") == "other-host:7"


def test_crawl_all_holds_the_lock_while_it_crawls_and_releases_it(tmp_path):
    database = mongomock_ng.MongoClient()["newscrawler"]
    locks = MongoOutletLocks(database, "me:1")
    settings = (
        f"NEWSCRAWLER_REPLAY_DIR={SITES}", f"NEWSCRAWLER_NOW={REPLAY_NOW}",
        f"SQLITE_PATH={tmp_path / 'db.sqlite3'}", "MONGO_URI=",
    )  # fmt: skip
    options = CrawlAllOptions(settings=settings, lock_dir=tmp_path, log_dir=tmp_path, shared_locks=locks)
    run = run_outlet("2m", options)
    assert (run.label, run.status, run.why) == ("ok", 0, [])
    assert locks.holder("2m") is None
