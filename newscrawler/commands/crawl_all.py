"""``scrapy crawl_all``: every outlet, each in its own process (python -m newscrawler crawl-all)."""

from newscrawler.commands._cli_bridge import cli_command

Command = cli_command(
    "crawl-all", "crawl every outlet, each in its own process (python -m newscrawler crawl-all)", __name__
)
