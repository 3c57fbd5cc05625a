"""Archetypes: shared bases of outlet configs for the CMS themes outlets run (``extends: <name>``).

An archetype is a partial outlet config in ``spiders_config/_archetypes/<name>.yml`` (it may itself
``extends`` another archetype). An outlet config that says ``extends: <name>`` is deep-merged onto it:

- mappings (``politeness``, ``defaults``, ...) merge key by key, the outlet's value wins;
- ``selectors`` (versions by ``valid_from``): each outlet version is laid over the archetype version
  in effect on its ``valid_from`` (the newest one not after it, else the oldest), field by field, the
  outlet's field winning whole (a selector list is replaced, not appended to); an outlet without
  ``selectors`` gets the archetype's versions as they are;
  a version that names its own ``extends`` (a site that changed theme) is laid over that archetype instead;
- ``evidence`` is the archetype's followed by the outlet's;
- any other list (``discovery``, ``domains``, ``body_exclude``, ...) and any scalar: the outlet's
  value replaces the archetype's;
- a key set to ``null`` removes what the archetype gave (e.g. a selector that misfires on the outlet).

Archetype discovery URLs are written ``{site}/feed/``: each becomes one URL per entry of the outlet's
``sites`` (home URLs of its editions).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from importlib.resources.abc import Traversable
from typing import Any

import yaml

ARCHETYPE_FOLDER = "_archetypes"
SITE = "{site}"

Config = dict[str, Any]


class ArchetypeError(ValueError):
    """An archetype is unknown, unreadable, invalid or extends itself; the message names the file."""


def read_yaml(path: Traversable) -> Any:
    """The YAML document of ``path``; ArchetypeError with ``file:line:column`` when it cannot be read."""
    try:
        data = path.read_bytes()
        return yaml.safe_load(data.decode("utf-8"))
    except OSError as error:
        raise ArchetypeError(f"{path}: cannot read: {error.strerror}") from None
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line, column = before.count(b"\n") + 1, error.start - (before.rfind(b"\n") + 1) + 1
        raise ArchetypeError(
            f"{path}:{line}:{column}: not UTF-8 text (byte 0x{data[error.start]:02x}); save the file as UTF-8"
        ) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        context = f" ({error.context}" if error.context and error.problem else ""
        if context and error.context_mark:
            context += f" started at {error.context_mark.line + 1}:{error.context_mark.column + 1}"
        context += ")" if context else ""
        raise ArchetypeError(f"{where}: YAML syntax: {error.problem or error.context}{context}") from None
    except yaml.YAMLError as error:
        raise ArchetypeError(f"{path}: YAML: {str(error).splitlines()[0]}") from None


def archetype_names(folders: Iterable[Traversable]) -> list[str]:
    names = {path.name for folder in folders if folder.is_dir() for path in folder.iterdir()}
    return sorted(name.removesuffix(".yml") for name in names if name.endswith(".yml"))


def resolve(
    config: Config,
    path: Traversable,
    folders: list[Traversable],
    check: Callable[[Config, Traversable], None],
    seen: tuple[str, ...] = (),
) -> Config:
    """``config`` merged onto the archetype chain it extends; each archetype is checked by ``check``."""
    name = config.get("extends")
    if name is None:
        return _versions_on_their_archetypes(config, path, folders, check, seen)
    if name in seen:
        raise ArchetypeError(f"{path}: extends: archetype {name!r} extends itself ({' -> '.join([*seen, name])})")
    found = next((folder / f"{name}.yml" for folder in folders if (folder / f"{name}.yml").is_file()), None)
    if found is None:
        known = ", ".join(archetype_names(folders)) or "none"
        raise ArchetypeError(f"{path}: extends: unknown archetype {name!r} (known: {known})")
    archetype = read_yaml(found)
    if not isinstance(archetype, dict):
        raise ArchetypeError(f"{found}: (top level): an archetype is a mapping of outlet config keys")
    check(archetype, found)
    base = resolve(archetype, found, folders, check, (*seen, name))
    return _versions_on_their_archetypes(merge(base, config), path, folders, check, seen)


def _versions_on_their_archetypes(
    config: Config,
    path: Traversable,
    folders: list[Traversable],
    check: Callable[[Config, Traversable], None],
    seen: tuple[str, ...],
) -> Config:
    """Selector versions that name their own ``extends`` laid over that archetype (a site that changed theme)."""
    versions = config.get("selectors")
    if not isinstance(versions, list) or not any(isinstance(v, dict) and "extends" in v for v in versions):
        return config
    laid: list[Any] = []
    evidence = list(config.get("evidence") or [])
    for version in versions:
        if isinstance(version, dict) and "extends" in version:
            own = {key: value for key, value in version.items() if key != "extends"}
            archetype = resolve({"extends": version["extends"]}, path, folders, check, seen)
            laid += merge_selector_versions(archetype.get("selectors", []), [own])
            evidence = [item for item in archetype.get("evidence", []) if item not in evidence] + evidence
        else:
            laid.append(version)
    return {**config, "selectors": laid, **({"evidence": evidence} if evidence else {})}


def merge(base: Config, override: Config) -> Config:
    """``override`` deep-merged onto ``base`` by the rules in the module docstring (``null`` kept)."""
    merged = dict(base)
    for key, value in override.items():
        if key == "selectors" and isinstance(value, list) and isinstance(base.get(key), list):
            merged[key] = merge_selector_versions(base[key], value)
        elif key == "evidence" and isinstance(value, list) and isinstance(base.get(key), list):
            merged[key] = [*base[key], *value]
        elif isinstance(value, dict) and isinstance(base.get(key), dict):
            merged[key] = merge(base[key], value)
        else:
            merged[key] = value
    return merged


def merge_selector_versions(base: list[Config], versions: list[Config]) -> list[Config]:
    """Each of ``versions`` laid over the ``base`` version in effect on its ``valid_from``."""
    if not base:
        return versions
    ordered = sorted(base, key=lambda version: str(version.get("valid_from", "")))

    def in_effect(day: str) -> Config:
        earlier = [version for version in ordered if str(version.get("valid_from", "")) <= day]
        return earlier[-1] if earlier else ordered[0]

    return [
        version if "extends" in version else {**in_effect(str(version.get("valid_from", ""))), **version}
        for version in versions
    ]


def without_nulls(value: Any) -> Any:
    """The config with every ``null`` mapping value removed (an outlet's way to drop an inherited key)."""
    if isinstance(value, dict):
        return {key: without_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [without_nulls(item) for item in value]
    return value


def expand_sites(config: Config, sites: list[str]) -> Config:
    """Discovery URLs ``{site}/...`` made one per site; raises KeyError('sites') when there is none."""
    sources = config.get("discovery")
    if not isinstance(sources, list) or not any(SITE in url for source in sources for url in _urls(source)):
        return config
    if not sites:
        raise KeyError("sites")

    def one_per_site(url: str) -> list[str]:
        return [url.replace(SITE, site.rstrip("/")) for site in sites] if SITE in url else [url]

    expanded = [
        {**source, "urls": [one for url in _urls(source) for one in one_per_site(url)]}
        if isinstance(source, dict)
        else source
        for source in sources
    ]
    return {**config, "discovery": expanded}


def _urls(source: Any) -> list[str]:
    urls = source.get("urls") if isinstance(source, dict) else None
    return [url for url in urls if isinstance(url, str)] if isinstance(urls, list) else []
