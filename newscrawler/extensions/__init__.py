"""Scrapy extensions of the project (enabled in ``settings.EXTENSIONS``)."""
