"""Layer: the article a JavaScript app ships inside its HTML as application state.

Read: JSON scripts (``<script type="application/json">``, Next.js ``<script id="__NEXT_DATA__">``) and
assignments ``window.__NAME__ = <object literal>`` (``__NUXT__``, ``__INITIAL_STATE__``, ``__APOLLO_STATE__``,
``__PRELOADED_STATE__``, ...) written as JSON, as a JavaScript object literal (read by chompjs: unquoted keys,
single quotes, trailing commas) or as ``JSON.parse("<JSON string>")``.

Not read (counted, never guessed): state built by running code — Nuxt 2's usual
``window.__NUXT__=(function(a,b){return {...}}(1,2))`` (``embedded_state_script``) —, Nuxt 3's
``<script id="__NUXT_DATA__">`` (devalue's flat array of references: skipped),
and the Next.js App Router's React Server Component stream (``self.__next_f.push(...)``).

The article is found by its shape: an object with a title and a body (HTML or long text), ranked by whether
one of its values names the page (its slug, id, path), then by having a publication date, then by body
length — so the related articles, teasers and author objects in the same state are not taken for it. An
outlet whose state is ambiguous names the object and its fields in its config (``embedded_state``).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from parsel import Selector

from newscrawler.extraction.json_api import value_at
from newscrawler.extraction.select import paragraphs

MAX_STATE_CHARS = 5_000_000  # a state script larger than this is skipped (embedded_state_too_large)
MAX_NODES = 500_000  # JSON values walked per page when searching the article (then embedded_state_too_large)
_MIN_BODY_CHARS = 200  # a shorter "body" is a teaser's excerpt, not an article

_ASSIGNMENT = re.compile(
    r"(?:\b(?:window|self|globalThis)\s*\.\s*|\b(?:window|self)\s*\[\s*['\"])"
    r"(__[A-Za-z][A-Za-z0-9_]*__)['\"]?\s*\]?\s*=\s*"
)
_NOT_BODY = ("figure", "aside", "script", "style")  # captions, inserted "read also" boxes, embeds' code
_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")

TITLE_KEYS = ("headline", "title", "titre")
BODY_KEYS = ("body", "content", "articleBody", "bodyHtml", "body_html", "contentHtml", "content_html", "html", "corps")
PUBLISHED_KEYS = (
    "publishedAt",
    "published_at",
    "datePublished",
    "publishDate",
    "publish_date",
    "publicationDate",
    "firstPublishedAt",
    "pubDate",
    "date",
    "createdAt",
    "created_at",
)
_KEYS: dict[str, tuple[str, ...]] = {
    "title": TITLE_KEYS,
    "lead": ("lead", "chapo", "chapeau", "standfirst", "excerpt", "summary", "subtitle", "intro", "description"),
    "body": BODY_KEYS,
    "byline": ("authors", "author", "byline", "signature", "creator", "writers"),
    "published": PUBLISHED_KEYS,
    "updated": ("updatedAt", "updated_at", "dateModified", "modifiedAt", "modified_at", "lastModified", "modified"),
    "section": ("section", "category", "rubrique", "categories", "primaryCategory"),
    "tags": ("tags", "keywords"),
    "image": ("image", "featuredImage", "mainImage", "cover", "coverImage", "thumbnail", "picture", "imageUrl"),
    "canonical_url": ("canonicalUrl", "canonical", "url", "permalink", "link"),
    "language": ("lang", "language", "locale"),
}
_NAME_KEYS = ("name", "fullName", "full_name", "displayName", "title", "label", "slug")
_HTML_KEYS = ("html", "rendered", "value", "raw")  # a body object: {"html": "<p>..."} or {"rendered": ...}
_URL_KEYS = ("url", "src", "href", "original", "path")


def read(selector: Selector, url: str, spec: dict[str, Any] | None = None) -> dict[str, Any]:
    """The fields of the article in the page's embedded state, under the extractor's field names.

    ``spec`` (an outlet's ``embedded_state``): ``root``, the dotted path of the article object in a state
    document, and ``fields``, article field -> dotted path below it, for what the shape search misses.
    """
    problems: list[str] = []
    documents = list(states(selector, problems))
    root = spec.get("root") if spec else None
    article = _at_root(documents, root) if root else find_article(documents, url, problems)
    if article is None:
        return {"problems": problems} if problems else {}
    fields = article_fields(article, (spec or {}).get("fields", {}), documents)
    return {**fields, "problems": problems} if problems else fields


def states(selector: Selector, problems: list[str]) -> Iterator[Any]:
    """The parsed state documents of a page; what cannot be read is skipped and named in ``problems``."""
    for kind, text in _state_scripts(selector):
        if len(text) > MAX_STATE_CHARS:
            problems.append("embedded_state_too_large")
        elif kind == "json":
            document = _json(text, problems)
            if document is not None:
                yield document
        else:
            yield from _assigned(text, problems)


def _state_scripts(selector: Selector) -> Iterator[tuple[str, str]]:
    """("json" | "js", text) of the scripts that may hold state: JSON scripts, inline scripts assigning
    ``window.__NAME__``. One pass over the lxml tree: most pages have none, and this must cost them little."""
    root = selector.root
    scripts = root.getroottree().iter("script") if hasattr(root, "getroottree") else ()
    for script in scripts:
        kind = (script.get("type") or "").strip().lower()
        if kind == "application/json":
            if script.get("id") != "__NUXT_DATA__":
                yield "json", "".join(script.itertext())
        elif not script.get("src") and (not kind or "javascript" in kind):
            text = script.text or ""
            if "__" in text and _ASSIGNMENT.search(text):
                yield "js", text


def _json(text: str, problems: list[str]) -> Any:
    try:
        return json.loads(text)
    except RecursionError:
        problems.append("embedded_state_too_deep")
    except ValueError:
        problems.append("embedded_state_broken")
    return None


def _assigned(script: str, problems: list[str]) -> Iterator[Any]:
    """The values of ``window.__NAME__ = ...`` assignments in an inline script."""
    for match in _ASSIGNMENT.finditer(script):
        rest = script[match.end() : match.end() + 64].lstrip()
        value = None
        if rest.startswith("JSON.parse("):
            value = _parsed_string(script, script.index("JSON.parse(", match.end()) + len("JSON.parse("), problems)
        elif rest.startswith(("{", "[")):
            value = _literal(script, script.index(rest[0], match.end()), problems)
        elif rest.startswith(("(function", "function", "(()", "(async")):
            problems.append("embedded_state_script")
        if value is not None:
            yield value


def _literal(script: str, start: int, problems: list[str]) -> Any:
    """The JSON value or JavaScript object literal that starts at ``start``; None (and a problem) if broken."""
    import chompjs  # imported late: most pages have no state assignment

    try:
        return json.JSONDecoder().raw_decode(script, start)[0]
    except RecursionError:
        problems.append("embedded_state_too_deep")
        return None
    except ValueError:
        pass
    try:  # not JSON: a JavaScript object literal (unquoted keys, single quotes, trailing commas)
        return chompjs.parse_js_object(script[start:])
    except RecursionError:
        problems.append("embedded_state_too_deep")
    except ValueError:
        problems.append("embedded_state_broken")
    return None


def _parsed_string(script: str, start: int, problems: list[str]) -> Any:
    """``JSON.parse("...")``: the JSON document inside a double-quoted string literal."""
    try:
        text = json.JSONDecoder().raw_decode(script, start)[0]
    except ValueError:
        problems.append("embedded_state_broken")
        return None
    return _json(text, problems) if isinstance(text, str) else None


def _at_root(documents: list[Any], root: str) -> dict | None:
    for document in documents:
        found = value_at(document, root)
        if isinstance(found, dict):
            return found
    return None


def walk_objects(documents: list[Any], problems: list[str]) -> Iterator[dict]:
    """Every object of the documents, iteratively (states can be deep), at most MAX_NODES values."""
    stack = list(reversed(documents))
    seen = 0
    while stack:
        node = stack.pop()
        seen += 1
        if seen > MAX_NODES:
            problems.append("embedded_state_too_large")
            return
        if isinstance(node, dict):
            yield node
            stack.extend(value for value in node.values() if isinstance(value, (dict, list)))
        elif isinstance(node, list):
            stack.extend(value for value in reversed(node) if isinstance(value, (dict, list)))


def _body_length(obj: dict) -> int:
    return max((len(_body_source(obj.get(key)) or "") for key in BODY_KEYS if key in obj), default=0)


def _page_tokens(url: str) -> tuple[set[str], str]:
    """What names the page in its URL: its path, last segment and query values; and the last segment."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    segment = path.rsplit("/", 1)[-1]
    tokens = {path, segment, *(value for _, value in parse_qsl(parts.query))}
    return {token for token in tokens if len(token) >= 4}, segment


def _names_page(obj: dict, tokens: tuple[set[str], str]) -> bool:
    """One of the object's own values is the page's path, slug or id, or the slug that the page's last path
    segment continues with an id (``<slug>_a81259``, ``<slug>-12345.html``)."""
    names, segment = tokens
    for value in obj.values():
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            text = str(value)
            if text in names or (text.startswith(("/", "http")) and urlsplit(text).path.rstrip("/") in names):
                return True
            if len(text) >= 8 and segment.startswith(text) and segment[len(text) : len(text) + 1] in ("_", "-", "."):
                return True
    return False


def find_article(documents: list[Any], url: str, problems: list[str] | None = None) -> dict | None:
    """The article object of the state documents, by shape; None when no object has a title and a body."""
    tokens = _page_tokens(url)
    best, best_rank = None, None
    for obj in walk_objects(documents, problems if problems is not None else []):
        if not any(isinstance(obj.get(key), str) and obj[key].strip() for key in TITLE_KEYS):
            continue
        length = _body_length(obj)
        if length < _MIN_BODY_CHARS:
            continue
        dated = any(obj.get(key) for key in _KEYS["published"])
        rank = (_names_page(obj, tokens), dated, length)
        if best_rank is None or rank > best_rank:
            best, best_rank = obj, rank
    return best


# -- fields ------------------------------------------------------------------------------------


def _text(value: Any) -> str | None:
    """Plain text of a value: tags dropped, entities decoded, spaces collapsed."""
    if isinstance(value, dict):
        value = next((value[key] for key in _NAME_KEYS if isinstance(value.get(key), str)), None)
    if not isinstance(value, str):
        return None
    text = _SPACES.sub(" ", html.unescape(_TAG.sub(" ", value))).strip()
    return text or None


def _body_source(value: Any) -> str | None:
    """The HTML (or text) of a body value: a string, ``{"html"|"rendered"|"value": ...}``, or a list of blocks."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return next((value[key] for key in _HTML_KEYS if isinstance(value.get(key), str)), None)
    if isinstance(value, list):
        blocks = [_block(item) for item in value]
        return "".join(f"<p>{block}</p>" for block in blocks if block) or None
    return None


def _block(item: Any) -> str | None:
    """One block of a block-structured body: a string, or ``{"html"|"text"|"content": ...}`` (maybe under "data")."""
    if isinstance(item, str):
        return item
    if isinstance(item, dict):
        data: dict = item["data"] if isinstance(item.get("data"), dict) else item
        return next((data[key] for key in ("html", "text", "content") if isinstance(data.get(key), str)), None)
    return None


def _body(value: Any) -> str | None:
    source = _body_source(value)
    if not source:
        return None
    if "<" not in source:  # plain text: its lines are the paragraphs
        lines = (line.strip() for line in source.splitlines())
        return "\n\n".join(line for line in lines if line) or None
    return paragraphs(Selector(text=source), "/html/body", exclude=_NOT_BODY)


def _person(value: Any) -> str | None:
    if isinstance(value, dict) and not any(isinstance(value.get(key), str) for key in _NAME_KEYS):
        first, last = value.get("firstName") or value.get("first_name"), value.get("lastName") or value.get("last_name")
        return _text(" ".join(part for part in (first, last) if isinstance(part, str)))
    return _text(value)


def _byline(value: Any) -> str | None:
    values = value if isinstance(value, list) else [value]
    names = [name for name in (_person(item) for item in values) if name]
    return ", ".join(dict.fromkeys(names)) or None


def date_text(value: Any) -> str | None:
    """A date value as text; epoch numbers (seconds or milliseconds) become ISO 8601 in UTC."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and value > 0:
        seconds = value / 1000 if value > 10**11 else value
        try:
            return datetime.fromtimestamp(seconds, UTC).isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    return _text(value)


def _section(value: Any) -> str | None:
    return _text(value[0] if isinstance(value, list) and value else value)


def _tags(value: Any) -> list[str]:
    if isinstance(value, str):
        return [tag.strip() for tag in html.unescape(value).split(",") if tag.strip()]
    if isinstance(value, list):
        return list(dict.fromkeys(tag for tag in (_text(item) for item in value) if tag))
    return []


def _image(value: Any) -> tuple[str | None, str | None, str | None]:
    """(url, caption, credit) of an image value: a URL, an object with url/src, or a list of them."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, str):
        return (value.strip() or None, None, None)
    if not isinstance(value, dict):
        return (None, None, None)
    url = next((value[key] for key in _URL_KEYS if isinstance(value.get(key), str)), None)
    caption = _text(value.get("caption") or value.get("alt") or value.get("legend"))
    credit = _text(value.get("credit") or value.get("copyright") or value.get("source"))
    return (url, caption, credit)


def _canonical(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip().startswith(("http", "/")) else None


def _language(value: Any) -> str | None:
    text = _text(value)
    return text[:2].lower() if text and text[:2].lower() in ("fr", "ar", "en") else None


_READERS = {
    "title": _text,
    "lead": _text,
    "body": _body,
    "byline": _byline,
    "published": date_text,
    "updated": date_text,
    "section": _section,
    "tags": _tags,
    "canonical_url": _canonical,
    "language": _language,
}


def _resolver(documents: list[Any]):
    """Apollo's normalised cache writes ``{"__ref": "Author:5"}`` for an object stored at the top level."""
    tops = [document for document in documents if isinstance(document, dict)]

    def resolve(value: Any) -> Any:
        if isinstance(value, list):
            return [resolve(item) for item in value]
        if isinstance(value, dict) and set(value) == {"__ref"}:
            return next((top[value["__ref"]] for top in tops if value["__ref"] in top), value)
        return value

    return resolve


def article_fields(article: dict, paths: dict[str, str], documents: list[Any]) -> dict[str, Any]:
    """The article object's fields; ``paths`` (field -> dotted path) replaces the key search of a field."""
    resolve = _resolver(documents)

    def raw(name: str) -> Any:
        if name in paths:
            return resolve(value_at(article, paths[name]))
        return next((resolve(article[key]) for key in _KEYS[name] if article.get(key) not in (None, "", [])), None)

    fields: dict[str, Any] = {name: reader(raw(name)) for name, reader in _READERS.items()}
    fields["image"], fields["image_caption"], fields["image_credit"] = _image(raw("image"))
    if fields["lead"] and fields["lead"] == _text(fields["body"]):
        fields["lead"] = None  # a "description" that is the whole (short) body
    return {name: value for name, value in fields.items() if value}
