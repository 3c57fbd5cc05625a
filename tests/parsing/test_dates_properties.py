"""Property tests: the parsers never raise, and every rendered French/Arabic date parses back to itself."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from newscrawler.outlets import load_outlets, outlet_names
from newscrawler.parsing.bylines import parse_byline, source_outlet_from_line
from newscrawler.parsing.dates import parse_date, pick_date
from newscrawler.timezone import CASABLANCA, UTC, to_utc

MAGHRESS_SOURCES = sorted(load_outlets()["maghress"].aggregates)
NAMES = outlet_names()
NOW = datetime(2025, 11, 15, 16, 0)  # Casablanca local
NOW_UTC = to_utc(NOW)

# Written out here, independently of the parser's tables.
FRENCH = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
FRENCH_SHORT = [
    ["janv.", "Jan"],
    ["févr.", "Fév", "fev"],
    ["mars", "Mar"],
    ["avr.", "Avr"],
    ["mai"],
    ["juin"],
    ["juil.", "Juil"],
    ["aout", "Août"],
    ["sept.", "Sep"],
    ["oct.", "Oct"],
    ["nov.", "Nov"],
    ["déc.", "Déc", "dec"],
]
ARABIC = [  # standard / Moroccan / Mashreq / Levantine
    ["يناير", "كانون الثاني"],
    ["فبراير", "شباط"],
    ["مارس", "آذار"],
    ["أبريل", "ابريل", "نيسان"],
    ["ماي", "مايو", "أيار"],
    ["يونيو", "حزيران"],
    ["يوليوز", "يوليو", "تموز"],
    ["غشت", "أغسطس", "آب"],
    ["شتنبر", "سبتمبر", "أيلول"],
    ["أكتوبر", "تشرين الأول"],
    ["نونبر", "نوفمبر", "تشرين الثاني"],
    ["دجنبر", "ديسمبر", "كانون الأول"],
]
FRENCH_DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
ARABIC_DAYS = ["الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
RFC_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
RFC_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
EASTERN, PERSIAN = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"), str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def shown_once(local: datetime) -> bool:
    """A wall-clock time Casablanca shows exactly once: not in the hour a clock change repeats or skips.

    Printed text cannot tell which of two instants such a time is (2016-06-05 02:30 happened twice).
    """
    first, second = (local.replace(tzinfo=CASABLANCA, fold=fold) for fold in (0, 1))
    return first.utcoffset() == second.utcoffset()


local_minutes = (
    st.datetimes(min_value=datetime(1990, 1, 2), max_value=datetime(2025, 11, 14, 23, 59))
    .map(lambda value: value.replace(second=0, microsecond=0, fold=0))
    .filter(shown_once)
)


def french(local: datetime, draw) -> tuple[str, bool]:
    """(text, has_time) in one of the French shapes sites print."""
    d, m, y, hh, mm = local.day, local.month, local.year, local.hour, local.minute
    month = draw(st.sampled_from([FRENCH[m - 1], FRENCH[m - 1].capitalize(), *FRENCH_SHORT[m - 1]]))
    day = draw(st.sampled_from(["1er", "1"])) if d == 1 else str(d)
    day_name = FRENCH_DAYS[local.weekday()]
    weekday = draw(st.sampled_from(["", f"{day_name} ", f"{day_name.title()} "]))
    shapes = [
        (f"{weekday}{day} {month} {y}", False),
        (f"{weekday}{day} {month} {y} à {hh:02d}h{mm:02d}", True),
        (f"{day} {month} {y} - {hh:02d}:{mm:02d}", True),
        (f"{hh:02d}:{mm:02d} - {day} {month} {y}", True),
        (f"Publié le {d:02d}/{m:02d}/{y} à {hh:02d}:{mm:02d}", True),
        (f"Mis à jour le {weekday}{day} {month} {y} à {hh}h{mm:02d}", True),
        (f"Publié dans {draw(st.sampled_from(MAGHRESS_SOURCES))} le {d:02d} - {m:02d} - {y}", False),
        (f"{d:02d}-{m:02d}-{y} {hh:02d}:{mm:02d}", True),
        (f"{d:02d}/{m:02d}/{y}", False),
    ]
    return draw(st.sampled_from(shapes))


def arabic(local: datetime, draw) -> tuple[str, bool]:
    d, m, y, hh, mm = local.day, local.month, local.year, local.hour, local.minute
    month = draw(st.sampled_from(ARABIC[m - 1]))
    weekday = draw(st.sampled_from(["", ARABIC_DAYS[local.weekday()] + " "]))
    text, has_time = draw(
        st.sampled_from(
            [
                (f"{weekday}{d} {month} {y}", False),
                (f"{weekday}{d} {month} {y} - {hh:02d}:{mm:02d}", True),
                (f"{hh:02d}:{mm:02d} - {d} {month} {y}", True),
            ]
        )
    )
    return text.translate(draw(st.sampled_from([{}, EASTERN, PERSIAN]))), has_time


def machine(local: datetime, draw) -> tuple[str, bool]:
    """ISO 8601 with the Casablanca offset, or RFC 822 in UTC: the same instant."""
    instant = to_utc(local)
    iso = instant.astimezone(CASABLANCA).isoformat()
    rfc = f"{RFC_DAYS[instant.weekday()]}, {instant:%d} {RFC_MONTHS[instant.month - 1]} {instant:%Y %H:%M:%S} +0000"
    return draw(st.sampled_from([iso, iso.replace("T", " "), instant.isoformat().replace("+00:00", "Z"), rfc])), True


@settings(max_examples=400, deadline=None)
@given(local=local_minutes, render=st.sampled_from([french, arabic, machine]), data=st.data())
def test_every_rendered_date_parses_back_to_itself(local, render, data):
    text, has_time = render(local, data.draw)
    parsed = parse_date(text, NOW)
    expected = to_utc(local) if has_time else to_utc(datetime(local.year, local.month, local.day))
    assert parsed is not None, text
    assert (parsed.value, parsed.precision) == (expected, "minute" if has_time else "date"), text


@settings(max_examples=200, deadline=None)
@given(
    amount=st.integers(min_value=1, max_value=23),
    unit=st.sampled_from(["heures", "h", "minutes", "min", "ساعات", "دقائق"]),
    words=st.sampled_from(["il y a {n} {unit}", "Il y a {n} {unit}", "منذ {n} {unit}", "قبل {n} {unit}"]),
)
def test_rendered_relative_dates_parse_back(amount, unit, words):
    text = words.format(n=amount, unit=unit)
    hours = unit in ("heures", "h", "ساعات")
    expected = NOW_UTC - (timedelta(hours=amount) if hours else timedelta(minutes=amount))
    assert parse_date(text, NOW).value == expected


@settings(max_examples=200, deadline=None)
@given(
    clock=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    form=st.sampled_from(["hier à {h}h{m}", "Hier à {h}:{m}", "aujourd'hui à {h}:{m}", "أمس {h}:{m}", "اليوم {h}:{m}"]),
)
def test_rendered_yesterday_and_today_parse_back(clock, form):
    today = "aujourd" in form or "اليوم" in form
    day = NOW.date() - timedelta(days=0 if today else 1)
    text = form.format(h=f"{clock.hour:02d}", m=f"{clock.minute:02d}")
    parsed = parse_date(text, NOW)
    assert parsed.value == to_utc(datetime.combine(day, clock))


# Text made of date fragments reaches the deeper branches of the parser.
DATE_FRAGMENTS = [*"0123456789 :/-.,hHTZ+à'éû٣", "il y a ", "mars", "août", "ماي", "منذ ", "le ", "1er", "GMT", "hier"]
dateish = st.lists(st.sampled_from(DATE_FRAGMENTS), max_size=20).map("".join)


sane_nows = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC))


@settings(max_examples=500, deadline=None)
@given(text=st.one_of(st.text(), dateish), now=st.one_of(st.none(), sane_nows))
def test_parse_date_never_raises(text, now):
    parsed = parse_date(text, now)
    if parsed is not None:
        assert parsed.value.tzinfo is UTC and parsed.precision in ("date", "minute")
    pick_date([text, None], now)


@settings(max_examples=500, deadline=None)
@given(
    text=st.one_of(st.none(), st.text()), outlet=st.one_of(st.none(), st.text(), st.sampled_from(sorted(NAMES.names)))
)
def test_byline_and_outlet_parsers_never_raise(text, outlet):
    byline = parse_byline(text, outlet, NAMES)
    assert all(isinstance(name, str) and name for name in byline.authors)
    assert set(byline.agencies) <= {"MAP", "AFP", "Reuters", "EFE", "AP", "Anadolu", "Xinhua"}
    source_outlet_from_line(text or "", NAMES)
    NAMES.slug(text or "")
