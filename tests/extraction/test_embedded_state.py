"""The embedded-state layer: the article a JavaScript app ships in its page (Next.js, Nuxt, JSON app state)."""

from __future__ import annotations

import json

import pytest
from parsel import Selector
from recorded_sites import REPLAY_NOW, run_cli

from newscrawler.extraction import embedded
from newscrawler.extraction.extractor import ALL_LAYERS, extract_html

URL = "https://news.example/fr/economie/la-bourse-progresse_a812?articleId=5f0c9a2e-77aa"
BODY_HTML = (
    "<p>La Bourse de Casablanca a terminé la semaine en hausse de 2,1 %, portée par les valeurs bancaires.</p>"
    "<h2>Les banques en tête</h2><p>Attijariwafa bank et BCP ont gagné plus de 3 % chacune, dans un marché "
    "où les volumes ont doublé par rapport à la semaine précédente.</p>"
    "<figure><img src='/b.jpg'><figcaption>La salle des marchés</figcaption></figure>"
    "<p>Les analystes attendent la publication des résultats annuels pour confirmer la tendance.</p>"
)
BODY_TEXT = (
    "La Bourse de Casablanca a terminé la semaine en hausse de 2,1 %, portée par les valeurs bancaires.\n\n"
    "Les banques en tête\n\nAttijariwafa bank et BCP ont gagné plus de 3 % chacune, dans un marché où les "
    "volumes ont doublé par rapport à la semaine précédente.\n\n"
    "Les analystes attendent la publication des résultats annuels pour confirmer la tendance."
)
ARTICLE = {
    "id": "5f0c9a2e-77aa",
    "slug": "la-bourse-progresse",
    "title": "La Bourse progresse de 2,1 % sur la semaine",
    "excerpt": "<p>Les valeurs bancaires ont porté le marché.</p>",
    "content": BODY_HTML,
    "publishedAt": "2025-03-14T16:40:00.000Z",
    "updatedAt": "2025-03-15T09:05:00.000Z",
    "authors": [
        {"id": 7, "fullName": "Nadia Bennani", "createdAt": "2019-01-01T00:00:00Z"},
        {"id": 9, "firstName": "Karim", "lastName": "Serraj"},
    ],
    "category": {"name": "Economie", "slug": "economie", "updatedAt": "2024-01-01T00:00:00Z"},
    "tags": [{"name": "Bourse"}, {"name": "Banques"}],
    "image": {"url": "https://news.example/img/bourse.jpg", "caption": "La Bourse de Casablanca", "credit": "MAP"},
}
# A related article in the same state: a longer body and a later date, never to be taken for the page's article.
RELATED = {
    "id": "aa11",
    "slug": "le-dirham-recule",
    "title": "Le dirham recule face à l'euro",
    "content": "<p>" + "Un article voisin, plus long que celui de la page. " * 20 + "</p>",
    "publishedAt": "2025-03-16T08:00:00.000Z",
}
SHELL = '<!DOCTYPE html><html lang="fr"><head><title>News</title></head><body><div id="__next"><div class="skeleton"></div></div>{scripts}</body></html>'


def next_page(state: dict) -> str:
    script = f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(state)}</script>'
    return SHELL.format(scripts=script)


def next_state(article: dict = ARTICLE) -> dict:
    return {
        "props": {"pageProps": {"article": article, "related": [RELATED]}},
        "page": "/[...slug]",
        "isFallback": False,
    }


def read(page: str, url: str = URL, spec: dict | None = None) -> dict:
    return embedded.read(Selector(text=page), url, spec)


def test_nextjs_app_shell_gives_the_full_article_with_provenance_embedded():
    article = extract_html(next_page(next_state()), URL, None)
    assert article.title == "La Bourse progresse de 2,1 % sur la semaine"
    assert article.lead == "Les valeurs bancaires ont porté le marché."
    assert article.body == BODY_TEXT  # cleaned as every body: figures left out, one paragraph per block
    assert article.byline_raw == "Nadia Bennani, Karim Serraj"
    assert article.date_hints == {"published": ["2025-03-14T16:40:00.000Z"], "updated": ["2025-03-15T09:05:00.000Z"]}
    assert article.section == "Economie" and article.tags == ["Bourse", "Banques"]
    assert article.image == {
        "url": "https://news.example/img/bourse.jpg",
        "caption": "La Bourse de Casablanca",
        "credit": "MAP",
    }
    fields = ("title", "lead", "body", "byline_raw", "published_at", "updated_at", "section", "tags", "image")
    assert {article.provenance[name] for name in fields} == {"embedded"}


def test_the_article_naming_the_page_wins_over_a_longer_related_one():
    state = next_state()
    assert read(next_page(state))["title"] == ARTICLE["title"]
    # Without a value naming the page, the longest dated body wins: the related article here.
    assert read(next_page(state), url="https://news.example/autre-page")["title"] == RELATED["title"]


def test_jsonld_outranks_embedded_state_which_outranks_meta():
    page = next_page(next_state()).replace(
        "<title>",
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Titre JSON-LD"}</script>'
        '<meta property="og:title" content="Titre OG"><meta property="og:description" content="Chapeau OG"><title>',
    )
    article = extract_html(page, URL, None)
    assert (article.title, article.provenance["title"]) == ("Titre JSON-LD", "jsonld")
    assert (article.lead, article.provenance["lead"]) == ("Les valeurs bancaires ont porté le marché.", "embedded")
    without = extract_html(page, URL, None, layers=ALL_LAYERS - {"embedded"})
    assert (without.lead, without.body) == ("Chapeau OG", None)  # the app shell alone holds no body


def test_nuxt_object_literal_is_read():
    script = (
        "<script>window.__NUXT__={layout:'default',data:[{article:{slug:'la-bourse-progresse',"
        f"title:'La Bourse progresse de 2,1 % sur la semaine',body:{json.dumps(BODY_HTML)},"
        "published_at:1741970400000,author:{name:'Nadia Bennani'},}}],state:{user:undefined}};</script>"
    )
    fields = read(SHELL.format(scripts=script))
    assert fields["title"] == "La Bourse progresse de 2,1 % sur la semaine"
    assert fields["body"] == BODY_TEXT
    assert fields["published"] == "2025-03-14T16:40:00+00:00"  # epoch milliseconds, in UTC
    assert fields["byline"] == "Nadia Bennani"


def test_nuxt_state_built_by_a_function_is_counted_not_guessed():
    script = "<script>window.__NUXT__=(function(a,b){return {data:[{title:a,body:b}]}}('T','B'));</script>"
    assert read(SHELL.format(scripts=script)) == {"problems": ["embedded_state_script"]}


def test_json_parse_initial_state_and_a_json_script_are_read():
    encoded = json.dumps(json.dumps({"article": {"entities": {"a812": ARTICLE}}}))
    script = f"<script>window.__INITIAL_STATE__ = JSON.parse({encoded});</script>"
    assert read(SHELL.format(scripts=script))["byline"] == "Nadia Bennani, Karim Serraj"
    data = f'<script type="application/json" data-state="app">{json.dumps({"story": ARTICLE})}</script>'
    assert read(SHELL.format(scripts=data))["section"] == "Economie"


def test_apollo_references_are_resolved():
    state = {
        "Article:5f0c9a2e-77aa": {**ARTICLE, "authors": [{"__ref": "Author:7"}], "category": {"__ref": "Category:2"}},
        "Author:7": {"__typename": "Author", "name": "Nadia Bennani"},
        "Category:2": {"__typename": "Category", "name": "Economie"},
    }
    script = f"<script>window.__APOLLO_STATE__={json.dumps(state)};</script>"
    fields = read(SHELL.format(scripts=script))
    assert (fields["byline"], fields["section"]) == ("Nadia Bennani", "Economie")


def test_a_listing_state_of_teasers_holds_no_article():
    teasers = [{"title": f"Titre {n}", "excerpt": "Court résumé.", "publishedAt": "2025-03-14"} for n in range(20)]
    assert read(next_page({"props": {"pageProps": {"items": teasers}}})) == {}


def test_outlet_paths_name_the_object_and_its_fields():
    state = {"props": {"pageProps": {"data": {"node": {**ARTICLE, "title": None, "seo": {"h1": "Titre SEO"}}}}}}
    spec = {"root": "props.pageProps.data.node", "fields": {"title": "seo.h1", "byline": "authors.0"}}
    fields = read(next_page(state), spec=spec)
    assert (fields["title"], fields["byline"]) == ("Titre SEO", "Nadia Bennani")
    assert read(next_page(state), spec={"root": "props.pageProps.nothing"}) == {}


@pytest.mark.parametrize(
    ("script", "problem"),
    [
        (
            '<script id="__NEXT_DATA__" type="application/json">{"props": {"pageProps": {"article": </script>',
            "embedded_state_broken",
        ),
        (
            '<script id="__NEXT_DATA__" type="application/json">' + "[" * 100_000 + "]" * 100_000 + "</script>",
            "embedded_state_too_deep",
        ),
        ("<script>window.__INITIAL_STATE__ = {article: {title: 'x', body: </script>", "embedded_state_broken"),
        ("<script>window.__INITIAL_STATE__ = JSON.parse('{\"a\": 1}');</script>", "embedded_state_broken"),
    ],
    ids=["truncated-json", "too-deep", "broken-literal", "single-quoted-json-parse"],
)
def test_unreadable_state_is_counted_and_the_page_still_extracts(script, problem):
    page = SHELL.format(scripts=script).replace(
        '<div class="skeleton"></div>', "<h1>Titre visible</h1><div class='story'><p>Un paragraphe visible.</p></div>"
    )
    article = extract_html(page, URL, None)
    assert article.problems == [problem]
    assert article.title == "Titre visible" and article.body == "Un paragraphe visible."


def test_too_large_state_is_skipped(monkeypatch):
    monkeypatch.setattr(embedded, "MAX_STATE_CHARS", 1000)
    assert read(next_page(next_state())) == {"problems": ["embedded_state_too_large"]}
    monkeypatch.undo()
    monkeypatch.setattr(embedded, "MAX_NODES", 3)
    assert read(next_page(next_state()))["problems"] == ["embedded_state_too_large"]


def test_extract_command_prints_the_article_of_a_nextjs_app_shell(tmp_path):
    page = tmp_path / "app-shell.html"
    page.write_text(next_page(next_state()), encoding="utf-8")
    result = run_cli("-m", "newscrawler", "extract", str(page), "--url", URL, "--now", REPLAY_NOW)
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    assert printed["title"] == ARTICLE["title"] and printed["body"] == BODY_TEXT
    assert [author["name"] for author in printed["authors"]] == ["Nadia Bennani", "Karim Serraj"]
    assert printed["published_at"].startswith("2025-03-14T16:40:00")
    assert printed["provenance"]["body"] == "embedded"
