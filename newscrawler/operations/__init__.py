"""Running the crawls of every outlet as one scheduled job (``python -m newscrawler crawl-all``)."""
