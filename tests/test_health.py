from newscrawler.health import outlet_problem


def test_a_crawl_that_stored_or_skipped_articles_is_healthy():
    assert (
        outlet_problem(
            "x",
            {
                "newscrawler/discovery/links": 12,
                "newscrawler/articles/extracted": 3,
                "newscrawler/dropped/missing_body": 1,
                "newscrawler/stored/new": 2,
            },
        )
        is None
    )
    assert outlet_problem("x", {"newscrawler/discovery/links": 12, "newscrawler/discovery/skipped_known": 12}) is None


def test_no_link_at_all_names_the_http_errors():
    line = outlet_problem(
        "mapexpress", {"downloader/response_status_count/403": 3, "downloader/response_status_count/200": 1}
    )
    assert line == "newscrawler: mapexpress: discovery found no links (HTTP 403 ×3) — sources moved or blocked?"


def test_a_missing_robots_txt_is_not_named_as_an_error():
    stats = {"downloader/response_status_count/404": 2, "robotstxt/response_status_count/404": 1}
    line = outlet_problem("x", stats | {"downloader/response_status_count/200": 3})
    assert line == "newscrawler: x: discovery found no links (HTTP 404 ×1) — sources moved or blocked?"
    only_robots = {"downloader/response_status_count/404": 1, "robotstxt/response_status_count/404": 1}
    assert (
        outlet_problem("x", only_robots)
        == "newscrawler: x: discovery found no links (no HTTP errors) — sources moved or blocked?"
    )


def test_every_article_dropped_names_the_reasons():
    line = outlet_problem(
        "hespress",
        {
            "newscrawler/discovery/links": 5,
            "newscrawler/articles/extracted": 5,
            "newscrawler/dropped/missing_body": 4,
            "newscrawler/dropped/missing_title": 1,
        },
    )
    assert line == (
        "newscrawler: hespress: all 5 article pages were dropped (missing_body ×4, missing_title ×1) — markup changed?"
    )


def test_pages_that_fail_in_extraction_count_as_broken_too():
    line = outlet_problem(
        "yabiladi",
        {"newscrawler/discovery/links": 4, "newscrawler/articles/extracted": 4, "spider_exceptions/ValueError": 4},
    )
    assert line == "newscrawler: yabiladi: all 4 article pages were dropped (ValueError ×4) — markup changed?"


def test_requests_that_failed_without_a_response_are_summarised_by_kind():
    stats = {
        "downloader/exception_count": 63,
        "newscrawler/failed/dns": 21,
        "newscrawler/failed/connection_refused": 3,
        "newscrawler/failed/timeout": 4,
        "newscrawler/failed/too_large": 1,
        "newscrawler/failed/http_503": 1,
        "downloader/response_status_count/503": 3,
    }
    assert outlet_problem("hespress", stats) == (
        "newscrawler: hespress: discovery found no links (HTTP 503 ×3, DNS lookup failed ×21, timeout ×4,"
        " connection refused ×3, too_large ×1) — sources moved or blocked?"
    )
    assert "(21 network errors)" in outlet_problem("x", {"downloader/exception_count": 21})  # no failure counted
