"""Article items as store documents, and documents as JSON (for output and the spool).

A document is a dict of the stored Article fields plus ``_id`` (sha1 hex of the canonical URL).
Every back-end accepts it as is: top-level date fields are aware UTC datetimes at millisecond
precision (what MongoDB keeps); everything below the top level is plain JSON (str, int, float,
bool, None, list, dict with str keys) whose keys hold no ``$`` or ``.``, and no string holds
control characters or lone surrogates.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, get_type_hints

from newscrawler.items import STORED_FIELDS, Article

#: Top-level fields holding datetimes: the Article's, plus those of crawl_runs documents.
ARTICLE_DATETIME_FIELDS = frozenset(
    name for name, hint in get_type_hints(Article).items() if hint == datetime | None and name in STORED_FIELDS
)
DATETIME_FIELDS = ARTICLE_DATETIME_FIELDS | {"started_at", "finished_at"}
#: Key order of output documents: the id, the Article fields, then what the store adds.
_KEY_ORDER = {name: rank for rank, name in enumerate(("_id", *STORED_FIELDS, "revision"))}
# BSON caps nesting at 100 levels; deeper (or cyclic) metadata is kept as its Python repr text.
MAX_DEPTH = 32
_INT64 = range(-(2**63), 2**63)
_UNSAFE_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_KEY_CHARS = str.maketrans({"$": "\uff04", ".": "\uff0e"})  # full-width ＄ and ．


def article_id(canonical_url: str) -> str:
    return hashlib.sha1(canonical_url.encode("utf-8", "surrogatepass")).hexdigest()


def to_utc(value: datetime) -> datetime:
    """An aware UTC datetime at millisecond precision; a naive one is taken as UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    value = value.astimezone(UTC)
    return value.replace(microsecond=value.microsecond // 1000 * 1000)


def format_datetime(value: datetime) -> str:
    """Fixed-width ISO 8601 in UTC (``2025-03-01T10:00:00.000+00:00``): sorts as text."""
    return (value if value.tzinfo is UTC else to_utc(value)).isoformat(timespec="milliseconds")


def clean_text(text: str) -> str:
    """``text`` without control characters (tab and newlines kept); lone surrogates become U+FFFD."""
    if _UNSAFE_CHARS.search(text) is None:
        return text
    return _UNSAFE_CHARS.sub(lambda m: "\ufffd" if m.group() >= "\ud800" else "", text)


def safe_key(key: object) -> str:
    return clean_text(str(key)).translate(_KEY_CHARS)


def clean_value(value: Any, depth: int = 0) -> Any:
    """``value`` as plain, store-safe JSON (see the module docstring)."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, int):
        return value if value in _INT64 else str(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, bytes):
        return clean_text(value.decode("utf-8", "replace"))
    if isinstance(value, datetime):
        return format_datetime(value)
    if depth >= MAX_DEPTH:
        return clean_text(repr(value))
    if isinstance(value, Mapping):
        return {safe_key(k): clean_value(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [clean_value(v, depth + 1) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return clean_value(dataclasses.asdict(value), depth)
    return clean_text(str(value))


def _top_level_datetime(value: Any) -> datetime | None:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return None
    return to_utc(value) if isinstance(value, datetime) else None


def clean_document(document: Mapping[str, Any]) -> dict[str, Any]:
    """A store-safe copy of ``document``: top-level date fields as UTC datetimes, the rest cleaned."""
    return {
        safe_key(key): _top_level_datetime(value) if key in DATETIME_FIELDS else clean_value(value, 1)
        for key, value in document.items()
    }


def to_document(item: Article | Mapping[str, Any], now: datetime | None = None) -> dict[str, Any]:
    """The store document of an Article (or a mapping of its fields).

    The canonical URL defaults to the URL; ``crawled_at`` to ``now``; first/last seen to crawled_at.
    Raises ValueError when the item has neither.
    """
    fields = {f.name: getattr(item, f.name) for f in dataclasses.fields(item)} if isinstance(item, Article) else item
    document = clean_document({name: fields.get(name) for name in STORED_FIELDS})
    canonical_url = document.get("canonical_url") or document.get("url")
    if not isinstance(canonical_url, str) or not canonical_url:
        raise ValueError("an article needs a url or canonical_url to be stored")
    document["canonical_url"] = canonical_url
    crawled_at = document["crawled_at"] = document["crawled_at"] or to_utc(now or datetime.now(UTC))
    document["first_seen"] = document["first_seen"] or crawled_at
    document["last_seen"] = document["last_seen"] or crawled_at
    return {"_id": article_id(canonical_url), **document}


def to_json_dict(document: Mapping[str, Any]) -> dict[str, Any]:
    """``document`` for JSON output: datetimes as ISO 8601 text, keys in the Article's field order."""
    ordered = sorted(document.items(), key=lambda kv: _KEY_ORDER.get(kv[0], len(_KEY_ORDER)))
    return {key: format_datetime(v) if isinstance(v, datetime) else v for key, v in ordered}


def to_export_dict(item: Article | Mapping[str, Any]) -> dict[str, Any]:
    """The one exporter-facing form of an Article (feed exports; the CLI prints stored documents the same
    way): its store document as JSON. ``revision`` is 0 and ``first_seen``/``last_seen`` are this crawl's:
    the store keeps the earlier first_seen and counts revisions of an article stored before."""
    return to_json_dict({**to_document(item), "revision": 0})


def from_json_dict(data: Mapping[str, Any]) -> dict[str, Any]:
    """The inverse of ``to_json_dict`` for documents this module produced."""
    return {
        key: datetime.fromisoformat(v) if key in DATETIME_FIELDS and isinstance(v, str) else v
        for key, v in data.items()
    }


def dumps(document: Mapping[str, Any]) -> str:
    """One JSON line of a document (UTF-8 text, no ASCII escaping)."""
    return json.dumps(to_json_dict(document), ensure_ascii=False, separators=(",", ":"))
