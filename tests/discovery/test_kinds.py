"""Discovery kinds are registered in one place; the outlet config schema is built from the registry."""

from __future__ import annotations

from jsonschema import Draft202012Validator
from scrapy.http import Response

from newscrawler.discovery import kinds
from newscrawler.discovery.kind import Discovered, KindBase, SourcePage
from newscrawler.outlets import load_outlets
from newscrawler.outlets.registry import _SCHEMA


def validator() -> Draft202012Validator:
    return Draft202012Validator({"$defs": _SCHEMA["$defs"], **kinds.source_schema()})


def test_the_config_schema_knows_exactly_the_registered_kinds():
    enum = _SCHEMA["$defs"]["source"]["properties"]["type"]["enum"]
    assert enum == list(kinds.KINDS) == ["feed", "sitemap", "wordpress_api", "listing", "wayback"]
    for name, kind in kinds.KINDS.items():
        assert kind.name == name and kind.description


def test_a_kind_takes_its_own_options_only():
    check = validator()
    assert check.is_valid({"type": "wordpress_api", "urls": ["https://x.ma/wp-json/wp/v2/posts"], "per_page": 50})
    assert check.is_valid({"type": "listing", "urls": ["https://x.ma/"], "links": "h2 a", "max_pages": 3})
    assert check.is_valid({"type": "wayback", "urls": ["http://x.ma/"], "from": "2010", "to": "2014"})
    assert not check.is_valid({"type": "feed", "urls": ["https://x.ma/feed"], "per_page": 50})
    assert not check.is_valid({"type": "listing", "urls": ["https://x.ma/"], "from": "2010"})
    assert not check.is_valid({"type": "wayback", "urls": ["http://x.ma/"], "from": "last year"})
    assert not check.is_valid({"type": "gopher", "urls": ["https://x.ma/"]})


class _Tabs(KindBase):
    name = "tabs"
    description = "Tab-separated URL lists (a test kind)."
    options = {"column": {"type": "integer", "minimum": 0}}

    def read(self, response: Response, where: SourcePage) -> Discovered:
        return Discovered()


def test_a_new_kind_registered_once_is_in_the_schema_with_its_options(monkeypatch):
    monkeypatch.setitem(kinds.KINDS, "tabs", _Tabs())
    check = validator()
    assert check.is_valid({"type": "tabs", "urls": ["https://x.ma/list.tsv"], "column": 2})
    assert not check.is_valid({"type": "tabs", "urls": ["https://x.ma/list.tsv"], "column": -1})
    assert not check.is_valid({"type": "feed", "urls": ["https://x.ma/feed"], "column": 2})


def test_selector_options_are_those_declared_as_selectors():
    assert kinds.selector_options({"type": "listing"}) == ["links", "next_page"]
    assert kinds.selector_options({"type": "wayback"}) == []


def test_an_archive_outlet_may_fetch_the_archive_and_retries_it_more():
    outlet = load_outlets()["lesoirechos"]
    assert kinds.extra_hosts(outlet.discovery) == ("web.archive.org",)
    assert kinds.kind_settings(outlet.discovery) == {"RETRY_TIMES": 5}
    assert kinds.extra_hosts(load_outlets()["hespress"].discovery) == ()
