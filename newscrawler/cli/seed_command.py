"""``seed <outlet> [--redis-url URL]``: start a distributed crawl of an outlet: clear its keys in Redis
(an unfinished run's frontier and seen-set too) and push its discovery URLs for the workers."""

from __future__ import annotations

import argparse

from newscrawler.cli.store_commands import CommandError, crawl_settings, reports_errors


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "seed",
        help="start a distributed crawl: push an outlet's discovery URLs to Redis for the workers",
        description=__doc__.split(":", 1)[1].strip(),
    )
    parser.add_argument("outlet", help="outlet slug (see scrapy list)")
    parser.add_argument("--redis-url", help="Redis of the workers (default: NEWSCRAWLER_REDIS_URL)")
    parser.set_defaults(handler=run)


@reports_errors
def run(args: argparse.Namespace) -> int:
    from newscrawler import distributed
    from newscrawler.outlets import OutletConfigError, load_outlets

    url = args.redis_url or crawl_settings().get("NEWSCRAWLER_REDIS_URL")
    if not url:
        raise CommandError("no Redis: give --redis-url or set NEWSCRAWLER_REDIS_URL")
    try:
        outlets = load_outlets()
    except OutletConfigError as error:
        raise CommandError(str(error)) from None
    if args.outlet not in outlets:
        raise CommandError(f"unknown outlet {args.outlet!r} (known: {', '.join(sorted(outlets))})")
    try:
        client = distributed.connect(url)
    except distributed.RedisUnreachable as error:
        raise CommandError(str(error), status=1) from None
    with client:
        count = distributed.seed(client, outlets[args.outlet])
    where = distributed.redact_redis_url(url)
    print(f"{args.outlet}: new run, {count} discovery URLs pushed to {where} (workers: scrapy crawl {args.outlet})")
    return 0
