"""A client-rendered news site served on 127.0.0.1 (tests/rendering/site), and the outlet config that crawls it.

The listing and every article page are app shells whose links and text a script builds from a local JSON
endpoint, as a Next.js site sends them when the server does not pre-render: a crawl that does not render
finds no link and no body.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

SITE = Path(__file__).resolve().parents[1] / "rendering" / "site"
SLUG = "quotidien"
# The articles the site lists, by slug (tests/rendering/site/api/articles.json).
ARTICLE_SLUGS = ("budget-2026-adopte", "tanger-med-record", "tanger-med-record-reprise", "saison-agricole-bilan")
_ARTICLE_PATH = re.compile(r"^/article/[a-z0-9-]+/$")


class _AppShellHandler(SimpleHTTPRequestHandler):
    """/actualites/ -> the listing shell, /article/<slug>/ -> the article shell, /api/... -> JSON files."""

    site = SITE

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, directory=str(self.site), **kwargs)

    def translate_path(self, path: str) -> str:
        path = path.split("?", 1)[0]
        if path == "/actualites/":
            return str(self.site / "listing.html")
        if _ARTICLE_PATH.match(path):
            return str(self.site / "article.html")
        if path.startswith("/api/"):
            return super().translate_path(path)
        return str(self.site / "missing")  # 404 (robots.txt and the rest)

    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def serve_rendered_site(site: Path = SITE) -> Iterator[str]:
    """A site laid out as tests/rendering/site on a free port of 127.0.0.1 for the duration of the block;
    yields its base URL."""
    handler = type("SiteHandler", (_AppShellHandler,), {"site": site})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def outlet_config(base_url: str, rendering: str | dict[str, str]) -> dict[str, Any]:
    """The site's outlet config (the production schema; generic extraction layers, no selectors)."""
    return {
        "slug": SLUG,
        "name": "Le Quotidien rendu",
        "domains": ["127.0.0.1"],
        "languages": ["fr"],
        "status": "active",
        "rendering": rendering,
        "politeness": {"download_delay": 0, "concurrency": 4},
        "article_url_pattern": r"^http://127\.0\.0\.1:\d+/article/[a-z0-9-]+/$",
        "discovery": [{"type": "listing", "urls": [f"{base_url}/actualites/"], "links": "ul.news-list a"}],
        "evidence": [
            {"fact": "A client-rendered test site (tests/rendering/site)", "kind": "INFER", "source": "tests"}
        ],
    }


def write_config_dir(folder: Path, base_url: str, rendering: str | dict[str, str]) -> Path:
    """A NEWSCRAWLER_CONFIG_DIR holding only the site's outlet config."""
    folder.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(outlet_config(base_url, rendering), allow_unicode=True)
    (folder / f"{SLUG}.yml").write_text(text, encoding="utf-8")
    return folder
