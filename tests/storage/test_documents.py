"""Article -> store document -> JSON: ids, field selection, dates, unsafe keys and characters."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newscrawler.items import STORED_FIELDS, Article
from newscrawler.storage.documents import (
    MAX_DEPTH,
    clean_text,
    dumps,
    from_json_dict,
    to_document,
    to_json_dict,
)

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def article(**fields) -> Article:
    return Article(url="https://example.ma/a?utm=x", outlet="hespress", **fields)


def test_id_is_the_sha1_of_the_canonical_url_and_defaults_to_the_url():
    with_canonical = to_document(article(canonical_url="https://example.ma/a"), NOW)
    assert with_canonical["_id"] == hashlib.sha1(b"https://example.ma/a").hexdigest()
    without = to_document(article(), NOW)
    assert without["canonical_url"] == "https://example.ma/a?utm=x"
    assert without["_id"] == hashlib.sha1(b"https://example.ma/a?utm=x").hexdigest()


def test_only_stored_fields_are_kept():
    document = to_document(article(date_hints={"published": ["hier"]}), NOW)
    assert set(document) == {"_id", *STORED_FIELDS}
    assert "date_hints" not in document


def test_an_item_without_any_url_is_refused():
    with pytest.raises(ValueError, match="url"):
        to_document({"outlet": "hespress", "title": "t"}, NOW)


def test_mapping_items_with_missing_fields_get_none():
    document = to_document({"url": "https://example.ma/b", "outlet": "x"}, NOW)
    assert document["title"] is None and document["authors"] is None
    assert document["crawled_at"] == document["first_seen"] == document["last_seen"] == NOW


def test_dates_become_aware_utc_at_millisecond_precision():
    casablanca = timezone(timedelta(hours=1))
    document = to_document(
        article(
            published_at=datetime(2025, 3, 1, 10, 30, 0, 123456, tzinfo=casablanca),
            updated_at=datetime(2025, 3, 1, 11, 0),  # naive: taken as UTC
            crawled_at=NOW,
        ),
        NOW,
    )
    assert document["published_at"] == datetime(2025, 3, 1, 9, 30, 0, 123000, tzinfo=UTC)
    assert document["published_at"].tzinfo is UTC
    assert document["updated_at"] == datetime(2025, 3, 1, 11, 0, tzinfo=UTC)
    assert document["first_seen"] == document["last_seen"] == NOW


def test_an_unparseable_date_field_becomes_none_and_an_iso_string_a_datetime():
    document = to_document({"url": "u", "published_at": "hier", "updated_at": "2025-03-01T10:00:00+01:00"}, NOW)
    assert document["published_at"] is None
    assert document["updated_at"] == datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def test_nested_keys_with_dollar_or_dot_are_made_safe_at_every_depth():
    extra = {"@context": "https://schema.org", "a.b": {"$type": [{"x.y": 1, "$ref": {"k.": 2}}]}, 3: "int key"}
    document = to_document(article(extra=extra), NOW)
    assert document["extra"] == {
        "@context": "https://schema.org",
        "a．b": {"＄type": [{"x．y": 1, "＄ref": {"k．": 2}}]},
        "3": "int key",
    }


def test_strings_lose_control_characters_and_lone_surrogates():
    assert clean_text("a\x00b\x1bc\x7fd\x85e") == "abcde"
    assert clean_text("keep\ttabs\nand\r\nnewlines") == "keep\ttabs\nand\r\nnewlines"
    assert clean_text("bad \udcff surrogate") == "bad \ufffd surrogate"
    assert clean_text("العربية et français") == "العربية et français"
    document = to_document(article(title="Titre\x00 \x08propre", extra={"k\x00": ["v\x01"]}), NOW)
    assert document["title"] == "Titre propre"
    assert document["extra"] == {"k": ["v"]}


def test_values_json_and_bson_cannot_hold_are_converted():
    extra = {
        "bytes": "café".encode("cp1252"),  # not UTF-8: replaced, not a crash
        "utf8": "été".encode(),
        "huge": 2**70,
        "nan": float("nan"),
        "when": datetime(2025, 1, 1, tzinfo=UTC),
        "tuple": (1, 2),
        "object": object.__new__(type("Thing", (), {"__str__": lambda self: "thing"})),
    }
    cleaned = to_document(article(extra=extra), NOW)["extra"]
    assert cleaned == {
        "bytes": "caf\ufffd",
        "utf8": "été",
        "huge": str(2**70),
        "nan": None,
        "when": "2025-01-01T00:00:00.000+00:00",
        "tuple": [1, 2],
        "object": "thing",
    }


def test_nesting_deeper_than_the_limit_is_kept_as_text():
    deep: dict = {}
    node = deep
    for _ in range(MAX_DEPTH + 10):
        node["n"] = {}
        node = node["n"]
    cyclic: dict = {}
    cyclic["self"] = cyclic
    document = to_document(article(extra={"deep": deep, "cyclic": cyclic}), NOW)
    json.dumps(document["extra"])  # plain JSON, finite
    depth, node = 0, document["extra"]["deep"]
    while isinstance(node, dict):
        node, depth = node["n"], depth + 1
    assert isinstance(node, str) and depth < MAX_DEPTH


def test_json_form_round_trips_and_orders_keys_like_the_article():
    document = to_document(article(title="t", published_at=NOW, extra={"x": [1]}), NOW) | {"revision": 2}
    shuffled = dict(reversed(list(document.items())))
    data = to_json_dict(shuffled)
    assert list(data) == ["_id", *STORED_FIELDS, "revision"]
    assert data["published_at"] == "2025-03-01T12:00:00.000+00:00"
    assert from_json_dict(json.loads(dumps(shuffled))) == document


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text() | st.binary(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@given(extra=st.dictionaries(st.text(max_size=10), json_values, max_size=5), title=st.text())
def test_any_metadata_gives_a_json_safe_document(extra, title):
    document = to_document(article(title=title, extra=extra), NOW)
    line = dumps(document)
    assert "\n" not in line
    decoded = json.loads(line)
    assert from_json_dict(decoded) == document

    def keys(value):
        if isinstance(value, dict):
            for key, item in value.items():
                yield key
                yield from keys(item)
        elif isinstance(value, list):
            for item in value:
                yield from keys(item)

    assert not any("$" in key or "." in key for key in keys(document["extra"]))
