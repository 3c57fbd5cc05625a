"""Many machines: one crawl of an outlet shared by N worker processes through Redis (scrapy-redis).

With ``NEWSCRAWLER_REDIS_URL`` set, ``scrapy crawl <outlet>`` is a *worker*: scrapy-redis' scheduler
keeps the frontier (``<outlet>:requests``) and its duplicate filter the seen-set (``<outlet>:dupefilter``)
in Redis, so every request is fetched once by one of the workers, on any machine. A run starts with
``python -m newscrawler seed <outlet>``: it clears the outlet's keys and pushes one seed per discovery URL
to ``<outlet>:start_urls``, which the workers turn into discovery requests (``OutletSpider.make_request_from_data``).
A worker stops when the whole run has had nothing to do for ``MAX_IDLE_TIME_BEFORE_CLOSE`` seconds
(scrapy-redis' idle stop, counted from the last request or response of any worker: ``RunLedger.touch``),
so a worker waiting for the pages another one is discovering does not give up.

Watermarks (``newscrawler.discovery.watermarks``) are committed once per run, by the last worker to leave,
from what every worker saw (the run's ledger, ``RunLedger``). A worker that crashed never leaves the
ledger, so a run with a crash commits nothing: the next run pages down to the last complete run's marks.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import time
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

import redis
from scrapy_redis import defaults

from newscrawler.outlets.registry import OutletConfig

logger = logging.getLogger(__name__)

SEEDS_KEY = defaults.START_URLS_KEY  # scrapy-redis' keys, per spider name
QUEUE_KEY = defaults.SCHEDULER_QUEUE_KEY
SEEN_KEY = defaults.SCHEDULER_DUPEFILTER_KEY
RUN_KEY = "%(spider)s:run:"  # this run's ledger: workers, first_pages, incomplete, tainted, active
STAT_WORKER = "newscrawler/distributed/worker"  # set in a worker's stats (its id)
STAT_BAD_SEEDS = "newscrawler/distributed/bad_seeds"


class RedisUnreachable(Exception):
    """Redis cannot be reached; the message is one line, without the password."""


def redact_redis_url(url: str) -> str:
    """What of a Redis URL may be printed: scheme, host, port and database (or the socket path)."""
    try:
        options = redis.connection.parse_url(url)
    except ValueError:
        return url.partition("://")[0] + "://(unparseable URL hidden)"
    scheme = url.partition("://")[0]
    if "path" in options:
        return f"{scheme}://{options['path']}"
    return f"{scheme}://{options.get('host', 'localhost')}:{options.get('port', 6379)}/{options.get('db', 0)}"


def connect(url: str) -> redis.Redis:
    """A client of the Redis at ``url`` that answered a PING, else RedisUnreachable."""
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=30)
        client.ping()
    except (redis.RedisError, ValueError) as error:
        raise RedisUnreachable(f"Redis unreachable at {redact_redis_url(url)} ({_first_line(error)})") from None
    return client


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def distributed_settings(url: str) -> dict[str, Any]:
    """The Scrapy settings of a worker: scrapy-redis' scheduler and duplicate filter on ``url``.

    ``SCHEDULER_PERSIST``: the first worker to stop must not clear the queue and the seen-set the others
    still use; the next ``seed`` clears them.
    """
    return {
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_PERSIST": True,
        "REDIS_URL": url,
    }


def seed_data(outlet: OutletConfig) -> list[str]:
    """One seed per discovery URL: ``{"source": <index in the outlet's discovery>, "url": ...}``."""
    return [
        json.dumps({"source": index, "url": url})
        for index, source in enumerate(outlet.discovery)
        for url in source["urls"]
    ]


def seed_request(outlet: OutletConfig, data: bytes | str) -> tuple[dict[str, Any], str]:
    """(discovery source, URL) of a seed, else ValueError (a seed of another version of the config)."""
    try:
        seed = json.loads(data)
        source = outlet.discovery[seed["source"]]
        url = seed["url"]
    except (ValueError, TypeError, KeyError, IndexError) as error:
        raise ValueError(f"not a seed of {outlet.slug}: {data!r} ({error})") from None
    if url not in source["urls"]:
        raise ValueError(f"not a seed of {outlet.slug}: {url} is not a URL of its discovery source {seed['source']}")
    return source, url


def run_keys(spider: str) -> list[str]:
    """Every Redis key of a run of ``spider``: seeds, frontier, seen-set and the ledger."""
    run = RUN_KEY % {"spider": spider}
    return [
        SEEDS_KEY % {"name": spider},
        QUEUE_KEY % {"spider": spider},
        SEEN_KEY % {"spider": spider},
        *(run + part for part in RunLedger.PARTS),
    ]


def seed(client: redis.Redis, outlet: OutletConfig) -> int:
    """Starts a run of ``outlet``: clears its keys (an unfinished run's queue and seen-set included), then
    pushes its seeds. Returns how many."""
    seeds = seed_data(outlet)
    with client.pipeline() as pipe:  # MULTI/EXEC: workers never see a half-reset run
        pipe.delete(*run_keys(outlet.slug))
        if seeds:
            pipe.rpush(SEEDS_KEY % {"name": outlet.slug}, *seeds)
        pipe.execute()
    return len(seeds)


class RunLedger:
    """What the workers of one run saw, kept in Redis, so the last one to leave commits the watermarks.

    A worker *joins* when its first request reaches its downloader and *leaves* at close with its
    first-page watermarks, the paged sources it left incomplete and whether its run was clean. The
    worker whose leaving empties the set commits, if no worker was unclean and the frontier is empty.
    The ledger also keeps when any worker was last at work (``active``), for the idle stop.
    """

    PARTS = ("workers", "first_pages", "incomplete", "tainted", "active")
    TOUCH_EVERY = 1.0  # seconds: a busy worker writes ``active`` at most this often

    def __init__(self, client: redis.Redis, spider: str) -> None:
        self.client = client
        self.spider = spider
        self.worker_id = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.joined = False
        self._touched = 0.0
        prefix = RUN_KEY % {"spider": spider}
        self.keys = {part: prefix + part for part in self.PARTS}

    def touch(self) -> None:
        """This worker is at work (a request or a response): it joins the run, and the run is active now."""
        now = time.time()
        if now - self._touched < self.TOUCH_EVERY:
            return
        self._touched = now
        with self.client.pipeline() as pipe:
            if not self.joined:
                pipe.sadd(self.keys["workers"], self.worker_id)
            pipe.set(self.keys["active"], now)
            pipe.execute()
        self.joined = True

    def last_activity(self) -> float:
        """When any worker of the run was last at work (Unix time; 0 if none was yet)."""
        return float(self.client.get(self.keys["active"]) or 0)

    def leave(
        self, first_pages: Mapping[str, dict[str, Any]], incomplete: Iterable[str], clean: bool
    ) -> dict[str, dict[str, Any]] | None:
        """Adds this worker's view to the run; the watermarks to commit when it was the last clean one."""
        if not self.joined:
            return None  # it did nothing in this run
        keys = self.keys
        with self.client.pipeline() as pipe:  # MULTI/EXEC: one leaver at a time sees the final set
            if first_pages:
                pipe.hset(keys["first_pages"], mapping={k: json.dumps(v) for k, v in first_pages.items()})
            incomplete = list(incomplete)
            if incomplete:
                pipe.sadd(keys["incomplete"], *incomplete)
            if not clean:
                pipe.set(keys["tainted"], self.worker_id)
            pipe.srem(keys["workers"], self.worker_id)
            pipe.scard(keys["workers"])
            pipe.get(keys["tainted"])
            pipe.hgetall(keys["first_pages"])
            pipe.smembers(keys["incomplete"])
            pipe.zcard(QUEUE_KEY % {"spider": self.spider})
            pipe.llen(SEEDS_KEY % {"name": self.spider})
            removed, remaining, tainted, marks, cut_short, queued, seeds = pipe.execute()[-7:]
        if not removed:
            logger.warning("This run of %s was seeded again while this worker ran: no watermark committed", self.spider)
            return None
        why = [
            f"{remaining} other workers still at work or crashed" if remaining else "",
            f"worker {tainted.decode()} did not finish cleanly" if tainted else "",
            f"{queued + seeds} requests left in Redis" if queued or seeds else "",
        ]
        if any(why):
            logger.info("Last worker out? No: watermarks not committed (%s)", "; ".join(filter(None, why)))
            return None
        left = {member.decode() for member in cut_short}
        return {k.decode(): json.loads(v) for k, v in marks.items() if k.decode() not in left}
