"""The run's ledger in Redis (who commits the watermarks), seeding, an unreachable Redis, an idle worker's polling."""

from __future__ import annotations

import socket
import time

import pytest
import redis
from recorded_sites import run_cli
from scrapy import signals
from scrapy.core.engine import ExecutionEngine
from scrapy.utils.reactor import install_reactor, is_reactor_installed
from scrapy.utils.test import get_crawler

from newscrawler import distributed
from newscrawler.outlets import load_outlets
from newscrawler.spiders.base import spider_class_for

MARK_A = {"urls": ["https://a.test/1"], "published": "2025-11-01T00:00:00+00:00"}
MARK_B = {"urls": ["https://b.test/1"], "published": None}


@pytest.fixture
def client(redis_url):
    with redis.Redis.from_url(redis_url) as connection:
        yield connection


def _workers(client, count):
    ledgers = [distributed.RunLedger(client, "hespress") for _ in range(count)]
    for ledger in ledgers:
        ledger.touch()
    return ledgers


def test_the_last_worker_out_commits_what_every_worker_saw(client):
    first, second = _workers(client, 2)
    assert first.leave({"https://a.test/": MARK_A}, [], clean=True) is None  # the other one is still at work
    state = second.leave({"https://b.test/": MARK_B, "https://c.test/": MARK_B}, ["https://c.test/"], clean=True)
    assert state == {"https://a.test/": MARK_A, "https://b.test/": MARK_B}  # c.test's paging was cut short


def test_one_unclean_worker_means_no_commit(client):
    first, second = _workers(client, 2)
    assert first.leave({"https://a.test/": MARK_A}, [], clean=False) is None
    assert second.leave({"https://b.test/": MARK_B}, [], clean=True) is None


def test_a_crashed_worker_never_leaves_so_nothing_is_committed(client):
    survivor, _crashed = _workers(client, 2)
    assert survivor.leave({"https://a.test/": MARK_A}, [], clean=True) is None


def test_a_worker_that_did_nothing_commits_nothing(client):
    (worker,) = _workers(client, 1)
    idle = distributed.RunLedger(client, "hespress")  # never joined
    assert idle.leave({}, [], clean=True) is None
    assert worker.leave({"https://a.test/": MARK_A}, [], clean=True) == {"https://a.test/": MARK_A}


def test_the_run_is_active_while_any_worker_is(client):
    first, second = _workers(client, 2)
    assert first.last_activity() == second.last_activity() > time.time() - 10
    client.set("hespress:run:active", 1000.0)  # long ago
    second._touched = 0.0  # its last write is older than TOUCH_EVERY
    second.touch()
    assert first.last_activity() > time.time() - 10  # the idle stop of the first counts from the second's work


def test_seeding_starts_a_new_run(client):
    outlet = load_outlets()["hespress"]
    (worker,) = _workers(client, 1)
    client.sadd("hespress:dupefilter", "fingerprint of the last run")
    assert distributed.seed(client, outlet) == sum(len(source["urls"]) for source in outlet.discovery)
    assert not client.exists("hespress:dupefilter", "hespress:run:workers")
    seeds = client.lrange("hespress:start_urls", 0, -1)
    assert [distributed.seed_request(outlet, seed)[1] for seed in seeds] == [
        url for source in outlet.discovery for url in source["urls"]
    ]
    # The worker of the run before the seed: its leaving commits nothing of a run it did not see whole.
    assert worker.leave({"https://a.test/": MARK_A}, [], clean=True) is None


def test_a_seed_of_another_config_is_refused():
    outlet = load_outlets()["hespress"]
    wrong = ('{"source": 99, "url": "https://fr.hespress.com/feed"}', '{"source": 1, "url": "https://x.test/"}', "x")
    for data in wrong:
        with pytest.raises(ValueError, match="not a seed of hespress"):
            distributed.seed_request(outlet, data)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("command", ["crawl", "seed"])
def test_an_unreachable_redis_is_one_line_without_the_password(command, tmp_path):
    url = f"redis://:s3cret-pw@127.0.0.1:{_closed_port()}/0"
    store = f"SQLITE_PATH={tmp_path / 'x.sqlite3'}"
    crawl = ["-m", "scrapy", "crawl", "hespress", "-s", f"NEWSCRAWLER_REDIS_URL={url}", "-s", store]
    result = run_cli(*(crawl if command == "crawl" else ["-m", "newscrawler", "seed", "hespress", "--redis-url", url]))
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("newscrawler")]
    assert len(lines) == 1 and "Redis unreachable at redis://127.0.0.1:" in lines[0], result.stderr
    assert "s3cret" not in result.stderr + result.stdout


def test_an_idle_worker_asks_redis_for_requests_every_poll_interval_not_every_5_s(redis_url):
    """Scrapy's engine polls its scheduler on a 5 s heartbeat when idle; a worker sets it to
    NEWSCRAWLER_REDIS_POLL_INTERVAL when its spider opens, before the engine starts the heartbeat."""
    if not is_reactor_installed():
        install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
    spidercls = spider_class_for(load_outlets()["hespress"], __name__)
    crawler = get_crawler(spidercls, {"NEWSCRAWLER_REDIS_URL": redis_url, "NEWSCRAWLER_REDIS_POLL_INTERVAL": 0.25})
    crawler.spider = spidercls.from_crawler(crawler)
    crawler.engine = ExecutionEngine(crawler, lambda _: None)
    assert crawler.engine._SLOT_HEARTBEAT_INTERVAL == 5.0  # Scrapy's, which the worker must change
    crawler.signals.send_catch_log(signals.spider_opened, spider=crawler.spider)
    assert crawler.engine._SLOT_HEARTBEAT_INTERVAL == 0.25
    assert ExecutionEngine._SLOT_HEARTBEAT_INTERVAL == 5.0  # only this crawler's engine
