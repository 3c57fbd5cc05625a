"""Worker tasks for the extraction pool's tests (imported by the worker processes from tests/support)."""

from __future__ import annotations

import os
from typing import Any

from newscrawler.extraction.page import ArticlePage
from newscrawler.extraction.pool import extract_page

POISON = "poison"  # a page whose URL holds this word kills the worker process that extracts it


def extract_or_die(page: ArticlePage) -> dict[str, Any]:
    """``extract_page``, except that a poison page ends its worker at once, as a crash in C code would."""
    if POISON in page.url:
        os._exit(1)
    return extract_page(page)
