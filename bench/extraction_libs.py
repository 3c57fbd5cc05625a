"""Our hand-written extraction pieces against the kept libraries: speed per page and correctness.

Usage: ``python bench/extraction_libs.py [--mirror DIR] [--rounds 3]``. Pages: the recorded article pages
(``tests/sites/*/expected``, checked against their expected articles) and, with ``--mirror``, the article
pages of a benchmark mirror made by ``bench/make_site.py`` (speed only, and agreement between the two).

1. JSON-LD + OpenGraph: ``extraction.jsonld`` + ``extraction.meta`` vs ``extruct`` (json-ld, opengraph).
2. Dates without the outlet's selectors: the generic layers vs ``htmldate.find_date`` (right day, right
   minute against the expected article).
3. Mojibake: ``parsing.text.fix_mojibake`` vs ``ftfy.fix_text`` on every expected title and body, broken
   the two usual ways (UTF-8 read as CP1252 / Latin-1) and left clean (a repair must not touch them).
4. HTML to text of the body element: ``extraction.select.paragraphs`` vs ``html_text.extract_text``.
5. A whole article page, pages/s on one core (one process, one thread): ours (``ArticlePage.extract``:
   decode, HTML parse, every layer, the Article, with the outlet's config; what one extraction worker
   does per page) vs Trafilatura (``bare_extraction`` with metadata) and jusText (body paragraphs only,
   French or Arabic stop list), the installed peer extractors; on the recorded pages, how many give the
   expected title and >= 90 % of the expected body's words.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO)]

from lxml import html as lxml_html  # noqa: E402
from parsel import Selector  # noqa: E402

from newscrawler.drift import RECORDED_SITES, REPLAY_NOW, body_recall, extract_generic  # noqa: E402
from newscrawler.extraction import jsonld, meta  # noqa: E402
from newscrawler.extraction.select import paragraphs  # noqa: E402
from newscrawler.outlets import load_outlets  # noqa: E402
from newscrawler.parsing.text import _MOJIBAKE_HINT, fix_mojibake  # noqa: E402
from newscrawler.timezone import CASABLANCA, to_utc  # noqa: E402


def recorded_pages() -> list[tuple[str, str, bytes, dict]]:
    """(slug, url, html, expected article) of every recorded HTML article page."""
    pages = []
    for path in sorted(RECORDED_SITES.glob("*/expected/*.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        page = path.parent.parent / case["page"]
        if page.suffix == ".html":
            pages.append((path.parent.parent.name, case["url"], page.read_bytes(), case["article"]))
    return pages


def mirror_pages(root: Path | None, limit: int = 300) -> list[tuple[str, bytes]]:
    if root is None:
        return []
    files = sorted(p for p in (root / "site").rglob("*.html") if b"<h1" in p.read_bytes()[:200_000])[:limit]
    return [(f"https://{p.relative_to(root / 'site').as_posix()}", p.read_bytes()) for p in files]


def per_page_ms(function: Callable, items: list, rounds: int) -> float:
    """Best of ``rounds`` mean milliseconds per item."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for item in items:
            function(item)
        best = min(best, (time.perf_counter() - start) / max(len(items), 1))
    return best * 1000


def _article_object(data: dict) -> dict | None:
    for item in data.get("json-ld", []):
        for obj in item.get("@graph", [item]) if isinstance(item, dict) else []:
            types = obj.get("@type") if isinstance(obj, dict) else None
            types = types if isinstance(types, list) else [types]
            if any(t in jsonld.ARTICLE_TYPES for t in types if isinstance(t, str)):
                return obj
    return None


def structured_data(pages: list, mirror: list, rounds: int) -> None:
    import extruct

    trees = [lxml_html.fromstring(html) for _, _, html, _ in pages] + [lxml_html.fromstring(h) for _, h in mirror]
    selectors = [Selector(root=tree, type="html") for tree in trees]

    def ours(selector: Selector) -> tuple:
        fields = {**meta.read(selector), **jsonld.read(selector)}
        return fields.get("title"), fields.get("published")

    def theirs(tree) -> tuple:
        data = extruct.extract(tree, syntaxes=["json-ld", "opengraph"], uniform=True)
        article = _article_object(data) or {}
        og = (data.get("opengraph") or [{}])[0]
        return article.get("headline") or og.get("og:title"), article.get("datePublished") or og.get(
            "article:published_time"
        )

    from extruct.jsonld import JsonLdExtractor
    from extruct.opengraph import OpenGraphExtractor

    agree = sum(ours(s)[1] == theirs(t)[1] for s, t in zip(selectors, trees, strict=True))
    same_article = sum(
        (jsonld.find_article(s) or {}).get("headline")
        == (_article_object({"json-ld": JsonLdExtractor().extract_items(t)}) or {}).get("headline")
        for s, t in zip(selectors, trees, strict=True)
    )
    print("1. JSON-LD + OpenGraph (tree already parsed)")
    print(
        f"   all fields: ours (jsonld.read + meta.read) {per_page_ms(ours, selectors, rounds):.3f} ms/page;"
        f" extruct json-ld + opengraph (fewer fields) {per_page_ms(theirs, trees, rounds):.3f} ms/page"
    )
    print(
        f"   JSON-LD article: ours {per_page_ms(jsonld.find_article, selectors, rounds):.3f} ms/page;"
        f" extruct {per_page_ms(lambda t: JsonLdExtractor().extract_items(t), trees, rounds):.3f} ms/page;"
        f" same article on {same_article}/{len(trees)} pages"
    )
    print(
        f"   meta tags: ours (all meta, one pass) {per_page_ms(meta._meta_tags, selectors, rounds):.3f} ms/page;"
        f" extruct opengraph {per_page_ms(lambda t: [*OpenGraphExtractor().extract_items(t)], trees, rounds):.3f}"
        " ms/page"
    )
    print(f"   same publication value on {agree}/{len(trees)} pages")


def dates(pages: list, mirror: list, rounds: int) -> None:
    import htmldate

    from newscrawler.extraction import generic_dates
    from newscrawler.extraction.page_map import PageMap

    ours_day = ours_minute = theirs_day = theirs_minute = 0
    for slug, url, html, expected in pages:
        want = datetime.fromisoformat(expected["published_at"]).astimezone(CASABLANCA)
        got = extract_generic(html, url, slug).published_at.astimezone(CASABLANCA)
        ours_day += got.date() == want.date()
        ours_minute += got == want
        found = htmldate.find_date(html.decode("utf-8"), url=url, original_date=True, outputformat="%Y-%m-%d %H:%M")
        theirs_day += bool(found) and found[:10] == want.date().isoformat()
        theirs_minute += bool(found) and found == want.strftime("%Y-%m-%d %H:%M")
    now = to_utc(REPLAY_NOW)
    items = [(lxml_html.fromstring(html), url) for _, url, html, _ in pages]
    items += [(lxml_html.fromstring(html), url) for url, html in mirror]

    def ours(item) -> tuple:
        page = PageMap(item[0])
        machine, printed = generic_dates.machine_dates(page), generic_dates.printed_dates(page, now)
        return machine, printed, generic_dates.url_date(item[1])

    print("2. Dates, outlet selectors off (recorded pages: right day / right minute)")
    print(f"   ours (JSON-LD, meta, generic layers) {ours_day}/{len(pages)} / {ours_minute}/{len(pages)}")
    print(f"   htmldate (original_date)             {theirs_day}/{len(pages)} / {theirs_minute}/{len(pages)}")
    ms_ours = per_page_ms(ours, items, rounds)
    ms_theirs = per_page_ms(lambda item: htmldate.find_date(item[0], url=item[1], original_date=True), items, rounds)
    print(f"   generic date layer alone {ms_ours:.2f} ms/page; htmldate {ms_theirs:.2f} ms/page (tree parsed)")


def _hand_written_repair(text: str) -> str:
    """The repair the project had before ftfy (kept here only to reproduce the comparison)."""
    if not _MOJIBAKE_HINT.search(text):
        return text
    for codec in ("cp1252", "latin-1"):
        try:
            return text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return text


def mojibake(pages: list, rounds: int) -> None:
    import ftfy

    texts = [t for _, _, _, a in pages for t in (a.get("title"), a.get("body")) if t]
    kinds = {
        "UTF-8 read as CP1252/Latin-1": lambda t: [t.encode("utf-8").decode(c) for c in ("cp1252", "latin-1")],
        "double encoded": lambda t: [t.encode("utf-8").decode("cp1252").encode("utf-8").decode("cp1252")],
        "broken half of a text": lambda t: [t[: len(t) // 2] + t[len(t) // 2 :].encode("utf-8").decode("cp1252")],
    }
    fixes = (
        ("hand-written (before)", _hand_written_repair),
        ("ours: hint + ftfy", fix_mojibake),
        ("ftfy.fix_text", ftfy.fix_text),
        ("ftfy.fix_encoding", ftfy.fix_encoding),
    )
    print(f"3. Mojibake: titles and bodies of the recorded pages (fr + ar), {len(texts)} texts")
    for kind, breaker in kinds.items():
        broken = []
        for text in texts:
            try:
                broken += [(bad, text) for bad in breaker(text)]
            except UnicodeError:
                continue
        cells = ", ".join(f"{name} {sum(fix(bad) == good for bad, good in broken)}" for name, fix in fixes)
        print(f"   {kind} ({len(broken)}): repaired by {cells}")
    cells = ", ".join(f"{name} {sum(fix(text) == text for text in texts)}" for name, fix in fixes)
    print(f"   clean texts left as they are ({len(texts)}): {cells}")
    cells = ", ".join(f"{name} {per_page_ms(fix, texts, rounds):.4f}" for name, fix in fixes)
    print(f"   ms per clean text: {cells}")


def html_to_text(pages: list, rounds: int) -> None:
    import html_text

    outlets = load_outlets()
    cases = []
    for slug, _url, html, expected in pages:
        version = outlets[slug].selectors_for(None)
        spec = version.fields.get("body") if version else None
        if spec:
            cases.append((Selector(text=html.decode("utf-8")), spec, version.fields.get("body_exclude", ()), expected))

    def theirs(case) -> str:
        selector, spec, _, _ = case
        for alternative in spec if isinstance(spec, list) else [spec]:
            alternative = alternative["select"] if isinstance(alternative, dict) else alternative
            nodes = selector.xpath(alternative) if alternative.startswith("/") else selector.css(alternative)
            if nodes:
                return "\n\n".join(html_text.extract_text(node.root) for node in nodes)
        return ""

    ours_ok = sum(body_recall(c[3]["body"], paragraphs(c[0], c[1], c[2])) >= 0.9 for c in cases)
    theirs_ok = sum(body_recall(c[3]["body"], theirs(c)) >= 0.9 for c in cases)
    ours_exact = sum(
        " ".join((paragraphs(c[0], c[1], c[2]) or "").split()) == " ".join(c[3]["body"].split()) for c in cases
    )
    theirs_exact = sum(" ".join(theirs(c).split()) == " ".join(c[3]["body"].split()) for c in cases)
    print(f"4. HTML to text of the body element ({len(cases)} recorded pages; >= 90 % words / same words)")
    ms_ours = per_page_ms(lambda c: paragraphs(c[0], c[1], c[2]), cases, rounds)
    ms_theirs = per_page_ms(theirs, cases, rounds)
    print(f"   ours      {ours_ok}/{len(cases)} / {ours_exact}/{len(cases)}, {ms_ours:.3f} ms/page")
    print(f"   html-text {theirs_ok}/{len(cases)} / {theirs_exact}/{len(cases)}, {ms_theirs:.3f} ms/page")


def whole_pages(pages: list, mirror_root: Path | None, mirror: list, rounds: int) -> None:
    import justext
    import trafilatura
    from scrapy.http import HtmlResponse

    from newscrawler.extraction.page import ArticlePage
    from newscrawler.outlets.registry import outlet_for_url

    now = to_utc(REPLAY_NOW)
    outlets = load_outlets()
    recorded = [(outlets[slug], url, html, expected) for slug, url, html, expected in pages]
    configs = mirror_root / "spiders_config" if mirror_root else None
    mirrored = [(outlet_for_url(url, configs), url, html, None) for url, html in mirror]
    stoplists = {name: justext.get_stoplist(name) for name in ("French", "Arabic")}

    def ours(case) -> tuple[str | None, str | None]:
        outlet, url, html, _ = case
        article = ArticlePage(url, html, "utf-8", HtmlResponse, None, now).extract(outlet)
        return article.title, article.body

    def trafilatura_page(case) -> tuple[str | None, str | None]:
        document = trafilatura.bare_extraction(case[2].decode("utf-8"), url=case[1], with_metadata=True)
        document = document.as_dict() if document is not None and not isinstance(document, dict) else document
        return (document.get("title"), document.get("text")) if document else (None, None)

    def justext_page(case) -> tuple[str | None, str | None]:
        html = case[2]
        stoplist = stoplists["Arabic" if b'lang="ar' in html[:2000] else "French"]
        body = "\n\n".join(p.text for p in justext.justext(html, stoplist) if not p.is_boilerplate)
        return None, body

    def right(answer: tuple[str | None, str | None], expected: dict, title: bool) -> bool:
        same_title = not title or " ".join((answer[0] or "").split()) == " ".join(expected["title"].split())
        return same_title and body_recall(expected["body"], answer[1]) >= 0.9

    print(f"5. Whole article page, one core ({len(recorded)} recorded pages, {len(mirrored)} mirror pages)")
    for name, function, title in (
        ("ours", ours, True),
        ("trafilatura", trafilatura_page, True),
        ("jusText", justext_page, False),
    ):
        ok = sum(right(function(case), case[3], title) for case in recorded)
        what = "title + body" if title else "body only"
        speed = 1000 / per_page_ms(function, recorded, rounds)
        cells = [f"recorded {ok}/{len(recorded)} right ({what}), {speed:,.0f} pages/s"]
        if mirrored:
            cells.append(f"mirror {1000 / per_page_ms(function, mirrored, rounds):,.0f} pages/s")
        print(f"   {name:<11} " + "; ".join(cells))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror", type=Path, help="a mirror made by bench/make_site.py (more pages for speed)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    pages = recorded_pages()
    mirror = mirror_pages(args.mirror)
    print(f"{len(pages)} recorded article pages, {len(mirror)} mirror pages; times: best of {args.rounds} rounds")
    structured_data(pages, mirror, args.rounds)
    dates(pages, mirror, args.rounds)
    mojibake(pages, args.rounds)
    html_to_text(pages, args.rounds)
    whole_pages(pages, args.mirror, mirror, args.rounds)
    print(f"load average at the end: {', '.join(f'{load:.2f}' for load in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
