"""Benchmark (not a test): crawl throughput of the full pipeline against raw Scrapy, on a local nginx mirror.

Usage: ``python bench/crawl.py [--articles 5000] [--rounds 3] [--port 8090] [--keep DIR] [--gc freeze]
[--baseline CHECKOUT] [--workers 0,default] [--bare-items 8]``

1. Generates the mirror (``bench/make_site.py``: 5,000 article pages of ~60 KB in the markup of
   Hespress, La Vie éco and Yabiladi, with their feeds, sitemaps, WordPress REST pages and listings)
   in a temporary folder, and serves it with nginx on 127.0.0.2-4 (installed with apt-get if missing;
   stopped at the end, also on error).
2. Each round crawls it with each setup, each time in a new process, all three outlets at once:
   (a) ``bare``: plain Scrapy spiders that follow the same discovery pages and article links and
   yield only URLs: the ceiling, with Scrapy's default settings; (a') the same with the project's
   CONCURRENT_ITEMS (8; Scrapy's 100 starts 100 Twisted tasks a response), the fair ceiling;
   (b) ``full``: the project's outlet spiders with every extraction layer, the pipelines and the
   embedded SQLite store (a new file each round), once per ``--workers`` value (EXTRACTION_WORKERS;
   default ``0,default``: in-process, then the project's default of cores - 1 worker processes per
   outlet crawler, so 3 on 2 cores).
   Same settings for all: CONCURRENT_REQUESTS 16, 8 per domain, no delay, no AutoThrottle,
   ROBOTSTXT_OBEY off, LOG_LEVEL INFO. ``--gc freeze`` makes both crawls ``gc.freeze()`` the objects
   alive at engine start (imports, settings, spiders), to show what Python's garbage collector costs.
3. Prints each round, then the median and spread (min-max) of pages/s and peak RSS, and the ratios
   (b)/(a) and (b)/(a').

``--baseline CHECKOUT`` adds (c) to each round: the full crawl with the ``newscrawler`` package of
another checkout (e.g. ``git worktree add /tmp/before <commit>``), to measure a change before/after.

pages/s = article pages / seconds from the first engine start to the last engine stop (discovery pages
are fetched by both but not counted). Peak RSS = ru_maxrss of the crawl process, and VmHWM of each
extraction worker. Each line ends with the load average when the crawl ended (the machine is shared).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH.parent), str(BENCH)]

from make_site import build  # noqa: E402
from mirror import DEFAULT_PORT, make_readable, serve  # noqa: E402

from newscrawler.settings import CONCURRENT_ITEMS as PROJECT_CONCURRENT_ITEMS  # noqa: E402

TARGET_RATIO = 0.85
TARGET_RSS_MB = 250


def run_crawl(mode: str, root: Path, log: Path, *extra: str) -> dict:
    """One crawl in a child process; its JSON result line. Scrapy's log goes to ``log``."""
    with log.open("a", encoding="utf-8") as stderr:
        stderr.write(f"\n===== {mode} {' '.join(extra)}\n")
        stderr.flush()
        done = subprocess.run(
            [sys.executable, str(BENCH / "_crawl_run.py"), mode, str(root), *extra],
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
    if done.returncode != 0:
        raise SystemExit(f"{mode} crawl failed (exit {done.returncode}); log: {log}\n{log.read_text()[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def spread(values: list[float], unit: str, digits: int = 1) -> str:
    return (
        f"median {statistics.median(values):,.{digits}f} {unit}  "
        f"(min {min(values):,.{digits}f}, max {max(values):,.{digits}f}, n={len(values)})"
    )


def peak_rss(results: list[dict]) -> list[float]:
    return [r["peak_rss_mb"] for r in results]


def describe(result: dict) -> str:
    """One crawl's figures on one line, with the machine's load average (1, 5, 15 min) when it ended."""
    line = (
        f"{result['article_pages']} article pages ({result['responses']} responses, {result['megabytes']} MB) "
        f"in {result['seconds']:.2f} s = {result['pages_per_s']:.1f} pages/s, peak RSS {result['peak_rss_mb']:.1f} MB, "
        f"CPU {result['cpu_ms_per_page']:.2f} ms a page"
    )
    if result["mode"] == "full":
        line += f", stored {result['articles_in_store']}, dropped {result['dropped']}"
        if result["workers"]:
            line += (
                f", {result['workers']} workers extracted {result['pool_pages']} pages"
                f" (peak RSS {', '.join(f'{mb:.1f}' for mb in result['worker_peak_rss_mb'])} MB,"
                f" CPU {result['worker_cpu_ms_per_page']:.2f} ms a page together)"
            )
    return line + f"; load average {', '.join(f'{load:.2f}' for load in result['load_average'])}"


def check(result: dict, expected: int) -> list[str]:
    problems = []
    if result["article_pages"] != expected:
        problems.append(f"{result['mode']}: {result['article_pages']} article pages, expected {expected}")
    if result["errors"] or result["non_200"]:
        problems.append(f"{result['mode']}: {result['errors']} errors, {result['non_200']} non-200 answers")
    if result["mode"] == "full" and (result["articles_in_store"] != expected or result["dropped"]):
        problems.append(f"full: {result['articles_in_store']} articles stored, {result['dropped']} dropped")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000, help="article pages in the mirror (default: 5000)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of (a) then (b) (default: 3)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"nginx port (default: {DEFAULT_PORT})")
    parser.add_argument("--keep", type=Path, help="generate the mirror here and keep it (default: a temporary folder)")
    parser.add_argument(
        "--gc",
        choices=("default", "freeze"),
        default="default",
        help="freeze: both crawls gc.freeze() what is alive at engine start (default: GC as is)",
    )
    parser.add_argument("--baseline", type=Path, help="also crawl with the newscrawler package of this checkout")
    parser.add_argument(
        "--workers",
        default="0,default",
        help="EXTRACTION_WORKERS of the full crawls, one (b) per value: 0 = in-process (default: 0,default)",
    )
    parser.add_argument(
        "--bare-items",
        type=int,
        default=PROJECT_CONCURRENT_ITEMS,
        help="also crawl (a') raw Scrapy with this CONCURRENT_ITEMS; 0: not (default: the project's, "
        f"{PROJECT_CONCURRENT_ITEMS}; Scrapy's is 100)",
    )
    args = parser.parse_args()

    root = args.keep or Path(tempfile.mkdtemp(prefix="newscrawler-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    make_readable(root)
    try:
        mirror = build(root, args.articles, args.port)
        kb = mirror["article_kb"]
        print(
            f"mirror: {mirror['articles']} article pages {mirror['articles_by_outlet']}, "
            f"{mirror['megabytes']} MB in {mirror['files']} files; article page KB min/median/max "
            f"{kb['min']}/{kb['median']}/{kb['max']}; nginx on 127.0.0.2-4:{args.port}; garbage collector: {args.gc}"
        )
        log = root / "crawl.log"
        runs = [("bare", "(a) bare", ())]
        if args.bare_items:
            runs.append(
                (
                    "bare items",
                    f"(a') bare, CONCURRENT_ITEMS={args.bare_items}",
                    ("--concurrent-items", str(args.bare_items)),
                )
            )
        for workers in args.workers.split(","):
            label = "default" if workers == "default" else workers
            extra = () if workers == "default" else ("--workers", workers)
            runs.append((f"full workers={label}", f"(b) full, EXTRACTION_WORKERS={label}", extra))
        if args.baseline:
            runs.append(("baseline", "(c) baseline full", ("--repo", str(args.baseline))))
        results: dict[str, list[dict]] = {key: [] for key, _, _ in runs}
        problems: list[str] = []
        with serve(root, args.port):
            for round_number in range(1, args.rounds + 1):
                for key, label, extra_args in runs:
                    mode = "bare" if key.startswith("bare") else "full"
                    result = run_crawl(mode, root, log, "--gc", args.gc, *extra_args)
                    results[key].append(result)
                    problems += check(result, mirror["articles"])
                    print(f"round {round_number} {label}: {describe(result)}", flush=True)
        print()
        bare = [r["pages_per_s"] for r in results["bare"]]
        bare_cpu = statistics.median(r["cpu_ms_per_page"] for r in results["bare"])
        for key, label, _ in runs:
            if key.startswith("bare"):
                speeds, cpus = [r["pages_per_s"] for r in results[key]], [r["cpu_ms_per_page"] for r in results[key]]
                rss = spread(peak_rss(results[key]), "MB")
                print(f"{label}, raw Scrapy ceiling: {spread(speeds, 'pages/s')}; peak RSS {rss}")
                print(f"    CPU of the crawl process: {spread(cpus, 'ms a page', 3)}")
        for key, label, _ in runs:
            if key.startswith("bare"):
                continue
            full = [r["pages_per_s"] for r in results[key]]
            ratio = statistics.median(full) / statistics.median(bare)
            ratios = ", ".join(f"{f / b:.2f}" for f, b in zip(full, bare, strict=True))
            verdict = "met" if ratio >= TARGET_RATIO else f"MISSED by {TARGET_RATIO - ratio:.2f}"
            rss = peak_rss(results[key])
            workers = [peak for r in results[key] for peak in r["worker_peak_rss_mb"]]
            print(f"{label}: {spread(full, 'pages/s')}")
            print(
                f"    ratio to (a): {ratio:.2f} of medians  (per round: {ratios}); target >= {TARGET_RATIO}: {verdict}"
            )
            cpu = [r["cpu_ms_per_page"] for r in results[key]]
            worker_cpu = [r.get("worker_cpu_ms_per_page", 0.0) for r in results[key]]
            cpu_ratio = bare_cpu / statistics.median(cpu)
            print(
                f"    CPU of the crawl process: {spread(cpu, 'ms a page', 3)}"
                + (f"; of its workers together: {spread(worker_cpu, 'ms a page', 3)}" if any(worker_cpu) else "")
            )
            print(
                f"    CPU-bound ratio to (a): {cpu_ratio:.2f} (CPU ms a page of (a)'s crawl process / this crawl"
                f" process'; its pages/s ratio when it has a core to itself and the workers the others)"
            )
            if "bare items" in results:  # raw Scrapy with the project's CONCURRENT_ITEMS
                tuned = statistics.median(r["pages_per_s"] for r in results["bare items"])
                tuned_cpu = statistics.median(r["cpu_ms_per_page"] for r in results["bare items"])
                versus = statistics.median(full) / tuned
                verdict = "met" if versus >= TARGET_RATIO else f"MISSED by {TARGET_RATIO - versus:.2f}"
                print(f"    ratio to (a'): {versus:.2f} of medians; target >= {TARGET_RATIO}: {verdict}")
                print(f"    CPU-bound ratio to (a'): {tuned_cpu / statistics.median(cpu):.2f}")
            rss_verdict = "met" if max(rss + workers) <= TARGET_RSS_MB else "MISSED"
            worker_line = f"; each worker: {spread(workers, 'MB')}" if workers else ""
            print(
                f"    peak RSS, crawl process: {spread(rss, 'MB')}{worker_line}; "
                f"target <= {TARGET_RSS_MB} MB per process: {rss_verdict}"
            )
        if problems:
            print("PROBLEMS:\n  " + "\n  ".join(problems))
            return 1
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
