"""Benchmark (not a test): the mirror crawled by 1 and by 2 scrapy-redis workers sharing one Redis and one store.

Usage: ``python bench/distributed.py [--articles 5000] [--rounds 2] [--workers 1,2] [--port 8093] [--keep DIR]``

1. Generates the mirror (``bench/make_site.py``), serves it with nginx on 127.0.0.2-4 (``bench/mirror.py``)
   and starts a ``redis-server`` on a free 127.0.0.1 port in the temporary folder.
2. Each round, for each worker count N: a new SQLite store; N worker processes (``bench/_crawl_run.py full
   --redis-url``: the project's full pipeline, the three outlets in each process, the settings of
   ``bench/crawl.py``, ``EXTRACTION_WORKERS`` 0 so each worker is one process); once every worker's engines
   have started, the three outlets are seeded (``newscrawler.distributed.seed``, as ``python -m newscrawler seed``).
3. pages/s = article pages / seconds from the first response any worker received to the last one (the
   workers' idle wait before they stop is not counted; a worker idle before the seeds polls Redis every
   5 s, scrapy-redis' pace, so the second worker may start up to 5 s after the first: that is counted).
   Checks that every article page was fetched once in all (the workers' ``newscrawler/articles/extracted``
   add up to the mirror's count), that the store holds every article once and that nothing was dropped.
   Peak RSS = ru_maxrss of each worker.

The machine may be shared: ``os.getloadavg()`` is printed with every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH.parent), str(BENCH)]

from _crawl_run import OUTLETS  # noqa: E402
from make_site import build  # noqa: E402
from mirror import make_readable, serve  # noqa: E402

DEFAULT_PORT = 8093  # not bench/crawl.py's, so both can run at once
TARGET_RSS_MB = 250
IDLE_SECONDS = 5


def load() -> str:
    return "load average " + ", ".join(f"{value:.2f}" for value in os.getloadavg())


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_redis(folder: Path) -> tuple[subprocess.Popen, str]:
    executable = shutil.which("redis-server")
    if executable is None:
        raise SystemExit("redis-server is not installed: apt-get install -y redis-server (apt-packages.txt)")
    folder.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    command = [executable, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder), "--save", ""]
    server = subprocess.Popen([*command, "--appendonly", "no", "--logfile", str(folder / "redis.log")])
    url = f"redis://127.0.0.1:{port}/0"
    import redis

    deadline = time.monotonic() + 15
    while True:
        try:
            redis.Redis.from_url(url).ping()
            return server, url
        except redis.ConnectionError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"redis-server did not start; see {folder / 'redis.log'}") from None
            time.sleep(0.05)


def run_workers(count: int, root: Path, redis_url: str, run_dir: Path) -> tuple[float, list[dict]]:
    """N workers, then the seeds once they are all up; (seconds from the first response to the last, results)."""
    run_dir.mkdir(parents=True)
    env = {**os.environ, "NEWSCRAWLER_CONFIG_DIR": str(root / "spiders_config")}
    workers = []
    for n in range(count):
        ready = run_dir / f"ready{n}"
        log = (run_dir / f"worker{n}.log").open("w", encoding="utf-8")
        command = [
            sys.executable, str(BENCH / "_crawl_run.py"), "full", str(root), "--redis-url", redis_url,
            "--store", str(run_dir / "articles.sqlite3"), "--idle", str(IDLE_SECONDS), "--ready", str(ready),
        ]  # fmt: skip
        workers.append((subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log, text=True, env=env), ready, log))
    while not all(ready.exists() for _, ready, _ in workers):
        if any(process.poll() is not None for process, _, _ in workers):
            raise SystemExit(f"a worker stopped before its engines started; logs in {run_dir}")
        time.sleep(0.1)
    seed_outlets(root, redis_url)
    results = []
    for process, _, log in workers:
        out, _ = process.communicate()
        log.close()
        if process.returncode != 0:
            raise SystemExit(f"worker failed (exit {process.returncode}); logs in {run_dir}")
        results.append(json.loads(out.strip().splitlines()[-1]))
    active = [r for r in results if r["first_response_wall"]]
    return max(r["last_response_wall"] for r in active) - min(r["first_response_wall"] for r in active), results


def seed_outlets(root: Path, redis_url: str) -> None:
    from newscrawler import distributed
    from newscrawler.outlets import load_outlets

    outlets = load_outlets(root / "spiders_config")
    with distributed.connect(redis_url) as client:
        for slug in OUTLETS:
            distributed.seed(client, outlets[slug])


def check(results: list[dict], store: Path, expected: int) -> list[str]:
    fetched = sum(r["article_pages"] for r in results)
    with sqlite3.connect(store) as db:
        stored, distinct = db.execute("SELECT count(*), count(DISTINCT canonical_url) FROM articles").fetchone()
    problems = []
    if fetched != expected:
        problems.append(f"{fetched} article pages fetched in all, expected {expected} (each once)")
    if stored != expected or distinct != expected:
        problems.append(f"{stored} articles stored ({distinct} distinct URLs), expected {expected}")
    if sum(r["stored_new"] for r in results) != expected:
        problems.append(f"stored as new: {sum(r['stored_new'] for r in results)}, expected {expected}")
    dropped = sum(r["dropped"] for r in results)
    errors = sum(r["errors"] + r["non_200"] for r in results)
    if dropped or errors:
        problems.append(f"{dropped} dropped, {errors} errors or non-200 answers")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000, help="article pages in the mirror (default: 5000)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of every worker count (default: 2)")
    parser.add_argument("--workers", default="1,2", help="worker counts to run, in order (default: 1,2)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"nginx port (default: {DEFAULT_PORT})")
    parser.add_argument("--keep", type=Path, help="generate the mirror here and keep it (default: a temporary folder)")
    args = parser.parse_args()
    counts = [int(n) for n in args.workers.split(",")]

    root = args.keep or Path(tempfile.mkdtemp(prefix="newscrawler-bench-redis-"))
    root.mkdir(parents=True, exist_ok=True)
    make_readable(root)
    redis_server = None
    try:
        mirror = build(root, args.articles, args.port)
        expected = mirror["articles"]
        print(f"mirror: {expected} article pages {mirror['articles_by_outlet']}; nginx on 127.0.0.2-4:{args.port}")
        redis_server, redis_url = start_redis(root / "redis")
        print(f"redis-server on {redis_url}; {os.cpu_count()} cores; {load()}", flush=True)
        speeds: dict[int, list[float]] = {n: [] for n in counts}
        rss: dict[int, list[float]] = {n: [] for n in counts}
        problems: list[str] = []
        with serve(root, args.port):
            for round_number in range(1, args.rounds + 1):
                for count in counts:
                    run_dir = root / f"round{round_number}-workers{count}"
                    seconds, results = run_workers(count, root, redis_url, run_dir)
                    found = check(results, run_dir / "articles.sqlite3", expected)
                    problems += [f"round {round_number}, {count} workers: {p}" for p in found]
                    pages = sum(r["article_pages"] for r in results)
                    speeds[count].append(pages / seconds)
                    rss[count] += [r["peak_rss_mb"] for r in results]
                    shares = ", ".join(str(r["article_pages"]) for r in results)
                    peaks = ", ".join(f"{r['peak_rss_mb']:.1f}" for r in results)
                    print(
                        f"round {round_number}, {count} worker(s): {pages} article pages in {seconds:.2f} s = "
                        f"{pages / seconds:.1f} pages/s (per worker: {shares}); peak RSS {peaks} MB; "
                        f"each article fetched and stored once: {'yes' if not found else 'NO'}; {load()}",
                        flush=True,
                    )
        print()
        for count in counts:
            values = speeds[count]
            print(
                f"{count} worker(s): median {statistics.median(values):.1f} pages/s "
                f"(min {min(values):.1f}, max {max(values):.1f}, n={len(values)}); "
                f"peak RSS per worker max {max(rss[count]):.1f} MB; {load()}"
            )
        if 1 in counts:
            one = statistics.median(speeds[1])
            for count in counts:
                if count != 1:
                    print(f"speed-up {count} workers / 1: {statistics.median(speeds[count]) / one:.2f}; {load()}")
        worst = max(max(values) for values in rss.values())
        verdict = "met" if worst <= TARGET_RSS_MB else f"MISSED by {worst - TARGET_RSS_MB:.1f} MB"
        print(f"peak RSS per process: max {worst:.1f} MB; target <= {TARGET_RSS_MB} MB: {verdict}")
        print(f"every article fetched once and stored once, in every run: {'yes' if not problems else 'NO'}")
        if problems:
            print("PROBLEMS:\n  " + "\n  ".join(problems))
            return 1
        return 0
    finally:
        if redis_server is not None:
            redis_server.terminate()
            redis_server.wait(timeout=10)
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
