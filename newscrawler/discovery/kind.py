"""What a discovery kind is: how its first page is asked for, how a page is read, its config options.

A kind (feed, sitemap, WordPress REST, listing, Wayback CDX, ...) is one module of
``newscrawler.discovery`` holding a ``DiscoveryKind`` object; ``newscrawler.discovery.kinds`` lists them
all, and the outlet config schema, the spider and the docs read that list. The spider does the rest the
same way for every kind: which links are articles, since/until, what is stored, paging watermarks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from scrapy.http import Response

from newscrawler.discovery.links import ArticleLink

Source = Mapping[str, Any]  # one entry of an outlet config's `discovery` list


@dataclass(frozen=True)
class Window:
    """The crawl's bounds (spider arguments since/until, aware UTC): kinds that can ask a source for a
    time range do."""

    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True)
class SourcePage:
    """Where a discovery page sits: its source, its number (1 = the first), and ``origin``, the source URL
    of the config it was reached from (the key of a paged source's watermark)."""

    source: Source
    page: int
    origin: str
    window: Window


@dataclass
class Discovered:
    """What one discovery page gave.

    ``paged``: the links are a newest-first flow whose ``next_pages`` are read only while a page holds
    something new (``newscrawler.discovery.watermarks``); otherwise every next page is read.
    ``complete`` False: the page could not be read, so the source's watermark is not committed.
    ``counts``: stats to add under ``newscrawler/discovery/``.
    """

    links: list[ArticleLink] = field(default_factory=list)
    next_pages: list[str] = field(default_factory=list)
    paged: bool = False
    complete: bool = True
    counts: dict[str, int] = field(default_factory=dict)


class DiscoveryKind(Protocol):
    @property
    def name(self) -> str:
        """The `type` of a discovery source in outlet configs."""
        ...

    @property
    def description(self) -> str:
        """One line, shown in the outlet config schema."""
        ...

    @property
    def options(self) -> Mapping[str, Any]:
        """JSON Schema properties of the kind's own source options (besides `type` and `urls`);
        "#/$defs/..." references point into newscrawler/outlets/outlet.schema.json."""
        ...

    @property
    def hosts(self) -> tuple[str, ...]:
        """Hosts fetched besides the outlet's own domains (an archive)."""
        ...

    @property
    def settings(self) -> Mapping[str, Any]:
        """Scrapy settings an outlet reading this kind needs (spider priority)."""
        ...

    @property
    def rendered_as(self) -> str | None:
        """The request kind of the outlet's `rendering` config its pages are rendered as (listing), or None."""
        ...

    def first_page(self, url: str, source: Source, window: Window) -> str:
        """The URL of a source's first page, from one of the source's configured ``urls``."""
        ...

    def read(self, response: Response, where: SourcePage) -> Discovered:
        """The links of one page and the pages that follow it."""
        ...


class KindBase:
    """Defaults of a kind: no options, no other host, no settings, the configured URL is the first page."""

    options: Mapping[str, Any] = {}
    hosts: tuple[str, ...] = ()
    settings: Mapping[str, Any] = {}
    rendered_as: str | None = None  # feeds, sitemaps and APIs are never rendered

    def first_page(self, url: str, source: Source, window: Window) -> str:
        return url
