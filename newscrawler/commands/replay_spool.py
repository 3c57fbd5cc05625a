"""``scrapy replay_spool``: write spooled items to the store (python -m newscrawler replay-spool)."""

from newscrawler.commands._cli_bridge import cli_command

Command = cli_command("replay-spool", "write spooled items to the store (python -m newscrawler replay-spool)", __name__)
