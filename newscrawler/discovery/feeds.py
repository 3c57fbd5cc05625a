"""RSS 2.0 and Atom feeds."""

from __future__ import annotations

from parsel import Selector
from scrapy.http import Response

from newscrawler.discovery.kind import Discovered, KindBase, SourcePage
from newscrawler.discovery.links import ArticleLink, link_with_date


def parse_feed(body: bytes | str) -> list[ArticleLink]:
    """Every item of an RSS or Atom feed, with its publication date."""
    selector = Selector(body=body, type="xml") if isinstance(body, bytes) else Selector(text=body, type="xml")
    selector.remove_namespaces()
    links = []
    for item in selector.xpath("//item"):
        url = item.xpath("link/text()").get() or item.xpath("guid[not(@isPermaLink='false')]/text()").get()
        date = item.xpath("pubDate/text()").get() or item.xpath("date/text()").get()
        if url and url.strip():
            links.append(link_with_date(url, date, "feed"))
    for entry in selector.xpath("//entry"):
        url = entry.xpath("link[not(@rel) or @rel='alternate']/@href").get()
        date = entry.xpath("published/text()").get() or entry.xpath("updated/text()").get()
        if url and url.strip():
            links.append(link_with_date(url, date, "feed"))
    return links


class FeedKind(KindBase):
    name = "feed"
    description = "RSS 2.0 or Atom feed."

    def read(self, response: Response, where: SourcePage) -> Discovered:
        return Discovered(parse_feed(response.body))


KIND = FeedKind()
