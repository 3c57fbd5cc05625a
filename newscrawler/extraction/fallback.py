"""Layer 4: Trafilatura's generic extraction, used only when no layer above found a body."""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)


def read(html: str, url: str) -> dict[str, Any]:
    """Title, body, byline and date as Trafilatura sees them; empty when it finds nothing."""
    import trafilatura  # imported late: it is slow to import and rarely needed

    try:
        document = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False
        )
    except Exception as error:  # a generic extractor must never take the crawl down
        logger.warning("Trafilatura failed on %s: %s", url, error)
        return {}
    if not document:
        return {}
    if not isinstance(document, dict):
        document = document.as_dict()
    fields = {
        "title": document.get("title"),
        "body": document.get("text"),
        "byline": document.get("author"),
        "published": document.get("date"),
        "image": document.get("image"),
    }
    return {name: value for name, value in fields.items() if value}
