"""Articles served as JSON (e.g. 2M's ``/api/articlesByUrl``): API URL for a page, fields from the answer."""

from __future__ import annotations

import json
import re
from typing import Any

from parsel import Selector

from newscrawler.extraction.select import paragraphs


def api_url(article_api: dict[str, Any], article_url: str) -> str | None:
    """The API URL that serves this article, or None when the article URL does not fit the pattern."""
    match = re.search(article_api["url_pattern"], article_url)
    return article_api["url"].format(**match.groupdict()) if match else None


def value_at(data: Any, path: str) -> Any:
    """The value at a dotted path (numbers index lists); None when the path leads nowhere."""
    for key in path.split(".") if path else ():
        if isinstance(data, list):
            data = data[int(key)] if key.isdigit() and int(key) < len(data) else None
        elif isinstance(data, dict):
            data = data.get(key)
        else:
            return None
    return data


def read(body: str | bytes, article_api: dict[str, Any]) -> dict[str, Any]:
    """The fields of one article answer, under the extractor's field names; {} for unusable JSON."""
    try:
        article = value_at(json.loads(body), article_api["root"])
    except (ValueError, TypeError):
        return {}
    if not isinstance(article, dict):
        return {}
    fields: dict[str, Any] = {}
    for name, path in article_api["fields"].items():
        value = value_at(article, path)
        if isinstance(value, list):
            value = value if name == "tags" else (value[0] if value else None)
        if name == "body" and isinstance(value, str):
            value = paragraphs(Selector(text=value), "/html/body")
        if value not in (None, "", []):
            fields[name] = value if isinstance(value, (str, list)) else str(value)
    return fields
