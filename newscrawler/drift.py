"""Drift check: what the generic layers alone get from every recorded article page (outlet selectors off).

An outlet's selectors break when its site is redesigned; the generic layers are what is left then. For each
recorded page (``tests/sites/<slug>/expected/*.json``) the page is extracted without the selector layer and
compared with the expected article: title, publication day, day and time, authors, and the body (at least
90 % of the expected words). Pages recorded as JSON API answers have no HTML to read generically.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse

from newscrawler.extraction.extractor import ALL_LAYERS, extract_html
from newscrawler.items import Article
from newscrawler.outlets import load_outlets
from newscrawler.pipelines.offline import process_offline
from newscrawler.timezone import CASABLANCA, to_utc

RECORDED_SITES = Path(__file__).resolve().parents[1] / "tests" / "sites"
REPLAY_NOW = datetime(2025, 11, 20, 12, 0)  # Casablanca local: the recorded sites' crawl time
CHECKS = ("title", "day", "date_time", "authors", "body")
TARGETS = ("title", "day", "body")  # each on at least TARGET_SHARE of an outlet's pages, and no page dropped
TARGET_SHARE = 0.95
BODY_RECALL = 0.9
_WORD = re.compile(r"\w+")


@dataclass
class OutletDrift:
    outlet: str
    pages: int = 0  # HTML article pages checked
    api_pages: int = 0  # JSON API answers (not checked)
    dropped: list[str] = field(default_factory=list)  # page files the generic layers lost
    hits: Counter = field(default_factory=Counter)  # check -> pages right
    misses: dict[str, list[str]] = field(default_factory=dict)  # check -> page files wrong


def meets_targets(row: OutletDrift) -> bool:
    """Title, day and body right on >= 95 % of the outlet's HTML pages, and no page dropped."""
    return not row.dropped and all(row.hits[check] >= TARGET_SHARE * row.pages for check in TARGETS)


def body_recall(expected: str | None, got: str | None) -> float:
    """Share of the expected body's words (with repeats) found in the extracted body."""
    want = Counter(_WORD.findall((expected or "").casefold()))
    if not want:
        return 1.0
    have = Counter(_WORD.findall((got or "").casefold()))
    return sum(min(count, have[word]) for word, count in want.items()) / sum(want.values())


def _local(value: str | datetime | None) -> datetime | None:
    if value is None:
        return None
    instant = datetime.fromisoformat(value) if isinstance(value, str) else value
    return instant.astimezone(CASABLANCA)


def compare(expected: dict, got: Article) -> dict[str, bool]:
    """Which checks the extracted article passes against the expected stored document."""
    want, have = _local(expected.get("published_at")), _local(got.published_at)
    return {
        "title": " ".join((got.title or "").split()) == " ".join((expected.get("title") or "").split()),
        "day": bool(want and have and want.date() == have.date()),
        "date_time": bool(want and have and want == have),
        "authors": [a["name"] for a in got.authors] == [a["name"] for a in expected.get("authors", [])],
        "body": body_recall(expected.get("body"), got.body) >= BODY_RECALL,
    }


def extract_generic(html: bytes, url: str, slug: str) -> Article:
    """The page as the pipelines would store it, extracted without the outlet's selectors."""
    response = HtmlResponse(url=url, body=html)
    layers = ALL_LAYERS - {"selectors"}
    article = extract_html(
        response.text,
        url,
        load_outlets()[slug],
        crawled_at=to_utc(REPLAY_NOW),
        selector=response.selector,
        layers=layers,
    )
    return process_offline(article)


def expected_cases(slug: str, sites_dir: Path = RECORDED_SITES) -> list[dict]:
    """The recorded site's expected articles: ``{"url", "page", "article"}`` per page (none when not recorded)."""
    paths = sorted((sites_dir / slug / "expected").glob("*.json"))
    return [json.loads(path.read_text(encoding="utf-8")) for path in paths]


def outlet_drift(slug: str, sites_dir: Path = RECORDED_SITES) -> OutletDrift:
    result = OutletDrift(slug)
    for case in expected_cases(slug, sites_dir):
        page = sites_dir / slug / case["page"]
        if page.suffix != ".html":
            result.api_pages += 1
            continue
        result.pages += 1
        try:
            got = extract_generic(page.read_bytes(), case.get("fetch_url", case["url"]), slug)
        except DropItem:
            result.dropped.append(page.name)
            continue
        for check, passed in compare(case["article"], got).items():
            if passed:
                result.hits[check] += 1
            else:
                result.misses.setdefault(check, []).append(page.name)
    return result


def drift_report(sites_dir: Path = RECORDED_SITES) -> list[OutletDrift]:
    """One row per recorded outlet that has a config."""
    slugs = [slug for slug in load_outlets() if (sites_dir / slug / "expected").is_dir()]
    return [outlet_drift(slug, sites_dir) for slug in slugs]


def format_table(rows: list[OutletDrift]) -> str:
    """A Markdown table: per outlet, pages right out of pages checked for each check, and pages dropped."""
    header = "| outlet | pages | title | day | date+time | authors | body ≥ 90 % | dropped |"
    lines = [header, "|---|---|---|---|---|---|---|---|"]
    total = OutletDrift("**all**")
    for row in rows:
        if not row.pages:
            lines.append(f"| {row.outlet} | {row.api_pages} JSON API answers, no HTML page | | | | | | |")
            continue
        lines.append(_row(row))
        total.pages += row.pages
        total.hits.update(row.hits)
        total.dropped += row.dropped
    lines.append(_row(total))
    return "\n".join(lines)


def _row(row: OutletDrift) -> str:
    cells = [f"{row.hits[check]}/{row.pages}" for check in CHECKS]
    return f"| {row.outlet} | {row.pages} | {' | '.join(cells)} | {len(row.dropped)} |"
