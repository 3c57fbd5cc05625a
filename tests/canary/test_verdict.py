"""The canary's expectations and verdict lines, on hand-built fetches (no crawl)."""

from __future__ import annotations

from recorded_sites import SITES

from newscrawler.canary.crawl import CanaryFetch
from newscrawler.canary.expectations import FieldExpectation, OutletExpectations, expectations_for
from newscrawler.canary.verdict import judge
from newscrawler.items import Article
from newscrawler.outlets import load_outlets

FETCHED = {"newscrawler/discovery/links": 3, "newscrawler/articles/requested": 3, "finish_reason": "finished"}
HEALTHY = {
    "title": "meta",
    "published_at": "meta",
    "body": "selectors@2018-01-01",
    "byline_raw": "selectors@2018-01-01",
}
EXPECTED = OutletExpectations(
    "x",
    {
        "title": FieldExpectation(frozenset({"meta"}), any_layer=False),
        "published_at": FieldExpectation(frozenset({"meta"}), any_layer=False),
        "body": FieldExpectation(frozenset({"selectors"}), any_layer=False),
        "byline_raw": FieldExpectation(frozenset({"selectors"}), any_layer=True),  # generic on a recorded page
    },
    "recorded site",
    "2025-11-20",
)


def fetch(*provenances: dict[str, str], dropped: tuple[str, ...] = (), stats: dict | None = None) -> CanaryFetch:
    articles = [Article(url=f"https://x.ma/{n}", outlet="x", provenance=p) for n, p in enumerate(provenances)]
    return CanaryFetch("x", articles, list(dropped), FETCHED if stats is None else stats)


def test_expectations_come_from_the_recorded_articles():
    expected = expectations_for(load_outlets()["yabiladi"], SITES)
    assert expected.source == "recorded site" and expected.recorded_on == "2025-11-20"
    assert expected.fields["body"] == FieldExpectation(frozenset({"selectors"}), any_layer=False)
    assert expected.fields["published_at"] == FieldExpectation(frozenset({"meta", "selectors"}), any_layer=False)
    assert "updated_at" not in expected.fields


def test_without_a_recorded_site_the_outlet_config_says_what_its_selectors_give(tmp_path):
    expected = expectations_for(load_outlets()["yabiladi"], tmp_path)
    assert expected.source == "outlet config" and expected.recorded_on is None
    assert sorted(expected.fields) == [
        "body",
        "byline_raw",
        "image",
        "lead",
        "published_at",
        "section",
        "tags",
        "title",
    ]
    assert expected.fields["section"] == FieldExpectation(frozenset({"selectors"}), any_layer=False)


def test_outlet_layers_everywhere_is_ok():
    assert judge(fetch(HEALTHY, HEALTHY, HEALTHY), EXPECTED).line == "x: OK (3 articles)"


def test_one_odd_article_of_three_is_not_a_redesign():
    odd = {**HEALTHY, "body": "generic:text"}
    assert judge(fetch(HEALTHY, odd, HEALTHY), EXPECTED).ok


def test_a_field_now_from_a_guessing_layer_on_most_articles_is_flagged_with_since():
    lost = {**HEALTHY, "body": "fallback:trafilatura", "published_at": "generic:time"}
    verdict = judge(fetch(lost, lost, HEALTHY), EXPECTED)
    assert not verdict.ok
    assert verdict.line == (
        "x: date now from generic layer; body now from fallback layer"
        " (meta tags or selectors no longer give them since 2025-11-20)"
    )


def test_since_is_what_the_store_history_says():
    lost = {**HEALTHY, "body": "generic:text"}
    asked = []

    def last_seen(slug, name, layers):
        asked.append((slug, name, layers))
        return "2026-01-05"

    line = judge(fetch(lost, lost), EXPECTED, last_seen).line
    assert line == "x: body now from generic layer (selectors no longer match since 2026-01-05)"
    assert asked == [("x", "body", frozenset({"selectors"}))]


def test_a_field_a_guessing_layer_gave_on_a_recorded_page_is_judged_on_presence_only():
    generic_byline = {**HEALTHY, "byline_raw": "generic:markup"}
    assert judge(fetch(generic_byline, generic_byline), EXPECTED).ok
    no_byline = {name: layer for name, layer in HEALTHY.items() if name != "byline_raw"}
    assert judge(fetch(no_byline, no_byline), EXPECTED).line == (
        "x: byline missing (selectors no longer match since 2025-11-20)"
    )


def test_dropped_articles_lack_every_field():
    verdict = judge(fetch(HEALTHY, dropped=("missing_body", "missing_body")), EXPECTED)
    assert verdict.line == (
        "x: title, date, body, byline missing; 2 of 3 articles dropped (missing_body ×2)"
        " (meta tags or selectors no longer give them since 2025-11-20)"
    )


def test_no_discovery_or_no_article_page_is_said_as_such():
    dns = {"newscrawler/failed/dns": 1, "finish_reason": "finished"}
    assert judge(fetch(stats=dns), EXPECTED).line == "x: unreachable (DNS lookup failed ×1)"
    forbidden = {"newscrawler/failed/http_403": 1, "downloader/response_status_count/403": 1}
    assert judge(fetch(stats=forbidden), EXPECTED).line == "x: discovery page failed (HTTP 403 ×1)"
    empty = {"newscrawler/discovery/links": 0, "finish_reason": "finished"}
    assert judge(fetch(stats=empty), EXPECTED).line == "x: the discovery page lists no article"
    gone = {**FETCHED, "newscrawler/failed/http_404": 3, "downloader/response_status_count/404": 3}
    assert judge(fetch(stats=gone), EXPECTED).line == "x: no article page could be fetched (HTTP 404 ×3)"
    assert judge(fetch(stats={}), EXPECTED).line == "x: not run (the spider did not open)"


def test_failed_requests_and_the_time_limit_are_noted_on_an_ok_line():
    stats = {**FETCHED, "newscrawler/failed/timeout": 1, "finish_reason": "closespider_timeout"}
    line = judge(fetch(HEALTHY, stats=stats), EXPECTED).line
    assert line == "x: OK (1 article; requests failed: timeout ×1; stopped by its time limit)"
