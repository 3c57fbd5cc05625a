"""The outlet table and outlet_slug."""

from __future__ import annotations

import pytest

from newscrawler.parsing.outlet_names import MAGHRESS_SOURCES, OUTLETS, outlet_slug

EXPECTED_SLUGS = {
    "hespress",
    "le360",
    "h24info",
    "lavieeco",
    "yabiladi",
    "mapexpress",
    "2m",
    "barlamane",
    "leseco",
    "lopinion",
    "lobservateur",
    "albayane",
    "aujourdhui",
    "al3omk",
    "aldar",
    "challenge",
    "ecoactu",
    "eljadida24",
    "fnh",
    "goagadir",
    "agadirnet",
    "infomagazine",
    "jeunesdumaroc",
    "lakome",
    "lesoir",
    "letemps",
    "lionsdelatlas",
    "maghrebobservateur",
    "marocdiplomatique",
    "tanjanews",
    "lagazette",
    "panorapost",
    "maghress",
}


def test_the_table_holds_exactly_the_project_outlets():
    assert set(OUTLETS) == EXPECTED_SLUGS


def test_every_maghress_source_maps_to_its_own_outlet():
    slugs = [outlet_slug(name) for name in MAGHRESS_SOURCES]
    assert None not in slugs, dict(zip(MAGHRESS_SOURCES, slugs, strict=True))
    assert len(set(slugs)) == len(MAGHRESS_SOURCES) == 31
    assert "maghress" not in slugs and "le360" not in slugs


@pytest.mark.parametrize("slug", sorted(EXPECTED_SLUGS))
def test_slug_display_name_and_aliases_map_back(slug):
    outlet = OUTLETS[slug]
    assert outlet.slug == slug
    for name in (slug, outlet.name, *outlet.aliases):
        assert outlet_slug(name) == slug, name


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Hespress", "hespress"),
        ("Hespress FR", "hespress"),
        ("هسبريس", "hespress"),
        ("H24 Info", "h24info"),
        ("H24info", "h24info"),
        ("La Vie éco", "lavieeco"),
        ("LA VIE ECO", "lavieeco"),
        ("  la   vie  éco ", "lavieeco"),
        ("Les ECO", "leseco"),
        ("L'opinion", "lopinion"),
        ("L’Opinion", "lopinion"),
        ("l opinion", "lopinion"),
        ("L'observateur du Maroc", "lobservateur"),
        ("Aujourd'hui le Maroc", "aujourdhui"),
        ("Eljadida 24", "eljadida24"),
        ("Finances news", "fnh"),
        ("Lions De l'Atlas", "lionsdelatlas"),
        ("Le Soir Echos", "lesoir"),
        ("Le Soir Échos", "lesoir"),
        ("Le temps", "letemps"),
        ("La Gazette du Maroc", "lagazette"),
        ("MAP", "mapexpress"),
        ("2M", "2m"),
        ("Maghress", "maghress"),
        ("مغرس", "maghress"),
        ("Yabiladi", "yabiladi"),
        ("Yabiladi.com", "yabiladi"),
        ("Le360.ma", "le360"),
        ("albayane.press.ma", "albayane"),
        ("maroc-diplomatique.net", "marocdiplomatique"),
    ],
)
def test_outlet_slug(name, slug):
    assert outlet_slug(name) == slug


@pytest.mark.parametrize("name", ["Le Monde", "", "   ", "Hespress Sport Plus", "Sami Nemli"])
def test_unknown_names(name):
    assert outlet_slug(name) is None
