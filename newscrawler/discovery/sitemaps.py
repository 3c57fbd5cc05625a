"""Sitemap indexes, URL sets and Google News sitemaps (``news:publication_date``)."""

from __future__ import annotations

from dataclasses import dataclass

from parsel import Selector
from scrapy.http import Response
from scrapy.utils.gz import gunzip

from newscrawler.discovery.kind import Discovered, KindBase, SourcePage
from newscrawler.discovery.links import ArticleLink, link_with_date, newest_first


@dataclass(frozen=True)
class Sitemap:
    articles: list[ArticleLink]
    children: list[ArticleLink]  # sub-sitemaps of an index, with their lastmod as date


def parse_sitemap(body: bytes) -> Sitemap:
    """Read a (possibly gzipped) sitemap; unknown or broken XML gives an empty Sitemap."""
    if body[:2] == b"\x1f\x8b":
        body = gunzip(body)
    selector = Selector(body=body, type="xml")
    selector.remove_namespaces()
    children = [
        link_with_date(entry.xpath("loc/text()").get(""), entry.xpath("lastmod/text()").get(), "sitemap")
        for entry in selector.xpath("/sitemapindex/sitemap")
    ]
    articles = []
    for entry in selector.xpath("/urlset/url"):
        date = entry.xpath("news/publication_date/text()").get() or entry.xpath("lastmod/text()").get()
        articles.append(link_with_date(entry.xpath("loc/text()").get(""), date, "sitemap"))
    return Sitemap([a for a in articles if a.url], [c for c in children if c.url])


class SitemapKind(KindBase):
    name = "sitemap"
    description = (
        "Sitemap index, URL set or Google News sitemap (gzipped or not); an index's sub-sitemaps older than "
        "since are not read."
    )

    def read(self, response: Response, where: SourcePage) -> Discovered:
        sitemap = parse_sitemap(response.body)
        since = where.window.since
        children = newest_first(sitemap.children)
        fresh = [child.url for child in children if not (since and child.published and child.published < since)]
        skipped = len(children) - len(fresh)
        return Discovered(sitemap.articles, fresh, counts={"sitemaps_skipped_old": skipped} if skipped else {})


KIND = SitemapKind()
