"""Scrapy commands that run the ``python -m newscrawler`` tools from a Scrapy project (``scrapy articles``)."""

from __future__ import annotations

from scrapy.commands import ScrapyCommand

from newscrawler.cli import main


def cli_command(name: str, summary: str, module: str) -> type[ScrapyCommand]:
    """A Scrapy command, defined in ``module``, passing its arguments to ``python -m newscrawler <name>``."""

    class Command(ScrapyCommand):
        requires_project = True
        default_settings = {"LOG_ENABLED": False}

        def syntax(self) -> str:
            return f"[options]   (options: python -m newscrawler {name} --help)"

        def short_desc(self) -> str:
            return summary

        def run(self, args: list[str], opts) -> None:
            self.exitcode = main([name, *args])

    Command.__module__ = module  # Scrapy lists a command only from the module that defines it
    return Command
