"""``parse-date`` and ``parse-byline``: the text parsers on the command line, one value or a stream.

With ``-`` as TEXT each line of stdin is one input and gives one output line, flushed at once, so
another program can use the command as a co-process. A line that is not UTF-8 gives the "no result"
output line, one stderr line naming it, and exit status 1 at the end. The parsers are imported only
when a command runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from datetime import datetime


def register(subparsers) -> None:
    dates = subparsers.add_parser(
        "parse-date",
        help="print the UTC instant of a printed date (exit 1 when none)",
        description="Print the UTC instant (ISO 8601) of a French or Arabic date as news sites print it; "
        "nothing and exit status 1 when no date comes out. With '-': one input per stdin line, "
        "one output per line (ISO 8601 UTC, or '-').",
    )
    dates.add_argument(
        "--now", metavar="ISO_LOCAL", type=_local_time, help="Africa/Casablanca local time for relative dates"
    )
    dates.add_argument("text", metavar="TEXT", help="the date text, or '-' to read lines from stdin")
    dates.set_defaults(handler=parse_date_command)

    bylines = subparsers.add_parser(
        "parse-byline",
        help='print {"authors": [...], "agencies": [...]} of a printed byline',
        description='Print {"authors": [...], "agencies": [...]} of a byline. With \'-\': JSON Lines on stdin '
        'with keys "byline" and "outlet", one JSON line out per line in.',
    )
    bylines.add_argument("--outlet", metavar="SLUG", help="slug of the page's outlet (its name is not an author)")
    bylines.add_argument("text", metavar="TEXT", help="the byline, or '-' to read JSON Lines from stdin")
    bylines.set_defaults(handler=parse_byline_command)


def _local_time(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 time: {text!r}") from None


def _utf8_stdio() -> None:
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")


class _StdinLines:
    """The lines of stdin as text, without their line ending; ``None`` for a line that is not UTF-8
    (reported on stderr as ``<command>: stdin line N: ...``, and ``failed`` set)."""

    def __init__(self, command: str) -> None:
        self.command = command
        self.failed = False

    def __iter__(self) -> Iterator[str | None]:
        for number, raw in enumerate(sys.stdin.buffer, start=1):
            try:
                yield raw.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError as error:
                print(
                    f"{self.command}: stdin line {number}: not UTF-8 text (byte 0x{raw[error.start]:02x} at"
                    f" column {error.start + 1})",
                    file=sys.stderr,
                )
                self.failed = True
                yield None


def _emit(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def parse_date_command(args: argparse.Namespace) -> int:
    from newscrawler.parsing.dates import parse_date
    from newscrawler.timezone import now_utc

    _utf8_stdio()
    now = args.now or now_utc()
    if args.text != "-":
        parsed = parse_date(args.text, now)
        if parsed is None:
            return 1
        _emit(parsed.value.isoformat())
        return 0
    lines = _StdinLines("parse-date")
    for line in lines:
        parsed = parse_date(line, now) if line is not None else None
        _emit(parsed.value.isoformat() if parsed else "-")
    return 1 if lines.failed else 0


def parse_byline_command(args: argparse.Namespace) -> int:
    from newscrawler.outlets import OutletConfigError, outlet_names
    from newscrawler.parsing.bylines import parse_byline

    _utf8_stdio()
    try:
        names = outlet_names()  # outlet names are credits, not people
    except OutletConfigError as error:
        print(f"parse-byline: {error}", file=sys.stderr)
        return 2
    if args.text != "-":
        _emit(_byline_json(parse_byline(args.text, args.outlet, names)))
        return 0
    status = 0
    lines = _StdinLines("parse-byline")
    for number, line in enumerate(lines, start=1):
        try:
            record = json.loads(line) if line and line.strip() else {}
            if not isinstance(record, dict):
                raise ValueError("not a JSON object")
        except ValueError as error:
            print(f"parse-byline: stdin line {number}: {error}", file=sys.stderr)
            record, status = {}, 1
        _emit(_byline_json(parse_byline(record.get("byline"), record.get("outlet") or args.outlet, names)))
    return 1 if lines.failed else status


def _byline_json(byline) -> str:
    return json.dumps({"authors": list(byline.authors), "agencies": list(byline.agencies)}, ensure_ascii=False)
