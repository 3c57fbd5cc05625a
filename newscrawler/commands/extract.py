"""``scrapy extract``: one saved page as the pipelines would store it (python -m newscrawler extract)."""

from newscrawler.commands._cli_bridge import cli_command

Command = cli_command("extract", "print one saved page as the pipelines would store it", __name__)
