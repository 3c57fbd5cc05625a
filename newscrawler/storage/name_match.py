"""Author and agency filters that ignore case and accents: ``zineb jazouli`` finds ``Zineb Jazouli``,
``map`` finds ``MAP``, ``ait lahcen`` finds ``Aït Lahcen`` — the same on every back-end.

SQLite compares ``fold_name`` of both sides; MongoDB matches ``name_pattern``, an anchored regex whose
letters accept every cased and accented spelling (it needs no collation, which mongomock ignores).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

_SPACES = re.compile(r"\s+")


def fold_name(name: str) -> str:
    """``name`` without case, accents (combining marks) or repeated spaces."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SPACES.sub(" ", unicodedata.normalize("NFC", bare)).strip()


def _spellings() -> dict[str, str]:
    """Each folded letter -> every single character that folds to it (Latin letters with accents)."""
    spellings: dict[str, set[str]] = defaultdict(set)
    for code in [*range(0x41, 0x5B), *range(0x61, 0x7B), *range(0xC0, 0x250)]:
        char = chr(code)
        folded = fold_name(char)
        if len(folded) == 1 and folded != char:
            spellings[folded] |= {folded, char}
    return {letter: "".join(sorted(chars)) for letter, chars in spellings.items()}


_SPELLINGS = _spellings()


def name_pattern(name: str) -> str:
    """A regex (Python and MongoDB/PCRE syntax) matching exactly the names whose fold is ``fold_name(name)``."""
    parts = []
    for char in fold_name(name):
        if char == " ":
            parts.append(r"\s+")
        elif char in _SPELLINGS:
            parts.append(f"[{_SPELLINGS[char]}]")
        else:
            parts.append(re.escape(char))
    return "^" + "".join(parts) + "$"
