"""The arguments of every outlet spider (``scrapy crawl <outlet> -a name=value``), checked before a crawl.

  since, until     only articles published in [since, until) — ISO dates or times, Casablanca local
  max_articles     stop scheduling article pages after this many (a whole number >= 1)
  refetch          1/true/yes to fetch article pages already in the store again (to record revisions),
                   0/false/no (the default) not to

Any other name is refused, except those Scrapyd adds to every job it starts (``_job``, ``_version``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from newscrawler.timezone import to_utc

SCRAPYD_ARGUMENTS = frozenset({"_job", "_version"})  # scrapyd.launcher passes them as -a to every job
_TRUE, _FALSE = ("1", "true", "yes"), ("0", "false", "no", "")


class SpiderArgumentError(ValueError):
    """A spider argument that is unknown or has a bad value; the message is one line naming it."""


@dataclass(frozen=True)
class SpiderArguments:
    since: datetime | None = None
    until: datetime | None = None
    max_articles: int | None = None
    refetch: bool = False


def parse_time_argument(name: str, value: str | None) -> datetime | None:
    """A spider argument like 2025-01-31 or 2025-01-31T08:00 (Casablanca local) as aware UTC."""
    if value in (None, ""):
        return None
    try:
        return to_utc(datetime.fromisoformat(str(value)))
    except ValueError:
        raise SpiderArgumentError(f"{name}={value!r}: expected a date like 2025-01-31 or 2025-01-31T08:00") from None


def _max_articles(value: Any) -> int | None:
    if value in (None, ""):
        return None
    text = str(value).strip()
    if not text.isdigit() or int(text) < 1:
        raise SpiderArgumentError(f"max_articles={value!r}: expected a whole number >= 1")
    return int(text)


def _refetch(value: Any) -> bool:
    text = str(value).strip().lower()
    if text not in _TRUE + _FALSE:
        raise SpiderArgumentError(f"refetch={value!r}: expected 1/true/yes or 0/false/no")
    return text in _TRUE


def parse_spider_arguments(arguments: Mapping[str, Any], known_extra: frozenset[str] = frozenset()) -> SpiderArguments:
    """The checked arguments; SpiderArgumentError for an unknown name or a bad value.

    ``known_extra``: further names the spider class accepts (e.g. Scrapy's own ``name``).
    """
    unknown = sorted(set(arguments) - {"since", "until", "max_articles", "refetch"} - SCRAPYD_ARGUMENTS - known_extra)
    if unknown:
        raise SpiderArgumentError(f"unknown spider argument {unknown[0]!r}; known: since, until, max_articles, refetch")
    parsed = SpiderArguments(
        since=parse_time_argument("since", arguments.get("since")),
        until=parse_time_argument("until", arguments.get("until")),
        max_articles=_max_articles(arguments.get("max_articles")),
        refetch=_refetch(arguments.get("refetch", False)),
    )
    if parsed.since and parsed.until and parsed.since >= parsed.until:
        since, until = arguments["since"], arguments["until"]
        raise SpiderArgumentError(f"since={since!r} is not before until={until!r}: [since, until) is empty")
    return parsed
