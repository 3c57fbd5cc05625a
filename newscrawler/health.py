"""Is an outlet broken? Read from a finished crawl's stats, so scheduled jobs can fail loudly."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from newscrawler.distributed import STAT_WORKER
from newscrawler.failures import failure_counts
from newscrawler.pipelines._drops import DROP_STAT_PREFIX
from newscrawler.pipelines.bounds import OUT_OF_RANGE_REASONS

_STATUS_PREFIX = "downloader/response_status_count/"
_ROBOTS_STATUS_PREFIX = "robotstxt/response_status_count/"  # Scrapy's RobotsTxtMiddleware: of those, robots.txt's
_KEPT = ("stored/new", "stored/revised", "stored/unchanged", "spooled")
BROKEN = "broken"  # crawl_runs.finish_reason of a crawl that finished with an outlet_problem
# Request failure reasons (newscrawler.failures) as the problem line names them; others print as is.
_FAILURE_LABELS = {
    "dns": "DNS lookup failed",
    "connection_refused": "connection refused",
    "connection_lost": "connection lost",
    "connect_error": "connection failed",
}


def request_errors(stats: Mapping[str, Any]) -> str:
    """HTTP error statuses, then the requests that failed without a response, by kind. robots.txt answers
    are left out (a site without one answers 404: not an error; Scrapy counts them apart too)."""
    errors = []
    for key, count in sorted(stats.items()):
        status = key.removeprefix(_STATUS_PREFIX)
        if key.startswith(_STATUS_PREFIX) and status not in ("200", "301", "302"):
            if (n := count - stats.get(_ROBOTS_STATUS_PREFIX + status, 0)) > 0:
                errors.append((status, n))
    failures = {reason: n for reason, n in failure_counts(stats).items() if not reason.startswith("http_")}
    parts = [f"HTTP {status} ×{n}" for status, n in errors]
    parts += [f"{_FAILURE_LABELS.get(reason, reason)} ×{n}" for reason, n in sorted(failures.items(), key=_most)]
    if not failures and stats.get("downloader/exception_count"):
        parts.append(f"{stats['downloader/exception_count']} network errors")
    return ", ".join(parts) or "no HTTP errors"


def articles_kept(stats: Mapping[str, Any]) -> int:
    """Articles this crawl stored (new, revised or unchanged) or spooled."""
    return sum(stats.get(f"newscrawler/{outcome}", 0) for outcome in _KEPT)


def _most(reason_n: tuple[str, int]) -> tuple[int, str]:
    return -reason_n[1], reason_n[0]


def spider_problem(spider: Any, stats: Mapping[str, Any]) -> str | None:
    """``outlet_problem`` for a crawl of an outlet spider that is not marked defunct, else None."""
    outlet = getattr(spider, "outlet", None)
    if outlet is None or outlet.status == "defunct":
        return None
    return outlet_problem(spider.name, stats)


def outlet_problem(spider: str, stats: Mapping[str, Any]) -> str | None:
    """One line saying why the outlet looks broken, or None when the crawl looks healthy.

    Broken: discovery found no link at all (sources moved, blocked, or unparsable), or article pages
    were fetched but none of them was kept (dropped or failed: the site changed its markup).
    """
    links = stats.get("newscrawler/discovery/links", 0)
    # A worker of a distributed crawl may have read only article pages: its verdict is on what it read.
    read_discovery = stats.get("newscrawler/discovery/pages") or stats.get("newscrawler/discovery/pages_failed")
    if not links and (read_discovery or not stats.get(STAT_WORKER)):
        return f"newscrawler: {spider}: discovery found no links ({request_errors(stats)}) — sources moved or blocked?"
    extracted = stats.get("newscrawler/articles/extracted", 0)
    kept = articles_kept(stats)
    # Articles read fine but published outside the crawl's since/until are not a sign of breakage.
    kept += sum(stats.get(DROP_STAT_PREFIX + reason, 0) for reason in OUT_OF_RANGE_REASONS)
    if extracted and not kept:
        reasons = {k.removeprefix(DROP_STAT_PREFIX): n for k, n in stats.items() if k.startswith(DROP_STAT_PREFIX)}
        reasons |= {
            k.removeprefix("spider_exceptions/"): n for k, n in stats.items() if k.startswith("spider_exceptions/")
        }
        listed = ", ".join(f"{reason} ×{n}" for reason, n in sorted(reasons.items()))
        return f"newscrawler: {spider}: all {extracted} article pages were dropped ({listed}) — markup changed?"
    return None
