"""Client-rendered listings: article links from the page's embedded app state, paging by a query parameter."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from parsel import Selector

from newscrawler.discovery.listing import parse_listing, with_query

STATE = {
    "props": {
        "pageProps": {
            "menu": [{"label": "Société", "href": "/fr/societe"}],
            "articles": [
                {
                    "slug": "le-budget",
                    "legacyId": 84501,
                    "title": "Le budget",
                    "publishedAt": "2025-11-17T20:00:00.000Z",
                    "category": {"fullSlug": "lopinion", "createdAt": "2023-02-01T10:00:00.000Z"},
                },
                {"slug": "les-ecrans", "legacyId": 84420, "category": {"fullSlug": "societe/web-zone"}},
                {"slug": "sans-numero", "category": {"fullSlug": "societe"}},
            ],
        }
    }
}
SOURCE = {"links_from": "embedded_state", "link_template": "/fr/{category.fullSlug}/{slug}_a{legacyId}"}


def shell(state: dict, links: str = "") -> Selector:
    script = f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(state)}</script>'
    return Selector(text=f'<html><body><div id="__next">{links}</div>{script}</body></html>')


def test_links_are_built_from_the_state_objects_with_their_dates():
    links, next_page = parse_listing(shell(STATE), "https://lopinion.ma/fr/lopinion", SOURCE)
    assert [link.url for link in links] == [
        "https://lopinion.ma/fr/lopinion/le-budget_a84501",
        "https://lopinion.ma/fr/societe/web-zone/les-ecrans_a84420",
    ]  # the menu item and the object without legacyId give no link
    assert links[0].published == datetime(2025, 11, 17, 20, 0, tzinfo=UTC) and links[1].published is None
    assert next_page is None


def test_without_a_template_an_objects_own_link_is_taken():
    state = {
        "items": [{"title": "A", "url": "/fr/a_a1", "date": "2025-11-17"}, {"title": "B", "href": "https://x.ma/b"}]
    }
    links, _ = parse_listing(shell(state), "https://x.ma/fr/", {"links_from": "embedded_state"})
    assert [link.url for link in links] == ["https://x.ma/fr/a_a1", "https://x.ma/b"]


def test_html_links_are_not_read_when_links_come_from_the_state():
    page = shell({"items": []}, links='<a href="/fr/actu-maroc/vu-dans-le-html_a1">x</a>')
    assert parse_listing(page, "https://lopinion.ma/fr/actu-maroc", SOURCE) == ([], None)


def test_page_param_gives_the_next_page_while_a_page_lists_links():
    source = {**SOURCE, "page_param": "page"}
    _, next_page = parse_listing(shell(STATE), "https://lopinion.ma/fr/lopinion", source, page=1)
    assert next_page == "https://lopinion.ma/fr/lopinion?page=2"
    _, next_page = parse_listing(shell(STATE), "https://lopinion.ma/fr/lopinion?page=2&x=1", source, page=2)
    assert next_page == "https://lopinion.ma/fr/lopinion?x=1&page=3"
    assert parse_listing(shell({"articles": []}), "https://lopinion.ma/fr/lopinion?page=9", source, page=9)[1] is None


def test_with_query_replaces_the_parameter():
    assert with_query("https://x.ma/l?page=4#top", "page", "5") == "https://x.ma/l?page=5#top"


def test_a_listing_whose_state_does_not_parse_gives_no_link_and_says_why():
    broken = Selector(text='<script id="__NEXT_DATA__" type="application/json">{"props": </script>')
    problems: list[str] = []
    source = {**SOURCE, "page_param": "page"}
    assert parse_listing(broken, "https://lopinion.ma/fr/lopinion", source, 1, problems) == ([], None)
    assert problems == ["embedded_state_broken"]
