"""``scrapy quality``: fields filled, provenance mix and drop reasons per outlet (python -m newscrawler quality)."""

from newscrawler.commands._cli_bridge import cli_command

Command = cli_command("quality", "fields filled, provenance mix, drop reasons per outlet", __name__)
