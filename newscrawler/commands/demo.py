"""``scrapy demo``: offline demo on the recorded sites (python -m newscrawler demo)."""

from newscrawler.commands._cli_bridge import cli_command

Command = cli_command("demo", "offline demo on the recorded sites (python -m newscrawler demo)", __name__)
