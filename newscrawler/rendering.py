"""JavaScript rendering, per outlet and per request kind (``rendering:`` in the outlet config).

``rendering: playwright`` (or ``splash``) renders the outlet's listing and article pages;
``rendering: {listing: playwright, article: none}`` renders only the kind named. Every other request
(feeds, sitemaps, APIs, robots.txt, plain outlets) goes through Scrapy's own downloader.

- playwright: scrapy-playwright driving the system Chromium (``PLAYWRIGHT_LAUNCH_OPTIONS``
  executable_path, Debian's ``chromium``; no browser download). scrapy-playwright sends requests
  without ``meta["playwright"]`` to Scrapy's HTTP handler, so only rendered pages open a browser tab.
- splash: scrapy-splash sends the page to the Splash server at ``SPLASH_URL`` (``render.html``).

The settings (tabs at once, timeouts, what the browser skips, the Splash URL) are in
``newscrawler.settings``. :func:`renderer_problem` is the check ``scrapy crawl`` runs before a rendered
crawl: the crawl stops with one line when its renderer cannot start.
"""

from __future__ import annotations

import subprocess
import urllib.error
import urllib.request
from collections.abc import Mapping
from importlib.util import find_spec
from pathlib import Path
from typing import Any

ENGINES = ("splash", "playwright")
REQUEST_KINDS = ("listing", "article")

# scrapy-splash's SplashDeduplicateArgsMiddleware is left out: it only serves `cache_args` (large Lua
# scripts sent once), which render.html does not use, and it has no process_start(), so Scrapy 2.13 refuses
# to open a spider with an async start() (every OutletSpider) while it is enabled.
SPLASH_SETTINGS: dict[str, Any] = {
    "DOWNLOADER_MIDDLEWARES": {
        "scrapy_splash.SplashCookiesMiddleware": 723,
        "scrapy_splash.SplashMiddleware": 725,
        "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": 810,
    },
    "DUPEFILTER_CLASS": "scrapy_splash.SplashAwareDupeFilter",
}
PLAYWRIGHT_HANDLER = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"
PLAYWRIGHT_SETTINGS: dict[str, Any] = {"DOWNLOAD_HANDLERS": {"http": PLAYWRIGHT_HANDLER, "https": PLAYWRIGHT_HANDLER}}
SKIPPED_RESOURCES = frozenset({"image", "media", "font"})  # a rendered page's text never needs them


def rendering_plan(value: str | Mapping[str, str]) -> dict[str, str]:
    """Request kind -> engine for the kinds an outlet renders, from its ``rendering:`` value
    (already checked by the outlet schema): ``"none"`` -> {}, ``"playwright"`` -> both kinds."""
    if isinstance(value, str):
        return {} if value == "none" else dict.fromkeys(REQUEST_KINDS, value)
    return {kind: engine for kind, engine in value.items() if engine != "none"}


def rendering_settings(plan: Mapping[str, str]) -> dict[str, Any]:
    """The Scrapy settings the engines of a plan need (merged into the spider's settings)."""
    settings: dict[str, Any] = {}
    for engine in sorted(set(plan.values())):
        settings |= SPLASH_SETTINGS if engine == "splash" else PLAYWRIGHT_SETTINGS
    return settings


def render_meta(engine: str | None, settings: Any) -> dict[str, Any]:
    """Request meta that makes scrapy-splash or scrapy-playwright render the page ({} for none)."""
    if engine == "splash":
        wait, timeout = settings.getfloat("NEWSCRAWLER_SPLASH_WAIT"), settings.getfloat("NEWSCRAWLER_SPLASH_TIMEOUT")
        return {"splash": {"endpoint": "render.html", "args": {"wait": wait, "timeout": timeout}}}
    if engine == "playwright":
        goto = {"wait_until": settings.get("NEWSCRAWLER_RENDER_WAIT_UNTIL")}
        return {"playwright": True, "playwright_page_goto_kwargs": goto}
    return {}


def skip_resource(request: Any) -> bool:
    """PLAYWRIGHT_ABORT_REQUEST: the browser does not fetch images, media and fonts."""
    return request.resource_type in SKIPPED_RESOURCES


def renderer_problem(plan: Mapping[str, str], settings: Any) -> str | None:
    """Why a renderer of the plan cannot start (one line), or None; checked before a rendered crawl."""
    for engine in sorted(set(plan.values())):
        problem = _playwright_problem(settings) if engine == "playwright" else _splash_problem(settings)
        if problem:
            return f"rendering: {engine}: {problem}"
    return None


def _playwright_problem(settings: Any) -> str | None:
    for package in ("scrapy_playwright", "playwright"):
        if find_spec(package) is None:
            return f"the {package.replace('_', '-')} package is not installed (pip install -r requirements.txt)"
    launch = settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS")
    executable = launch.get("executable_path")
    if not executable:
        return None  # Playwright's own downloaded browser
    if not Path(executable).is_file():
        return f"no browser at {executable} (apt-get install chromium, or set PLAYWRIGHT_CHROMIUM)"
    try:  # the browser starts with the crawl's launch arguments and renders a blank page
        subprocess.run(
            [executable, "--headless", *launch.get("args", ()), "--dump-dom", "about:blank"],
            capture_output=True,
            timeout=60,
            check=True,
        )
    except (OSError, subprocess.SubprocessError) as error:
        return f"{executable} does not start ({error})"
    return None


def _splash_problem(settings: Any) -> str | None:
    if find_spec("scrapy_splash") is None:
        return "the scrapy-splash package is not installed (pip install -r requirements.txt)"
    url = settings.get("SPLASH_URL").rstrip("/") + "/_ping"
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            answer.read()
    except (OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return (
            f"no Splash server answers at {settings.get('SPLASH_URL')} ({reason});"
            " start one: docker run -p 8050:8050 scrapinghub/splash"
        )
    return None
