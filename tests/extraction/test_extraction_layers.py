"""Extraction layers: first hit wins per field, provenance names the layer, lower layers rescue a redesign."""

from pathlib import Path

import pytest
from parsel import Selector

from newscrawler.extraction.extractor import extract_html, extract_json
from newscrawler.extraction.jsonld import find_article
from newscrawler.outlets import load_outlets

REPO = Path(__file__).resolve().parents[2]
MAGHRESS_PAGE = REPO / "tests" / "sites" / "maghress" / "pages" / "albayane-211548.html"
MAGHRESS_URL = "https://www.maghress.com/fr/albayane/211548"

JSONLD_PAGE = """<html lang="fr"><head>
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
  {"@type": "WebPage", "name": "page"},
  {"@type": ["NewsArticle"], "headline": "Titre JSON-LD", "datePublished": "2025-10-01T08:00:00+01:00",
   "author": [{"@type": "Person", "name": "Loubna Chafik"}, {"@type": "Person", "name": "Karim Serraj"}],
   "articleSection": ["Economie"], "keywords": "Maroc, Bourse", "image": {"@type": "ImageObject", "url": "https://x.ma/i.jpg"},
   "mainEntityOfPage": {"@id": "https://x.ma/titre.html"}}]}</script>
<script type="application/ld+json">{ broken json </script>
<meta property="og:title" content="Titre OG"><meta property="article:published_time" content="2025-10-02T08:00:00+01:00">
<meta property="og:description" content="Le chapeau.">
</head><body><h1>Titre visible</h1><div class="content"><p>Premier paragraphe.</p><p>Second paragraphe.</p></div></body></html>"""


def maghress():
    return load_outlets()["maghress"]


def test_jsonld_in_graph_wins_over_meta_and_keeps_provenance():
    article = extract_html(JSONLD_PAGE, "https://x.ma/titre.html?utm_source=x", None)
    assert article.title == "Titre JSON-LD" and article.provenance["title"] == "jsonld"
    assert article.lead == "Le chapeau." and article.provenance["lead"] == "meta"
    assert article.byline_raw == "Loubna Chafik, Karim Serraj"
    assert article.section == "Economie" and article.tags == ["Maroc", "Bourse"]
    assert article.date_hints["published"][:2] == ["2025-10-01T08:00:00+01:00", "2025-10-02T08:00:00+01:00"]
    assert article.canonical_url == "https://x.ma/titre.html"
    assert article.image["url"] == "https://x.ma/i.jpg"
    assert article.language == "fr"


def test_unknown_domain_uses_generic_layers():
    article = extract_html(JSONLD_PAGE, "https://x.ma/titre.html", None)
    assert article.outlet == "x.ma" and article.parser["name"] == "generic"
    assert article.body == "Premier paragraphe.\n\nSecond paragraphe."
    assert article.provenance["body"] == "generic:text"


def test_trafilatura_reads_the_body_only_when_no_layer_found_paragraphs():
    page = (
        "<html><body><h1>Titre</h1><div class='story'>" + "Une longue ligne de texte.<br>" * 30 + "</div></body></html>"
    )
    article = extract_html(page, "https://x.ma/titre.html", None)
    assert article.provenance["body"] == "fallback:trafilatura"
    assert "Une longue ligne de texte." in article.body


def test_outlet_selectors_fill_what_structured_layers_lack():
    article = extract_html(MAGHRESS_PAGE.read_text(encoding="utf-8"), MAGHRESS_URL, maghress())
    assert article.body.startswith("La Bourse de Casablanca a entamé")
    assert article.provenance["body"] == "selectors@2018-01-01"
    assert article.source_outlet_raw == "Albayane"
    assert article.source_url.startswith("https://albayane.press.ma/")
    assert article.published_raw == "Publié dans Albayane le 02 - 03 - 2025"


def test_redesigned_page_still_yields_an_article_through_lower_layers():
    html = MAGHRESS_PAGE.read_text(encoding="utf-8")
    redesigned = (
        html.replace('class="articletitle"', 'class="headline-v2"')
        .replace('class="articlecontent"', 'class="story-text"')
        .replace('class="articlenewspaper"', 'class="source-line"')
    )
    article = extract_html(redesigned, MAGHRESS_URL, maghress())
    assert article.title == "La Bourse de Casablanca démarre en baisse"
    assert article.provenance["title"] == "meta"
    assert article.provenance["body"] == "generic:text"
    assert "reculant de 0,31%" in article.body


def test_broken_html_does_not_crash():
    article = extract_html("<html><body><p>Unclosed <b>bold <div>text", "https://www.maghress.com/fr/x/1", maghress())
    assert article.title is None


@pytest.mark.parametrize(
    "script", ['{"@type": "Article", "headline": "T\x01"}', '[{"@type": "Report", "headline": "T"}]']
)
def test_jsonld_with_control_characters_or_lists(script):
    page = Selector(text=f'<script type="application/ld+json">{script}</script>')
    assert find_article(page)["headline"].startswith("T")


def test_json_api_layer():
    api = {
        "url_pattern": "x",
        "url": "x",
        "root": "response.article.0",
        "fields": {"title": "title", "body": "content", "image": "image", "tags": "tags"},
    }
    outlet = load_outlets()["maghress"]
    outlet = outlet.__class__(**{**outlet.__dict__, "article_api": api})
    body = '{"response": {"article": [{"title": "T", "content": "<p>Un.</p><p>Deux.</p>", "image": ["https://i/1.jpg"], "tags": ["a", "b"]}]}}'
    article = extract_json(body, "https://www.maghress.com/fr/x/1", outlet)
    assert (article.title, article.body, article.image["url"], article.tags) == (
        "T",
        "Un.\n\nDeux.",
        "https://i/1.jpg",
        ["a", "b"],
    )
    assert article.provenance["title"] == "api"
    assert extract_json("not json", "https://www.maghress.com/fr/x/1", outlet).title is None


def test_site_name_suffix_is_stripped_from_meta_titles():
    page = (
        '<html><head><meta property="og:title" content="Le titre | MAP Express">'
        '<meta property="og:site_name" content="MAP Express"></head><body><p>x</p></body></html>'
    )
    assert extract_html(page, "https://x.ma/a", None).title == "Le titre"


def test_yoast_id_references_and_regional_language_codes():
    page = """<script type="application/ld+json">{"@graph": [
      {"@type": "Article", "headline": "T", "inLanguage": "fr-FR", "image": {"@id": "https://x.ma/a#primaryimage"}},
      {"@type": "ImageObject", "@id": "https://x.ma/a#primaryimage", "url": "https://x.ma/i.jpg", "caption": "Légende"}]}</script>"""
    article = extract_html(page, "https://x.ma/a", None)
    assert article.language == "fr"
    assert article.image == {"url": "https://x.ma/i.jpg", "caption": "Légende", "credit": None}


def test_a_site_wide_meta_author_does_not_hide_the_printed_byline():
    html = MAGHRESS_PAGE.read_text(encoding="utf-8").replace("<head>", '<head><meta name="author" content="Maghress">')
    article = extract_html(html, MAGHRESS_URL, maghress())
    assert article.byline_raw == "MAP"
    assert article.provenance["byline_raw"] == "selectors@2018-01-01"


def test_a_meta_author_that_is_an_outlets_name_does_not_hide_a_printed_wire_credit():
    # The original Lakome's meta author is the brand «لكم», which the registry gives to `lakome` (lakome2.com),
    # not to lakome_archive; its printed credit «لكم - و م ع» names MAP as well.
    page = REPO / "tests" / "sites" / "lakome_archive" / "pages" / "ar-societe-8790.html"
    url = "http://www.lakome.com/index.php/societe/8790-diplomes-chomeurs-rabat"
    article = extract_html(page.read_text(encoding="utf-8"), url, load_outlets()["lakome_archive"])
    assert article.byline_raw == "لكم - و م ع"
    assert article.provenance["byline_raw"] == "selectors@2010-01-01"
