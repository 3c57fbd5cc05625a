"""Wayback Machine captures: capture URLs <-> original URLs, and archived markup made the original's again.

A capture is ``https://web.archive.org/web/<timestamp><modifier>/<original URL>``: the 1-14 digit UTC
timestamp of the capture, and a modifier such as ``id_`` (raw mode: the page's own bytes, nothing
rewritten nor added) or ``im_``/``js_``/``cs_`` (an image, script or style of the capture); none for
the playback page, whose markup carries the archive's toolbar and every URL rewritten to
``/web/<timestamp>/<original>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit, urlunsplit

ARCHIVE_HOST = "web.archive.org"
RAW = "id_"
_CAPTURE = re.compile(r"^(?:https?:)?//web\.archive\.org/web/(\d{1,14})([a-z]{2}_)?/+(.+)$", re.IGNORECASE)
# An archived URL inside the markup: absolute, scheme-relative or root-relative, followed by the original.
_ARCHIVED_IN_MARKUP = re.compile(
    r"(?:(?:https?:)?//web\.archive\.org)?/web/\d{1,14}(?:[a-z]{2}_)?/(?=(?:https?:)?//|https?%3A)", re.IGNORECASE
)
# What playback adds to a page (the toolbar, its scripts and styles, the capture-date comment); raw mode adds none.
_PLAYBACK_INSERTS = [
    re.compile(pattern, re.IGNORECASE | re.DOTALL)
    for pattern in (
        r"<!--\s*BEGIN WAYBACK TOOLBAR INSERT\s*-->.*?<!--\s*END WAYBACK TOOLBAR INSERT\s*-->",
        r"<script[^>]*(?:/_static/|archive\.org/includes/|web-static\.archive\.org)[^>]*>.*?</script>",
        r"<script[^>]*>(?:(?!</script>).)*?__wm\.(?:init|wombat|bt|rw)\(.*?</script>",
        r"<script[^>]*>\s*window\.RufflePlayer.*?</script>",
        r"<link[^>]*(?:/_static/|web-static\.archive\.org)[^>]*>",
        r"<!--\s*End Wayback Rewrite JS Include\s*-->",
        r"<!--\s*FILE ARCHIVED ON .*?-->",
        r"/\*\s*FILE ARCHIVED ON .*?\*/",
        r"<!--\s*playback timings.*?-->",
    )
]
_DEFAULT_PORTS = {"http": ":80", "https": ":443"}


@dataclass(frozen=True)
class Capture:
    original: str  # the page's own URL
    timestamp: str  # 14 digits, UTC
    raw: bool  # fetched in raw mode (id_): the page's own markup, no toolbar

    @property
    def archived_at(self) -> datetime:
        return datetime.strptime(self.timestamp, "%Y%m%d%H%M%S").replace(tzinfo=UTC)

    @property
    def url(self) -> str:
        """The capture's raw-mode URL."""
        return capture_url(self.original, self.timestamp)


def original_url(url: str) -> str:
    """``url`` with the default port dropped and a scheme added when the archive gave none."""
    url = url.strip()
    if not re.match(r"^https?:", url, re.IGNORECASE):
        url = "http://" + url.lstrip("/")
    url = re.sub(r"^(https?):/+", r"\1://", url, flags=re.IGNORECASE)
    parts = urlsplit(url)
    netloc = parts.netloc
    default = _DEFAULT_PORTS.get(parts.scheme.lower())
    if default and netloc.endswith(default):
        netloc = netloc[: -len(default)]
    return urlunsplit((parts.scheme.lower(), netloc, parts.path, parts.query, parts.fragment))


def parse_capture(url: str) -> Capture | None:
    """The capture a Wayback Machine URL names, or None for any other URL."""
    match = _CAPTURE.match(url.strip())
    if not match:
        return None
    timestamp, modifier, original = match.groups()
    return Capture(original_url(original), timestamp.ljust(14, "0"), (modifier or "").lower() == RAW)


def capture_url(original: str, timestamp: str) -> str:
    """The raw-mode URL of a capture: the page's own bytes, without the archive's toolbar."""
    return f"https://{ARCHIVE_HOST}/web/{timestamp}{RAW}/{original}"


def unarchive_url(url: str) -> str:
    """The original URL of a capture URL; any other URL as it is."""
    capture = parse_capture(url)
    return capture.original if capture else url


def unarchive_markup(html: str) -> str:
    """Archived markup as the original site served it: playback inserts removed, archived URLs original again."""
    for insert in _PLAYBACK_INSERTS:
        html = insert.sub("", html)
    return _ARCHIVED_IN_MARKUP.sub("", html)
