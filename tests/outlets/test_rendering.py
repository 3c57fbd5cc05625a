"""Outlets marked rendering: splash get scrapy-splash wired in, on the pinned Scrapy."""

from dataclasses import replace

import pytest
from scrapy.settings import Settings
from scrapy.utils.misc import load_object

from newscrawler.discovery.links import ArticleLink
from newscrawler.outlets import load_outlets
from newscrawler.rendering import rendering_settings
from newscrawler.spiders.base import spider_class_for


def spider_with(rendering: str):
    outlet = replace(load_outlets()["maghress"], rendering=rendering)
    return spider_class_for(outlet, __name__)


def test_splash_outlet_enables_the_splash_middlewares_and_they_load():
    settings = Settings({"DOWNLOADER_MIDDLEWARES": {"some.Other": 1}})
    spider_with("splash").update_settings(settings)
    middlewares = settings.getdict("DOWNLOADER_MIDDLEWARES")
    assert middlewares["scrapy_splash.SplashMiddleware"] == 725 and middlewares["some.Other"] == 1
    assert settings["DUPEFILTER_CLASS"] == "scrapy_splash.SplashAwareDupeFilter"
    for path in (*middlewares, settings["DUPEFILTER_CLASS"]):
        if path.startswith("scrapy_splash"):
            load_object(path)  # scrapy-splash imports on this Scrapy version


def test_splash_requests_carry_the_render_arguments():
    request = spider_with("splash")()._article_request(ArticleLink("https://www.maghress.com/fr/hespress/1"))
    assert request.meta["splash"]["endpoint"] == "render.html"


def test_plain_outlets_change_nothing_and_playwright_needs_its_package():
    assert rendering_settings("none") == {}
    try:
        import scrapy_playwright  # noqa: F401
    except ImportError:
        with pytest.raises(RuntimeError, match="pip install scrapy-playwright"):
            rendering_settings("playwright")
