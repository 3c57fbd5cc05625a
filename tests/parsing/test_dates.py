"""parse_date / pick_date: the shared corpus, every supported shape, rejections, time zone, fallback."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from newscrawler.parsing import dates
from newscrawler.parsing.dates import ParsedDate, parse_date, pick_date
from newscrawler.timezone import CASABLANCA, UTC

NOW = datetime(2025, 11, 15, 16, 0)  # Casablanca local, as in the shared corpus


def local_text(parsed: ParsedDate | None, date_only: bool) -> str:
    """The parsed instant as Casablanca wall-clock text in the corpus' format."""
    if parsed is None:
        return "none"
    local = parsed.value.astimezone(CASABLANCA)
    return local.strftime("%Y-%m-%d" if date_only else "%Y-%m-%dT%H:%M")


def test_shared_corpus_every_row(date_corpus):
    now, rows = date_corpus
    failures = []
    for text, expected, note in rows:
        parsed = parse_date(text, now)
        date_only = len(expected) == 10
        got = local_text(parsed, date_only)
        if got != expected:
            failures.append(f"{text!r}: expected {expected}, got {got} ({note})")
        elif parsed is not None and parsed.precision != ("date" if date_only else "minute"):
            failures.append(f"{text!r}: precision {parsed.precision} for expected {expected}")
    assert not failures, "\n".join(failures)


def test_shared_corpus_never_needs_dateparser(date_corpus, monkeypatch):
    now, rows = date_corpus
    monkeypatch.setattr(dates, "_dateparser", lambda *args: pytest.fail(f"dateparser called with {args[0]!r}"))
    for text, _, _ in rows:
        parse_date(text, now)


SHAPES = [
    # French month names, case, accents, abbreviations
    ("18 novembre 2019", "2019-11-18"),
    ("Jeudi 27 Février 2025", "2025-02-27"),
    ("jeudi 27 fevrier 2025", "2025-02-27"),
    ("13 Déc 2019", "2019-12-13"),
    ("5 févr. 2025", "2025-02-05"),
    ("9 sept. 2025", "2025-09-09"),
    ("3 janv. 2024", "2024-01-03"),
    ("12 juil. 2024", "2024-07-12"),
    ("12 août 2025", "2025-08-12"),
    ("12 aout 2025", "2025-08-12"),
    ("12 AOÛT 2025", "2025-08-12"),
    ("Vendredi 25 Juillet 2025", "2025-07-25"),
    ("samedi 1er mars 2025", "2025-03-01"),
    ("1er janvier 2024 à 00h05", "2024-01-01T00:05"),
    ("20, Mar 2018", "2018-03-20"),
    ("Mardi 4 novembre, 2025 à 17:05", "2025-11-04T17:05"),
    ("November 4, 2025", "2025-11-04"),
    # prefixes
    ("Publié le 05/06/2025 à 09:40", "2025-06-05T09:40"),
    ("Publié le 12/03/2025 à 14:05", "2025-03-12T14:05"),
    ("Mis à jour le 9 sept. 2025 à 21:00", "2025-09-09T21:00"),
    ("Mis à jour le 10/10/2025 - 10h30", "2025-10-10T10:30"),
    ("Publié dans Hespress le 01 - 07 - 2025", "2025-07-01"),
    ("Publié dans Eljadida 24 le 01 - 07 - 2025", "2025-07-01"),
    ("Publié dans 2M le 02 - 03 - 2025", "2025-03-02"),
    ("Publié dans\nH24 Info\nle 15 - 09 - 2025", "2025-09-15"),
    # times: after, before, h/H/:, seconds, GMT
    ("Mardi 4 novembre 2025 à 17h05", "2025-11-04T17:05"),
    ("12 aout 2025 07H30", "2025-08-12T07:30"),
    ("12 août 2025 - 07:30:45", "2025-08-12T07:30"),
    ("14:20 - 5 mai 2025", "2025-05-05T14:20"),
    ("09:10 - mardi 3 octobre 2025", "2025-10-03T09:10"),
    ("14:05 - 3 مارس 2018", "2018-03-03T14:05"),
    ("4 novembre 2025 à 17h05 GMT", "2025-11-04T18:05"),
    ("4 novembre 2025 17:05 GMT+2", "2025-11-04T16:05"),
    # numeric day first
    ("18/03/2025 - 22:15", "2025-03-18T22:15"),
    ("20-01-2018 08:12", "2018-01-20T08:12"),
    ("16-03-2018 10:31", "2018-03-16T10:31"),
    ("12.05.2025", "2025-05-12"),
    ("16/03/18", "2018-03-16"),
    ("le 15 - 09 - 2025", "2025-09-15"),
    ("2025/10/01", "2025-10-01"),
    # ISO 8601 and RFC 822
    ("2025-10-01", "2025-10-01"),
    ("2025-10-01T08:00:00+01:00", "2025-10-01T08:00"),
    ("2025-10-01T07:00:00Z", "2025-10-01T08:00"),
    ("2025-10-01T07:00:00.123456+00:00", "2025-10-01T08:00"),
    ("2025-10-01T09:00:00+0200", "2025-10-01T08:00"),
    ("2025-10-01 08:00", "2025-10-01T08:00"),
    ("Wed, 01 Oct 2025 07:00:00 +0000", "2025-10-01T08:00"),
    ("Thu, 14 Jan 2021 17:53:12 GMT", "2021-01-14T18:53"),
    ("01 Oct 2025 02:00:00 EST", "2025-10-01T08:00"),
    # Arabic: standard, Moroccan, Mashreq, Levantine month names; weekdays; Eastern and Persian digits
    ("الخميس 27 فبراير 2025", "2025-02-27"),
    ("الأحد 12 يناير 2025 - 10:30", "2025-01-12T10:30"),
    ("الإثنين 12 ماي 2025 - 08:00", "2025-05-12T08:00"),
    ("12 مايو 2025", "2025-05-12"),
    ("الجمعة 4 يوليوز 2025", "2025-07-04"),
    ("4 يوليو 2025", "2025-07-04"),
    ("الثلاثاء 12 غشت 2025 - 07:30", "2025-08-12T07:30"),
    ("12 أغسطس 2025", "2025-08-12"),
    ("9 شتنبر 2025", "2025-09-09"),
    ("9 سبتمبر 2025", "2025-09-09"),
    ("4 نونبر 2025", "2025-11-04"),
    ("4 نوفمبر 2025", "2025-11-04"),
    ("1 دجنبر 2024", "2024-12-01"),
    ("1 ديسمبر 2024", "2024-12-01"),
    ("3 أبريل 2024", "2024-04-03"),
    ("3 ابريل 2024", "2024-04-03"),
    ("12 كانون الثاني 2025", "2025-01-12"),
    ("5 تشرين الأول 2024", "2024-10-05"),
    ("٠٢ يونيو ٢٠٢٥", "2025-06-02"),
    ("۱۲ ماي ۲۰۲۵ - ۰۸:۰۰", "2025-05-12T08:00"),
    ("الأحد 12 يناير 2025 على الساعة 10:30", "2025-01-12T10:30"),
    ("نشر في 28/03/2025 على 14h20", "2025-03-28T14:20"),
    ("12 مايو 2025 10:30 م", "2025-05-12T22:30"),
    # relative forms (now = 2025-11-15 16:00)
    ("il y a 2 heures", "2025-11-15T14:00"),
    ("Il y a 3 heures", "2025-11-15T13:00"),
    ("il y a une heure", "2025-11-15T15:00"),
    ("il y a 10 min", "2025-11-15T15:50"),
    ("il y a 45 minutes", "2025-11-15T15:15"),
    ("il y a 30 secondes", "2025-11-15T15:59"),
    ("Publié il y a 5 heures", "2025-11-15T11:00"),
    ("il y a 3 jours", "2025-11-12"),
    ("il y a 2 semaines", "2025-11-01"),
    ("il y a 2 mois", "2025-09-15"),
    ("il y a 1 an", "2024-11-15"),
    ("hier à 18h00", "2025-11-14T18:00"),
    ("Hier à 09h15", "2025-11-14T09:15"),
    ("hier", "2025-11-14"),
    ("avant-hier à 07:30", "2025-11-13T07:30"),
    ("aujourd'hui à 08:15", "2025-11-15T08:15"),
    ("Aujourd’hui à 11:45", "2025-11-15T11:45"),
    ("à l'instant", "2025-11-15T16:00"),
    ("منذ 3 ساعات", "2025-11-15T13:00"),
    ("منذ ساعة", "2025-11-15T15:00"),
    ("منذ ساعتين", "2025-11-15T14:00"),
    ("قبل 5 دقائق", "2025-11-15T15:55"),
    ("منذ ٣ ساعات", "2025-11-15T13:00"),
    ("منذ يومين", "2025-11-13"),
    ("أمس على الساعة 18:00", "2025-11-14T18:00"),
    ("اليوم 10:30", "2025-11-15T10:30"),
]


@pytest.mark.parametrize(("text", "expected"), SHAPES, ids=[text for text, _ in SHAPES])
def test_supported_shapes(text, expected):
    parsed = parse_date(text, NOW)
    date_only = len(expected) == 10
    assert local_text(parsed, date_only) == expected
    assert parsed.precision == ("date" if date_only else "minute")
    assert parsed.raw == text
    assert parsed.value.tzinfo is UTC


@pytest.mark.parametrize(
    "text",
    [
        "Signaler une annonce inappropriée",
        "CAN 2025 : le verdict disciplinaire",
        "Enquête ouverte sur 24 personnes",
        "mars 2025",  # a month is not a publication date
        "30 février 2024",
        "31 février 2025",
        "29 février 2023",
        "31/04/2025",
        "2025-02-30",
        "2025-10-01T25:00:00Z",
        "Wed, 32 Oct 2025 07:00:00 +0000",
        "3 mars 2032",
        "17 novembre 2025",  # after now + 1 day
        "الإثنين 1 دجنبر 2025 - 10:00",
        "1 janvier 1989",
        "31/12/1989 23:59",
        "il y a 99 ans",
        "Il y a 10 ans, le Maroc gagnait",  # a headline, not a date line
        "",
        "   ",
        None,
    ],
)
def test_no_date_comes_out(text):
    assert parse_date(text, NOW) is None


def test_future_tolerance_is_one_day():
    assert local_text(parse_date("16 novembre 2025", NOW), True) == "2025-11-16"
    assert local_text(parse_date("16/11/2025 15:59", NOW), False) == "2025-11-16T15:59"
    assert parse_date("16/11/2025 16:01", NOW) is None


def test_ramadan_is_utc_plus_zero_and_the_rest_of_the_year_utc_plus_one():
    assert parse_date("18/03/2025 - 22:15", NOW).value == datetime(2025, 3, 18, 22, 15, tzinfo=UTC)
    assert parse_date("18/05/2025 - 22:15", NOW).value == datetime(2025, 5, 18, 21, 15, tzinfo=UTC)


def test_date_only_is_casablanca_midnight_in_utc():
    assert parse_date("1er mars 2025", NOW).value == datetime(2025, 3, 1, tzinfo=UTC)  # Ramadan
    assert parse_date("5 mai 2025", NOW).value == datetime(2025, 5, 4, 23, 0, tzinfo=UTC)


def test_methods():
    assert parse_date("2025-10-01T07:00:00Z", NOW).method == "iso"
    assert parse_date("Wed, 01 Oct 2025 07:00:00 +0000", NOW).method == "rfc822"
    assert parse_date("il y a 2 heures", NOW).method == "relative"
    assert parse_date("12 août 2025", NOW).method == "fast"
    assert parse_date("le 5 mars", NOW).method == "dateparser"  # no year: not a fast-path shape


def test_now_may_be_naive_local_or_aware_in_any_zone():
    aware = NOW.replace(tzinfo=CASABLANCA).astimezone(timezone(timedelta(hours=-5)))
    assert parse_date("il y a 2 heures", NOW) == parse_date("il y a 2 heures", aware)
    assert parse_date("hier à 18h00", aware).value == datetime(2025, 11, 14, 17, 0, tzinfo=UTC)


def test_default_now_is_the_current_time():
    parsed = parse_date("il y a 2 heures")
    expected = datetime.now(UTC) - timedelta(hours=2)
    assert abs(parsed.value - expected) < timedelta(minutes=2)


def test_dateparser_is_not_called_on_text_without_digits_or_relative_words(monkeypatch):
    calls = []
    monkeypatch.setattr(dates, "_dateparser", lambda text, now: calls.append(text))
    assert parse_date("Signaler une annonce inappropriée", NOW) is None
    assert parse_date("x" * 300 + " 5 mars", NOW) is None  # too long for the fallback
    assert calls == []
    parse_date("le 5 mars", NOW)
    assert calls == ["le 5 mars"]


def test_dateparser_failures_are_swallowed(monkeypatch):
    import dateparser.date

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(dateparser.date, "DateDataParser", broken)
    assert parse_date("le 5 mars", NOW) is None
    assert parse_date("5 mars 2025", NOW) is not None  # the fast path does not need it


def test_pick_date_takes_the_first_candidate_that_parses():
    structured, visible = "2025-10-01T07:00:00Z", "Mardi 30 septembre 2025 à 10h00"
    assert pick_date([structured, visible], NOW).raw == structured
    assert pick_date([None, "", "n'importe quoi", visible], NOW).raw == visible
    assert pick_date(["3 mars 2032", visible], NOW).raw == visible  # a future value is skipped
    assert pick_date([None, "rien"], NOW) is None
    assert pick_date([], NOW) is None
