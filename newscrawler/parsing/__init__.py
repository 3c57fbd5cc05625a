"""Pure text parsers (dates, bylines, outlet names, URLs, text clean-up), no Scrapy."""
