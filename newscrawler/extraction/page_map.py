"""Where things are on an article page: the headline, the distance of any element from it, and page furniture.

The generic layers read candidates (dates, bylines, body paragraphs) anywhere on the page and rank them by
how close they stand to the headline; candidates inside furniture (navigation, sidebars, related-article
cards, comments, share bars, footers) are never taken.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Any

from lxml import etree

from newscrawler.parsing.outlet_names import name_key

# Containers that are never the article: by tag, and by words in their class or id.
_FURNITURE_TAGS = frozenset({"nav", "aside", "footer", "form", "menu", "noscript", "template"})
# A class or id is furniture when one of these words stands in it between spaces, dashes, underscores or edges.
_FURNITURE_MARK = re.compile(
    r"(?:^|[\s_-])(?:related|similar|also|aussi|alsoread|readalso|lireaussi|most[-_]?read|popular|trending|widgets?|sidebar"
    r"|comments?|share|sharing|breadcrumbs?|menu|navbar|tags|newsletter|ads?|advert\w*|pub|publicite"
    r"|footer|teasers?|carousel|slider|cookies?|modal|popup|ticker|fil[-_]?info|latest|breaking|top[-_]?bar|today|clock"
    r"|more[-_]?(?:news|articles|posts|stories)|header|masthead|logo|site[-_]?branding)"
    r"(?=$|[\s_-])",
    re.IGNORECASE,
)
# Class tokens that describe a state of the element ("has-share-float" on the article's wrapper), not what it is.
_STATE_PREFIXES = ("has-", "has_", "is-", "is_", "with-", "no-")
_HEADLINE_TAGS = ("h1", "h2")
_SCRIPT_TAGS = frozenset({"script", "style"})


def _tag(element: Any) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


def _names(element: Any) -> list[str]:
    """The element's class tokens (state modifiers left out) and its id."""
    classes = (element.get("class") or "").split()
    return [token for token in classes if not token.startswith(_STATE_PREFIXES)] + [element.get("id") or ""]


def text_of(element: Any) -> str:
    """Visible text of an element on one line (scripts and styles skipped)."""
    parts = []
    for node in element.iter():
        if node.text and _tag(node) not in _SCRIPT_TAGS:
            parts.append(node.text)
        if node is not element and node.tail:
            parts.append(node.tail)
    return " ".join(" ".join(parts).split())


class PageMap:
    """The page's elements in document order, its headline and its furniture."""

    def __init__(self, root: Any, title: str | None = None) -> None:
        self.root = root
        self._title_key = name_key(title) if title else ""
        self._furniture: dict[Any, bool] = {}

    @cached_property
    def elements(self) -> list[Any]:
        """Every element, in document order."""
        return list(self.root.iter(etree.Element))

    @cached_property
    def order(self) -> dict[Any, int]:
        return {element: index for index, element in enumerate(self.elements)}

    @cached_property
    def _holds_script(self) -> set[Any]:
        return {ancestor for script in self.root.iter(*_SCRIPT_TAGS) for ancestor in script.iterancestors()}

    def text(self, element: Any) -> str:
        """Visible text of an element on one line (``text_of``, in C when it holds no script)."""
        if element in self._holds_script or _tag(element) in _SCRIPT_TAGS:
            return text_of(element)
        return " ".join("".join(element.itertext()).split())

    def near_headline(self, before: int, after: int) -> list[Any]:
        """The elements from ``before`` elements before the headline to ``after`` after it (all without one)."""
        if self.headline is None:
            return self.elements
        index = self.order[self.headline]
        return self.elements[max(0, index - before) : index + after + 1]

    def _is_furniture_itself(self, element: Any) -> bool:
        known = self._furniture.get(element)
        if known is None:
            tag = _tag(element)
            if tag in _FURNITURE_TAGS:
                known = True
            elif tag == "header":
                known = not self._holds_headline(element)
            else:
                marks = " ".join(_names(element))
                known = bool(_FURNITURE_MARK.search(marks)) and not self._holds_headline(element)
            self._furniture[element] = known
        return known

    def _holds_headline(self, element: Any) -> bool:
        headline = self.headline
        return headline is not None and (element is headline or element in headline.iterancestors())

    def is_furniture(self, element: Any) -> bool:
        """Is the element, or one of its ancestors, page furniture? (decided once per element)"""
        return self._is_furniture_itself(element) or any(
            self._is_furniture_itself(ancestor) for ancestor in element.iterancestors()
        )

    @cached_property
    def headline(self) -> Any | None:
        """The <h1> or <h2> holding the title when known, else the first <h1> outside furniture (logo, menus)."""
        if self._title_key:
            for element in self.root.iter(*_HEADLINE_TAGS):
                key = name_key(self.text(element))
                if key and (key == self._title_key or (len(key) > 20 and key in self._title_key)):
                    return element
        for element in self.root.iter("h1"):
            ancestors = [element, *element.iterancestors()]
            furniture = any(
                _tag(a) in _FURNITURE_TAGS or _FURNITURE_MARK.search(" ".join(_names(a))) for a in ancestors
            )
            if self.text(element) and not furniture:
                return element
        return None

    def distance(self, element: Any) -> int:
        """How many elements lie between ``element`` and the headline (large when there is no headline)."""
        if self.headline is None:
            return self.order.get(element, 0) + 1000
        return abs(self.order.get(element, 0) - self.order[self.headline])

    def after_headline(self, element: Any) -> bool:
        return self.headline is None or self.order.get(element, 0) > self.order[self.headline]
