"""Store URIs: which back-end a URI names, and what of it may be printed (hosts and database only).

MongoDB URIs are read with pymongo's own parser (``pymongo.uri_parser.parse_uri``), so a password
holding a raw ``#``, ``?``, ``/``, ``@`` or ``%`` is split where the driver splits it: a generic URL
parser would take ``#...`` for a fragment and print the rest of the password as a host.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, quote_plus, unquote

from pymongo import uri_parser
from pymongo.errors import PyMongoError

MASK = "***"
SQLITE_SCHEME = "sqlite:///"
MONGO_SCHEME, MONGO_SRV_SCHEME = "mongodb://", "mongodb+srv://"
MONGO_SCHEMES = (MONGO_SCHEME, MONGO_SRV_SCHEME)
HIDDEN = "(unparseable URI hidden)"
_SECRET_OPTION = ("password", "secret", "token")


def parse_mongo_uri(uri: str) -> dict[str, Any] | None:
    """pymongo's reading of a MongoDB URI, or None when the driver cannot read it.

    A ``mongodb+srv://`` URI is read as ``mongodb://``: its hosts are printed as written, with no
    DNS look-up (``parse_uri`` would resolve the SRV record).
    """
    plain = MONGO_SCHEME + uri.removeprefix(MONGO_SRV_SCHEME).removeprefix(MONGO_SCHEME)
    try:
        return uri_parser.parse_uri(plain, default_port=None, validate=False, warn=False)
    except (PyMongoError, ValueError):
        return None


def redact_uri(uri: str) -> str:
    """What of a store URI may be printed: the scheme, the hosts and the database, nothing else.

    ``mongodb://user:p#ss@h1,h2:27018/db?authSource=admin`` gives ``mongodb://h1,h2:27018/db``; a URI
    the driver cannot read gives only its scheme; ``sqlite:///path`` is printed as is.
    """
    if uri.startswith(SQLITE_SCHEME):
        return uri
    scheme = uri.partition("://")[0] + "://" if "://" in uri else ""
    parsed = parse_mongo_uri(uri) if is_mongo_uri(uri) else None
    if parsed is None:
        return f"{scheme}{HIDDEN}"
    hosts = ",".join(host if port is None else f"{host}:{port}" for host, port in parsed["nodelist"])
    return f"{scheme}{hosts}/{parsed['database'] or ''}"


def uri_secrets(uri: str) -> list[str]:
    """The secret substrings of ``uri`` (to scrub them from error messages that might echo it).

    The whole user info as written (user and password), its decoded and re-encoded forms, and the
    values of password-like options; longest first.
    """
    rest = uri.partition("://")[2]
    userinfo = rest.rpartition("@")[0]
    secrets = [userinfo, userinfo.partition(":")[2]] if userinfo else []
    parsed = parse_mongo_uri(uri) if is_mongo_uri(uri) else None
    if parsed:
        secrets.append(parsed.get("password") or "")
        secrets += [str(v) for k, v in parsed["options"].items() if any(s in k.lower() for s in _SECRET_OPTION)]
    secrets += [form for s in list(secrets) for form in (unquote(s), quote(s, safe=""), quote_plus(s))]
    return sorted({s for s in secrets if len(s) > 1}, key=len, reverse=True)


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


def store_settings(uri: str) -> dict[str, str]:
    """The crawl settings that make a crawl write to the store ``uri`` names."""
    return {"MONGO_URI": uri} if is_mongo_uri(uri) else {"MONGO_URI": "", "SQLITE_PATH": sqlite_path(uri)}
