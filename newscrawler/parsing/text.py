"""Text clean-up shared by the extractor and the normalize pipeline (pure functions).

Article bodies are plain text, one paragraph per line group, paragraphs separated by a blank line.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["clean_inline", "clean_body", "fix_mojibake", "is_boilerplate"]

# C0/C1 controls except tab/newline, zero-width and bidi marks left by CMS editors, BOM.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff\u202a-\u202e]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_MOJIBAKE_HINT = re.compile("[ÃÂÙØ][\u0080-\u00bf]")

# Lines that are page furniture, not article text (French and Arabic). Matched on the whole line.
_BOILERPLATE_LINE = re.compile(
    r"""^(?:
        lire\s+(?:aussi|également|la\s+suite)\b.*
      | à\s+lire\s+aussi\b.*
      | voir\s+aussi\b.*
      | cliquez\s+ici\b.*
      | (?:partager|partagez|share)(?:\s+(?:sur|cet\s+article|on)\b.*)?
      | (?:facebook|twitter|x|whatsapp|linkedin|telegram|email|e-mail|imprimer|print)
      | suivez[- ]nous\b.*
      | abonnez[- ]vous\b.*
      | signaler\s+une\s+annonce\s+inappropriée
      | publicité
      | (?:اقرأ|إقرأ)\s+(?:أيضا|أيضاً|كذلك)\b.*
      | شارك(?:وا)?(?:\s+المقال)?
      | تابعونا\b.*
    )$""",
    re.IGNORECASE | re.VERBOSE,
)


def fix_mojibake(text: str) -> str:
    """Undo UTF-8 text that was decoded as Latin-1/CP1252 ("Ã©tÃ©" -> "été"), when it clearly was.

    ftfy does the repair (it also undoes double encoding and mojibake inside a line of good text); the
    hint test before it keeps clean text, nearly all of it, from paying ftfy's cost (docs/extraction.md).
    """
    if not _MOJIBAKE_HINT.search(text):
        return text
    import ftfy  # imported late: most crawls never meet mojibake

    return ftfy.fix_encoding(text)


def _clean_chars(text: str) -> str:
    text = text.encode("utf-8", "replace").decode("utf-8")  # lone surrogates from broken decoding
    text = _INVISIBLE.sub("", text)
    if _MOJIBAKE_HINT.search(text):  # pages can mix encodings: repair line by line
        text = "\n".join(fix_mojibake(line) for line in text.split("\n"))
    return unicodedata.normalize("NFC", text)


def clean_inline(text: str | None) -> str | None:
    """One-line value (title, section, credit): NFC, no controls, single spaces; None when empty."""
    if text is None:
        return None
    text = _SPACES.sub(" ", _clean_chars(str(text)).replace("\r", " ").replace("\n", " ")).strip()
    return text or None


def is_boilerplate(line: str) -> bool:
    return bool(_BOILERPLATE_LINE.match(line.strip(" :-–—|•·")))


def clean_body(text: str | None) -> str | None:
    """Multi-paragraph text: clean each line, drop boilerplate lines, join paragraphs by a blank line."""
    if text is None:
        return None
    text = _clean_chars(str(text)).replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = []
    for line in text.split("\n"):
        line = _SPACES.sub(" ", line).strip()
        if line and not is_boilerplate(line):
            paragraphs.append(line)
    return "\n\n".join(paragraphs) or None
