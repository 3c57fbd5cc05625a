"""Bylines as French and Arabic news sites print them -> authors (people) and agencies (wire services).

Staff credits ("La rédaction", «فريق التحرير», «مراسل الموقع»), CMS accounts ("admin") and outlet names
("Hespress FR", «هسبريس - طنجة» with its dateline city) are neither; the outlet names are given as data
(``OutletNames``, built by the outlet registry). Trailing dates, prefixes ("Par", «إعداد:»), honorifics
(«الدكتور», «ذ.») and datelines ("Rabat (MAP)", «الرباط - و م ع») are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newscrawler.parsing.outlet_names import OutletNames, name_key

__all__ = ["Byline", "parse_byline", "source_outlet_from_line"]


@dataclass(frozen=True)
class Byline:
    authors: tuple[str, ...]
    agencies: tuple[str, ...]


_AGENCY_NAMES = {
    "MAP": (
        "MAP",
        "Maghreb Arabe Presse",
        "Agence Maghreb Arabe Presse",
        "MAP Express",
        "و م ع",
        "وكالة المغرب العربي للأنباء",
        "لاماب",
    ),
    "AFP": ("AFP", "Agence France-Presse", "Agence France Presse", "أ ف ب", "فرانس برس", "وكالة فرانس برس"),
    "Reuters": ("Reuters", "Agence Reuters", "رويترز", "وكالة رويترز"),
    "EFE": ("EFE", "Agence EFE", "إفي", "وكالة إفي"),
    "AP": ("AP", "Associated Press", "أسوشيتد برس"),
    "Anadolu": ("Anadolu", "Agence Anadolu", "Anadolu Agency", "AA", "الأناضول", "وكالة الأناضول"),
    "Xinhua": ("Xinhua", "Agence Xinhua", "شينخوا", "وكالة شينخوا"),
}
_AGENCIES = {name_key(alias): agency for agency, aliases in _AGENCY_NAMES.items() for alias in aliases}

# Credits that name the newsroom, not a person.
_STAFF = frozenset(
    name_key(credit)
    for credit in (
        "Rédaction",
        "La rédaction",
        "L'équipe",
        "Équipe",
        "Staff",
        "Admin",
        "Administrateur",
        "Webmaster",
        "Editor",
        "Agences",
        "Avec agences",
        "Agence",
        "Le Desk",
        "Correspondant",
        "Notre correspondant",
        "التحرير",
        "هيئة التحرير",
        "فريق التحرير",
        "أسرة التحرير",
        "المحرر",
        "محرر الموقع",
        "وكالات",
        "الوكالات",
        "مراسلنا",
    )
)
_STAFF_PREFIXES = tuple(name_key(p) for p in ("La rédaction", "Rédaction", "De notre correspondant", "هيئة التحرير"))
# First words of desk and correspondent credits: «قسم الأخبار», «مراسل الموقع», «مكتب الرباط»,
# "(Correspondant à Taroudant)", "(Envoyée spéciale à Dakhla)" beside a name.
_STAFF_HEADS = frozenset(
    name_key(word)
    for word in (
        "قسم",
        "مراسل",
        "مراسلة",
        "مكتب",
        "فريق",
        "هيئة",
        "أسرة",
        "Correspondant",
        "Correspondante",
        "Envoyé",
        "Envoyée",
    )
)

# Abbreviations written with spaces or dots, rewritten before splitting ("و م ع" holds the Arabic "and").
_SPACED_AGENCIES = (
    (re.compile(r"(?<![^\W\d_])و(?:\s*\.\s*|\s+)م(?:\s*\.\s*|\s+)ع\b\.?"), "MAP"),
    (re.compile(r"(?<![^\W\d_])[اأ](?:\s*\.\s*|\s+)ف(?:\s*\.\s*|\s+)ب\b\.?"), "AFP"),
    (re.compile(r"\bM\.\s?A\.\s?P\.?(?!\w)"), "MAP"),
    (re.compile(r"\bA\.\s?F\.\s?P\.?(?!\w)"), "AFP"),
)
# A trailing publication date: "| Le 12/05/2025 à 10h00", ", le 3 mai 2025", " - il y a 3 heures".
_DATE_TAIL = re.compile(
    r"\s*(?:[|•·,]|\s[-–—])\s*(?:(?:publi[ée]e?|mis\s+[àa]\s+jour|mise\s+[àa]\s+jour)\s+)?(?:le\s+)?"
    r"(?:\d{1,2}\s*[/.-]|\d{1,2}(?:er)?\s+[^\W\d_]+\.?,?\s+\d{4}|il\s+y\s+a\s|hier\b|aujourd|منذ\s|قبل\s).*$",
    re.IGNORECASE | re.DOTALL,
)
# A dateline before a parenthesised agency: "Rabat (MAP)", "الرباط (و م ع)", "New York (AFP)".
_DATELINE = re.compile(r"^\s*(?P<place>[^\W\d_][^()|,/]{0,30}?)\s*\((?P<agency>[^()]{1,40})\)")
_MULTIWORD_PLACES = frozenset(
    name_key(place)
    for place in (
        "El Jadida",
        "New York",
        "Le Caire",
        "La Haye",
        "Addis Abeba",
        "Sidi Bennour",
        "Beni Mellal",
        "Sidi Kacem",
        "Sidi Slimane",
        "Sidi Ifni",
        "Ksar El Kebir",
        "الدار البيضاء",
        "سيدي بنور",
        "بني ملال",
        "سيدي قاسم",
        "سيدي سليمان",
        "سيدي إفني",
        "القصر الكبير",
        "الفقيه بن صالح",
        "قلعة السراغنة",
        "وادي زم",
    )
)
_SEPARATORS = re.compile(r"\s+(?:et|and|avec|with|&|و)\s+|\s*[,;&/|•·()]\s*|\s+[-–—]\s*|\s*[-–—]\s+", re.IGNORECASE)
_PREFIX = re.compile(
    r"^(?:propos\s+recueillis\s+par|entretien\s+r[ée]alis[ée]\s+par|interview\s+r[ée]alis[ée]e?\s+par"
    r"|r[ée]alis[ée]e?\s+par|[ée]crit\s+par|r[ée]dig[ée]\s+par|auteur|autrice|par|by|avec|with|sources?"
    r"|cr[ée]dits?|بقلم|بواسطة|كتب[هت]?|(?:من\s+)?[إا]عداد|تقرير|متابعة|ترجمة|حاوره|الكاتب|المصدر"
    r"|مراسلة?(?=\s*[:：]))(?![^\W\d_])\s*[:：-]?\s*",
    re.IGNORECASE,
)
# Titles before a name: «الدكتور», «الأستاذة», their abbreviations «د.», «ذ.», «ذة.», and "Dr".
_HONORIFIC = re.compile(
    r"^(?:(?:الدكتور|ال[أا]ستاذ)ة?(?![^\W\d_])|(?:[دذ]ة?|Dr|Pr)\s*\.|Dr(?![^\W\d_]))\s*", re.IGNORECASE
)
_EDGE_PUNCTUATION = " \t\n:;,-–—'\"«»“”()[]*"
_FINAL_DOT = re.compile(r"(?<=[^\W\d_]{2})\.+$")  # "Nemli." -> "Nemli", but "H.B." stays
_MAX_NAME_WORDS = 6


def _canonical_agencies(text: str) -> str:
    for pattern, agency in _SPACED_AGENCIES:
        text = pattern.sub(f" {agency} ", text)
    return text


def _drop_dateline(text: str) -> str:
    match = _DATELINE.match(text)
    if not match or name_key(match["agency"]) not in _AGENCIES:
        return text
    place = match["place"].strip()
    if " " in place and name_key(place) not in _MULTIWORD_PLACES:
        return text  # "Karim Serraj (avec AFP)": a person, not a place
    return f"{match['agency']} {text[match.end() :]}"


_NO_NAMES = OutletNames()


def _is_credit(piece: str, key: str, names: OutletNames, own_keys: tuple[str, ...]) -> bool:
    """Staff credits and outlet names: any known outlet, the page's own outlet and its desks ("Le360 Sport")."""
    return (
        key in _STAFF
        or key.startswith(_STAFF_PREFIXES)
        or name_key(piece.split(" ", 1)[0]) in _STAFF_HEADS
        or names.slug(piece) is not None
        or key in own_keys
        or name_key(piece.rsplit(" ", 1)[0]) in own_keys
    )


def _is_dateline_place(piece: str, beside_credit: bool) -> bool:
    """A city printed after the outlet's credit («هسبريس - طنجة») or before an agency («الرباط - و م ع»)."""
    if not beside_credit or not all(word.isalpha() for word in piece.split()):
        return False
    return " " not in piece or name_key(piece) in _MULTIWORD_PLACES


def _looks_like_name(piece: str) -> bool:
    """No digits, starts with a capital (Latin script) or a letter, at most a few words."""
    first = piece[0]
    if any(char.isdigit() for char in piece) or not first.isalpha() or first.islower():
        return False
    return len(piece.split()) <= _MAX_NAME_WORDS


def _pieces(text: str) -> list[str]:
    pieces = []
    for piece in _SEPARATORS.split(text):
        previous = None
        while piece != previous:  # "Par : ...", "Source: ...", "avec ..." may stack
            piece = _FINAL_DOT.sub("", piece.strip(_EDGE_PUNCTUATION))
            previous, piece = piece, _HONORIFIC.sub("", _PREFIX.sub("", piece))
        piece = " ".join(piece.split())
        if piece:
            pieces.append(piece)
    return pieces


def parse_byline(text: str | None, outlet: str | None = None, names: OutletNames = _NO_NAMES) -> Byline:
    """Authors and agencies of a printed byline. Never raises.

    ``outlet`` is the page's outlet slug; ``names`` the outlet names that are credits, not people.
    """
    if not isinstance(text, str):
        return Byline((), ())
    text = _drop_dateline(_canonical_agencies(" ".join(text.split())))
    text = _DATE_TAIL.sub("", text)
    own_keys = names.keys_of(outlet if isinstance(outlet, str) else None)
    authors: list[str] = []
    agencies: list[str] = []
    pieces = _pieces(text)
    after_credit = False
    for index, piece in enumerate(pieces):
        key = name_key(piece)
        agency = _AGENCIES.get(key)
        credit = not agency and bool(key) and _is_credit(piece, key, names, own_keys)
        before_agency = name_key(pieces[index + 1]) in _AGENCIES if index + 1 < len(pieces) else False
        if agency:
            agencies.append(agency)
        elif not credit and key and not _is_dateline_place(piece, after_credit or before_agency):
            if _looks_like_name(piece):
                authors.append(piece)
        after_credit = credit
    return Byline(tuple(dict.fromkeys(authors)), tuple(dict.fromkeys(agencies)))


# Maghress' attribution line: "Publié dans Hespress le 01 - 07 - 2025", "نشر في هسبريس يوم 01 - 07 - 2025".
_SOURCE_LINE = re.compile(
    r"(?:publi[ée]e?\s+dans|نشر\s+في)\s+(?P<name>.+?)\s*(?:(?:\s(?:le|يوم|في)\s+)?\d{1,2}\s*[-/.]|$)",
    re.IGNORECASE | re.DOTALL,
)


def source_outlet_from_line(text: str, names: OutletNames) -> str | None:
    """The slug of the source outlet named by a Maghress attribution line, None when unknown."""
    if not isinstance(text, str):
        return None
    match = _SOURCE_LINE.search(" ".join(text.split()))
    return names.slug(match["name"]) if match else None
