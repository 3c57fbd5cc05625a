"""Outlet names as printed ("Hespress FR", "Le360.ma", "هسبريس") -> outlet slug, from names given as data.

The names come from the outlet registry (each outlet's ``name`` and ``aliases``, an aggregator's
``aggregates``): this module holds no table of its own, so it stays a pure function of its input.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

__all__ = ["OutletNames", "name_key"]

# Combining marks: Latin accents and Arabic short vowels, hamza/madda marks (after NFKD), tatweel.
_MARKS = re.compile(r"[\u0300-\u036f\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06ed]")
_NON_WORD = re.compile(r"[\W_]+")
# Printed forms around a name: an edition ("Hespress FR") or a domain ("Le360.ma", "maroc-diplomatique.net").
_DECORATION = re.compile(r"\s+(?:fr|ar|en)$|\.(?:press\.ma|ma|com|net|info|org)$", re.IGNORECASE)


def name_key(name: str) -> str:
    """Case-, accent-, hamza-, space- and punctuation-insensitive key: "L'Opinion" -> "lopinion"."""
    folded = _MARKS.sub("", unicodedata.normalize("NFKD", name)).casefold().replace("ى", "ي")
    return _NON_WORD.sub("", folded)


@dataclass(frozen=True)
class OutletNames:
    """The names each outlet is printed under, by slug (its slug and display name included)."""

    names: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    _by_key: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, str] = {}
        for slug, names in self.names.items():
            for name in (slug, *names):
                if name_key(name):
                    index.setdefault(name_key(name), slug)
        object.__setattr__(self, "_by_key", index)

    @classmethod
    def of(cls, entries: Iterable[tuple[str, Iterable[str]]]) -> OutletNames:
        """From (slug, names) pairs; names of a slug seen twice are merged, first ones first."""
        merged: dict[str, tuple[str, ...]] = {}
        for slug, names in entries:
            merged[slug] = tuple(dict.fromkeys((*merged.get(slug, ()), *names)))
        return cls(merged)

    def slug(self, name: str) -> str | None:
        """The slug of an outlet printed as ``name`` ("Hespress FR", "Le360.ma"), None when unknown."""
        if not isinstance(name, str):
            return None
        name = name.strip()
        return self._by_key.get(name_key(name)) or self._by_key.get(name_key(_DECORATION.sub("", name)))

    def keys_of(self, slug: str | None) -> tuple[str, ...]:
        """The name keys of one outlet (its slug too, even when unknown)."""
        names = (slug, *self.names.get(slug or "", ())) if slug else ()
        return tuple(key for key in dict.fromkeys(name_key(name) for name in names) if key)
