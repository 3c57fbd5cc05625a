"""The canary's verdict on one outlet: what it fetched against what the outlet is expected to give, as one line.

A field is *lost* on an article when the article lacks it (a dropped article lacks every field) or, when
the outlet's own layers (JSON-LD, meta tags, selectors, API) gave it on every recorded article, when a
guessing layer gave it now (generic, fallback, discovery, URL): the generic layers still read the page,
but the outlet's markup no longer matches. An outlet is flagged when a field expected of it is lost on
more than half of the articles fetched, or when no article could be fetched at all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from newscrawler.canary.crawl import CanaryFetch
from newscrawler.canary.expectations import FIELDS, OUTLET_LAYERS, OutletExpectations, layer_family
from newscrawler.failures import failure_counts
from newscrawler.health import request_errors

# (outlet slug, provenance key, layer families) -> the day the store last saw that field from those layers
_LAYER_NAMES = {"jsonld": "JSON-LD", "meta": "meta tags", "selectors": "selectors", "api": "the article API"}
LastSeen = Callable[[str, str, frozenset[str]], str | None]


@dataclass(frozen=True)
class Verdict:
    slug: str
    ok: bool
    line: str  # "hespress: OK", "yabiladi: date now from generic layer (...)"


def judge(fetch: CanaryFetch, expected: OutletExpectations, last_seen: LastSeen | None = None) -> Verdict:
    """The outlet's line: OK, unreachable, or which expected fields were lost and where they come from now."""
    slug, stats = fetch.slug, fetch.stats
    problem = _fetch_problem(fetch)
    if problem:
        return Verdict(slug, False, f"{slug}: {problem}")
    fetched = len(fetch.articles) + len(fetch.dropped)
    now_from: dict[str, Counter[str]] = {}  # lost field -> where it comes from now ("missing" when absent)
    for name, expectation in expected.fields.items():
        where = Counter("missing" for _ in fetch.dropped)
        for article in fetch.articles:
            layer = (article.provenance or {}).get(name)
            family = layer_family(str(layer)) if layer else "missing"
            if family == "missing" or (family not in OUTLET_LAYERS and not expectation.any_layer):
                where[family] += 1
        if where.total() * 2 > fetched:
            now_from[name] = where
    if not now_from:
        notes = [f"{fetched} article{'s' if fetched > 1 else ''}"]
        if failure_counts(stats):
            notes.append(f"requests failed: {request_errors(stats)}")
        if stats.get("finish_reason") == "closespider_timeout":
            notes.append("stopped by its time limit")
        return Verdict(slug, True, f"{slug}: OK ({'; '.join(notes)})")
    return Verdict(slug, False, f"{slug}: {_lost_line(fetch, expected, now_from, last_seen)}")


def _fetch_problem(fetch: CanaryFetch) -> str | None:
    """Why no article could be judged: the discovery page failed or listed none, or no article page came."""
    stats = fetch.stats
    if not stats:
        return "not run (the spider did not open)"
    if not stats.get("newscrawler/discovery/links") and not stats.get("newscrawler/articles/requested"):
        failures = failure_counts(stats)
        if failures or stats.get("downloader/exception_count"):
            answered = failures and all(reason.startswith("http_") for reason in failures)
            return f"{'discovery page failed' if answered else 'unreachable'} ({request_errors(stats)})"
        return "the discovery page lists no article"
    if not fetch.articles and not fetch.dropped:
        if not stats.get("newscrawler/articles/requested"):
            return "the discovery page lists no article"
        return f"no article page could be fetched ({request_errors(stats)})"
    return None


def _lost_line(
    fetch: CanaryFetch, expected: OutletExpectations, now_from: dict[str, Counter[str]], last_seen: LastSeen | None
) -> str:
    """``date, byline now from generic layer; section missing (selectors no longer match since 2026-11-02)``."""
    groups: dict[str, list[str]] = {}
    for name, where in now_from.items():
        family = where.most_common(1)[0][0]
        groups.setdefault("missing" if family == "missing" else f"now from {family} layer", []).append(FIELDS[name])
    parts = [f"{', '.join(names)} {what}" for what, names in groups.items()]
    if fetch.dropped:
        reasons = Counter(fetch.dropped)
        listed = ", ".join(f"{reason} ×{n}" for reason, n in sorted(reasons.items()))
        parts.append(f"{len(fetch.dropped)} of {len(fetch.articles) + len(fetch.dropped)} articles dropped ({listed})")
    layers = frozenset().union(*(expected.fields[name].layers for name in now_from))
    return "; ".join(parts) + (f" ({_since(fetch.slug, now_from, layers, expected, last_seen)})" if layers else "")


def _since(
    slug: str, now_from: dict[str, Counter[str]], layers: frozenset[str], expected: OutletExpectations,
    last_seen: LastSeen | None,
) -> str:  # fmt: skip
    """``selectors no longer match since <the day the store last saw them give a lost field, else the recording>``."""
    seen = [day for name in now_from if last_seen and (day := last_seen(slug, name, layers))]
    since = max(seen, default=None) or expected.recorded_on
    names = " or ".join(_LAYER_NAMES.get(layer, layer) for layer in sorted(layers))
    verb = "no longer match" if layers == {"selectors"} else "no longer give them"
    return f"{names} {verb}" + (f" since {since}" if since else "")
