"""Offline demo: crawl every recorded outlet site into the embedded store and summarise per outlet."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from scrapy.crawler import Crawler, CrawlerRunner
from scrapy.utils.log import configure_logging
from scrapy.utils.project import get_project_settings
from scrapy.utils.reactor import install_reactor
from twisted.internet import defer
from twisted.internet.base import ReactorBase

from newscrawler.outlets import load_outlets
from newscrawler.pipelines._drops import DROP_STAT_PREFIX
from newscrawler.storage import ArticleQuery, open_store
from newscrawler.storage.uri import store_settings

RECORDED_SITES = Path(__file__).resolve().parents[1] / "tests" / "sites"
SUMMARY_FIELDS = (
    "published_at",
    "authors",
    "agencies",
    "section",
    "tags",
    "image",
    "lead",
    "source_outlet",
    "duplicate_of",
)


@dataclass
class OutletSummary:
    outlet: str
    new: int = 0
    revised: int = 0
    unchanged: int = 0
    skipped_known: int = 0
    dropped: dict[str, int] = field(default_factory=dict)
    stored_total: int = 0
    filled: dict[str, int] = field(default_factory=dict)  # field -> stored articles where it is set
    stored_ids: set[str] = field(default_factory=set)  # an article may count in two rows (a copy: outlet and via)


def recorded_outlets(sites_dir: Path) -> list[str]:
    """Slugs that have both a config and a recorded site."""
    return [slug for slug in load_outlets() if (sites_dir / slug / "manifest.yml").exists()]


def run_demo(store_uri: str, sites_dir: Path = RECORDED_SITES, log_level: str = "WARNING") -> list[OutletSummary]:
    """Crawl each recorded site into the store ``store_uri`` names, one outlet after the other, and read
    the results back from the store."""
    settings = get_project_settings()
    overrides: dict[Any, Any] = {
        "NEWSCRAWLER_REPLAY_DIR": str(sites_dir),
        **store_settings(store_uri),
        "LOG_LEVEL": log_level,
        "LOGSTATS_INTERVAL": 0,
    }
    settings.setdict(overrides, priority="cmdline")
    configure_logging(settings)
    install_reactor(settings["TWISTED_REACTOR"])
    from twisted.internet import reactor as installed_reactor

    reactor = cast(ReactorBase, installed_reactor)  # typed as a module; it is the installed reactor object

    runner = CrawlerRunner(settings)
    slugs = recorded_outlets(sites_dir)
    crawlers = {slug: runner.create_crawler(slug) for slug in slugs}

    @defer.inlineCallbacks
    def crawl_in_turn():
        try:
            for crawler in crawlers.values():
                yield runner.crawl(crawler)
        finally:
            reactor.stop()

    crawl_in_turn()
    reactor.run()
    return [_summary(slug, _stats_of(crawler), settings) for slug, crawler in crawlers.items()]


def _stats_of(crawler: Crawler) -> dict[str, Any]:
    assert crawler.stats is not None, "a crawler made by CrawlerRunner has its stats"
    return crawler.stats.get_stats()


def _summary(slug: str, stats: dict, settings) -> OutletSummary:
    summary = OutletSummary(
        outlet=slug,
        new=stats.get("newscrawler/stored/new", 0),
        revised=stats.get("newscrawler/stored/revised", 0),
        unchanged=stats.get("newscrawler/stored/unchanged", 0),
        skipped_known=stats.get("newscrawler/discovery/skipped_known", 0),
        dropped={key.removeprefix(DROP_STAT_PREFIX): n for key, n in stats.items() if key.startswith(DROP_STAT_PREFIX)},
    )
    store = open_store(settings)
    try:
        for document in store.iter_articles(ArticleQuery()):  # the outlet's, and an aggregator's copies
            if slug not in (document.get("outlet"), document.get("via")):
                continue
            summary.stored_total += 1
            summary.stored_ids.add(document["_id"])
            for name in SUMMARY_FIELDS:
                if document.get(name):
                    summary.filled[name] = summary.filled.get(name, 0) + 1
    finally:
        store.close()
    return summary


def format_summary(summaries: list[OutletSummary]) -> str:
    """A plain-text table: one row per outlet (stored: its articles, an aggregator's: the copies it read), then
    a total row (stored: distinct articles)."""
    headers = [
        "outlet",
        "new",
        "revised",
        "unchanged",
        "skipped",
        "dropped",
        "stored",
        *[f"{n}%" for n in SUMMARY_FIELDS],
    ]
    rows: list[list[Any]] = []
    for s in summaries:
        percent = [f"{100 * s.filled.get(n, 0) // s.stored_total}" if s.stored_total else "-" for n in SUMMARY_FIELDS]
        dropped = sum(s.dropped.values())
        rows.append([s.outlet, s.new, s.revised, s.unchanged, s.skipped_known, dropped, s.stored_total, *percent])
    totals = [
        "TOTAL",
        *(sum(row[i] for row in rows) for i in range(1, 6)),
        len(set().union(*(s.stored_ids for s in summaries))),
    ]
    totals += [""] * len(SUMMARY_FIELDS)
    table = [headers, *rows, totals]
    widths = [max(len(str(row[i])) for row in table) for i in range(len(headers))]
    lines = ["  ".join(_cells(row, widths)) for row in table]
    reasons = sorted({f"{reason}={n}" for s in summaries for reason, n in s.dropped.items()})
    lines.append("drop reasons: " + (", ".join(reasons) if reasons else "none"))
    return "\n".join(lines)


def _cells(row: list[Any], widths: list[int]) -> list[str]:
    """The first column left-aligned, the numbers right-aligned."""
    pairs = enumerate(zip(row, widths, strict=True))
    return [str(cell).rjust(width) if i else str(cell).ljust(width) for i, (cell, width) in pairs]
