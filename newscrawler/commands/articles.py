"""``scrapy articles``: list stored articles (python -m newscrawler articles)."""

from newscrawler.commands._cli_bridge import cli_command

Command = cli_command("articles", "list stored articles (python -m newscrawler articles)", __name__)
