"""Benchmark (not a test): rendered pages/s (headless Chromium, scrapy-playwright) against plain pages/s.

Usage: ``python bench/rendering.py [--articles 100]``

1. Writes a client-rendered site in a temporary folder, laid out as tests/rendering/site (the same
   listing and article app shells; generated JSON for ``--articles`` articles of 4-7 paragraphs), and
   beside it the same site pre-rendered: static HTML whose DOM is what the browser builds from the shells.
2. Serves both on 127.0.0.1 (Python's http.server, one thread per connection) and crawls each once with
   ``scrapy crawl`` in its own process through the full pipeline into a new SQLite store:
   (a) plain: the static pages, Scrapy's own downloader; (b) rendered: the app shells with
   ``rendering: playwright`` (listing and articles through Chromium, project defaults:
   ``PLAYWRIGHT_MAX_PAGES_PER_CONTEXT`` 4, ``NEWSCRAWLER_RENDER_WAIT_UNTIL`` networkidle).
   Both: 8 requests per domain, no delay, no AutoThrottle, robots.txt not read.
3. Prints pages/s of each (article pages / the crawl's elapsed_time_seconds), the ratio, and
   ``os.getloadavg()`` before each crawl (the machine is shared: read the figures with the load).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path[:0] = [str(REPO), str(REPO / "tests" / "support")]

from rendered_site import SITE, SLUG, serve_rendered_site, write_config_dir  # noqa: E402

WORDS = (
    "le gouvernement a annoncé mardi un nouveau programme pour les régions du sud selon le ministère "
    "les travaux doivent commencer avant la fin de l'année et concerner plusieurs villes du royaume "
    "la banque centrale maintient son taux directeur tandis que l'inflation ralentit depuis trois mois"
).split()


def sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(14, 28))
    return " ".join(words).capitalize() + "."


def write_sites(root: Path, count: int) -> tuple[Path, Path]:
    """(the app-shell site, the same site pre-rendered as static pages)."""
    rng = random.Random(14)
    shells, static = root / "shells", root / "static"
    (shells / "api" / "articles").mkdir(parents=True)
    for name in ("listing.html", "article.html"):
        shutil.copy(SITE / name, shells / name)
    posts = []
    for number in range(count):
        day = 1 + number % 28
        post = {
            "slug": f"article-{number:04d}",
            "title": f"Dépêche {number} : {sentence(rng)[:60]}",
            "author": rng.choice(["Salma Bennani", "Youssef Alami", "Karim Tazi"]),
            "published": f"2025-11-{day:02d}T10:00:00+01:00",
            "published_text": f"{day} novembre 2025 à 10h00",
            "paragraphs": [" ".join(sentence(rng) for _ in range(4)) for _ in range(rng.randint(4, 7))],
        }
        posts.append(post)
        (shells / "api" / "articles" / f"{post['slug']}.json").write_text(json.dumps(post), encoding="utf-8")
        page = static / "article" / post["slug"] / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(static_article(post), encoding="utf-8")
    listing = [{"slug": post["slug"], "title": post["title"]} for post in posts]
    (shells / "api" / "articles.json").write_text(json.dumps({"posts": listing}), encoding="utf-8")
    links = "".join(f'<li><a href="/article/{p["slug"]}/">{html.escape(p["title"])}</a></li>' for p in posts)
    (static / "actualites").mkdir(parents=True)
    (static / "actualites" / "index.html").write_text(
        f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Actualités</title></head>'
        f'<body><main id="app"><ul class="news-list">{links}</ul></main></body></html>',
        encoding="utf-8",
    )
    return shells, static


def static_article(post: dict) -> str:
    """The DOM tests/rendering/site/article.html builds for this post, as static HTML."""
    paragraphs = "".join(f"<p>{html.escape(text)}</p>" for text in post["paragraphs"])
    title = html.escape(post["title"])
    return (
        f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{title} — Le Quotidien rendu</title></head>'
        f'<body><header><a href="/">Le Quotidien rendu</a></header><main id="app"><article><h1>{title}</h1>'
        f'<div class="byline">Par <span class="author">{html.escape(post["author"])}</span> — '
        f'<time datetime="{post["published"]}">{post["published_text"]}</time></div>'
        f'<div class="article-body">{paragraphs}</div></article></main></body></html>'
    )


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextmanager
def serve_static(root: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(root)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def crawl(folder: Path, base_url: str, rendering: str) -> dict:
    """One ``scrapy crawl`` in its own process: article pages, seconds, pages/s."""
    configs = write_config_dir(folder / "configs", base_url, rendering)
    settings = {
        "SQLITE_PATH": folder / "store.sqlite3", "SPOOL_DIR": folder / "spool", "MONGO_URI": "",
        "AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
        "ROBOTSTXT_OBEY": False, "LOG_LEVEL": "INFO", "SPIDERMON_ENABLED": False,
    }  # fmt: skip
    command = [sys.executable, "-m", "scrapy", "crawl", SLUG]
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    done = subprocess.run(
        command, cwd=REPO, capture_output=True, text=True, env={**os.environ, "NEWSCRAWLER_CONFIG_DIR": str(configs)}
    )
    if done.returncode != 0:
        raise SystemExit(f"{rendering} crawl failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    pages = int(re.search(r"'newscrawler/articles/extracted': (\d+)", done.stderr).group(1))
    stored = int(re.search(r"'newscrawler/stored/new': (\d+)", done.stderr).group(1))
    seconds = float(re.search(r"'elapsed_time_seconds': ([\d.]+)", done.stderr).group(1))
    return {"pages": pages, "stored": stored, "seconds": seconds, "rate": pages / seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-rendering-") as tmp:
        root = Path(tmp)
        shells, static = write_sites(root, args.articles)
        results = {}
        for mode, serve, site, rendering in (
            ("plain", serve_static, static, "none"),
            ("rendered", serve_rendered_site, shells, "playwright"),
        ):
            load = os.getloadavg()
            with serve(site) as base_url:
                result = crawl(root / mode, base_url, rendering)
            results[mode] = result
            print(
                f"{mode:8} {result['pages']} article pages, {result['stored']} stored, {result['seconds']:.1f} s:"
                f" {result['rate']:.1f} pages/s  (load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f})"
            )
        ratio = results["rendered"]["rate"] / results["plain"]["rate"]
        print(f"rendered / plain: {ratio:.3f}  (load average now: {' '.join(f'{x:.2f}' for x in os.getloadavg())})")


if __name__ == "__main__":
    main()
