"""Finding article URLs, newest first: feeds, sitemaps, WordPress REST, listing pages.

Each module reads one kind of source page and returns ArticleLink objects (and the next pages to read);
the spider decides what to fetch (``newscrawler.spiders.base``).
"""
