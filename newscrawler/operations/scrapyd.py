"""Scheduling crawls on a Scrapyd server through its HTTP API (``listjobs.json``, ``schedule.json``).

The standard library's HTTP client is enough for two form POSTs and a GET (scrapyd-client's own API
module needs ``requests``, a dev-only package here). A URL with ``user:password@`` authenticates with
HTTP basic auth (Scrapyd's ``username``/``password``); the password is never printed.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import unquote, urlencode, urlsplit, urlunsplit
from urllib.request import Request, urlopen

DEFAULT_URL = "http://localhost:6800/"


class ScrapydError(Exception):
    """Scrapyd could not be reached or refused the request (one line, password-free)."""


@dataclass
class Scrapyd:
    url: str  # base URL, e.g. http://user:secret@crawler-1:6800/
    project: str = "newscrawler"
    timeout: float = 30.0
    _base: str = field(init=False)
    _headers: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        parts = urlsplit(self.url)
        self._headers = {}
        if parts.username is not None:
            token = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode()
            self._headers["Authorization"] = "Basic " + base64.b64encode(token).decode("ascii")
        host = parts.hostname or ""
        netloc = (f"[{host}]" if ":" in host else host) + (f":{parts.port}" if parts.port else "")
        self._base = urlunsplit((parts.scheme, netloc, parts.path.rstrip("/") + "/", "", ""))

    @property
    def where(self) -> str:
        """The server's URL without credentials."""
        return self._base

    def _call(self, endpoint: str, query: Sequence[tuple[str, str]] = (), *, post: bool = False) -> dict[str, Any]:
        encoded = urlencode(list(query))
        url = self._base + endpoint + ("" if post or not encoded else "?" + encoded)
        request = Request(url, data=encoded.encode() if post else None, headers=self._headers)
        try:
            with urlopen(request, timeout=self.timeout) as response:
                answer: dict[str, Any] = json.loads(response.read())
        except HTTPError as error:
            raise ScrapydError(f"{self.where}{endpoint}: HTTP {error.code} {error.reason}") from None
        except (URLError, OSError, ValueError) as error:
            raise ScrapydError(f"{self.where}{endpoint}: {getattr(error, 'reason', error)}") from None
        if answer.get("status") != "ok":
            raise ScrapydError(f"{self.where}{endpoint}: {answer.get('message') or answer}")
        return answer

    def active_spiders(self) -> set[str]:
        """Spiders of the project with a job pending or running."""
        jobs = self._call("listjobs.json", [("project", self.project)])
        return {job["spider"] for state in ("pending", "running") for job in jobs.get(state, [])}

    def schedule(self, spider: str, settings: Sequence[str] = (), arguments: Sequence[str] = ()) -> str:
        """Schedules one job; its id. ``settings``/``arguments``: ``NAME=VALUE`` (as scrapy crawl -s / -a)."""
        form = [("project", self.project), ("spider", spider)]
        form += [("setting", setting) for setting in settings]
        form += [(name, value) for name, _, value in (argument.partition("=") for argument in arguments)]
        return str(self._call("schedule.json", form, post=True)["jobid"])
