"""ArticlePage: a fetched article page (HTML, or an outlet's JSON article API answer) as plain, picklable
data, and its Article.

The one way the crawl extracts an article page, in the crawl's process or in a worker process of
``newscrawler.extraction.pool``: the worker rebuilds the Scrapy response from the page's bytes and
encoding, so both paths decode, parse and extract the same text the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from scrapy import Selector
from scrapy.http import Response, TextResponse

from newscrawler.discovery.links import ArticleLink
from newscrawler.extraction.extractor import extract_html, extract_json
from newscrawler.items import Article
from newscrawler.outlets.registry import OutletConfig, reader_for


@dataclass(frozen=True)
class ArticlePage:
    url: str
    body: bytes
    encoding: str
    response_class: type[TextResponse]  # HtmlResponse, XmlResponse...: which parser Selector uses
    link: ArticleLink | None
    crawled_at: datetime | None
    api: bool = False  # a JSON article API answer (``article_api``); url is then the article's, not the API's

    @classmethod
    def of(cls, response: TextResponse, link: ArticleLink | None, crawled_at: datetime | None) -> ArticlePage:
        return cls(response.url, response.body, response.encoding, type(response), link, crawled_at)

    @classmethod
    def of_api(cls, response: Response, link: ArticleLink, crawled_at: datetime | None) -> ArticlePage:
        encoding = response.encoding if isinstance(response, TextResponse) else "utf-8"
        return cls(link.url, response.body, encoding, TextResponse, link, crawled_at, api=True)

    def response(self) -> TextResponse:
        return self.response_class(url=self.url, body=self.body, encoding=self.encoding)

    def extract(self, outlet: OutletConfig | None, response: TextResponse | None = None) -> Article:
        """The page's Article; ``response``: the page's own response when at hand (no second decode)."""
        if self.api:
            assert outlet is not None, "a JSON API answer is read with its outlet's article_api"
            return extract_json(self.body, self.url, outlet, self.link, self.crawled_at)
        response = response if response is not None else self.response()
        # Not response.selector: the response would hold its selector and the selector the response, a
        # reference cycle that keeps the page, its text and its lxml tree alive until a garbage collection.
        selector = Selector(response)
        reader = reader_for(outlet, self.link.url) if self.link else outlet  # an aggregator's copy: its selectors
        return extract_html(response.text, self.url, reader, self.link, self.crawled_at, selector=selector)
