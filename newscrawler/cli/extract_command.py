"""``extract FILE --url URL [--outlet SLUG] [--now ISO_LOCAL]``: one page as the pipelines would store it."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "extract",
        help="extract one saved page and print the article as JSON",
        description=__doc__.split(":", 1)[1].strip(),
    )
    parser.add_argument("file", type=Path, help="saved HTML page (or JSON answer of an outlet's article API)")
    parser.add_argument("--url", required=True, type=_page_url, help="the URL the page was fetched from")
    parser.add_argument(
        "--outlet", help="outlet slug (default: from the URL's domain; unknown domains use generic layers)"
    )
    parser.add_argument("--now", help="crawl time, Africa/Casablanca local ISO (for relative dates)")
    parser.set_defaults(handler=run)


def _page_url(text: str) -> str:
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise argparse.ArgumentTypeError(f"expected an absolute http(s) URL, got {text!r}")
    return text


def run(args: argparse.Namespace) -> int:
    from scrapy.exceptions import DropItem
    from scrapy.http import HtmlResponse

    from newscrawler.extraction.extractor import extract_html, extract_json
    from newscrawler.outlets import OutletConfigError, load_outlets, outlet_for_url, reader_for
    from newscrawler.pipelines.offline import process_offline
    from newscrawler.storage.documents import to_document, to_json_dict
    from newscrawler.timezone import now_utc, to_utc

    try:
        outlets = load_outlets()
        outlet = outlets.get(args.outlet) if args.outlet else outlet_for_url(args.url)
        if args.outlet and outlet is None:
            print(f"extract: unknown outlet {args.outlet!r}; known: {', '.join(sorted(outlets))}", file=sys.stderr)
            return 2
        reader = reader_for(outlet, args.url)  # the aggregator's config for a copy of the outlet's article
        body = args.file.read_bytes()
        now = to_utc(datetime.fromisoformat(args.now)) if args.now else now_utc()
    except OutletConfigError as error:
        print(f"extract: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"extract: cannot read {args.file}: {error.strerror}", file=sys.stderr)
        return 2
    except ValueError as error:
        print(f"extract: --now: {error}", file=sys.stderr)
        return 2
    if reader is not None and reader.article_api and body.lstrip()[:1] in (b"{", b"["):
        article = extract_json(body, args.url, reader, crawled_at=now)
    else:
        response = HtmlResponse(url=args.url, body=body)
        article = extract_html(response.text, args.url, reader, crawled_at=now, selector=response.selector)
    try:
        article = process_offline(article, owner=outlet.slug if outlet else None)
    except DropItem as error:
        print(f"extract: not an article: {error}", file=sys.stderr)
        return 1
    document = to_json_dict(to_document(article))
    document.pop("_id", None)
    print(json.dumps(document, ensure_ascii=False, indent=2))
    return 0
