"""Canonical article URLs: one key per article whatever tracking or AMP variant was linked."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from w3lib.url import canonicalize_url, url_query_cleaner

__all__ = ["canonical_url", "same_site"]

_TRACKING_PARAM = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|amp|outputType|xtor|at_\w+)$", re.I
)
_AMP_PATH_SUFFIX = re.compile(r"/amp/?$")


def canonical_url(url: str) -> str:
    """Lower-case host, sorted query without tracking parameters, no fragment, no AMP variant."""
    url = url.strip()
    parts = urlsplit(url)
    host = parts.netloc.lower()
    if host.startswith("amp."):
        host = host[4:]
    path = _AMP_PATH_SUFFIX.sub("/", parts.path) if parts.path.rstrip("/").endswith("/amp") else parts.path
    path = path.replace(".amp.html", ".html")
    url = urlunsplit((parts.scheme.lower(), host, path, parts.query, ""))
    params = [key for key in _query_keys(parts.query) if not _TRACKING_PARAM.match(key)]
    url = url_query_cleaner(url, parameterlist=params, keep_fragments=False) if parts.query else url
    return canonicalize_url(url)


def _query_keys(query: str) -> list[str]:
    return [pair.split("=", 1)[0] for pair in query.split("&") if pair]


def same_site(url: str, domains: list[str] | tuple[str, ...]) -> bool:
    """Is the URL's host one of these domains or a subdomain of one?"""
    host = urlsplit(url).hostname or ""
    return any(host == d or host.endswith("." + d) for d in domains)
