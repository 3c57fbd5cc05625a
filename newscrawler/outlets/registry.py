"""Load and validate ``spiders_config/<slug>.yml`` files into OutletConfig objects.

A bad file fails with one line naming the file, the field and what was expected.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from newscrawler.parsing.urls import same_site


def _config_dir() -> Traversable:
    """NEWSCRAWLER_CONFIG_DIR, else the checkout's ``spiders_config/``, else the copy shipped in the package.

    The packaged copy is read through importlib.resources, so it works from a wheel and from a zipped Scrapyd egg.
    """
    if os.environ.get("NEWSCRAWLER_CONFIG_DIR"):
        return Path(os.environ["NEWSCRAWLER_CONFIG_DIR"])
    checkout = Path(__file__).resolve().parents[2] / "spiders_config"
    return checkout if checkout.is_dir() else resources.files("newscrawler") / "spiders_config"


CONFIG_DIR = _config_dir()
_SCHEMA = json.loads(resources.files("newscrawler.outlets").joinpath("outlet.schema.json").read_text(encoding="utf-8"))
_VALIDATOR = Draft202012Validator(_SCHEMA, format_checker=FormatChecker())


class OutletConfigError(ValueError):
    """A config file is missing, unreadable or does not match the schema."""


@dataclass(frozen=True)
class SelectorVersion:
    valid_from: date
    fields: dict[str, Any]


@dataclass(frozen=True)
class OutletConfig:
    slug: str
    name: str
    domains: tuple[str, ...]
    languages: tuple[str, ...]
    status: str
    article_url_pattern: re.Pattern
    discovery: tuple[dict[str, Any], ...]
    selector_versions: tuple[SelectorVersion, ...] = ()  # oldest first
    status_note: str = ""
    rendering: str = "none"
    politeness: dict[str, Any] = field(default_factory=dict)
    url_date: re.Pattern | None = None
    article_api: dict[str, Any] | None = None
    defaults: dict[str, Any] = field(default_factory=dict)
    evidence: tuple[dict[str, str], ...] = ()
    path: Traversable | None = None

    def is_article_url(self, url: str) -> bool:
        return bool(self.article_url_pattern.search(url)) and same_site(url, self.domains)

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


def _first_error(raw: Any) -> ValidationError | None:
    errors = sorted(_VALIDATOR.iter_errors(raw), key=lambda e: (len(e.absolute_path), e.message))
    return errors[0] if errors else None


def load_outlet(path: Traversable) -> OutletConfig:
    """Read one config file; raises OutletConfigError naming the file and the field."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise OutletConfigError(f"{path}: cannot read YAML: {str(error).splitlines()[0]}") from error
    invalid = _first_error(raw)
    if invalid is not None:
        raise OutletConfigError(f"{path}: {_field_path(invalid)}: {invalid.message}")
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
        domains=tuple(raw["domains"]),
        languages=tuple(raw["languages"]),
        status=raw["status"],
        status_note=raw.get("status_note", ""),
        rendering=raw.get("rendering", "none"),
        politeness=raw.get("politeness", {}),
        article_url_pattern=re.compile(raw["article_url_pattern"]),
        url_date=re.compile(raw["url_date"]) if raw.get("url_date") else None,
        discovery=tuple(raw["discovery"]),
        article_api=raw.get("article_api"),
        selector_versions=tuple(versions),
        defaults=raw.get("defaults", {}),
        evidence=tuple(raw["evidence"]),
        path=path,
    )


@cache
def load_outlets(config_dir: Path | str | None = None) -> dict[str, OutletConfig]:
    """Every outlet config in the folder (default CONFIG_DIR), by slug. The first bad file raises OutletConfigError."""
    folder = CONFIG_DIR if config_dir is None else Path(config_dir)
    files = sorted((path for path in folder.iterdir() if path.name.endswith(".yml")), key=lambda path: path.name)
    return {path.name.removesuffix(".yml"): load_outlet(path) for path in files}


def outlet_for_url(url: str, config_dir: Path | str | None = None) -> OutletConfig | None:
    """The outlet whose domains include the URL's host (the most specific domain wins)."""
    matches = [
        (max(len(d) for d in o.domains if same_site(url, (d,))), o)
        for o in load_outlets(config_dir).values()
        if same_site(url, o.domains)
    ]
    return max(matches, key=lambda match: match[0])[1] if matches else None
