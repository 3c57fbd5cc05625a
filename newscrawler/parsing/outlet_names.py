"""The Moroccan outlets by slug, with the names they are printed under, and ``outlet_slug``."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["Outlet", "OUTLETS", "MAGHRESS_SOURCES", "name_key", "outlet_slug"]


@dataclass(frozen=True)
class Outlet:
    slug: str
    name: str  # display name
    aliases: tuple[str, ...] = ()  # other spellings: short forms, editions, Arabic name


_TABLE = (
    Outlet("hespress", "Hespress", ("Hespress FR", "Hespress Français", "Hespress English", "هسبريس")),
    Outlet("le360", "Le360", ("Le 360",)),
    Outlet("h24info", "H24 Info", ("H24info", "H24")),
    Outlet("lavieeco", "La Vie éco", ("La Vie économique",)),
    Outlet("yabiladi", "Yabiladi", ("يابلادي",)),
    Outlet("mapexpress", "MAP", ("MAP Express", "Maghreb Arabe Presse", "MAP News")),
    Outlet("2m", "2M", ("2M TV", "دوزيم")),
    Outlet("barlamane", "Barlamane", ("برلمان.كوم",)),
    Outlet("leseco", "Les ECO", ("Les Inspirations ÉCO",)),
    Outlet("lopinion", "L'opinion", ()),
    Outlet("lobservateur", "L'observateur du Maroc", ("L'observateur", "L'Observateur du Maroc et d'Afrique")),
    Outlet("albayane", "Albayane", ("Al Bayane",)),
    Outlet("aujourdhui", "Aujourd'hui le Maroc", ("ALM",)),
    Outlet("al3omk", "Al3omk", ("العمق", "العمق المغربي")),
    Outlet("aldar", "Aldar", ("الدار",)),
    Outlet("challenge", "Challenge", ()),
    Outlet("ecoactu", "EcoActu", ()),
    Outlet("eljadida24", "Eljadida 24", ("الجديدة 24",)),
    Outlet("fnh", "Finances news", ("Finances News Hebdo", "FNH")),
    Outlet("goagadir", "GoAgadir", ()),
    Outlet("agadirnet", "Agadirnet", ()),
    Outlet("infomagazine", "InfoMagazine", ()),
    Outlet("jeunesdumaroc", "Jeunes du Maroc", ()),
    Outlet("lakome", "Lakome", ("Lakome2", "لكم")),
    Outlet("lesoir", "Le Soir Echos", ("Le Soir Échos",)),
    Outlet("letemps", "Le temps", ()),
    Outlet("lionsdelatlas", "Lions De l'Atlas", ()),
    Outlet("maghrebobservateur", "Maghreb Observateur", ()),
    Outlet("marocdiplomatique", "Maroc Diplomatique", ()),
    Outlet("tanjanews", "TanjaNews", ("طنجة نيوز",)),
    Outlet("lagazette", "La Gazette du Maroc", ()),
    Outlet("panorapost", "PanoraPost", ()),
    Outlet("maghress", "Maghress", ("مغرس",)),
)

OUTLETS: dict[str, Outlet] = {outlet.slug: outlet for outlet in _TABLE}

# The "source" menu of Maghress' French edition, verbatim and in its order (research/maghress_seed_page.txt).
MAGHRESS_SOURCES = (
    "2M",
    "Agadirnet",
    "Al3omk",
    "Albayane",
    "Aldar",
    "Aujourd'hui le Maroc",
    "Barlamane",
    "Challenge",
    "EcoActu",
    "Eljadida 24",
    "Finances news",
    "GoAgadir",
    "H24 Info",
    "Hespress",
    "InfoMagazine",
    "Jeunes du Maroc",
    "La Vie éco",
    "Lakome",
    "Le Soir Echos",
    "Le temps",
    "Les ECO",
    "Lions De l'Atlas",
    "L'observateur du Maroc",
    "L'opinion",
    "Maghreb Observateur",
    "MAP",
    "Maroc Diplomatique",
    "TanjaNews",
    "La Gazette du Maroc",
    "PanoraPost",
    "Yabiladi",
)

# Combining marks: Latin accents and Arabic short vowels, hamza/madda marks (after NFKD), tatweel.
_MARKS = re.compile(r"[\u0300-\u036f\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06ed]")
_NON_WORD = re.compile(r"[\W_]+")


def name_key(name: str) -> str:
    """Case-, accent-, hamza-, space- and punctuation-insensitive key: "L'Opinion" -> "lopinion"."""
    folded = _MARKS.sub("", unicodedata.normalize("NFKD", name)).casefold().replace("ى", "ي")
    return _NON_WORD.sub("", folded)


def _index(outlets: tuple[Outlet, ...]) -> dict[str, str]:
    index: dict[str, str] = {}
    for outlet in outlets:
        for name in (outlet.slug, outlet.name, *outlet.aliases):
            index.setdefault(name_key(name), outlet.slug)
    return index


_BY_KEY = _index(_TABLE)

# Printed forms around a name: an edition ("Hespress FR") or a domain ("Le360.ma", "maroc-diplomatique.net").
_DECORATION = re.compile(r"\s+(?:fr|ar|en)$|\.(?:press\.ma|ma|com|net|info|org)$", re.IGNORECASE)


def outlet_slug(name: str) -> str | None:
    """The slug of an outlet printed as ``name`` ("Hespress FR", "Le360.ma"), None when unknown."""
    if not isinstance(name, str):
        return None
    name = name.strip()
    return _BY_KEY.get(name_key(name)) or _BY_KEY.get(name_key(_DECORATION.sub("", name)))
