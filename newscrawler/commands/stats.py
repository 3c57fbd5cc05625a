"""``scrapy stats``: articles per outlet and day, last runs (python -m newscrawler stats)."""

from newscrawler.commands._cli_bridge import cli_command

Command = cli_command("stats", "articles per outlet and day, last runs (python -m newscrawler stats)", __name__)
