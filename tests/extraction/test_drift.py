"""Drift test: every recorded article page, extracted with the outlet selectors switched off.

Targets (issue 10): title, publication day and body (>= 90 % of the expected words) on >= 95 % of each
outlet's pages, and no page dropped. ``python -m newscrawler drift`` prints the table.
"""

from __future__ import annotations

import json

import pytest

from newscrawler.drift import RECORDED_SITES, compare, extract_generic, format_table, meets_targets, outlet_drift
from newscrawler.outlets import load_outlets

HTML_OUTLETS = sorted(
    slug
    for slug in load_outlets()
    if any(path.suffix == ".html" for path in (RECORDED_SITES / slug / "pages").glob("*"))
    and (RECORDED_SITES / slug / "expected").is_dir()
)


@pytest.mark.parametrize("slug", HTML_OUTLETS)
def test_generic_layers_alone_meet_the_targets(slug):
    row = outlet_drift(slug)
    assert row.pages, f"{slug}: no recorded HTML article page"
    assert meets_targets(row), f"{slug}: {format_table([row])}\nmissed: {row.misses}, dropped: {row.dropped}"


def test_the_switch_leaves_the_selectors_out():
    case = json.loads((RECORDED_SITES / "maghress/expected/albayane-211548.json").read_text(encoding="utf-8"))
    article = extract_generic((RECORDED_SITES / "maghress" / case["page"]).read_bytes(), case["url"], "maghress")
    assert article.parser["name"] == "generic"
    assert not [layer for layer in article.provenance.values() if layer.startswith("selectors")]
    assert {"body", "byline_raw", "published_at"} <= {
        f for f, layer in article.provenance.items() if "generic" in layer
    }


def test_compare_sees_a_wrong_field():
    case = json.loads((RECORDED_SITES / "hespress/expected/fr-416382.json").read_text(encoding="utf-8"))
    article = extract_generic((RECORDED_SITES / "hespress" / case["page"]).read_bytes(), case["url"], "hespress")
    assert all(compare(case["article"], article).values())
    article.title, article.body = "Autre titre", article.body[: len(article.body) // 2]
    article.published_at = article.published_at.replace(day=2)
    checks = compare(case["article"], article)
    assert not checks["title"] and not checks["body"] and not checks["day"] and checks["authors"]
