"""``python -m newscrawler``: the command-line tools (see ``newscrawler.cli``)."""

from newscrawler.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
