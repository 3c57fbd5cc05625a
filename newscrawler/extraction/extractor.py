"""Build an Article from a page's extraction layers, first hit wins per field, provenance kept."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from parsel import Selector

from newscrawler import __version__
from newscrawler.discovery.links import ArticleLink
from newscrawler.extraction import fallback, json_api, jsonld, meta, outlet_selectors
from newscrawler.items import Article
from newscrawler.outlets.registry import OutletConfig, outlet_names
from newscrawler.parsing.dates import parse_date
from newscrawler.parsing.urls import same_site
from newscrawler.timezone import CASABLANCA

Layer = tuple[str, Mapping[str, Any]]

# Extractor field -> Article field it fills (for provenance).
_PROVENANCE_NAMES = {"byline": "byline_raw", "published": "published_at", "updated": "updated_at"}
_ARABIC_LETTER = re.compile("[\u0600-\u06ff]")
_LETTER = re.compile(r"[^\W\d_]")


def extract_html(
    html: str,
    url: str,
    outlet: OutletConfig | None,
    link: ArticleLink | None = None,
    crawled_at: datetime | None = None,
    selector: Selector | None = None,
) -> Article:
    """An Article from an HTML page; ``outlet`` None means the generic layers only."""
    selector = selector if selector is not None else Selector(text=html)
    structured: list[Layer] = [("jsonld", jsonld.read(selector)), ("meta", meta.read(selector))]
    version = outlet.selectors_for(_page_day(structured, outlet, url, link)) if outlet else None
    layer_name = f"selectors@{version.valid_from.isoformat()}" if version else "selectors"
    layers = [*structured, (layer_name, outlet_selectors.SelectorFields(selector, version, url))]
    if not any(fields.get("body") for _, fields in layers):
        layers.append(("fallback:trafilatura", fallback.read(html, url)))
    parser = f"{outlet.slug}@{version.valid_from.isoformat()}" if outlet and version else "generic"
    return _build(layers, url, outlet, link, crawled_at, parser)


def extract_json(
    body: str | bytes,
    url: str,
    outlet: OutletConfig,
    link: ArticleLink | None = None,
    crawled_at: datetime | None = None,
) -> Article:
    """An Article from an outlet's JSON article API answer."""
    if outlet.article_api is None:
        raise ValueError(f"{outlet.slug}: no article_api in its config")
    return _build(
        [("api", json_api.read(body, outlet.article_api))], url, outlet, link, crawled_at, f"{outlet.slug}@api"
    )


def _url_date(outlet: OutletConfig | None, url: str) -> str | None:
    match = outlet.url_date.search(url) if outlet and outlet.url_date else None
    if not match:
        return None
    year, month, day = match.groups()[:3]
    return f"{year}-{month}-{day}"


def _page_day(structured: list[Layer], outlet: OutletConfig | None, url: str, link: ArticleLink | None) -> date | None:
    """The page's publication day from structured data, discovery or the URL: picks the selector version."""
    candidates = [fields.get("published") for _, fields in structured]
    candidates += [link.published.isoformat() if link and link.published else None, _url_date(outlet, url)]
    for candidate in candidates:
        parsed = parse_date(candidate) if candidate else None
        if parsed:
            return parsed.value.astimezone(CASABLANCA).date()
    return None


def _first(layers: list[Layer], name: str) -> tuple[Any, str | None]:
    for layer, fields in layers:
        if fields.get(name):
            return fields[name], layer
    return None, None


def _prefer_real_bylines(layers: list[Layer], outlet: OutletConfig | None) -> list[Layer]:
    """Layers reordered so that a byline naming the outlet itself (site-wide meta author) comes last."""
    if outlet is None:
        return layers

    def self_credit(fields: Mapping[str, Any]) -> bool:
        return bool(fields.get("byline")) and outlet_names().slug(fields["byline"]) == outlet.slug

    return [layer for layer in layers if not self_credit(layer[1])] + [
        layer for layer in layers if self_credit(layer[1])
    ]


def _guess_language(outlet: OutletConfig | None, declared: str | None, text: str) -> str | None:
    if declared in ("fr", "ar", "en"):
        return declared
    if outlet and outlet.defaults.get("language"):
        return outlet.defaults["language"]
    if outlet and len(outlet.languages) == 1:
        return outlet.languages[0]
    letters = _LETTER.findall(text[:2000])
    if not letters:
        return None
    return "ar" if len(_ARABIC_LETTER.findall(text[:2000])) > len(letters) / 2 else "fr"


def _date_hints(layers: list[Layer], link: ArticleLink | None, url_day: str | None) -> list[tuple[str, str]]:
    """(origin, value) publication date candidates, best first: structured, visible, discovery, URL."""
    hints = [(layer, fields["published"]) for layer, fields in layers if fields.get("published")]
    hints += [(layer, fields["published_text"]) for layer, fields in layers if fields.get("published_text")]
    if link and link.published:
        hints.append((f"discovery:{link.source}", link.published.isoformat()))
    if url_day:
        hints.append(("url", url_day))
    unique: dict[str, str] = {}
    for origin, value in hints:
        unique.setdefault(value, origin)
    return [(origin, value) for value, origin in unique.items()]


def _without_title(body: str | None, title: str | None) -> str | None:
    """Generic extractors often repeat the headline as the body's first paragraph: drop it."""
    if body and title:
        first, _, rest = body.lstrip().partition("\n")
        if rest.strip() and " ".join(first.split()) == " ".join(title.split()):
            return rest.lstrip()
    return body


def _build(
    layers: list[Layer],
    url: str,
    outlet: OutletConfig | None,
    link: ArticleLink | None,
    crawled_at: datetime | None,
    parser: str,
) -> Article:
    provenance: dict[str, str] = {}

    byline_layers = _prefer_real_bylines(layers, outlet)

    def take(name: str) -> Any:
        value, layer = _first(byline_layers if name == "byline" else layers, name)
        if layer:
            provenance[_PROVENANCE_NAMES.get(name, name)] = layer
        return value

    title, body = take("title"), _without_title(take("body"), take("title"))
    canonical = take("canonical_url")
    domains = outlet.domains if outlet else (urlsplit(url).hostname or "",)
    if canonical and not same_site(urljoin(url, canonical), domains):
        canonical = None
        provenance.pop("canonical_url", None)
    image_url = take("image")
    published_hints = _date_hints(layers, link, _url_date(outlet, url))
    if published_hints:
        provenance["published_at"] = published_hints[0][0]
    if any(fields.get("updated") for _, fields in layers):
        take("updated")
    published_text, _ = _first(layers, "published_text")
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    return Article(
        url=url,
        canonical_url=urljoin(url, canonical) if canonical else url,
        outlet=outlet.slug if outlet else host,
        outlet_name=outlet.name if outlet else host,
        language=_guess_language(outlet, take("language"), f"{title or ''} {body or ''}"),
        title=title,
        lead=take("lead"),
        body=body,
        byline_raw=take("byline"),
        published_raw=published_text,
        date_hints={
            "published": [value for _, value in published_hints],
            "updated": [fields["updated"] for _, fields in layers if fields.get("updated")],
        },
        section=take("section") or (outlet.defaults.get("section") if outlet else None),
        tags=list(take("tags") or []),
        image={"url": urljoin(url, image_url), "caption": take("image_caption"), "credit": take("image_credit")}
        if image_url
        else None,
        agencies=list(outlet.defaults.get("agencies", [])) if outlet else [],
        source_outlet_raw=take("source_outlet"),
        source_url=take("source_url"),
        crawled_at=crawled_at,
        parser={"name": parser, "version": __version__},
        provenance=provenance,
        problems=[problem for _, fields in layers for problem in fields.get("problems", ())],
    )
