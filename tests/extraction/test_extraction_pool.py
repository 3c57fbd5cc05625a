"""The worker pool (EXTRACTION_WORKERS): the same articles as in-process extraction, and no page lost
when a worker dies. The rest of the suite extracts in-process (tests/conftest.py); these tests run real
worker processes on the reactor's asyncio loop, as a crawl does."""

from __future__ import annotations

import asyncio
import json
import os
import signal
from datetime import datetime
from types import SimpleNamespace

import pytest
from pool_tasks import POISON, extract_or_die
from recorded_sites import (
    REPLAY_NOW,
    REPO,
    SITES,
    comparable,
    expected_articles,
    recorded_slugs,
    run_cli,
    stored_articles_and_runs,
)
from scrapy.exceptions import DropItem
from scrapy.http import Headers, HtmlResponse, TextResponse
from scrapy.responsetypes import responsetypes
from scrapy.utils.reactor import install_reactor, is_reactor_installed
from scrapy.utils.test import get_crawler
from scrapy.utils.url import canonicalize_url

from newscrawler.discovery.links import ArticleLink
from newscrawler.extraction.page import ArticlePage
from newscrawler.extraction.pool import DROPPED_WORKER_FAILED, STATS, ExtractionPool
from newscrawler.outlets import load_outlets
from newscrawler.pipelines.early import EarlyPipeline, prepare
from newscrawler.replay import load_recorded_pages
from newscrawler.storage.documents import to_json_dict
from newscrawler.timezone import to_utc

CRAWLED_AT = to_utc(datetime.fromisoformat(REPLAY_NOW))
OUTLETS = load_outlets()


@pytest.fixture(scope="module")
def loop() -> asyncio.AbstractEventLoop:
    """The asyncio loop of the reactor a crawl runs (results come back through reactor.callFromThread)."""
    if not is_reactor_installed():
        install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
    from twisted.internet import reactor

    return reactor._asyncioEventloop  # type: ignore[attr-defined]


def recorded_pages(slug: str) -> list[tuple[ArticlePage, TextResponse]]:
    """Every recorded page of a site (articles, feeds, listings, API answers), as the replay serves it
    and the spider hands it to the pool."""
    pages = []
    for url, recorded in load_recorded_pages(SITES).items():
        if recorded.path.parent.parent.name != slug:
            continue
        body, headers = recorded.path.read_bytes(), Headers(recorded.headers)
        response = responsetypes.from_args(headers=headers, url=url, body=body)(url=url, headers=headers, body=body)
        if isinstance(response, TextResponse):
            pages.append((ArticlePage.of(response, ArticleLink(url=url, source="feed"), CRAWLED_AT), response))
    return pages


def article_pages(slug: str) -> list[tuple[ArticlePage, TextResponse]]:
    urls = {canonicalize_url(case["url"]) for case in expected_articles(slug)}
    return [(page, response) for page, response in recorded_pages(slug) if page.url in urls]


def started_pool(slug: str, workers: int = 1, max_pending: int = 4, pool_class=ExtractionPool):
    crawler = get_crawler(settings_dict={"EXTRACTION_WORKERS": workers, "EXTRACTION_MAX_PENDING": max_pending})
    pool = pool_class.from_crawler(crawler)
    pool.open(SimpleNamespace(outlet=OUTLETS[slug]))
    return pool, crawler.stats


def in_process(slug: str, pages) -> list[dict]:
    """The articles of the pages extracted and taken through the early pipeline steps in this process."""
    outlet = OUTLETS[slug]
    return [vars(prepare(page.extract(outlet, response))) for page, response in pages]


def test_the_pool_is_off_when_extraction_workers_is_0(loop):
    from scrapy.exceptions import NotConfigured

    with pytest.raises(NotConfigured):
        ExtractionPool.from_crawler(get_crawler(settings_dict={"EXTRACTION_WORKERS": 0}))


@pytest.mark.parametrize("slug", recorded_slugs())
def test_the_pool_returns_the_in_process_article_of_every_recorded_page(slug, loop):
    pages = recorded_pages(slug)
    assert pages, f"{slug}: no page recorded"
    pool, stats = started_pool(slug)
    try:
        results = loop.run_until_complete(asyncio.gather(*(pool.extract(page) for page, _ in pages)))
    finally:
        pool.shutdown()
    assert [[vars(article) for article in result] for result in results] == [[doc] for doc in in_process(slug, pages)]
    assert stats.get_value(STATS + "pages") == len(pages)


def test_a_killed_worker_loses_no_page(loop):
    pages = article_pages("hespress") * 4
    pool, stats = started_pool("hespress", workers=2, max_pending=6)

    async def crawl():
        tasks = [asyncio.ensure_future(pool.extract(page)) for page, _ in pages]
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        killed = pool.pids()
        for pid in killed:
            os.kill(pid, signal.SIGKILL)
        return killed, await asyncio.gather(*tasks)

    try:
        killed, results = loop.run_until_complete(crawl())
    finally:
        pool.shutdown()
    assert len(killed) == 2
    assert [[vars(article) for article in result] for result in results] == [
        [doc] for doc in in_process("hespress", pages)
    ]
    assert stats.get_value(STATS + "restarts") == 1
    assert stats.get_value(STATS + "retried") >= 1  # pages the killed workers held, or that met the broken pool
    assert stats.get_value(DROPPED_WORKER_FAILED) is None


def early_steps_outcomes(articles) -> tuple[list, dict]:
    """What the crawl's early pipeline step makes of each article (its fields, or its drop line), and the
    crawl stats it counted."""
    crawler = get_crawler()
    pipeline = EarlyPipeline.from_crawler(crawler)
    outcomes = []
    for article in articles:
        try:
            outcomes.append(vars(pipeline.process_item(article, None)))
        except DropItem as dropped:
            outcomes.append(str(dropped))
    return outcomes, {key: value for key, value in crawler.stats.get_stats().items() if key.startswith("newscrawler/")}


@pytest.mark.parametrize("slug", ["hespress", "maghress", "lesoirechos"])
def test_articles_prepared_in_the_workers_are_counted_and_dropped_as_in_process(slug, loop):
    """The early steps (validate, normalize, dates, bylines, fingerprint) run in the workers; the crawl's
    step replays their counts and drops: the same articles, drop lines and stats as in-process."""
    pages = recorded_pages(slug)  # articles, and feeds/listings that the steps drop
    pool, _ = started_pool(slug)
    try:
        results = loop.run_until_complete(asyncio.gather(*(pool.extract(page) for page, _ in pages)))
    finally:
        pool.shutdown()
    assert all(result[0].prepared is not None for result in results)
    outlet = OUTLETS[slug]
    expected, expected_stats = early_steps_outcomes(page.extract(outlet, response) for page, response in pages)
    outcomes, stats = early_steps_outcomes(result[0] for result in results)
    assert outcomes == expected
    assert stats == expected_stats
    assert any(isinstance(outcome, str) for outcome in outcomes), "no page was dropped: the test proves nothing"
    assert any(isinstance(outcome, dict) and outcome["content_fingerprint"] for outcome in outcomes)


class PoisonablePool(ExtractionPool):
    task = staticmethod(extract_or_die)


def test_a_page_that_kills_its_worker_is_dropped_with_a_counted_reason_and_only_that_page(loop):
    pages = article_pages("hespress")
    poison = ArticlePage(f"https://fr.hespress.com/{POISON}.html", b"<html></html>", "utf-8", HtmlResponse, None, None)
    pool, stats = started_pool("hespress", workers=1, max_pending=8, pool_class=PoisonablePool)
    try:
        results = loop.run_until_complete(
            asyncio.gather(*(pool.extract(page) for page in [pages[0][0], poison, *(page for page, _ in pages[1:])]))
        )
    finally:
        pool.shutdown()
    expected = in_process("hespress", pages)
    assert results[1] == []
    assert [vars(result[0]) for result in [results[0], *results[2:]]] == expected
    assert stats.get_value(DROPPED_WORKER_FAILED) == 1
    assert stats.get_value(STATS + "restarts") == 1


# -- every spider, crawled with the pool ----------------------------------------------------------


def test_every_spider_stores_its_expected_articles_with_the_pool_though_workers_are_killed(tmp_path):
    """All recorded sites crawled in one process with EXTRACTION_WORKERS=1; every worker is killed
    (SIGKILL) when the 1st and the 3rd article page of each crawl arrive."""
    sqlite_path = tmp_path / "articles.sqlite3"
    slugs = recorded_slugs()
    result = run_cli(
        str(REPO / "tests" / "support" / "crawl_in_one_process.py"),
        str(sqlite_path),
        *slugs,
        "--kill-workers-at",
        "1,3",
        env={"NEWSCRAWLER_EXTRACTION_WORKERS": "1", "MONGO_URI": ""},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    stats = json.loads(result.stdout)
    stored, _ = stored_articles_and_runs(sqlite_path)
    for slug in slugs:
        expected = {
            case["url"]: comparable(case["article"]) for case in expected_articles(slug) if not case.get("extract_only")
        }
        assert {url: comparable(to_json_dict(stored[url])) for url in expected if url in stored} == expected, slug
        crawl = stats[slug]
        assert DROPPED_WORKER_FAILED not in crawl, slug
        assert crawl[STATS + "pages"] == crawl["newscrawler/articles/extracted"] >= len(expected), slug
        assert crawl["test/killed_workers"] >= 1 and crawl[STATS + "restarts"] >= 1, slug
    crawled = [case for slug in slugs for case in expected_articles(slug) if not case.get("extract_only")]
    assert len(stored) == len(crawled)
