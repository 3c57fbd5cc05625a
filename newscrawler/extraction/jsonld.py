"""Layer 1: schema.org NewsArticle/Article objects in JSON-LD scripts (top level, lists, @graph)."""

from __future__ import annotations

import html
import json
import re
from typing import Any

from parsel import Selector

ARTICLE_TYPES = frozenset(
    {
        "NewsArticle",
        "Article",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "Report",
    }
)
# Authors of these types are the site or another organisation, never a person (an agency is kept as one).
ORGANIZATION_TYPES = frozenset(
    {"Organization", "NewsMediaOrganization", "Corporation", "NGO", "GovernmentOrganization", "WebSite", "Brand"}
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _objects(node: Any):
    """Every dict in a JSON-LD document, walking lists and @graph (iteratively: documents can be deep)."""
    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(reversed(node))
        elif isinstance(node, dict):
            yield node
            if "@graph" in node:
                stack.append(node["@graph"])


def _is_article(obj: dict) -> bool:
    types = obj.get("@type")
    types = types if isinstance(types, list) else [types]
    return any(t in ARTICLE_TYPES for t in types if isinstance(t, str))


def _documents(selector: Selector, problems: list[str]):
    """The page's parsed JSON-LD documents; a broken or too deeply nested block is skipped.

    ``json.loads`` recurses once per nesting level: a block nested about a thousand levels deep raises
    RecursionError, noted in ``problems`` as ``jsonld_too_deep`` (the page's other blocks still count).
    """
    for script in selector.xpath('//script[@type="application/ld+json"]/text()').getall():
        try:
            yield json.loads(_CONTROL.sub(" ", script), strict=False)
        except ValueError:
            lenient = _lenient(script)
            if lenient is not None:
                yield lenient
        except RecursionError:
            problems.append("jsonld_too_deep")


def _lenient(script: str) -> Any:
    """A block strict JSON refuses, read as extruct reads it: without HTML/JS comment lines, with
    jstyleson (comments and trailing commas allowed). None when it still cannot be read."""
    import jstyleson  # imported late, as extruct: importing extruct costs ~0.3 s per process
    from extruct.jsonld import HTML_OR_JS_COMMENTLINE

    try:
        return jstyleson.loads(HTML_OR_JS_COMMENTLINE.sub("", _CONTROL.sub(" ", script)), strict=False)
    except (ValueError, RecursionError):
        return None


def find_article(selector: Selector, problems: list[str] | None = None) -> dict | None:
    """The first article object of the page's JSON-LD, or None. Broken JSON is skipped.

    References to other objects of the page (``{"@id": ...}``, as Yoast writes them) are resolved.
    Blocks skipped for their depth are noted in ``problems``.
    """
    by_id: dict[str, dict] = {}
    article = None
    for document in _documents(selector, problems if problems is not None else []):
        for obj in _objects(document):
            if isinstance(obj.get("@id"), str) and len(obj) > 1:
                by_id.setdefault(obj["@id"], obj)
            if article is None and _is_article(obj):
                article = obj
    if article is None:
        return None
    return {key: _resolve(value, by_id) for key, value in article.items()}


def _resolve(value: Any, by_id: dict[str, dict]) -> Any:
    """A reference ``{"@id": ...}`` (or a list of them) replaced by the object it names."""
    if isinstance(value, list):
        return [_resolve_one(item, by_id) for item in value]
    return _resolve_one(value, by_id)


def _resolve_one(value: Any, by_id: dict[str, dict]) -> Any:
    if isinstance(value, dict) and set(value) == {"@id"} and isinstance(value["@id"], str):
        return by_id.get(value["@id"], value)
    return value


def _text(value: Any) -> str | None:
    """A string value, HTML entities decoded (CMSs write "&quot;" and "&#8217;" into JSON-LD)."""
    if isinstance(value, list):
        value = next((v for v in value if v), None)
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if not isinstance(value, str):
        return None
    value = html.unescape(value).strip()
    return value or None


def _names(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [name for name in (_text(v) for v in values) if name]


def _is_organization(value: Any) -> bool:
    types = value.get("@type") if isinstance(value, dict) else None
    types = types if isinstance(types, list) else [types]
    return any(t in ORGANIZATION_TYPES for t in types if isinstance(t, str))


def _authors(value: Any) -> tuple[list[str], list[str]]:
    """(people, organisations) among the article's authors."""
    values = value if isinstance(value, list) else [value]
    people = [name for v in values if not _is_organization(v) for name in _names(v)]
    organizations = [name for v in values if _is_organization(v) for name in _names(v)]
    return people, organizations


def _image(value: Any) -> dict | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, str):
        return {"url": value}
    if isinstance(value, dict) and (value.get("url") or value.get("contentUrl")):
        return {"url": value.get("url") or value.get("contentUrl"), "caption": _text(value.get("caption"))}
    return None


def _keywords(value: Any) -> list[str]:
    if isinstance(value, str):
        return [word.strip() for word in html.unescape(value).split(",") if word.strip()]
    return _names(value)


def _url(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url")
    return html.unescape(value).strip() if isinstance(value, str) and value.startswith("http") else None


def read(selector: Selector) -> dict[str, Any]:
    """The fields the JSON-LD article gives, under the extractor's field names."""
    problems: list[str] = []
    article = find_article(selector, problems)
    if article is None:
        return {"problems": problems} if problems else {}
    image = _image(article.get("image"))
    people, organizations = _authors(article.get("author"))
    fields = {
        "title": _text(article.get("headline")) or _text(article.get("name")),
        "lead": _text(article.get("description")),
        "body": _text(article.get("articleBody")),
        "byline": ", ".join(people) or None,
        "author_organizations": organizations,
        "publisher": _text(article.get("publisher")),
        "published": _text(article.get("datePublished")),
        "updated": _text(article.get("dateModified")),
        "section": _text(article.get("articleSection")),
        "tags": _keywords(article.get("keywords")),
        "image": image.get("url") if image else None,
        "image_caption": image.get("caption") if image else None,
        "canonical_url": _url(article.get("url")) or _url(article.get("mainEntityOfPage")),
        "language": (_text(article.get("inLanguage")) or "")[:2].lower() or None,
        "problems": problems,
    }
    return {name: value for name, value in fields.items() if value}
