"""Content fingerprints: the same article text under two URLs gives the same fingerprint."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_ARABIC_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640]")  # harakat, dagger alif, tatweel


def content_fingerprint(body: str) -> str:
    """SHA-1 of the body's words, case-folded, accents and Arabic diacritics kept apart from layout."""
    text = unicodedata.normalize("NFKC", body).casefold()
    text = _ARABIC_DIACRITICS.sub("", text)
    words = _NON_WORD.sub(" ", text).split()
    return hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()
