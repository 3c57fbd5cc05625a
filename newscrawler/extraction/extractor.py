"""Build an Article from a page's extraction layers, first hit wins per field, provenance kept.

Layers, best first: JSON-LD, the embedded app state (Next.js, Nuxt, JSON state), meta tags, the outlet's
selectors, the generic layers (headline, author markup, dates near the headline, the URL, the paragraphs),
and Trafilatura for the body only when no layer found one. Dates are ranked: a date-only value gives way
to a value with a time on the same day.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from datetime import date, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from parsel import Selector

from newscrawler import __version__
from newscrawler.discovery.links import ArticleLink
from newscrawler.extraction import embedded, fallback, generic, json_api, jsonld, meta, outlet_selectors
from newscrawler.items import Article
from newscrawler.outlets.registry import OutletConfig, outlet_names
from newscrawler.parsing import archive
from newscrawler.parsing.bylines import parse_byline
from newscrawler.parsing.dates import ParsedDate, parse_date
from newscrawler.parsing.outlet_names import name_key
from newscrawler.parsing.urls import same_site
from newscrawler.timezone import CASABLANCA

Layer = tuple[str, Mapping[str, Any]]
# The layer families ``extract_html(layers=...)`` can switch: the drift test runs without "selectors".
ALL_LAYERS = frozenset({"jsonld", "embedded", "meta", "selectors", "generic", "fallback"})

_LOWER_LAYERS = ("generic:", "fallback:")  # dates: read only when the layers above give no time
_CREDIT_PREFIX = re.compile(r"^\s*(?:par|by|بقلم|بواسطة)(?![^\W\d_])\s*:?\s*", re.IGNORECASE)  # "Par <site>"
_ARABIC_LETTER = re.compile("[\u0600-\u06ff]")
_LETTER = re.compile(r"[^\W\d_]")


def extract_html(
    html: str,
    url: str,
    outlet: OutletConfig | None,
    link: ArticleLink | None = None,
    crawled_at: datetime | None = None,
    selector: Selector | None = None,
    layers: Collection[str] = ALL_LAYERS,
    served_at: datetime | None = None,
) -> Article:
    """An Article from an HTML page; ``outlet`` None means the generic layers only.

    ``layers`` names the layer families to run (default: all); the drift test leaves "selectors" out.
    A web archive's capture (``url`` on web.archive.org) is read as the original page: the playback
    toolbar and archived URLs removed, ``url`` the original, the capture kept in archive_url/archived_at.
    ``served_at``: when the page was served, relative dates count from it (default: crawled_at; a capture's time).
    """
    capture = archive.parse_capture(url)
    if capture is not None:
        unarchived = archive.unarchive_markup(html)
        if unarchived != html:
            html, selector = unarchived, None
        article = extract_html(html, capture.original, outlet, link, crawled_at, selector, layers, capture.archived_at)
        article.archive_url, article.archived_at = url, capture.archived_at
        return article
    selector = selector if selector is not None else Selector(text=html)
    structured: list[Layer] = []
    if "jsonld" in layers:
        structured.append(("jsonld", jsonld.read(selector)))
    if "embedded" in layers:
        structured.append(("embedded", embedded.read(selector, url, outlet.embedded_state if outlet else None)))
    if "meta" in layers:
        structured.append(("meta", meta.read(selector)))
    found = list(structured)
    version = None
    if outlet and "selectors" in layers:
        version = outlet.selectors_for(_page_day(structured, outlet, url, link))
        layer_name = f"selectors@{version.valid_from.isoformat()}" if version else "selectors"
        found.append((layer_name, outlet_selectors.SelectorFields(selector, version, url)))
    if "generic" in layers and hasattr(selector.root, "iter"):
        title = _first(structured, "title")[0] or selector.xpath("normalize-space(//title)").get()
        found += generic.layers(selector.root, url, title, served_at or crawled_at)
    if "fallback" in layers and not any(fields.get("body") for _, fields in found):
        found.append(("fallback:trafilatura", fallback.read(html, url)))
    parser = f"{outlet.slug}@{version.valid_from.isoformat()}" if outlet and version else "generic"
    return _build(found, url, outlet, link, crawled_at, parser, served_at)


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


def _structured(layers: list[Layer]) -> list[Layer]:
    return [(layer, fields) for layer, fields in layers if layer in ("jsonld", "meta")]


def _site_keys(layers: list[Layer], outlet: OutletConfig | None, url: str) -> frozenset[str]:
    """Name keys of the site itself: the outlet's names, og:site_name, the JSON-LD publisher, the host."""
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    names = [host, host.rsplit(".", 1)[0]]
    names += [fields[key] for _, fields in _structured(layers) for key in ("site_name", "publisher") if fields.get(key)]
    keys = {name_key(name) for name in names if name}
    return frozenset({*keys, *outlet_names().keys_of(outlet.slug if outlet else None)} - {""})


def _byline(layers: list[Layer], site_keys: frozenset[str]) -> tuple[str | None, str | None]:
    """(byline, layer): the first byline that is not a credit to the site itself ("Hespress", "Par Le360") nor
    a structured author that is only an outlet's name when a later byline says more (meta «لكم» before the
    printed «لكم - و م ع», which credits MAP too).

    A site credit is kept when no layer has another byline (a credit as printed, "Par EcoActu", before a
    bare registered name), unless it is nothing but the name of a site the registry does not know (the
    byline parser could not tell it is no person): then there is no byline.
    """
    credits = []
    bylines = [(layer, fields["byline"]) for layer, fields in layers if fields.get("byline")]
    for index, (layer, byline) in enumerate(bylines):
        if not _is_site_credit(byline, site_keys) and not _outlet_name_said_better(layer, byline, bylines[index + 1 :]):
            return byline, layer
        credits.append((byline, layer))
    printed = [  # a credit as printed ("Par EcoActu", "الدار - وكالات") before a bare site name
        credit for credit in credits if outlet_names().slug(credit[0]) is None and name_key(credit[0]) not in site_keys
    ]
    if not credits:
        return None, None
    credit = (printed or credits)[0]
    bare = _CREDIT_PREFIX.sub("", credit[0])
    if name_key(bare) in site_keys and outlet_names().slug(bare) is None:
        return None, None
    return credit


def _byline_layers(layers: list[Layer]) -> list[Layer]:
    """Where to look for the byline: not in the generic layers when the outlet's selectors matched the page
    (they found its body): a byline they do not find is absent (a wire story), not missed."""
    if any(layer.startswith("selectors") and fields.get("body") for layer, fields in layers):
        return [(layer, fields) for layer, fields in layers if not layer.startswith("generic:")]
    return layers


def _outlet_name_said_better(layer: str, byline: str, later: list[tuple[str, str]]) -> bool:
    """A JSON-LD or meta author that is only a registered outlet's name (a desk account), where a later layer
    prints that name with more (a wire credit)."""
    if layer not in ("jsonld", "meta") or outlet_names().slug(byline) is None:
        return False
    key = name_key(byline)
    return any(name_key(other) != key and name_key(other).startswith(key) for _, other in later)


def _is_site_credit(byline: str, site_keys: frozenset[str]) -> bool:
    """The byline is the site's name, maybe after "Par" and before a date or desk ("Par Le360 - 12 mai")."""
    key = name_key(_CREDIT_PREFIX.sub("", byline))
    return key in site_keys or any(len(site) >= 4 and key.startswith(site) for site in site_keys)


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


def _date_hints(
    layers: list[Layer], link: ArticleLink | None, url_day: str | None, now: datetime | None
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(published, updated) (origin, value) date candidates, best first: structured, visible, discovery, URL.

    The generic layers are read only when the others give no publication value with a time (and for the
    update date only when they give no publication date at all); a date-only winner gives way to a later
    candidate with a time on the same day (a JSON-LD "2025-03-12" vs a ``<time>`` "2025-03-12T11:45").
    """
    upper = [(layer, fields) for layer, fields in layers if not layer.startswith(_LOWER_LAYERS)]
    lower = [(layer, fields) for layer, fields in layers if layer.startswith(_LOWER_LAYERS)]
    published = _same_day_with_time_first(_candidates(upper, "published", link, url_day), now)
    updated = _candidates(upper, "updated")
    if not published or published[0][2] is None or published[0][2].precision != "minute":
        if not published or published[0][2] is None:
            updated += _candidates(lower, "updated")
        generic_first = [_candidates([layer], "published") for layer in lower]  # generic before Trafilatura
        published = _same_day_with_time_first([*_hints(published), *sum(generic_first, [])], now)
    return _hints(published), _hints(_same_day_with_time_first(updated, now))


def _hints(ranked: list[tuple[str, str, ParsedDate | None]]) -> list[tuple[str, str]]:
    return [(origin, value) for origin, value, _ in ranked]


def _candidates(
    layers: list[Layer], kind: str, link: ArticleLink | None = None, url_day: str | None = None
) -> list[tuple[str, str]]:
    hints = [(layer, fields[kind]) for layer, fields in layers if fields.get(kind)]
    hints += [(layer, fields[f"{kind}_text"]) for layer, fields in layers if fields.get(f"{kind}_text")]
    if link and link.published:
        hints.append((f"discovery:{link.source}", link.published.isoformat()))
    if url_day:
        hints.append(("url", url_day))
    return hints


def _same_day_with_time_first(
    hints: list[tuple[str, str]], now: datetime | None
) -> list[tuple[str, str, ParsedDate | None]]:
    """Unique candidates, parsed; when the first that parses is date-only, a same-day one with a time leads."""
    unique: dict[str, str] = {}
    for origin, value in hints:
        unique.setdefault(value, origin)
    read = [(origin, value, parse_date(value, now)) for value, origin in unique.items()]
    parsed = [hint for hint in read if hint[2] is not None] + [hint for hint in read if hint[2] is None]
    best = parsed[0] if parsed else None
    if best is None or best[2] is None or best[2].precision == "minute":
        return parsed
    day = best[2].value.astimezone(CASABLANCA).date()
    for hint in parsed:
        date_value = hint[2]
        if date_value and date_value.precision == "minute" and date_value.value.astimezone(CASABLANCA).date() == day:
            return [hint, *(other for other in parsed if other is not hint)]
    return parsed


def _agencies(outlet: OutletConfig | None, organizations: list[str]) -> list[str]:
    """The outlet's default agencies, and wire agencies named as JSON-LD author organizations."""
    agencies = list(outlet.defaults.get("agencies", [])) if outlet else []
    for name in organizations:
        agencies += parse_byline(name).agencies
    return list(dict.fromkeys(agencies))


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
    served_at: datetime | None = None,
) -> Article:
    provenance: dict[str, str] = {}

    def take(name: str) -> Any:
        value, layer = _first(layers, name)
        if layer:
            provenance[name] = layer
        return value

    byline, byline_layer = _byline(_byline_layers(layers), _site_keys(layers, outlet, url))
    if byline_layer:
        provenance["byline_raw"] = byline_layer

    title, body = take("title"), _without_title(take("body"), take("title"))
    canonical = take("canonical_url")
    domains = outlet.domains if outlet else (urlsplit(url).hostname or "",)
    if canonical and not same_site(urljoin(url, canonical), domains):
        canonical = None
        provenance.pop("canonical_url", None)
    image_url = take("image")
    published_hints, updated_hints = _date_hints(layers, link, _url_date(outlet, url), served_at or crawled_at)
    if published_hints:
        provenance["published_at"] = published_hints[0][0]
    if updated_hints:
        provenance["updated_at"] = updated_hints[0][0]
    published_text, _ = _first(layers, "published_text")
    organizations = [name for _, fields in _structured(layers) for name in fields.get("author_organizations", ())]
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
        byline_raw=byline,
        published_raw=published_text,
        date_hints={
            "published": [value for _, value in published_hints],
            "updated": [value for _, value in updated_hints],
        },
        section=take("section") or (outlet.defaults.get("section") if outlet else None),
        tags=list(take("tags") or []),
        image={"url": urljoin(url, image_url), "caption": take("image_caption"), "credit": take("image_credit")}
        if image_url
        else None,
        agencies=_agencies(outlet, organizations),
        source_outlet_raw=take("source_outlet"),
        source_url=take("source_url"),
        crawled_at=crawled_at,
        parser={"name": parser, "version": __version__},
        provenance=provenance,
        problems=[problem for _, fields in layers for problem in fields.get("problems", ())],
    )
