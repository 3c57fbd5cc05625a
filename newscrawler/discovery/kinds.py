"""The discovery kinds, registered in one place: a new kind is a module with a ``KIND`` added here.

The outlet config schema's ``discovery`` entries (the ``type`` enum and each kind's options) are built
from this list (``source_schema``), and the spider reads every source through it.
"""

from __future__ import annotations

from typing import Any

from newscrawler.discovery import feeds, listing, sitemaps, wayback, wordpress
from newscrawler.discovery.kind import DiscoveryKind

KINDS: dict[str, DiscoveryKind] = {
    kind.name: kind for kind in (feeds.KIND, sitemaps.KIND, wordpress.KIND, listing.KIND, wayback.KIND)
}

_URLS = {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": "^https?://"}}


def discovery_kind(name: str) -> DiscoveryKind:
    return KINDS[name]


def source_schema() -> dict[str, Any]:
    """JSON Schema of one ``discovery`` entry: ``type`` (one of KINDS), ``urls``, and the kind's own options."""
    described = "; ".join(f"{name}: {kind.description}" for name, kind in KINDS.items())
    common = {"type": {"enum": list(KINDS), "description": described}, "urls": _URLS}
    every_option: dict[str, Any] = {}
    for kind in KINDS.values():
        every_option.update({name: {} for name in kind.options})
    return {
        "type": "object",
        "required": ["type", "urls"],
        "properties": {**common, **every_option},
        "additionalProperties": False,
        "allOf": [
            {
                "if": {"properties": {"type": {"const": name}}, "required": ["type"]},
                "then": {"properties": {**common, **kind.options}, "additionalProperties": False},
            }
            for name, kind in KINDS.items()
        ],
    }


def selector_options(source: Any) -> list[str]:
    """The options of a source that hold selectors (compiled when the configs load)."""
    kind = KINDS.get(str(source.get("type"))) if isinstance(source, dict) else None
    return [name for name, spec in kind.options.items() if spec.get("$ref") == "#/$defs/selector"] if kind else []


def extra_hosts(sources: Any) -> tuple[str, ...]:
    """Hosts the kinds of these sources fetch besides the outlet's domains (e.g. web.archive.org)."""
    hosts = [host for source in sources for host in KINDS[source["type"]].hosts]
    return tuple(dict.fromkeys(hosts))


def kind_settings(sources: Any) -> dict[str, Any]:
    """The Scrapy settings the kinds of these sources need."""
    return {name: value for source in sources for name, value in KINDS[source["type"]].settings.items()}
