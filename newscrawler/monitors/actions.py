"""What a failed monitor sends beyond its text report: a webhook POST and an e-mail, when configured.

Both go out on the reactor without blocking it (Twisted's HTTP client, Scrapy's ``MailSender``); the
deliveries started are kept on the crawler, and ``newscrawler.monitors.extension.Spidermon`` makes the
spider's close wait for them. A delivery that fails is one warning line; it never fails the crawl.

Why not spidermon's own actions: its Slack action needs a bot token and posts with slack_sdk, blocking
the reactor; its SMTP action builds a templated HTML message and drops ``MailSender``'s Deferred, so
nothing waits for the mail before the process ends.
"""

from __future__ import annotations

import json
import logging
import socket
from io import BytesIO
from typing import Any
from urllib.parse import urlsplit

from scrapy.mail import MailSender
from spidermon.core.actions import Action
from spidermon.exceptions import SkipAction
from twisted.internet.defer import Deferred, fail, succeed
from twisted.python.failure import Failure
from twisted.web.client import Agent, FileBodyProducer, readBody
from twisted.web.http_headers import Headers

logger = logging.getLogger(__name__)
_DELIVERIES = "_newscrawler_report_deliveries"


def failure_lines(result: Any) -> list[str]:
    """``"<monitor>: <assertion message>"`` of each failed monitor of a spidermon result."""
    return [f"{failed.item.name}: {_reason(failed.reason)}" for failed in result.monitors_failed_results]


def _reason(reason: Any) -> str:
    """The assertion message of a failed monitor (the last line of unittest's traceback text)."""
    last = str(reason).strip().splitlines()[-1] if reason else "failed"
    return last.removeprefix("AssertionError: ").split(" : ")[-1]


def report_text(spider: str, lines: list[str]) -> str:
    return f"{spider}: {len(lines)} monitors failed\n" + "".join(f"- {line}\n" for line in lines)


def deliveries(crawler: Any) -> list[Deferred[Any]]:
    """The report deliveries started for this crawler (each fires, never fails, when done)."""
    started: list[Deferred[Any]] = getattr(crawler, _DELIVERIES, None) or []
    setattr(crawler, _DELIVERIES, started)
    return started


def post_json(url: str, payload: dict[str, Any], *, timeout: float, user_agent: str) -> Deferred[int]:
    """POSTs ``payload`` as JSON to ``url``; fires with the HTTP status, fails on >= 300 or after ``timeout``."""
    from twisted.internet import reactor  # the installed one

    clock: Any = reactor
    body: Any = FileBodyProducer(BytesIO(json.dumps(payload, ensure_ascii=False).encode("utf-8")))
    headers = Headers({b"Content-Type": [b"application/json; charset=utf-8"], b"User-Agent": [user_agent.encode()]})
    sent: Deferred[Any] = Agent(clock, connectTimeout=timeout).request(b"POST", url.encode("ascii"), headers, body)

    def answered(response: Any) -> Deferred[int]:
        def status(_: bytes) -> int:
            if response.code >= 300:
                raise ValueError(f"HTTP {response.code}")
            return int(response.code)

        return readBody(response).addCallback(status)

    def timed_out(result: Any, seconds: float) -> Any:
        raise TimeoutError(f"no answer within {seconds:g} s")

    sent.addCallback(answered)
    sent.addTimeout(timeout, clock, onTimeoutCancel=timed_out)
    return sent


class WebhookAction(Action):
    """POSTs the report as Slack-compatible JSON (``text``, plus ``outlet``/``monitors_failed``/``report``
    fields) to ``NEWSCRAWLER_MONITOR_WEBHOOK_URL``."""

    def run_action(self) -> None:
        settings = self.data.crawler.settings
        url = settings.get("NEWSCRAWLER_MONITOR_WEBHOOK_URL")
        if not url:
            raise SkipAction("no NEWSCRAWLER_MONITOR_WEBHOOK_URL")
        spider, lines = self.data.spider.name, failure_lines(self.result)
        payload = {
            "text": f"newscrawler on {socket.gethostname()}: {report_text(spider, lines)}",
            "outlet": spider,
            "monitors_failed": lines,
            "report": self.data.crawler.stats.get_value("newscrawler/monitors/report"),
        }
        where = urlsplit(url).netloc.rpartition("@")[2]  # the host only: a webhook URL's path is its secret
        try:
            posted = post_json(
                url,
                payload,
                timeout=settings.getfloat("NEWSCRAWLER_MONITOR_WEBHOOK_TIMEOUT"),
                user_agent=settings.get("USER_AGENT"),
            )
        except Exception as exc:  # a URL the client cannot even start with
            posted = fail(Failure(exc))

        def failed(failure: Failure) -> None:
            logger.warning("Monitor report of %s not delivered to webhook %s: %s", spider, where, _one_line(failure))

        deliveries(self.data.crawler).append(posted.addCallbacks(lambda _: None, failed))


class EmailAction(Action):
    """Mails the report to ``NEWSCRAWLER_MONITOR_EMAIL_TO`` through Scrapy's ``MailSender`` (``MAIL_*`` settings)."""

    def run_action(self) -> None:
        crawler = self.data.crawler
        recipients = crawler.settings.getlist("NEWSCRAWLER_MONITOR_EMAIL_TO")
        if not recipients:
            raise SkipAction("no NEWSCRAWLER_MONITOR_EMAIL_TO")
        spider, lines = self.data.spider.name, failure_lines(self.result)
        sent = MailSender.from_crawler(crawler).send(
            to=recipients,
            subject=f"newscrawler: {spider}: {len(lines)} monitors failed",
            body=report_text(spider, lines),
            charset="utf-8",
        )  # MailSender logs a failed delivery (one line) and never fails its Deferred
        deliveries(crawler).append(sent if sent is not None else succeed(None))


def _one_line(failure: Failure) -> str:
    message = " ".join(str(failure.getErrorMessage()).split())[:300]
    return f"{failure.type.__name__}: {message}" if failure.type else message
