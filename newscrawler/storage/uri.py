"""Store URIs: which back-end a URI names, and the same URI with its secrets hidden for logs."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

MASK = "***"
SQLITE_SCHEME = "sqlite:///"
MONGO_SCHEMES = ("mongodb://", "mongodb+srv://")
_SECRET_PARAMETER = re.compile("password|secret|token", re.IGNORECASE)


def redact_uri(uri: str) -> str:
    """``uri`` with the password of its user info and any password-like query value replaced by ``***``.

    Works on multi-host MongoDB URIs (``mongodb://u:p@h1,h2/db``), which ``urlsplit`` cannot port-parse.
    """
    parts = urlsplit(uri)
    userinfo, at, hosts = parts.netloc.rpartition("@")
    if at and ":" in userinfo:
        uri = uri.replace(parts.netloc, f"{userinfo.partition(':')[0]}:{MASK}@{hosts}", 1)
    if parts.query and _SECRET_PARAMETER.search(parts.query):
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        query = urlencode([(k, MASK if _SECRET_PARAMETER.search(k) else v) for k, v in pairs], safe="*,:")
        uri = uri.replace(parts.query, query, 1)
    return uri


def uri_secrets(uri: str) -> list[str]:
    """The secret substrings of ``uri`` (to scrub them from error messages that might echo it)."""
    parts = urlsplit(uri)
    userinfo, at, _ = parts.netloc.rpartition("@")
    secrets = [userinfo.partition(":")[2]] if at and ":" in userinfo else []
    secrets += [v for k, v in parse_qsl(parts.query) if _SECRET_PARAMETER.search(k)]
    secrets += [unquote(s) for s in secrets]  # drivers may echo the decoded form
    return sorted({s for s in secrets if s}, key=len, reverse=True)


def scrub(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, MASK)
    return text


def sqlite_path(uri: str) -> str:
    """The file path of a ``sqlite:///path`` URI (``sqlite:////abs/path`` for an absolute path)."""
    if not uri.startswith(SQLITE_SCHEME) or len(uri) == len(SQLITE_SCHEME):
        raise ValueError(f"not a sqlite:///path URI: {uri!r}")
    return uri[len(SQLITE_SCHEME) :]


def is_mongo_uri(uri: str) -> bool:
    return uri.startswith(MONGO_SCHEMES)
