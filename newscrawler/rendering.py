"""JavaScript rendering for outlets whose config says ``rendering: splash`` or ``rendering: playwright``.

Splash: scrapy-splash (pinned) talks to a Splash server at ``SPLASH_URL`` (run its Docker image).
Playwright: scrapy-playwright, installed separately (``pip install scrapy-playwright``), driving the
system Chromium (``PLAYWRIGHT_CHROMIUM``, default /usr/bin/chromium; no browser download needed).
"""

from __future__ import annotations

import os
from importlib.util import find_spec
from typing import Any

SPLASH_SETTINGS: dict[str, Any] = {
    "SPLASH_URL": os.environ.get("SPLASH_URL", "http://localhost:8050"),
    "DOWNLOADER_MIDDLEWARES": {
        "scrapy_splash.SplashCookiesMiddleware": 723,
        "scrapy_splash.SplashMiddleware": 725,
        "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": 810,
    },
    "SPIDER_MIDDLEWARES": {"scrapy_splash.SplashDeduplicateArgsMiddleware": 100},
    "DUPEFILTER_CLASS": "scrapy_splash.SplashAwareDupeFilter",
}

PLAYWRIGHT_HANDLER = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"


def rendering_settings(rendering: str) -> dict[str, Any]:
    """The Scrapy settings a rendering mode needs; raises RuntimeError when its package is missing."""
    if rendering == "splash":
        return SPLASH_SETTINGS
    if rendering == "playwright":
        if find_spec("scrapy_playwright") is None:
            raise RuntimeError("rendering: playwright needs scrapy-playwright: pip install scrapy-playwright")
        return {
            "DOWNLOAD_HANDLERS": {"http": PLAYWRIGHT_HANDLER, "https": PLAYWRIGHT_HANDLER},
            "PLAYWRIGHT_BROWSER_TYPE": "chromium",
            "PLAYWRIGHT_LAUNCH_OPTIONS": {
                "executable_path": os.environ.get("PLAYWRIGHT_CHROMIUM", "/usr/bin/chromium"),
                "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            },
        }
    return {}


def render_meta(rendering: str) -> dict[str, Any]:
    """Request meta asking the rendering middleware or handler to render a page."""
    if rendering == "splash":
        return {"splash": {"endpoint": "render.html", "args": {"wait": 1.0}}}
    if rendering == "playwright":
        return {"playwright": True}
    return {}
