"""Publication dates as French and Arabic news sites print them -> aware UTC datetimes.

A fast path reads the known shapes (ISO 8601, RFC 822, relative forms, day-month-year with French,
Arabic, Moroccan and Mashreq month names, numeric day-first dates, times before or after the date);
dateparser is only the fallback. Local time is Africa/Casablanca (``newscrawler.timezone``).
Date-only values are midnight Casablanca time in UTC, with precision "date".
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from newscrawler.timezone import CASABLANCA, UTC, now_utc, to_utc

__all__ = ["ParsedDate", "parse_date", "pick_date"]


@dataclass(frozen=True, slots=True)
class ParsedDate:
    value: datetime  # aware, UTC
    raw: str  # the input text
    precision: str  # "minute" or "date"
    method: str  # "iso", "rfc822", "fast", "relative", "dateparser"


# (UTC value or None for an impossible date, precision); a step returns None when its shape is absent.
_Hit = tuple[datetime | None, str]

EARLIEST = datetime(1990, 1, 1, tzinfo=CASABLANCA).astimezone(UTC)
FUTURE_TOLERANCE = timedelta(days=1)
_FALLBACK_MAX_CHARS = 200
_YEARS = range(1900, 3000)  # outside: impossible for a news page, and safe from datetime overflow

# --- normalisation -----------------------------------------------------------------------------
_CHAR_MAP = str.maketrans(
    {
        **{chr(0x0660 + i): str(i) for i in range(10)},  # Eastern Arabic digits
        **{chr(0x06F0 + i): str(i) for i in range(10)},  # Persian digits
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
        **dict.fromkeys("\u2018\u2019\u02bc\u00b4`", "'"),
        "\u060c": ",",  # Arabic comma
        "\u0649": "\u064a",  # alef maksura -> yeh
        **dict.fromkeys("\u0640\u200b\u200c\u200d\u200e\u200f\u061c\ufeff"),  # tatweel, invisible marks
    }
)
_MARKS = re.compile(r"[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_DIGITS_ONLY = str.maketrans({chr(base + i): str(i) for base in (0x0660, 0x06F0) for i in range(10)})


def _normalize(text: str) -> str:
    """Lower case, ASCII digits, no accents, no Arabic vowel or hamza marks ("أبريل" -> "ابريل")."""
    text = text.translate(_CHAR_MAP)
    if not text.isascii():
        text = _MARKS.sub("", unicodedata.normalize("NFKD", text))
    return text.casefold().strip()


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))


# --- vocabulary --------------------------------------------------------------------------------
_MONTH_NAMES = {  # French, English (RSS), standard Arabic, Moroccan, Mashreq, Levantine, Algerian/Tunisian
    1: ("janvier", "janv", "jan", "january", "يناير", "كانون الثاني", "جانفي"),
    2: ("février", "févr", "fév", "fev", "feb", "february", "فبراير", "شباط", "فيفري"),
    3: ("mars", "mar", "march", "مارس", "آذار"),
    4: ("avril", "avr", "apr", "april", "أبريل", "إبريل", "نيسان", "أفريل"),
    5: ("mai", "may", "ماي", "مايو", "أيار"),
    6: ("juin", "jun", "june", "يونيو", "يونيه", "حزيران", "جوان"),
    7: ("juillet", "juil", "juill", "jul", "july", "يوليوز", "يوليو", "يوليه", "تموز", "جويلية"),
    8: ("août", "aou", "aug", "august", "غشت", "أغسطس", "آب", "أوت"),
    9: ("septembre", "sept", "sep", "september", "شتنبر", "سبتمبر", "أيلول"),
    10: ("octobre", "oct", "october", "أكتوبر", "تشرين الأول"),
    11: ("novembre", "nov", "november", "نونبر", "نوفمبر", "تشرين الثاني"),
    12: ("décembre", "déc", "dec", "december", "دجنبر", "ديسمبر", "كانون الأول"),
}
_MONTHS = {_normalize(name): number for number, names in _MONTH_NAMES.items() for name in names}
_MONTH = _alternation(_MONTHS)

_WEEKDAYS = _alternation(
    _normalize(word)
    for word in (
        "lundi mardi mercredi jeudi vendredi samedi dimanche lun mar mer jeu ven sam dim "
        "mon tue wed thu fri sat sun الإثنين الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت الأحد"
    ).split()
)

_RELATIVE_UNITS = {  # normalised unit word -> (unit, implied count)
    **dict.fromkeys(("s", "sec", "secs", "seconde", "secondes", "ثانية", "ثوان", "ثواني"), ("seconds", 1)),
    **dict.fromkeys(("m", "mn", "min", "mins", "minute", "minutes", "دقيقة", "دقائق"), ("minutes", 1)),
    **dict.fromkeys(("h", "hr", "hrs", "heure", "heures", "ساعة", "ساعات"), ("hours", 1)),
    **dict.fromkeys(("j", "jour", "jours", "يوم", "أيام"), ("days", 1)),
    **dict.fromkeys(("sem", "semaine", "semaines", "أسبوع", "أسابيع"), ("weeks", 1)),
    **dict.fromkeys(("mois", "شهر", "أشهر", "شهور"), ("months", 1)),
    **dict.fromkeys(("an", "ans", "année", "années", "سنة", "سنوات", "عام", "أعوام"), ("years", 1)),
    # Arabic duals: "منذ ساعتين" = two hours ago.
    **dict.fromkeys(("دقيقتين", "دقيقتان"), ("minutes", 2)),
    **dict.fromkeys(("ساعتين", "ساعتان"), ("hours", 2)),
    **dict.fromkeys(("يومين", "يومان"), ("days", 2)),
    **dict.fromkeys(("أسبوعين", "أسبوعان"), ("weeks", 2)),
    **dict.fromkeys(("شهرين", "شهران"), ("months", 2)),
    **dict.fromkeys(("سنتين", "عامين"), ("years", 2)),
}
_UNITS = {_normalize(word): value for word, value in _RELATIVE_UNITS.items()}
_DAY_WORDS = {  # normalised word -> days back
    **dict.fromkeys(("aujourd'hui", "aujourdhui", "اليوم"), 0),
    **dict.fromkeys(("hier", "أمس", "البارحة"), 1),
    **dict.fromkeys(("avant-hier", "avant hier"), 2),
}
_DAYS_BACK = {_normalize(word): days for word, days in _DAY_WORDS.items()}
_NOW_WORDS = _alternation(_normalize(w) for w in ("à l'instant", "a l'instant", "maintenant", "الآن", "منذ لحظات"))

# --- patterns ----------------------------------------------------------------------------------
_ARABIC_AM_PM = ("صباحا", "ص", "مساء", "مساءا", "م")
_TIME = (
    r"(?<![0-9])(?P<hour>[0-9]{1,2})\s*(?:[:h]\s*(?P<minute>[0-9]{2})(?![0-9])(?:\s*:\s*(?P<second>[0-9]{2})(?![0-9]))?"
    r"|h(?![^\W\d_]))"
    r"(?:\s*(?P<ampm>a\.?m\.?|p\.?m\.?|" + _alternation(_normalize(w) for w in _ARABIC_AM_PM) + r")(?![^\W\d_]))?"
)
_AT = _alternation(_normalize(word) for word in ("a", "at", "vers", "على", "على الساعة", "الساعة"))
# A time right after the date ("... 2025 à 17h05", "... 2025 - 07:30", "...T08:00"), maybe in GMT/UTC.
_TIME_AFTER = re.compile(
    rf"(?:t|[\s,|@-]*(?:(?:{_AT})\s*)?)"
    + _TIME
    + r"(?:\s*(?P<zone>gmt|utc)\s*(?P<offset>[+-][0-9]{1,2}(?::?[0-9]{2})?)?(?![^\W\d_]))?"
)
# A time right before the date ("14:20 - 5 mai 2025", "09:10 - mardi 3 octobre 2025").
_TIME_BEFORE_WINDOW = 40  # characters before the date where a leading time may start
_TIME_BEFORE = re.compile(_TIME + rf"[\s,|@-]*(?:le\s+)?(?:(?:{_WEEKDAYS})\.?,?\s*)?$")

# Day-first dates. The leading look-ahead lets the regex engine jump from digit to digit.
_DATE = re.compile(
    r"(?=[0-9])(?<![0-9])(?:"
    # 5 mai 2025, 1er mars 2025, 20, Mar 2018, 9 sept. 2025, 4 نونبر 2025
    rf"(?P<d1>[0-9]{{1,2}})(?:er|ere|eme|e)?\.?,?\s*(?P<m1>{_MONTH})(?![^\W\d_])\.?,?\s*(?P<y1>[0-9]{{4}})(?![0-9])"
    # 05/06/2025, 15 - 09 - 2025, 12.05.2025, 16/03/18
    r"|(?P<d2>[0-9]{1,2})\s*(?P<sep2>[/.-])\s*(?P<m2>[0-9]{1,2})\s*(?P=sep2)\s*(?P<y2>[0-9]{4}|(?<=/)[0-9]{2})(?![0-9])"
    # 2025/10/01, 2025-10-01 (inside other text)
    r"|(?P<y3>[0-9]{4})(?P<sep3>[/.-])(?P<m3>[0-9]{1,2})(?P=sep3)(?P<d3>[0-9]{1,2})(?![0-9])"
    r")"
)
# Month-first dates ("November 4, 2025", "mai 5, 2025"), read when no day-first date is present.
_MONTH_FIRST = re.compile(
    rf"(?<![^\W\d_])(?P<month>{_MONTH})\.?\s+(?P<day>[0-9]{{1,2}})(?:er|st|nd|rd|th)?,?\s+(?P<year>[0-9]{{4}})(?![0-9])"
)
_ISO = re.compile(
    r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})"
    r"(?:[t ](?P<hour>[0-9]{2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2})(?:[.,][0-9]+)?)?"
    r"\s*(?P<offset>z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?"
)
_RFC_ZONES = {
    "z": 0,
    "ut": 0,
    "utc": 0,
    "gmt": 0,
    "est": -5,
    "edt": -4,
    "cst": -6,
    "cdt": -5,
    "mst": -7,
    "mdt": -6,
    "pst": -8,
    "pdt": -7,
}
_RFC822 = re.compile(
    r"(?:[^\W\d_]{2,9}\.?,\s*)?(?P<day>[0-9]{1,2})\s+(?P<month>[^\W\d_]+)\.?\s+(?P<year>[0-9]{4})\s+"
    r"(?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2}))?\s*"
    rf"(?P<zone>[+-][0-9]{{4}}|{_alternation(_RFC_ZONES)})"
)
_PREFIX = _alternation(
    _normalize(word)
    for word in (
        "publié",
        "publié le",
        "mis à jour",
        "mis à jour le",
        "mise à jour",
        "modifié le",
        "نشر",
        "نشر في",
        "آخر تحديث",
        "تحديث",
    )
)
_RELATIVE = re.compile(
    rf"(?:(?:{_PREFIX})\s*:?\s*)?(?:"
    rf"(?:il y a|depuis)\s*(?P<n>[0-9]{{1,4}}|une?)?\s*(?P<unit>{_alternation(_UNITS)})\.?"
    rf"|(?:منذ|قبل)\s*(?P<arn>[0-9]{{1,4}})?\s*(?P<arunit>{_alternation(_UNITS)})"
    rf"|(?P<now>{_NOW_WORDS})"
    rf"|(?P<day>{_alternation(_DAYS_BACK)})(?:\s*,?\s*(?:(?:{_AT})\s*)?{_TIME})?"
    r")[\s.)]*"
)
# When the fast path found nothing, dateparser is tried only on text that may hold a date.
_RELATIVE_HINTS = ("hier", "aujourd", "instant", "أمس", "البارحة", "اليوم", "الآن", "منذ", "قبل")
_WORTH_FALLBACK = re.compile(r"[0-9]|" + _alternation(_normalize(w) for w in _RELATIVE_HINTS))


# --- building values ---------------------------------------------------------------------------
_MIDNIGHT = time()


def _local(day: date, clock: time | None) -> _Hit:
    """A Casablanca wall-clock date (and time) as a UTC hit."""
    if clock is None:
        return datetime.combine(day, _MIDNIGHT, CASABLANCA).astimezone(UTC), "date"
    return datetime.combine(day, clock, CASABLANCA).astimezone(UTC), "minute"


def _calendar_date(year: int, month: int, day: int) -> date | None:
    """The date, or None when it does not exist (31 février) or lies outside the years handled."""
    if year not in _YEARS:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _clock(match: re.Match[str]) -> time | None:
    """The time of a ``_TIME`` match, None when it is not a real time of day."""
    hour, minute, second = int(match["hour"]), int(match["minute"] or 0), int(match["second"] or 0)
    ampm = match["ampm"]
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm[0] in "pم" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second)


def _offset(text: str) -> timezone | None:
    """``+01:00``, ``+0100``, ``-03``, ``+1`` or ``z`` as a fixed offset; None when out of range."""
    if text == "z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
    if hours > 14 or minutes > 59:
        return None
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


# --- the fast-path steps -----------------------------------------------------------------------
def _iso(text: str, now: datetime) -> _Hit | None:
    match = _ISO.fullmatch(text)
    if not match:
        return None
    day = _calendar_date(int(match["year"]), int(match["month"]), int(match["day"]))
    if day is None:
        return None, "date"
    if match["hour"] is None:
        return _local(day, None)
    hour, minute, second = int(match["hour"]), int(match["minute"]), int(match["second"] or 0)
    if hour > 23 or minute > 59 or second > 59:
        return None, "minute"
    if match["offset"] is None:
        return _local(day, time(hour, minute, second))
    zone = _offset(match["offset"])
    if zone is None:
        return None, "minute"
    return datetime.combine(day, time(hour, minute, second), zone).astimezone(UTC), "minute"


def _rfc822(text: str, now: datetime) -> _Hit | None:
    match = _RFC822.fullmatch(text)
    month = _MONTHS.get(match["month"]) if match else None
    if match is None or month is None:
        return None
    day = _calendar_date(int(match["year"]), month, int(match["day"]))
    hour, minute, second = int(match["hour"]), int(match["minute"]), int(match["second"] or 0)
    if day is None or hour > 23 or minute > 59 or second > 59:
        return None, "minute"
    zone_text = match["zone"]
    zone = _offset(zone_text) if zone_text[0] in "+-" else timezone(timedelta(hours=_RFC_ZONES[zone_text]))
    if zone is None:
        return None, "minute"
    return datetime.combine(day, time(hour, minute, second), zone).astimezone(UTC), "minute"


def _months_back(day: date, months: int) -> date | None:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    if year not in _YEARS:
        return None
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _relative(text: str, now: datetime) -> _Hit | None:
    match = _RELATIVE.fullmatch(text)
    if not match:
        return None
    if match["now"]:
        return now.replace(second=0, microsecond=0), "minute"
    today = now.astimezone(CASABLANCA).date()
    if match["day"]:
        day = today - timedelta(days=_DAYS_BACK[match["day"]])
        if match["hour"] is None:
            return _local(day, None)
        clock = _clock(match)
        return _local(day, clock) if clock else (None, "minute")
    unit, count = _UNITS[match["unit"] or match["arunit"]]
    number = match["n"] or match["arn"]
    if number and number.isdigit():
        count = int(number)
    if unit in ("seconds", "minutes", "hours"):
        ago = now - timedelta(**{unit: count})
        return ago.replace(second=0, microsecond=0), "minute"
    if unit in ("days", "weeks"):
        return _local(today - timedelta(**{unit: count}), None)
    month_day = _months_back(today, count * 12 if unit == "years" else count)
    return _local(month_day, None) if month_day else (None, "date")


def _date_match(text: str) -> tuple[re.Match[str], int, int, int] | None:
    """The first date in the text as (match, year, month, day), the numbers as printed."""
    match = _DATE.search(text)
    if match is None:
        month_first = _MONTH_FIRST.search(text)
        if month_first is None:
            return None
        return month_first, int(month_first["year"]), _MONTHS[month_first["month"]], int(month_first["day"])
    if match["d1"]:
        return match, int(match["y1"]), _MONTHS[match["m1"]], int(match["d1"])
    if match["d2"]:
        year = int(match["y2"])
        if len(match["y2"]) == 2:
            year += 1900 if year >= 90 else 2000
        return match, year, int(match["m2"]), int(match["d2"])
    return match, int(match["y3"]), int(match["m3"]), int(match["d3"])


def _fast(text: str, now: datetime) -> _Hit | None:
    """The first day-month-year in the text, with the time printed right after or right before it."""
    found = _date_match(text)
    if found is None:
        return None
    match, year, month, day = found
    calendar_day = _calendar_date(year, month, day)
    if calendar_day is None:
        return None, "date"
    after = _TIME_AFTER.match(text, match.end())
    timed = after or _TIME_BEFORE.search(text, max(0, match.start() - _TIME_BEFORE_WINDOW), match.start())
    clock = _clock(timed) if timed else None
    if clock is None:
        return _local(calendar_day, None)
    if after and after["zone"]:
        zone = _offset(after["offset"]) if after["offset"] else UTC
        if zone is not None:
            return datetime.combine(calendar_day, clock, zone).astimezone(UTC), "minute"
    return _local(calendar_day, clock)


_STEPS = (("iso", _iso), ("rfc822", _rfc822), ("relative", _relative), ("fast", _fast))


# --- the fallback ------------------------------------------------------------------------------
def _dateparser(text: str, now: datetime) -> _Hit | None:
    """dateparser (French and Arabic), for shapes the fast path does not know. Never raises."""
    try:
        from dateparser.date import DateDataParser

        settings = {
            "RELATIVE_BASE": now.astimezone(CASABLANCA).replace(tzinfo=None),
            "PREFER_DATES_FROM": "past",
            "DATE_ORDER": "DMY",
            "RETURN_TIME_AS_PERIOD": True,
        }
        data = DateDataParser(languages=["fr", "ar"], settings=settings).get_date_data(text)
    except Exception:  # noqa: BLE001 - a third-party parser must not break a crawl
        return None
    value = data.date_obj if data else None
    if value is None or data.period not in ("day", "time"):
        return None
    if data.period == "day":
        return _local(value.date(), None)
    if value.tzinfo is None:
        return to_utc(value.replace(second=0, microsecond=0)), "minute"
    return value.astimezone(UTC).replace(second=0, microsecond=0), "minute"


# --- public API --------------------------------------------------------------------------------
def _now_utc(now: datetime | None) -> datetime:
    if now is None:
        return now_utc()
    return now if now.tzinfo is UTC else to_utc(now)


def _read(text: str, now: datetime, fallback: bool) -> tuple[str, _Hit] | None:
    """(method, hit): the fast-path steps in order, then dateparser on text that may hold a date."""
    normalized = _normalize(text)
    for method, step in _STEPS:
        hit = step(normalized, now)
        if hit is not None:
            return method, hit
    if not fallback or len(normalized) > _FALLBACK_MAX_CHARS or not _WORTH_FALLBACK.search(normalized):
        return None
    hit = _dateparser(text.translate(_DIGITS_ONLY), now)
    return ("dateparser", hit) if hit else None


def parse_date(text: str | None, now: datetime | None = None, *, fallback: bool = True) -> ParsedDate | None:
    """The date printed in ``text`` (UTC), or None: no date, an impossible one, after now + 1 day, before 1990.

    ``now`` (aware, or naive Casablanca time; default: the current time) anchors relative forms.
    ``fallback=False`` skips dateparser (slow on text that holds no date: for scanning a page's text).
    """
    if not isinstance(text, str) or not text.strip():
        return None
    current = _now_utc(now)
    found = _read(text, current, fallback)
    if found is None:
        return None
    method, (value, precision) = found
    if value is None or not EARLIEST <= value <= current + FUTURE_TOLERANCE:
        return None
    return ParsedDate(value=value, raw=text, precision=precision, method=method)


def pick_date(candidates: Iterable[str | None], now: datetime | None = None) -> ParsedDate | None:
    """The first candidate that parses (candidates best first: structured values before visible text)."""
    current = _now_utc(now)
    for candidate in candidates:
        parsed = parse_date(candidate, current)
        if parsed is not None:
            return parsed
    return None
