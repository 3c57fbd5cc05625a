"""Load and validate ``spiders_config/<slug>.yml`` files into OutletConfig objects.

A config may ``extends`` an archetype (``spiders_config/_archetypes/<name>.yml``, see
``newscrawler.outlets.archetypes``); the merged config is what is validated. A bad file fails with one
line naming the file and where: ``file:line:column`` for YAML syntax and bytes that are not UTF-8, the
field path for schema errors and for selectors that do not compile.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from newscrawler.discovery.kinds import selector_options, source_schema
from newscrawler.extraction.select import check_selector
from newscrawler.outlets.archetypes import (
    ARCHETYPE_FOLDER,
    SITE,
    ArchetypeError,
    expand_sites,
    read_yaml,
    resolve,
    without_nulls,
)
from newscrawler.parsing.archive import unarchive_url
from newscrawler.parsing.outlet_names import OutletNames
from newscrawler.parsing.urls import same_site
from newscrawler.rendering import rendering_plan


def _shipped_config_dir() -> Traversable:
    """The checkout's ``spiders_config/``, else the copy shipped in the package (read through importlib.resources,
    so it works from a wheel and from a zipped Scrapyd egg)."""
    checkout = Path(__file__).resolve().parents[2] / "spiders_config"
    return checkout if checkout.is_dir() else resources.files("newscrawler") / "spiders_config"


def _config_dir() -> Traversable:
    """NEWSCRAWLER_CONFIG_DIR, else the shipped configs."""
    if os.environ.get("NEWSCRAWLER_CONFIG_DIR"):
        return Path(os.environ["NEWSCRAWLER_CONFIG_DIR"])
    return _shipped_config_dir()


CONFIG_DIR = _config_dir()
# Archetypes are looked up beside the outlet's file first, then among the shipped ones.
ARCHETYPE_DIR = _shipped_config_dir() / ARCHETYPE_FOLDER
_SCHEMA = json.loads(resources.files("newscrawler.outlets").joinpath("outlet.schema.json").read_text(encoding="utf-8"))
_SCHEMA["$defs"]["source"] = source_schema()  # the discovery kinds' registry: one place to add a kind
_VALIDATOR = Draft202012Validator(_SCHEMA, format_checker=FormatChecker())
# An archetype is a partial config: the same schema without the required keys.
_PARTIAL_VALIDATOR = Draft202012Validator(
    {key: value for key, value in _SCHEMA.items() if key not in ("required", "allOf")}, format_checker=FormatChecker()
)
_EXAMPLE_SITE = "https://example.org"


class OutletConfigError(ValueError):
    """A config file is missing, unreadable or does not match the schema."""


@dataclass(frozen=True)
class SelectorVersion:
    valid_from: date
    fields: dict[str, Any]


@dataclass(frozen=True)
class CopySource:
    """Article pages under ``prefix`` are copies of the outlet's articles on the aggregator ``via``."""

    via: str  # the aggregator's slug (an outlet config with ``aggregates``)
    prefix: str  # the per-source listing URL + "/": the outlet's copies are below it
    pattern: re.Pattern  # the aggregator's article URL pattern
    domains: tuple[str, ...]  # the aggregator's domains


@dataclass(frozen=True)
class OutletConfig:
    slug: str
    name: str
    aliases: tuple[str, ...]
    domains: tuple[str, ...]
    languages: tuple[str, ...]
    status: str
    article_url_pattern: re.Pattern
    discovery: tuple[dict[str, Any], ...]
    selector_versions: tuple[SelectorVersion, ...] = ()  # oldest first
    status_note: str = ""
    rendering: dict[str, str] = field(default_factory=dict)  # request kind -> engine (newscrawler.rendering)
    politeness: dict[str, Any] = field(default_factory=dict)
    url_date: re.Pattern | None = None
    article_api: dict[str, Any] | None = None
    embedded_state: dict[str, Any] | None = None  # where the article is in the page's app state (if ambiguous)
    defaults: dict[str, Any] = field(default_factory=dict)
    aggregates: dict[str, str] = field(default_factory=dict)  # printed source name -> slug (aggregators)
    evidence: tuple[dict[str, str], ...] = ()
    monitoring: dict[str, Any] = field(default_factory=dict)  # thresholds of newscrawler.monitors
    archetype: str | None = None
    path: Traversable | None = None
    copies: tuple[CopySource, ...] = ()  # from discovery sources with ``via`` (see ``_with_copy_sources``)

    def is_article_url(self, url: str) -> bool:
        own = bool(self.article_url_pattern.search(url)) and same_site(url, self.domains)
        return own or self.copy_via(url) is not None

    def copy_via(self, url: str) -> str | None:
        """The aggregator whose copy of this outlet's article the URL is, if it is one."""
        for copy in self.copies:
            if url.startswith(copy.prefix) and copy.pattern.search(url) and same_site(url, copy.domains):
                return copy.via
        return None

    @property
    def crawl_domains(self) -> tuple[str, ...]:
        """The outlet's domains and those of the aggregators its copies are read from."""
        return tuple(dict.fromkeys([*self.domains, *(domain for copy in self.copies for domain in copy.domains)]))

    def selectors_for(self, published: date | None) -> SelectorVersion | None:
        """The newest selector version valid on ``published`` (the newest of all when unknown)."""
        if not self.selector_versions:
            return None
        if published is not None:
            for version in reversed(self.selector_versions):
                if version.valid_from <= published:
                    return version
            return self.selector_versions[0]
        return self.selector_versions[-1]


def _field_path(error: ValidationError) -> str:
    path = ""
    for part in error.absolute_path:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(top level)"


def _first_error(raw: Any, validator: Draft202012Validator = _VALIDATOR) -> ValidationError | None:
    errors = sorted(validator.iter_errors(raw), key=lambda e: (len(e.absolute_path), e.message))
    return errors[0] if errors else None


def _check_archetype(archetype: dict[str, Any], path: Traversable) -> None:
    """An archetype file must be a valid partial config (``{site}`` URLs read as a real site's)."""
    error = _first_error(without_nulls(expand_sites(archetype, [_EXAMPLE_SITE])), _PARTIAL_VALIDATOR)
    if error is not None:
        raise ArchetypeError(f"{path}: {_field_path(error)}: {error.message}")


def _archetype_folders(path: Traversable) -> list[Traversable]:
    folders: list[Traversable] = [path.parent / ARCHETYPE_FOLDER] if isinstance(path, Path) else []
    if all(str(folder) != str(ARCHETYPE_DIR) for folder in folders):
        folders.append(ARCHETYPE_DIR)
    return folders


def read_config(path: Traversable) -> Any:
    """The config as the registry validates it: YAML read, archetypes merged, ``{site}`` URLs expanded."""
    try:
        raw = read_yaml(path)
        if not isinstance(raw, dict):
            return raw
        merged = without_nulls(resolve(raw, path, _archetype_folders(path), _check_archetype))
    except ArchetypeError as error:
        raise OutletConfigError(str(error)) from error
    sites = merged.get("sites")
    try:
        return expand_sites(merged, sites if isinstance(sites, list) else [])
    except KeyError:
        raise OutletConfigError(
            f"{path}: sites: required: discovery URLs are written {SITE}/... (from archetype {merged.get('extends')!r})"
        ) from None


def _selectors(spec: Any, path: str) -> Iterator[tuple[str, str]]:
    """(field path, expression) of every CSS/XPath expression in a selector spec (see the schema)."""
    if isinstance(spec, str):
        yield path, spec
    elif isinstance(spec, list):
        for index, alternative in enumerate(spec):
            yield from _selectors(alternative, f"{path}[{index}]")
    elif isinstance(spec, dict):
        yield from _selectors(spec.get("select"), f"{path}.select")


def _config_selectors(raw: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for index, version in enumerate(raw.get("selectors", [])):
        for name, spec in version.items():
            if name not in ("valid_from", "note"):
                yield from _selectors(spec, f"selectors[{index}].{name}")
    for index, source in enumerate(raw["discovery"]):
        for name in selector_options(source):
            yield from _selectors(source.get(name), f"discovery[{index}].{name}")


def _check_selectors(path: Traversable, raw: dict[str, Any]) -> None:
    """Compile every selector now, so that a typo stops ``scrapy list`` instead of failing every page."""
    for field_path, expression in _config_selectors(raw):
        try:
            check_selector(expression)
        except ValueError as error:
            raise OutletConfigError(f"{path}: {field_path}: {error}") from None


def load_outlet(path: Traversable) -> OutletConfig:
    """Read one config file; raises OutletConfigError naming the file and the field."""
    raw = read_config(path)
    invalid = _first_error(raw)
    if invalid is not None:
        raise OutletConfigError(f"{path}: {_field_path(invalid)}: {invalid.message}")
    _check_selectors(path, raw)
    stem = path.name.removesuffix(".yml")
    if raw["slug"] != stem:
        raise OutletConfigError(f"{path}: slug: expected {stem!r} (the file name), got {raw['slug']!r}")
    versions = sorted(
        (SelectorVersion(date.fromisoformat(v.pop("valid_from")), v) for v in raw.get("selectors", [])),
        key=lambda version: version.valid_from,
    )
    return OutletConfig(
        slug=raw["slug"],
        name=raw["name"],
        aliases=tuple(raw.get("aliases", ())),
        domains=tuple(raw["domains"]),
        languages=tuple(raw["languages"]),
        status=raw["status"],
        status_note=raw.get("status_note", ""),
        rendering=rendering_plan(raw.get("rendering", "none")),
        politeness=raw.get("politeness", {}),
        article_url_pattern=re.compile(raw["article_url_pattern"]),
        url_date=re.compile(raw["url_date"]) if raw.get("url_date") else None,
        discovery=tuple(raw["discovery"]),
        article_api=raw.get("article_api"),
        embedded_state=raw.get("embedded_state"),
        selector_versions=tuple(versions),
        defaults=raw.get("defaults", {}),
        aggregates=raw.get("aggregates", {}),
        evidence=tuple(raw["evidence"]),
        monitoring=raw.get("monitoring", {}),
        archetype=raw.get("extends"),
        path=path,
    )


@cache
def load_outlets(config_dir: Path | str | None = None) -> dict[str, OutletConfig]:
    """Every outlet config in the folder (default CONFIG_DIR), by slug. The first bad file raises OutletConfigError."""
    folder = CONFIG_DIR if config_dir is None else Path(config_dir)
    files = sorted((path for path in folder.iterdir() if path.name.endswith(".yml")), key=lambda path: path.name)
    return _with_copy_sources({path.name.removesuffix(".yml"): load_outlet(path) for path in files})


_LISTING_KEYS = ("links", "next_page", "max_pages")  # what a copy source takes from the aggregator's own source


def _with_copy_sources(outlets: dict[str, OutletConfig]) -> dict[str, OutletConfig]:
    """Discovery sources with ``via: <aggregator>`` completed from the aggregator's config.

    Such a source lists the outlet's articles as the aggregator republished them (Maghress' per-source
    listing ``/fr/<slug>``): its link and next-page selectors default to those of the aggregator's own
    source of the same type, and the pages it finds are read with the aggregator's selectors
    (``reader_for``) and stored under this outlet (``newscrawler.pipelines.copies``).
    """
    aggregators = sorted(slug for slug, outlet in outlets.items() if outlet.aggregates)
    for slug, outlet in outlets.items():
        sources: list[dict[str, Any]] = []
        copies: list[CopySource] = []
        for index, source in enumerate(outlet.discovery):
            aggregator = outlets.get(source.get("via", ""))
            if "via" not in source:
                sources.append(source)
                continue
            if aggregator is None or not aggregator.aggregates:
                raise OutletConfigError(
                    f"{outlet.path}: discovery[{index}].via: {source['via']!r} is not an aggregator"
                    f" (aggregators: {', '.join(aggregators) or 'none'})"
                )
            own = next((s for s in aggregator.discovery if s["type"] == source["type"]), {})
            sources.append({**{key: own[key] for key in _LISTING_KEYS if key in own}, **source})
            pattern, domains = aggregator.article_url_pattern, aggregator.domains
            copies += [CopySource(aggregator.slug, url.rstrip("/") + "/", pattern, domains) for url in source["urls"]]
        if copies:
            outlets[slug] = replace(outlet, discovery=tuple(sources), copies=tuple(copies))
    return outlets


def reader_for(outlet: OutletConfig | None, url: str) -> OutletConfig | None:
    """The config that reads the page at ``url``: the aggregator's for a copy of the outlet's article."""
    via = outlet.copy_via(url) if outlet else None
    return load_outlets()[via] if via else outlet


@cache
def outlet_names(config_dir: Path | str | None = None) -> OutletNames:
    """Every name an outlet is printed under: each outlet's own names first, then aggregators' source names."""
    outlets = (load_outlets() if config_dir is None else load_outlets(config_dir)).values()  # one cache entry
    own = [(outlet.slug, (outlet.name, *outlet.aliases)) for outlet in outlets]
    printed = [(slug, (name,)) for outlet in outlets for name, slug in outlet.aggregates.items()]
    return OutletNames.of([*own, *printed])


def outlet_for_url(url: str, config_dir: Path | str | None = None) -> OutletConfig | None:
    """The outlet whose domains include the URL's host (the most specific domain wins); a web archive's
    capture URL names the outlet of the page it captured."""
    url = unarchive_url(url)
    matches = [
        (max(len(d) for d in o.domains if same_site(url, (d,))), o)
        for o in load_outlets(config_dir).values()
        if same_site(url, o.domains)
    ]
    return max(matches, key=lambda match: match[0])[1] if matches else None
