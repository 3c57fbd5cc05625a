"""Feeds, sitemaps and WordPress REST pages become dated article links."""

import gzip
from datetime import UTC, datetime

from newscrawler.discovery.feeds import parse_feed
from newscrawler.discovery.links import ArticleLink, newest_first
from newscrawler.discovery.sitemaps import parse_sitemap
from newscrawler.discovery.wordpress import parse_posts, posts_url, total_pages

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>x</title>
<item><title>A</title><link>https://x.ma/a.html</link><pubDate>Wed, 01 Oct 2025 07:00:00 +0000</pubDate></item>
<item><title>B</title><link> https://x.ma/b.html </link><dc:date>2025-10-02T09:00:00+01:00</dc:date></item>
<item><title>no link</title></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<entry><title>A</title><link rel="alternate" href="https://x.ma/a"/><link rel="edit" href="https://x.ma/edit"/>
<published>2025-10-01T08:00:00+01:00</published></entry></feed>"""

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://x.ma/a.html</loc><news:news><news:publication><news:name>X</news:name><news:language>fr</news:language></news:publication>
<news:publication_date>2025-10-01T08:00:00+01:00</news:publication_date><news:title>A</news:title></news:news></url>
<url><loc>https://x.ma/b.html</loc><lastmod>2025-09-01</lastmod></url></urlset>"""

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://x.ma/post-sitemap1.xml</loc><lastmod>2025-01-01T00:00:00+00:00</lastmod></sitemap>
<sitemap><loc>https://x.ma/news-sitemap.xml</loc></sitemap></sitemapindex>"""

OCT_1_7UTC = datetime(2025, 10, 1, 7, tzinfo=UTC)


def test_rss_items_with_dates_and_without_links_skipped():
    links = parse_feed(RSS)
    assert [link.url for link in links] == ["https://x.ma/a.html", "https://x.ma/b.html"]
    assert links[0].published == OCT_1_7UTC
    assert links[1].published == datetime(2025, 10, 2, 8, tzinfo=UTC)


def test_atom_entries_use_the_alternate_link():
    links = parse_feed(ATOM)
    assert links == [ArticleLink("https://x.ma/a", OCT_1_7UTC, "feed")]


def test_broken_feed_gives_no_links():
    assert parse_feed(b"<html><body>Service unavailable</body></html>") == []


def test_google_news_sitemap_reads_publication_date_and_plain_lastmod():
    sitemap = parse_sitemap(NEWS_SITEMAP)
    assert [link.url for link in sitemap.articles] == ["https://x.ma/a.html", "https://x.ma/b.html"]
    assert sitemap.articles[0].published == OCT_1_7UTC
    assert sitemap.articles[1].published.date().isoformat() in ("2025-08-31", "2025-09-01")
    assert sitemap.children == []


def test_sitemap_index_lists_children_and_gzip_is_read():
    sitemap = parse_sitemap(gzip.compress(INDEX))
    assert [child.url for child in sitemap.children] == [
        "https://x.ma/post-sitemap1.xml",
        "https://x.ma/news-sitemap.xml",
    ]
    assert sitemap.articles == []


def test_newest_first_puts_undated_links_last_in_page_order():
    old = ArticleLink("https://x.ma/old", datetime(2020, 1, 1, tzinfo=UTC))
    new = ArticleLink("https://x.ma/new", datetime(2025, 1, 1, tzinfo=UTC))
    undated = [ArticleLink("https://x.ma/u1"), ArticleLink("https://x.ma/u2")]
    assert newest_first([undated[0], old, undated[1], new]) == [new, old, *undated]


def test_wordpress_posts_url_and_parsing():
    url = posts_url("https://x.ma/wp-json/wp/v2/posts", 2, 50, OCT_1_7UTC, None)
    assert url == (
        "https://x.ma/wp-json/wp/v2/posts?per_page=50&page=2&orderby=date&order=desc"
        "&_fields=id%2Clink%2Cdate_gmt%2Cmodified_gmt&after=2025-10-01T07%3A00%3A00"
    )
    body = b'[{"id": 1, "link": "https://x.ma/a/", "date_gmt": "2025-10-01T07:00:00"}, {"id": 2}, "junk"]'
    assert parse_posts(body) == [ArticleLink("https://x.ma/a/", OCT_1_7UTC, "wordpress_api")]
    assert parse_posts(b'{"code": "rest_post_invalid_page_number"}') == []
    assert parse_posts(b"<html>") == []
    assert total_pages({b"X-WP-TotalPages": b"7"}) == 7
    assert total_pages({}) is None
