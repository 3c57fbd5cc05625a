"""Benchmark (not a test): where the full crawl spends its time, on the benchmark mirror.

Usage: ``python bench/profile_crawl.py [--mirror DIR] [--articles 5000] [--outlets hespress,lavieeco,yabiladi]
[--sample 600] [--top 25] [--port 8090]``

1. Stage costs without a profiler: the article pages of the mirror (a sample of ``--sample``) run
   through each step the full crawl adds to raw Scrapy, one step at a time, best of 3 rounds, in
   ms per page: decode, HTML parse, each extraction layer, the item build, each pipeline step, the
   store document and the SQLite upsert (batches of STORE_BATCH_SIZE).
2. A cProfile of the full crawl (``bench/_crawl_run.py full`` served by nginx, every outlet at once
   unless ``--outlets``): the top functions by own time (library costs included), the project's
   functions by cumulative time, and own time grouped by package. cProfile slows Python code (about
   2x here), not C code, so its shares are indicative; part 1 gives the real costs.

``--mirror DIR`` reuses a mirror made by ``bench/make_site.py DIR`` (or kept by ``bench/crawl.py --keep``);
without it a new one is generated in a temporary folder and removed at the end.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import pstats
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path[:0] = [str(REPO), str(BENCH)]

from make_site import build  # noqa: E402
from mirror import DEFAULT_PORT, make_readable, serve  # noqa: E402


def page_file(root: Path, url: str) -> Path:
    parts = urlsplit(url)
    path = unquote(parts.path)
    return root / "site" / parts.hostname / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))


def best_of(rounds: int, action) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def stage_costs(root: Path, sample: int) -> None:
    """Part 1: ms per article page of each step, without a profiler."""
    os.environ["NEWSCRAWLER_CONFIG_DIR"] = str(root / "spiders_config")
    from parsel import Selector

    from newscrawler.extraction import jsonld, meta, outlet_selectors
    from newscrawler.extraction.extractor import extract_html
    from newscrawler.outlets import load_outlets
    from newscrawler.parsing.fingerprint import content_fingerprint
    from newscrawler.pipelines.early import EARLY_STEPS, offline_crawler
    from newscrawler.settings import STORE_BATCH_SIZE
    from newscrawler.storage import SQLiteStore
    from newscrawler.storage.documents import to_document

    summary = json.loads((root / "mirror.json").read_text(encoding="utf-8"))
    urls = random.Random(7).sample(summary["article_urls"], min(sample, len(summary["article_urls"])))
    outlets = load_outlets(root / "spiders_config")
    pages = [(url, page_file(root, url).read_bytes(), outlets[urlsplit(url).hostname.split(".")[1]]) for url in urls]
    now = datetime.now(UTC)
    rows: list[tuple[str, float]] = []

    def stage(name: str, action) -> None:
        rows.append((name, best_of(3, action) / len(pages) * 1000))

    texts = [body.decode("utf-8") for _, body, _ in pages]
    stage("decode (response.text)", lambda: [body.decode("utf-8") for _, body, _ in pages])
    stage("HTML parse (the page's Selector)", lambda: [Selector(text=text) for text in texts])
    selectors = [Selector(text=text) for text in texts]
    versions = [outlet.selectors_for(None) for _, _, outlet in pages]
    stage("  layer 1: JSON-LD", lambda: [jsonld.read(s) for s in selectors])
    stage("  layer 2: meta tags", lambda: [meta.read(s) for s in selectors])
    urls = [url for url, _, _ in pages]
    stage(
        "  layer 3: outlet selectors (every field)",
        lambda: [outlet_selectors.read(s, v, u) for s, v, u in zip(selectors, versions, urls, strict=True)],
    )

    def extract_all():
        return [
            extract_html(t, u, o, None, now, selector=s)
            for t, s, (u, _, o) in zip(texts, selectors, pages, strict=True)
        ]

    stage("extract_html (layers as the crawl runs them + build)", extract_all)
    articles = extract_all()
    crawler = offline_crawler()
    for step in EARLY_STEPS:
        pipeline = step.from_crawler(crawler)
        batches = [copy.deepcopy(articles) for _ in range(3)]
        stage(f"early step: {step.__name__}", lambda p=pipeline, b=batches: [p.process_item(a, None) for a in b.pop()])
        articles = [pipeline.process_item(a, None) for a in articles]
    stage("early step: fingerprint", lambda: [content_fingerprint(a.body) for a in articles])
    for article in articles:
        article.content_fingerprint = content_fingerprint(article.body)
    stage("pipeline: StorePipeline (to_document)", lambda: [to_document(a, now) for a in articles])
    documents = [to_document(a, now) for a in articles]
    with tempfile.TemporaryDirectory() as folder:
        stores = []

        def upsert() -> None:
            store = SQLiteStore(Path(folder) / f"stage-{len(stores)}.sqlite3")
            store.open()
            stores.append(store)
            for i in range(0, len(documents), STORE_BATCH_SIZE):
                store.upsert_articles(documents[i : i + STORE_BATCH_SIZE])

        stage(f"store: SQLite upsert, new URLs (batches of {STORE_BATCH_SIZE})", upsert)
        for store in stores:
            store.close()

    total = sum(ms for name, ms in rows if not name.startswith("  ") and not name.startswith("extract_html"))
    total += next(ms for name, ms in rows if name.startswith("extract_html"))
    in_workers = sum(ms for name, ms in rows if name.startswith(("decode", "HTML parse", "extract_html", "early step")))
    round_trip = pool_round_trip(pages, now)
    print(f"Stage costs, ms per article page ({len(pages)} pages of the mirror, best of 3, no profiler):")
    for name, ms in rows:
        print(f"  {name:52s} {ms:7.3f}")
    print(f"  {'total added to raw Scrapy (layers counted once)':52s} {total:7.3f}")
    print("With EXTRACTION_WORKERS > 0, decode, parse, extraction and the early steps run in the workers; left:")
    print(f"  {'page to a worker and Article back (CPU, all threads)':52s} {round_trip:7.3f}")
    print(f"  {'total added to raw Scrapy in the crawl process':52s} {total - in_workers + round_trip:7.3f}")


def pool_round_trip(pages: list, now: datetime) -> float:
    """CPU ms of this process (every thread) per page sent to an extraction worker and its Article back,
    one 1-worker executor per outlet as a crawl runs them, 32 pages in flight at most; best of 3."""
    from concurrent.futures import FIRST_COMPLETED, wait

    from scrapy.http import HtmlResponse

    from newscrawler.extraction.page import ArticlePage
    from newscrawler.extraction.pool import _executor, extract_page

    executors = {outlet.slug: _executor(1, outlet) for _, _, outlet in pages}
    work = [(outlet.slug, ArticlePage(url, body, "utf-8", HtmlResponse, None, now)) for url, body, outlet in pages]
    best = float("inf")
    try:
        for _ in range(3):
            start, pending = time.process_time(), set()
            for slug, page in work:
                pending.add(executors[slug].submit(extract_page, page))
                if len(pending) >= 32:
                    _, pending = wait(pending, return_when=FIRST_COMPLETED)
            wait(pending)
            best = min(best, time.process_time() - start)
    finally:
        for executor in executors.values():
            executor.shutdown()
    return best / len(pages) * 1000


def group_of(filename: str) -> str:
    if "/newscrawler/" in filename:
        return "newscrawler (project)"
    for package in ("parsel", "lxml", "twisted", "scrapy", "w3lib", "asyncio", "json", "sqlite3", "re", "urllib"):
        if f"/{package}/" in filename or f"/{package}.py" in filename:
            return package
    if filename.startswith("~") or filename.startswith("<"):
        return "builtins / C"
    return "other"


def crawl_profile(root: Path, port: int, outlets: str, top: int) -> None:
    """Part 2: cProfile of the full crawl."""
    profile = root / "full-crawl.prof"
    with serve(root, port):
        command = [
            sys.executable,
            str(BENCH / "_crawl_run.py"),
            "full",
            str(root),
            "--outlets",
            outlets,
            "--profile",
            str(profile),
        ]
        done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"profiled crawl failed:\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    print(
        f"\ncProfile of the full crawl ({outlets}): {result['article_pages']} article pages in "
        f"{result['seconds']:.1f} s under the profiler = {result['pages_per_s']:.1f} pages/s; "
        f"{result['articles_in_store']} stored"
    )
    stats = pstats.Stats(str(profile))
    total = stats.total_tt
    entries = stats.stats  # (file, line, name) -> (primitive calls, calls, tottime, cumtime, callers)

    def label(key) -> str:
        filename, line, name = key
        short = filename.split("site-packages/")[-1].replace(str(REPO) + "/", "")
        return f"{short}:{line}({name})" if line else name

    print(f"\nTop {top} by own time (profiled total {total:.1f} s):")
    for key, (_, calls, own, cumulative, _) in sorted(entries.items(), key=lambda kv: -kv[1][2])[:top]:
        print(f"  {own:7.2f} s {100 * own / total:5.1f}%  cum {cumulative:7.2f} s  {calls:>9,}  {label(key)}")
    print(f"\nTop {top} project functions by cumulative time:")
    project = [(key, value) for key, value in entries.items() if "/newscrawler/" in key[0]]
    for key, (_, calls, own, cumulative, _) in sorted(project, key=lambda kv: -kv[1][3])[:top]:
        share = 100 * cumulative / total
        print(f"  cum {cumulative:7.2f} s {share:5.1f}%  own {own:6.2f} s  {calls:>9,}  {label(key)}")
    groups: dict[str, float] = defaultdict(float)
    for key, (_, _, own, _, _) in entries.items():
        groups[group_of(key[0])] += own
    print("\nOwn time by package:")
    for group, own in sorted(groups.items(), key=lambda kv: -kv[1]):
        print(f"  {own:7.2f} s {100 * own / total:5.1f}%  {group}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror", type=Path, help="an existing mirror folder (default: generate one)")
    parser.add_argument("--articles", type=int, default=5000, help="article pages when generating (default: 5000)")
    parser.add_argument("--outlets", default="hespress,lavieeco,yabiladi", help="outlets of the crawl")
    parser.add_argument("--sample", type=int, default=600, help="article pages timed in part 1 (default: 600)")
    parser.add_argument("--top", type=int, default=25, help="rows of each profile table (default: 25)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"nginx port (default: {DEFAULT_PORT})")
    parser.add_argument("--skip-profile", action="store_true", help="part 1 only")
    args = parser.parse_args()
    root = args.mirror or Path(tempfile.mkdtemp(prefix="newscrawler-profile-"))
    try:
        if not args.mirror:
            make_readable(root)
            build(root, args.articles, args.port)
        port = json.loads((root / "mirror.json").read_text(encoding="utf-8"))["port"]
        stage_costs(root, args.sample)
        if not args.skip_profile:
            crawl_profile(root, port, args.outlets, args.top)
        return 0
    finally:
        if not args.mirror:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
