"""OutletNames (names given as data) and the registry's names: each outlet's YAML and an aggregator's menu."""

from __future__ import annotations

import pytest

from newscrawler.outlets import load_outlets, outlet_names
from newscrawler.parsing.outlet_names import OutletNames

NAMES = outlet_names()


def test_every_maghress_source_maps_to_its_own_outlet():
    menu = load_outlets()["maghress"].aggregates
    slugs = [NAMES.slug(name) for name in menu]
    assert slugs == list(menu.values())
    assert len(set(slugs)) == len(menu) == 31
    assert "maghress" not in slugs


@pytest.mark.parametrize("slug", sorted(load_outlets()))
def test_slug_display_name_and_aliases_map_back(slug):
    outlet = load_outlets()[slug]
    for name in (slug, outlet.name, *outlet.aliases):
        assert NAMES.slug(name) == slug, name


def test_no_python_table_only_the_registry():
    """Names exist only for what the YAML files say (the registry is the one source)."""
    assert set(NAMES.names) == set(load_outlets()) | {
        slug for outlet in load_outlets().values() for slug in outlet.aggregates.values()
    }
    assert OutletNames().slug("Hespress") is None


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Hespress", "hespress"),
        ("Hespress FR", "hespress"),
        ("هسبريس", "hespress"),
        ("H24 Info", "h24info"),
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
        ("Finances news", "financesnews"),
        ("Lions De l'Atlas", "lionsdelatlas"),
        ("Le Soir Echos", "lesoirechos"),
        ("Le Soir Échos", "lesoirechos"),
        ("Le temps", "letemps"),
        ("La Gazette du Maroc", "lagazettedumaroc"),
        ("MAP", "mapexpress"),
        ("2M", "2m"),
        ("Maghress", "maghress"),
        ("مغرس", "maghress"),
        ("Yabiladi", "yabiladi"),
        ("Yabiladi.com", "yabiladi"),
        ("albayane.press.ma", "albayane"),
    ],
)
def test_outlet_slug(name, slug):
    assert NAMES.slug(name) == slug


@pytest.mark.parametrize("name", ["Le Monde", "", "   ", "Hespress Sport Plus", "Sami Nemli"])
def test_unknown_names(name):
    assert NAMES.slug(name) is None


def test_names_given_as_data():
    names = OutletNames.of([("le360", ("Le360", "Le 360")), ("le360", ("Le360 Sport",))])
    assert names.slug("Le360.ma") == "le360"
    assert names.slug("le 360") == "le360"
    assert names.keys_of("le360") == ("le360", "le360sport")
    assert names.keys_of(None) == ()
