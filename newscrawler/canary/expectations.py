"""What the canary expects of an outlet's articles: which fields, and from which extraction layers.

From the outlet's recorded site when there is one (``tests/sites/<slug>/expected/*.json``, the articles
``extract`` must print, the same files the drift check reads): a field is expected when every recorded
article has it, from the layers that gave it there. An installed package has no recorded sites: then the
outlet's config says it — every field its newest selector version names is expected from the outlet's
own layers, and title, body and date from any layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from newscrawler.drift import RECORDED_SITES, expected_cases
from newscrawler.outlets.registry import OutletConfig

# Provenance keys the canary judges -> how its line names them.
FIELDS = {
    "title": "title",
    "published_at": "date",
    "body": "body",
    "byline_raw": "byline",
    "lead": "lead",
    "section": "section",
    "tags": "tags",
    "image": "image",
}
# Layers that read the outlet's own markup or data; the others (generic:*, fallback:*, discovery:*, url) guess.
OUTLET_LAYERS = frozenset({"jsonld", "meta", "selectors", "api"})
REQUIRED = ("title", "published_at", "body")  # every article has them (the validate pipeline drops it otherwise)
# Selector names in an outlet config -> the provenance key they fill.
_SELECTOR_FIELDS = {
    "title": "title",
    "published": "published_at",
    "body": "body",
    "byline": "byline_raw",
    "lead": "lead",
    "section": "section",
    "tags": "tags",
    "image": "image",
}


def layer_family(layer: str) -> str:
    """``selectors@2018-01-01`` -> ``selectors``, ``generic:time`` -> ``generic``."""
    return layer.partition("@")[0].partition(":")[0]


@dataclass(frozen=True)
class FieldExpectation:
    layers: frozenset[str]  # the outlet layers that gave it (empty: any layer will do)
    any_layer: bool  # a guessing layer gave it on some recorded article: any layer will do


@dataclass(frozen=True)
class OutletExpectations:
    slug: str
    fields: dict[str, FieldExpectation]  # provenance key -> what is expected of it
    source: str  # "recorded site" or "outlet config"
    recorded_on: str | None = None  # YYYY-MM-DD the recorded articles were crawled (the replay time)


def expectations_for(outlet: OutletConfig, sites_dir: Path = RECORDED_SITES) -> OutletExpectations:
    """From the outlet's recorded expected articles, else from its config."""
    articles = [case["article"] for case in expected_cases(outlet.slug, sites_dir)]
    if not articles:
        return _from_config(outlet)
    fields = {}
    for name in FIELDS:
        layers = [layer_family(str(a["provenance"][name])) for a in articles if name in (a.get("provenance") or {})]
        if len(layers) == len(articles):
            outlet_layers = frozenset(layers) & OUTLET_LAYERS
            fields[name] = FieldExpectation(outlet_layers, any_layer=not set(layers) <= OUTLET_LAYERS)
    recorded = max((str(a.get("crawled_at") or "")[:10] for a in articles), default="") or None
    return OutletExpectations(outlet.slug, fields, "recorded site", recorded)


def _from_config(outlet: OutletConfig) -> OutletExpectations:
    version = outlet.selectors_for(None)
    named = {_SELECTOR_FIELDS[name] for name in (version.fields if version else {}) if name in _SELECTOR_FIELDS}
    fields = {name: FieldExpectation(frozenset({"selectors"}), any_layer=False) for name in named}
    for name in REQUIRED:
        fields.setdefault(name, FieldExpectation(frozenset(), any_layer=True))
    return OutletExpectations(outlet.slug, fields, "outlet config")
