"""parse_byline and source_outlet_from_line: the shared corpus and every byline rule."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newscrawler.outlets import outlet_names
from newscrawler.parsing.bylines import Byline, parse_byline, source_outlet_from_line
from newscrawler.parsing.outlet_names import OutletNames

# The registry's names (every outlet's YAML), plus one Moroccan outlet the project does not crawl and the
# Arabic names of two outlets whose YAML files are not written yet (the parser takes names as data).
NAMES = OutletNames.of(
    [
        *outlet_names().names.items(),
        ("le360", ("Le360", "Le 360")),
        ("al3omk", ("العمق", "العمق المغربي")),
        ("eljadida24", ("الجديدة 24",)),
    ]
)


def test_shared_corpus_every_row(byline_corpus):
    failures = []
    for row in byline_corpus:
        got = parse_byline(row["byline"], row["outlet"], NAMES)
        expected = Byline(tuple(row["authors"]), tuple(row["agencies"]))
        if got != expected:
            failures.append(f"{row['byline']!r} (outlet {row['outlet']}): expected {expected}, got {got}")
    assert not failures, "\n".join(failures)


RULES = [
    # prefixes
    ("Par Sami Nemli", None, ["Sami Nemli"], []),
    ("Par : Nadia Lamlili", None, ["Nadia Lamlili"], []),
    ("PAR: Nadia Lamlili", None, ["Nadia Lamlili"], []),
    ("Propos recueillis par Karim Boukhari", None, ["Karim Boukhari"], []),
    ("Entretien réalisé par Hicham Houdaïfa", None, ["Hicham Houdaïfa"], []),
    ("بقلم سعيد بنيس", None, ["سعيد بنيس"], []),
    ("بقلم: سعيد بنيس", None, ["سعيد بنيس"], []),
    ("By ALDAR / Meryem Hafiani", None, ["Meryem Hafiani"], []),
    ("بواسطة يوسف لخضر", None, ["يوسف لخضر"], []),
    ("Auteur/autrice : Sami Nemli", None, ["Sami Nemli"], []),
    ("Paris Hilton", None, ["Paris Hilton"], []),  # "Par" only as a whole word
    ("إعداد: محمد الراجي", None, ["محمد الراجي"], []),
    ("من إعداد: محمد الراجي", None, ["محمد الراجي"], []),
    ("تقرير: سعيد بنيس", None, ["سعيد بنيس"], []),
    ("متابعة: يوسف لخضر", None, ["يوسف لخضر"], []),
    ("متابعة يوسف لخضر", None, ["يوسف لخضر"], []),
    ("كتبه محمد بلقاسم", None, ["محمد بلقاسم"], []),
    ("كتبت: فاطمة الزهراء", None, ["فاطمة الزهراء"], []),
    ("بواسطة: يوسف لخضر", None, ["يوسف لخضر"], []),
    ("مراسل: محمد بنعلي", None, ["محمد بنعلي"], []),  # a named correspondent keeps the name
    # honorifics
    ("بقلم: الدكتور عبد الله بوصوف", None, ["عبد الله بوصوف"], []),
    ("الدكتورة نزهة الوافي", None, ["نزهة الوافي"], []),
    ("د. محمد بنعلي", None, ["محمد بنعلي"], []),
    ("د.محمد بنعلي", None, ["محمد بنعلي"], []),
    ("الأستاذ عبد الرحيم العلام", None, ["عبد الرحيم العلام"], []),
    ("الاستاذة فاطمة الزهراء", None, ["فاطمة الزهراء"], []),
    ("بقلم ذ. محمد بنعلي", None, ["محمد بنعلي"], []),
    ("ذة. سعاد الطاوسي", None, ["سعاد الطاوسي"], []),
    ("Par Dr. Sami Nemli", None, ["Sami Nemli"], []),
    ("Dr Sami Nemli", None, ["Sami Nemli"], []),
    ("Drissi Nemli", None, ["Drissi Nemli"], []),  # "Dr" only as a whole word
    ("ذكرى العلوي", None, ["ذكرى العلوي"], []),  # «ذ.» only with its dot
    # separators
    ("Par Loubna Chafik et Karim Serraj", None, ["Loubna Chafik", "Karim Serraj"], []),
    ("Nadia Lamlili, Omar Brouksy", None, ["Nadia Lamlili", "Omar Brouksy"], []),
    ("Nadia Lamlili & Omar Brouksy", None, ["Nadia Lamlili", "Omar Brouksy"], []),
    ("Nadia Lamlili / Omar Brouksy", None, ["Nadia Lamlili", "Omar Brouksy"], []),
    ("Nadia Lamlili | Omar Brouksy", None, ["Nadia Lamlili", "Omar Brouksy"], []),
    ("سعيد بنيس و يوسف لخضر", None, ["سعيد بنيس", "يوسف لخضر"], []),
    ("Jean-Pierre Tuquoi", None, ["Jean-Pierre Tuquoi"], []),  # a hyphen inside a name is no separator
    ("Sami Nemli - Le360", None, ["Sami Nemli"], []),
    ("هسبريس - يوسف لخضر", "hespress", ["يوسف لخضر"], []),
    ("ALDAR/ Meryem Hafiani", "aldar", ["Meryem Hafiani"], []),
    ("Par Sami Nemli, Sami Nemli", None, ["Sami Nemli"], []),  # no duplicates
    # agencies
    ("MAP", None, [], ["MAP"]),
    ("و م ع", None, [], ["MAP"]),
    ("و.م.ع", None, [], ["MAP"]),
    ("(و م ع)", None, [], ["MAP"]),
    ("Maghreb Arabe Presse", None, [], ["MAP"]),
    ("AFP", None, [], ["AFP"]),
    ("Agence France-Presse", None, [], ["AFP"]),
    ("أ ف ب", None, [], ["AFP"]),
    ("Reuters", None, [], ["Reuters"]),
    ("EFE", None, [], ["EFE"]),
    ("AP", None, [], ["AP"]),
    ("Anadolu", None, [], ["Anadolu"]),
    ("Xinhua", None, [], ["Xinhua"]),
    ("MAP/AFP", None, [], ["MAP", "AFP"]),
    ("AFP, Reuters & EFE", None, [], ["AFP", "Reuters", "EFE"]),
    ("Avec MAP", None, [], ["MAP"]),
    ("avec MAP", None, [], ["MAP"]),
    ("(avec AFP)", None, [], ["AFP"]),
    ("Karim Serraj (avec AFP)", None, ["Karim Serraj"], ["AFP"]),
    ("Source : MAP", None, [], ["MAP"]),
    ("Source: AFP", None, [], ["AFP"]),
    ("Par Rachid Hallaouy, avec MAP", None, ["Rachid Hallaouy"], ["MAP"]),
    ("H24info avec MAP", "h24info", [], ["MAP"]),
    ("Le360 (avec MAP)", "le360", [], ["MAP"]),
    ("2M.ma avec MAP", "2m", [], ["MAP"]),
    # datelines are places, not people
    ("Rabat (MAP)", None, [], ["MAP"]),
    ("الرباط (و م ع)", None, [], ["MAP"]),
    ("New York (AFP)", None, [], ["AFP"]),
    ("الرباط - و م ع", None, [], ["MAP"]),
    ("الرباط (و.م.ع)", None, [], ["MAP"]),
    ("(و.م.ع)", None, [], ["MAP"]),
    ("الدار البيضاء - و.م.ع", None, [], ["MAP"]),
    ("Rabat - MAP", None, [], ["MAP"]),
    ("يوسف لخضر - و م ع", None, ["يوسف لخضر"], ["MAP"]),  # two words before the agency: a person
    ("H.B., MAP", None, ["H.B."], ["MAP"]),
    ("Rabat (MAP) - Par Sami Nemli", None, ["Sami Nemli"], ["MAP"]),
    # staff and outlet credits are neither
    ("La Rédaction", None, [], []),
    ("Par la rédaction", None, [], []),
    ("Rédaction Hespress FR", None, [], []),
    ("Hespress FR", None, [], []),
    ("Hespress", "hespress", [], []),
    ("Le360", "le360", [], []),
    ("Le360 Sport", "le360", [], []),
    ("Yabiladi.com", None, [], []),
    ("avec agences", None, [], []),
    ("هيئة التحرير", None, [], []),
    ("فريق التحرير", None, [], []),
    ("أسرة التحرير", None, [], []),
    ("قسم الأخبار", None, [], []),
    ("قسم الرياضة", None, [], []),
    ("مراسل الموقع", None, [], []),
    ("مراسلة الموقع", None, [], []),
    ("مراسلنا", None, [], []),
    ("مكتب الرباط", None, [], []),
    ("وكالات", None, [], []),
    ("الوكالات", None, [], []),
    ("العمق - وكالات", "al3omk", [], []),
    ("هسبريس - طنجة", "hespress", [], []),
    ("هسبريس - طنجة", None, [], []),
    ("العمق المغربي - الرباط", "al3omk", [], []),
    ("Al3omk - Tanger", "al3omk", [], []),
    ("الجديدة 24 - الجديدة", "eljadida24", [], []),
    ("مراسل الموقع - أزمور", None, [], []),
    ("مراسل الموقع - سيدي بنور", None, [], []),  # a dateline city of two words
    ("سيدي بنور - و م ع", None, [], ["MAP"]),
    ("الدار - وكالات", "aldar", [], []),
    ("admin", None, [], []),
    ("Admin", None, [], []),
    ("editor", None, [], []),
    ("بواسطة admin", None, [], []),
    ("إعداد: فريق التحرير", None, [], []),
    ("Par Sami Nemli et la rédaction", None, ["Sami Nemli"], []),
    ("Par Fatima Ouriaghli, directrice des publications", None, ["Fatima Ouriaghli"], []),
    # credits of the outlets read from their Maghress copies (agadirnet, goagadir, jeunesdumaroc)
    ("Brahim Aït Ouahmane (Correspondant à Taroudant)", None, ["Brahim Aït Ouahmane"], []),
    ("Envoyée spéciale à Dakhla, Nadia Lamrani", None, ["Nadia Lamrani"], []),
    ("Agadirnet", "agadirnet", [], []),
    ("Rédaction GoAgadir", "goagadir", [], []),
    ("Jeunes du Maroc", "jeunesdumaroc", [], []),
    ("Jeunes du Maroc", None, [], []),  # the outlet's name, printed in another outlet's page
    ("Saïd Oubella avec MAP", "agadirnet", ["Saïd Oubella"], ["MAP"]),
    ("Yasmine Alaoui (stagiaire)", "jeunesdumaroc", ["Yasmine Alaoui"], []),
    # trailing dates
    ("Par Meryem Hafiani | Le 12/05/2025 à 10h00", None, ["Meryem Hafiani"], []),
    ("Par Meryem Hafiani, le 3 mai 2025", None, ["Meryem Hafiani"], []),
    ("Par Meryem Hafiani - 12/05/2025", None, ["Meryem Hafiani"], []),
    ("Par Meryem Hafiani | il y a 3 heures", None, ["Meryem Hafiani"], []),
    ("Par Meryem Hafiani | Publié le 12/05/2025", None, ["Meryem Hafiani"], []),
    # initials and punctuation
    ("Par H.B.", None, ["H.B."], []),
    ("Par Sami Nemli.", None, ["Sami Nemli"], []),
    ("«Sami Nemli»", None, ["Sami Nemli"], []),
    # nothing usable
    ("", None, [], []),
    ("   ", None, [], []),
    (None, None, [], []),
    ("12/05/2025", None, [], []),
]


@pytest.mark.parametrize(("text", "outlet", "authors", "agencies"), RULES, ids=[repr(rule[0]) for rule in RULES])
def test_byline_rules(text, outlet, authors, agencies):
    assert parse_byline(text, outlet, NAMES) == Byline(tuple(authors), tuple(agencies))


def test_outlet_parameter_drops_the_pages_own_desks_only():
    assert parse_byline("Le360 Sport", "le360", NAMES).authors == ()
    assert parse_byline("Hespress Sport", "hespress", NAMES).authors == ()
    assert parse_byline("Hespress Sport, Sami Nemli", "le360", NAMES).authors == ("Hespress Sport", "Sami Nemli")
    alm = OutletNames.of([("aujourdhui", ("Aujourd'hui le Maroc", "ALM"))])
    assert parse_byline("Almoktar Benani", "aujourdhui", alm).authors == ("Almoktar Benani",)  # "ALM" is an alias


def test_outlet_names_come_as_data_not_from_a_table():
    """An outlet the parser never heard of is a credit as soon as its names are given ("What was seen" 4)."""
    names = OutletNames.of([("foopress", ("Foo Press", "فو بريس"))])
    assert parse_byline("Foo Press et AFP", "foopress", names) == Byline((), ("AFP",))
    assert parse_byline("Foo Press et AFP", None, names) == Byline((), ("AFP",))
    assert parse_byline("فو بريس - و م ع", None, names) == Byline((), ("MAP",))
    assert parse_byline("Foo Press et AFP") == Byline(("Foo Press",), ("AFP",))  # no names given: a name
    assert source_outlet_from_line("Publié dans Foo Press le 01 - 07 - 2025", names) == "foopress"


def test_every_configured_outlet_name_is_a_credit():
    """Each outlet's YAML name and aliases, and an aggregator's printed source names, are not people."""
    for slug, printed in outlet_names().names.items():
        for name in printed:
            byline = parse_byline(f"{name} et AFP", None, outlet_names())
            assert byline.authors == () and byline.agencies[-1] == "AFP", (slug, name)  # "MAP" is an agency too


def test_non_string_input_gives_an_empty_byline():
    assert parse_byline(["Par Sami Nemli"], 42) == Byline((), ())  # type: ignore[arg-type]


FIRST = ["Sami", "Loubna", "Karim", "Nadia", "Hicham", "Meryem", "Jean-Pierre", "يوسف", "سعيد", "محمد"]
LAST = ["Nemli", "Chafik", "Serraj", "Lamlili", "Houdaïfa", "Hafiani", "El Amrani", "لخضر", "بنيس", "العلوي"]
names = st.builds(lambda first, last: f"{first} {last}", st.sampled_from(FIRST), st.sampled_from(LAST))


@settings(max_examples=300, deadline=None)
@given(
    people=st.lists(names, min_size=1, max_size=3, unique=True),
    prefix=st.sampled_from(["", "Par ", "Par : ", "Propos recueillis par ", "Entretien réalisé par ", "بقلم: "]),
    separator=st.sampled_from([" et ", ", ", " & ", " / ", " | "]),
    agency=st.sampled_from(["", ", avec MAP", " (avec AFP)", " | Source : MAP", " - و م ع"]),
    tail=st.sampled_from(["", " | Le 12/05/2025 à 10h00", ", le 3 mai 2025"]),
)
def test_rendered_bylines_parse_back(people, prefix, separator, agency, tail):
    byline = parse_byline(prefix + separator.join(people) + agency + tail)
    assert byline.authors == tuple(people)
    assert byline.agencies == (("AFP",) if "AFP" in agency else ("MAP",) if agency else ())


@pytest.mark.parametrize(
    ("line", "slug"),
    [
        ("Publié dans Hespress le 01 - 07 - 2025", "hespress"),
        ("Publié dans\nHespress\nle 01 - 07 - 2025", "hespress"),
        ("Publié dans Le360 le 02 - 03 - 2025", "le360"),
        ("Publié dans Eljadida 24 le 01 - 07 - 2025", "eljadida24"),
        ("Publié dans 2M le 01 - 07 - 2025", "2m"),
        ("Publié dans H24 Info le 01 - 07 - 2025", "h24info"),
        ("Publié dans L'opinion le 01 - 07 - 2025", "lopinion"),
        ("Publié dans La Vie éco le 01 - 07 - 2025", "lavieeco"),
        ("Publié dans MAP le 01 - 07 - 2025", "mapexpress"),
        ("publié dans Lions De l'Atlas", "lionsdelatlas"),
        ("نشر في هسبريس يوم 01 - 07 - 2025", "hespress"),
        ("Publié dans Le Monde le 01 - 07 - 2025", None),
        ("Hespress", None),  # not an attribution line: names.slug reads bare names
        ("", None),
    ],
)
def test_source_outlet_from_line(line, slug):
    assert source_outlet_from_line(line, NAMES) == slug
