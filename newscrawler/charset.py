"""Pages declared in a charset they are not written in: re-decoded from their bytes, or rejected.

A windows-1256 Arabic page served as UTF-8 decodes to text made of U+FFFD replacement characters.
Scrapy trusts the declared charset (header, then ``<meta>``), so this downloader middleware looks at
the decoded text: when it holds many replacement characters, charset-normalizer (the detector that
requests uses, maintained, with Arabic and French code pages; w3lib only reads declarations and BOMs)
names the charset the bytes are really in and the page goes on decoded with it, counted as
``newscrawler/pages/redecoded``. When nothing decodes it cleanly, the page is rejected as
``bad_encoding`` (counted by :mod:`newscrawler.failures`): garbage is never stored.
"""

from __future__ import annotations

import codecs
import logging
from typing import Any

from charset_normalizer import from_bytes
from scrapy.http import TextResponse

from newscrawler.failures import PageRejected

logger = logging.getLogger(__name__)

STAT_REDECODED = "newscrawler/pages/redecoded"
REPLACEMENT = "\ufffd"
# Badly decoded: at least this many replacement characters, and at least one per this many characters.
# (A good page may carry a stray one or two from a broken widget; a wrong charset gives hundreds.)
MIN_REPLACEMENTS = 10
CHARS_PER_REPLACEMENT = 1000


def badly_decoded(text: str) -> bool:
    """Whether decoded text holds so many U+FFFD that the charset used must be wrong."""
    replacements = text.count(REPLACEMENT)
    return replacements >= MIN_REPLACEMENTS and replacements * CHARS_PER_REPLACEMENT >= len(text)


def detected_charset(body: bytes, declared: str) -> str | None:
    """The charset the bytes decode cleanly in, when it is not the declared one; None when none does."""
    best = from_bytes(body).best()
    if best is None or codecs.lookup(best.encoding).name == codecs.lookup(declared).name:
        return None
    return None if badly_decoded(str(best)) else best.encoding


class CharsetRepairMiddleware:
    """Downloader middleware: re-decodes badly decoded text pages, rejects those nothing decodes."""

    def __init__(self, crawler: Any) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> CharsetRepairMiddleware:
        return cls(crawler)

    def process_response(self, request: Any, response: Any, spider: Any) -> Any:
        if not isinstance(response, TextResponse) or not badly_decoded(response.text):
            return response
        charset = detected_charset(response.body, response.encoding)
        if charset is None:
            raise PageRejected("bad_encoding", f"{response.url} is not {response.encoding} and no charset fits")
        logger.warning("%s is declared %s but written in %s: decoded again", response.url, response.encoding, charset)
        self.stats.inc_value(STAT_REDECODED)
        return response.replace(encoding=charset)
