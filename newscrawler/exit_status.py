"""Exit statuses of ``scrapy crawl`` and ``python -m newscrawler`` commands (the table in README.md)."""

OK = 0
FAILED = 1  # the command ran and failed: store or Redis unavailable, no result (parse-date), not an article
# (extract), a crawl whose renderer (browser, Splash) cannot start
USAGE = 2  # bad argument, bad outlet config or bad input: one stderr line says what and where; nothing done
STORE_FAILED = 3  # crawl: the store did not take every item; the last line names the spool file
OUTLET_BROKEN = 4  # crawl: the outlet looks broken (no link discovered, or every article page dropped)
ITEMS_LOST = 5  # crawl: items neither the store nor the spool could take; the crawl stopped at once
