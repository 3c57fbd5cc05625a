"""Benchmark (not a test): bulk upserts into the embedded SQLite store with 10k and 100k articles stored.

Usage: ``python bench/store.py [--sizes 10000,100000] [--batch N] [--rounds 3] [--no-full-text] [--keep FILE]``

Documents are what the store pipeline writes (``to_document`` of an Article: French or Arabic title,
a 2-6 KB body, authors, tags, image, provenance) and go through the real
``SQLiteStore.upsert_articles`` in batches of STORE_BATCH_SIZE (the store pipeline's batch). The store
(a new file in a temporary folder, WAL, FTS5 index when available) is filled to each size, then each
round times 5,000 upserts of each kind:

- new: URLs not stored yet (inserted; the store grows by 5,000 per round);
- stored, same content: URLs already stored, seen again (``last_seen`` moves: the usual re-crawl);
- stored, new content: URLs already stored whose body changed (revision + 1, FTS index updated).

The store defers full-text indexing (upserts queue rows; ``sync_full_text`` indexes them at close and
before a word query): each kind is also shown with the sync that follows it counted in.

Prints articles/s for each (median and spread of the rounds) and the file size. ``--no-full-text``
opens the store without its FTS5 index (``SQLiteStore(full_text=False)``) to show what the index costs.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH.parent), str(BENCH)]

from make_site import AR_AUTHORS, FR_AUTHORS, paragraph, title  # noqa: E402

from newscrawler.items import Article  # noqa: E402
from newscrawler.settings import STORE_BATCH_SIZE  # noqa: E402
from newscrawler.storage import SQLiteStore  # noqa: E402
from newscrawler.storage.documents import to_document  # noqa: E402

TARGET_PER_S = 5000
MEASURED = 5000  # upserts per kind and round
OUTLETS = (
    ("hespress", "https://fr.hespress.com/{id}-article.html", "fr"),
    ("hespress", "https://www.hespress.com/article-{id}.html", "ar"),
    ("lavieeco", "https://www.lavieeco.com/economie/article-{id}/", "fr"),
    ("yabiladi", "https://www.yabiladi.com/articles/details/{id}/article.html", "fr"),
    ("yabiladi", "https://ar.yabiladi.com/articles/details/{id}/article.html", "ar"),
)


class Documents:
    """Store documents of article ``n`` (deterministic), bodies combined from a pool of paragraphs."""

    def __init__(self, seed: int = 11):
        rng = random.Random(seed)
        self.paragraphs = {lang: [paragraph(rng, lang) for _ in range(400)] for lang in ("fr", "ar")}
        self.titles = {lang: [title(rng, lang) for _ in range(400)] for lang in ("fr", "ar")}
        self.start = datetime(2025, 1, 1, tzinfo=UTC)

    def article(self, n: int, version: int = 0, seen: datetime | None = None) -> dict:
        rng = random.Random(n * 7919 + version)
        outlet, url, lang = OUTLETS[n % len(OUTLETS)]
        body = "\n\n".join([f"{n}-{version}", *rng.sample(self.paragraphs[lang], rng.randint(5, 12))])
        published = self.start + timedelta(minutes=7 * n)
        seen = seen or published + timedelta(hours=1)
        authors = rng.sample(FR_AUTHORS if lang == "fr" else AR_AUTHORS, rng.randint(1, 2))
        article = Article(
            url=url.format(id=n),
            outlet=outlet,
            canonical_url=url.format(id=n),
            outlet_name=outlet.capitalize(),
            language=lang,
            title=rng.choice(self.titles[lang]),
            lead=self.paragraphs[lang][n % 400][:200],
            body=body,
            authors=[{"name": a, "raw": a} for a in authors],
            agencies=["MAP"] if n % 9 == 0 else [],
            byline_raw=", ".join(authors),
            published_at=published,
            published_raw=published.isoformat(),
            published_precision="minute",
            section="Economie",
            tags=["Maroc", f"tag{n % 50}"],
            image={"url": f"https://img.example/{n}.jpg", "caption": None, "credit": None},
            content_fingerprint=hashlib.sha1(body.encode()).hexdigest(),
            crawled_at=seen,
            first_seen=seen,
            last_seen=seen,
            parser={"name": f"{outlet}@2020-01-01", "version": "0.1.0"},
            provenance={"title": "jsonld", "body": "selectors@2020-01-01"},
        )
        return to_document(article)


def upsert_all(store: SQLiteStore, documents: list[dict], batch: int) -> float:
    """Seconds to upsert the documents in batches."""
    start = time.perf_counter()
    for i in range(0, len(documents), batch):
        store.upsert_articles(documents[i : i + batch])
    return time.perf_counter() - start


def sync_seconds(store: SQLiteStore) -> float:
    """Seconds to index the rows the upserts queued for the full-text index (done at close in a crawl)."""
    start = time.perf_counter()
    store.sync_full_text()
    return time.perf_counter() - start


def fill(store: SQLiteStore, docs: Documents, first: int, last: int, batch: int) -> float:
    """Insert articles first..last-1 (built batch by batch, not all held in memory); articles/s."""
    seconds = 0.0
    for i in range(first, last, 1000):
        chunk = [docs.article(n) for n in range(i, min(i + 1000, last))]
        seconds += upsert_all(store, chunk, batch)
    seconds += sync_seconds(store)
    return (last - first) / seconds if last > first else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="stored articles before each measure")
    parser.add_argument(
        "--batch",
        type=int,
        default=STORE_BATCH_SIZE,
        help=f"documents per upsert_articles call (default: STORE_BATCH_SIZE = {STORE_BATCH_SIZE})",
    )
    parser.add_argument("--rounds", type=int, default=3, help="rounds of each measure (default: 3)")
    parser.add_argument("--no-full-text", action="store_true", help="store without its FTS5 full-text index")
    parser.add_argument("--keep", type=Path, help="store file to create and keep (default: a temporary one)")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]

    docs = Documents()
    with tempfile.TemporaryDirectory() as folder:
        path = args.keep or Path(folder) / "bench.sqlite3"
        store = SQLiteStore(path, full_text=False if args.no_full_text else None)
        store.open()
        print(
            f"store: {store.description} (FTS5 index: {store.full_text}); batches of {args.batch}; "
            f"{MEASURED:,} upserts per kind and round, {args.rounds} rounds"
        )
        stored = 0  # articles 0..stored-1 are in the store
        failed = False
        for size in sizes:
            extra = sum(MEASURED for _ in range(args.rounds))  # new articles the measures below add
            fill_rate = fill(store, docs, stored, max(stored, size), args.batch)
            stored = max(stored, size)
            rates: dict[str, list[float]] = {"new": [], "same": [], "changed": []}
            with_index: dict[str, list[float]] = {"new": [], "same": [], "changed": []}

            def measure(kind: str, documents: list[dict], rates=rates, with_index=with_index) -> None:
                upserts = upsert_all(store, documents, args.batch)
                rates[kind].append(len(documents) / upserts)
                with_index[kind].append(len(documents) / (upserts + sync_seconds(store)))

            for round_number in range(args.rounds):
                measure("new", [docs.article(n) for n in range(stored, stored + MEASURED)])
                stored += MEASURED
                known = random.Random(round_number).sample(range(stored - MEASURED), MEASURED)
                later = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=round_number)
                measure("same", [docs.article(n, seen=later) for n in known])
                measure(
                    "changed",
                    [docs.article(n, version=round_number + 1, seen=later + timedelta(hours=1)) for n in known],
                )
            assert store.count_articles() == stored, (store.count_articles(), stored)
            megabytes = sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 1e6
            print(
                f"\n{size:,} articles stored (filled at {fill_rate:,.0f} articles/s; {stored:,} after the "
                f"{extra:,} new ones below; file {megabytes:,.0f} MB):"
            )
            for kind, label in (
                ("new", "new URLs"),
                ("same", "stored URLs, same content"),
                ("changed", "stored URLs, new content"),
            ):
                values = rates[kind]
                print(
                    f"  {label:28s} median {statistics.median(values):8,.0f} articles/s  "
                    f"(min {min(values):,.0f}, max {max(values):,.0f}); with the full-text index sync: "
                    f"median {statistics.median(with_index[kind]):,.0f}/s"
                )
            slowest = min(min(values) for values in rates.values())
            verdict = "met" if slowest >= TARGET_PER_S else f"MISSED: slowest round {slowest:,.0f}/s"
            print(f"  target >= {TARGET_PER_S:,} upserts/s: {verdict}")
            failed |= slowest < TARGET_PER_S
        store.close()
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
