"""Which requests an outlet's ``rendering:`` sends through Splash or the browser, and the settings it wires in."""

from dataclasses import replace

import pytest
from scrapy.settings import Settings
from scrapy.utils.misc import load_object

from newscrawler import rendering
from newscrawler.discovery.links import ArticleLink
from newscrawler.outlets import load_outlets
from newscrawler.outlets.registry import OutletConfigError, load_outlet
from newscrawler.rendering import PLAYWRIGHT_HANDLER, renderer_problem, rendering_plan, rendering_settings
from newscrawler.spiders.base import spider_class_for


def spider_with(value):
    """A Maghress spider (discovery: listing pages) whose config says ``rendering: value``."""
    outlet = replace(load_outlets()["maghress"], rendering=rendering_plan(value))
    spidercls = spider_class_for(outlet, __name__)
    settings = Settings()
    settings.setmodule("newscrawler.settings", priority="project")
    spidercls.update_settings(settings)
    spider = spidercls()
    spider.settings = settings  # as the crawler sets it
    return spider


def listing_and_article_requests(spider):
    source = spider.outlet.discovery[0]
    listing = spider._first_request(source, source["urls"][0])
    return listing, spider._article_request(ArticleLink("https://www.maghress.com/fr/hespress/1"))


def test_the_shorthand_renders_listings_and_articles_and_none_renders_nothing():
    assert rendering_plan("playwright") == {"listing": "playwright", "article": "playwright"}
    assert rendering_plan("none") == {} and rendering_settings({}) == {}
    assert rendering_plan({"listing": "splash", "article": "none"}) == {"listing": "splash"}


def test_each_request_kind_gets_its_own_engine():
    listing, article = listing_and_article_requests(spider_with({"listing": "playwright", "article": "none"}))
    assert listing.meta["playwright"] is True
    assert listing.meta["playwright_page_goto_kwargs"] == {"wait_until": "networkidle"}
    assert "playwright" not in article.meta and "splash" not in article.meta
    listing, article = listing_and_article_requests(spider_with({"article": "splash"}))
    assert "splash" not in listing.meta and "playwright" not in listing.meta
    assert article.meta["splash"] == {"endpoint": "render.html", "args": {"wait": 1.0, "timeout": 60.0}}


def test_feeds_and_apis_are_never_rendered():
    spider = spider_with("playwright")
    feed = spider._first_request(
        {"type": "feed", "urls": ["https://www.maghress.com/rss"]}, "https://www.maghress.com/rss"
    )
    assert "playwright" not in feed.meta


def test_a_playwright_outlet_installs_the_browser_handler_only_for_http_downloads():
    settings = spider_with("playwright").settings
    assert settings.getdict("DOWNLOAD_HANDLERS") == {"http": PLAYWRIGHT_HANDLER, "https": PLAYWRIGHT_HANDLER}
    assert settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS")["executable_path"]  # the system browser, no download
    assert settings.getint("PLAYWRIGHT_MAX_PAGES_PER_CONTEXT") >= 1
    assert settings.getint("PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT") > 0


def test_splash_outlet_enables_the_splash_middlewares_and_they_load():
    settings = Settings({"DOWNLOADER_MIDDLEWARES": {"some.Other": 1}})
    spider_with("splash").update_settings(settings)
    middlewares = settings.getdict("DOWNLOADER_MIDDLEWARES")
    assert middlewares["scrapy_splash.SplashMiddleware"] == 725 and middlewares["some.Other"] == 1
    assert settings["DUPEFILTER_CLASS"] == "scrapy_splash.SplashAwareDupeFilter"
    for path in (*middlewares, settings["DUPEFILTER_CLASS"]):
        if path.startswith("scrapy_splash"):
            load_object(path)  # scrapy-splash imports on this Scrapy version


def test_a_bad_rendering_value_names_the_field(tmp_path):
    config = (load_outlets()["maghress"].path).read_text(encoding="utf-8") + "\nrendering: {listing: selenium}\n"
    path = tmp_path / "maghress.yml"
    path.write_text(config, encoding="utf-8")
    with pytest.raises(OutletConfigError, match="rendering"):
        load_outlet(path)


def test_renderer_problems_are_one_line_each(monkeypatch, tmp_path):
    settings = Settings({"PLAYWRIGHT_LAUNCH_OPTIONS": {"executable_path": str(tmp_path / "chromium")}})
    plan = {"listing": "playwright"}
    assert renderer_problem(plan, settings) == (
        f"rendering: playwright: no browser at {tmp_path / 'chromium'} (apt-get install chromium, or set PLAYWRIGHT_CHROMIUM)"
    )
    settings.set("PLAYWRIGHT_LAUNCH_OPTIONS", {"executable_path": "/bin/false"})
    assert renderer_problem(plan, settings).startswith("rendering: playwright: /bin/false does not start (")
    monkeypatch.setattr(rendering, "find_spec", lambda name: None if name == "scrapy_playwright" else object())
    assert renderer_problem(plan, settings) == (
        "rendering: playwright: the scrapy-playwright package is not installed (pip install -r requirements.txt)"
    )
    splash = Settings({"SPLASH_URL": "http://127.0.0.1:1"})
    problem = renderer_problem({"article": "splash"}, splash)
    assert problem.startswith("rendering: splash: no Splash server answers at http://127.0.0.1:1 (")
    assert problem.endswith("docker run -p 8050:8050 scrapinghub/splash") and "\n" not in problem
