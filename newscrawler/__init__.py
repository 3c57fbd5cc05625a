"""newscrawler: a Scrapy crawler of Moroccan news outlets (French and Arabic)."""

__version__ = "0.1.0"
