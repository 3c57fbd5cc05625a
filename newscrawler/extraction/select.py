"""Reading values with the selector specs of outlet configs (CSS, XPath, lists, regex)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from cssselect import SelectorError
from lxml import etree
from parsel import Selector
from parsel.csstranslator import HTMLTranslator

__all__ = ["check_selector", "select_all", "select_first", "element_text", "paragraphs"]

_BLOCK_TAGS = frozenset(
    "p div section article header footer aside h1 h2 h3 h4 h5 h6 li ul ol blockquote pre figure "
    "figcaption table tr td th dl dt dd hr br address main nav center".split()
)
_SKIPPED_TAGS = frozenset("script style noscript iframe svg button form select input template object embed".split())
_WHITESPACE = re.compile(r"\s+")
_CSS = HTMLTranslator()
_EXSLT = Selector._default_namespaces  # parsel's "re:" and "set:" prefixes


@lru_cache(maxsize=1024)
def _compiled(query: str) -> etree.XPath:
    namespaces = {prefix: uri for prefix, uri in _EXSLT.items() if f"{prefix}:" in query}
    return etree.XPath(query, namespaces=namespaces, smart_strings=False)


def _is_xpath(expression: str) -> bool:
    return expression.startswith(("/", "(", "./"))


def check_selector(expression: str) -> None:
    """Raise ValueError (one line, with the expression) when a CSS or XPath expression does not compile."""
    expression = expression.strip()
    try:
        _compiled(expression if _is_xpath(expression) else _CSS.css_to_xpath(expression))
    except (SelectorError, etree.XPathError) as error:
        kind = "XPath" if _is_xpath(expression) else "CSS selector"
        raise ValueError(f"invalid {kind} {expression!r}: {error}") from None


def _run(selector: Selector, expression: str) -> list:
    """What an XPath or CSS expression selects: lxml elements, or strings (text and attribute nodes).

    An HTML page is queried on its lxml tree directly, as parsel would query it: wrapping each result
    in a Selector cost more than the query itself.
    """
    expression = expression.strip()
    is_xpath = _is_xpath(expression)
    if selector.type != "html" or not hasattr(selector.root, "xpath"):
        return [node.root for node in (selector.xpath(expression) if is_xpath else selector.css(expression))]
    query = expression if is_xpath else _CSS.css_to_xpath(expression)
    try:
        result = _compiled(query)(selector.root)
    except etree.XPathError as error:
        raise ValueError(f"XPath error: {error} in {query}") from None
    return result if isinstance(result, list) else [result]


def _values(selector: Selector, spec: Any) -> list[str]:
    """Every value a spec gives: text of elements, or the text/attribute nodes themselves."""
    if isinstance(spec, list):
        for alternative in spec:
            found = _values(selector, alternative)
            if found:
                return found
        return []
    if isinstance(spec, dict):
        pattern = re.compile(spec["re"]) if spec.get("re") else None
        found = _values(selector, spec["select"])
        if pattern is None:
            return found
        matches = [pattern.search(value) for value in found]
        return [m.group(1) if m.groups() else m.group(0) for m in matches if m]
    values = []
    for node in _run(selector, spec):
        text = _element_text(node)
        text = _WHITESPACE.sub(" ", text).strip()
        if text:
            values.append(text)
    return values


def select_all(selector: Selector, spec: Any) -> list[str]:
    return _values(selector, spec) if spec else []


def select_first(selector: Selector, spec: Any) -> str | None:
    values = select_all(selector, spec)
    return values[0] if values else None


def _walk(root, parts: list[str], excluded: set) -> None:
    """Append the visible text under ``root`` to ``parts``, depth first.

    Iterative (an explicit stack, not recursion): a page nested thousands of levels deep must not
    raise RecursionError.
    """
    stack: list = [root]
    while stack:
        element = stack.pop()
        if isinstance(element, str):  # a text or tail queued below
            parts.append(element)
            continue
        tag = element.tag if isinstance(element.tag, str) else None
        if tag is None or tag.lower() in _SKIPPED_TAGS or element in excluded:
            continue
        block = tag.lower() in _BLOCK_TAGS
        if block:
            parts.append("\n")
            stack.append("\n")
        if element.text:
            parts.append(_WHITESPACE.sub(" ", element.text))
        for child in reversed(element):
            if child.tail:
                stack.append(_WHITESPACE.sub(" ", child.tail))
            stack.append(child)


def element_text(node: Selector, exclude: list[str] | tuple[str, ...] = ()) -> str:
    """Visible text of an element: block elements and <br> become line breaks, scripts are skipped."""
    return _element_text(node.root, exclude)


def _element_text(root: Any, exclude: list[str] | tuple[str, ...] = ()) -> str:
    if isinstance(root, str):
        return root
    excluded: set = set()
    for css in exclude:
        excluded.update(_compiled(_CSS.css_to_xpath(css, prefix="descendant-or-self::"))(root))
    parts: list[str] = []
    _walk(root, parts, excluded)
    return "".join(parts)


def paragraphs(selector: Selector, spec: Any, exclude: list[str] | tuple[str, ...] = ()) -> str | None:
    """The body text of the elements a spec selects: one paragraph per block, blank line between."""
    nodes = _first_matching(selector, spec)
    lines: list[str] = []
    for node in nodes:
        text = _element_text(node, exclude)
        lines.extend(line.strip() for line in text.split("\n"))
    body = "\n\n".join(line for line in lines if line)
    return body or None


def _first_matching(selector: Selector, spec: Any) -> list:
    if isinstance(spec, list):
        for alternative in spec:
            nodes = _first_matching(selector, alternative)
            if nodes:
                return nodes
        return []
    if isinstance(spec, dict):
        return _first_matching(selector, spec["select"])
    return _run(selector, spec) if spec else []
