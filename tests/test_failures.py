"""Every request that gives no page is counted by reason, in the stats and in the crawl_runs document."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import yaml
from recorded_sites import REPO, copy_recorded_site, crawl_recorded, run_cli, stored_articles_and_runs
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Request
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import defer, error
from twisted.python.failure import Failure

from newscrawler.failures import PageRejected, failure_reason

SITE = "https://www.lavieeco.com"
LOOPING = f"{SITE}/affaires/ramadan-la-grande-distribution-table-sur-une-hausse-de-18-de-ses-ventes/"
TOO_LARGE = f"{SITE}/affaires/tanger-med-le-trafic-de-conteneurs-en-hausse-de-14-a-fin-aout/"
MISSING = f"{SITE}/societe/universites-la-rentree-2025-2026-marquee-par-un-afflux-record-de-nouveaux-inscrits/"
ENDLESS_CHAIN = f"{SITE}/politique/plf-2026-la-commission-des-finances-adopte-la-premiere-partie-du-texte/"
HEALTHY = f"{SITE}/economie/immobilier-les-prix-se-stabilisent-au-troisieme-trimestre-2025/"


def redirect(url: str, to: str) -> dict:
    return {"url": url, "file": "pages/robots.txt", "status": 301, "headers": {"Location": to}}


def test_failed_requests_are_counted_by_reason_in_stats_and_crawl_runs(tmp_path):
    sites, site = copy_recorded_site(tmp_path, "lavieeco")
    manifest = yaml.safe_load((site / "manifest.yml").read_text(encoding="utf-8"))
    by_url = {page["url"]: page for page in manifest["pages"]}
    del by_url[LOOPING], by_url[MISSING], by_url[ENDLESS_CHAIN]
    by_url[TOO_LARGE]["file"] = "pages/huge.html"
    (site / "pages" / "huge.html").write_bytes(b"<html><body>" + b"<p>x</p>" * 1_400_000 + b"</body></html>")  # 11 MB
    pages = [
        *by_url.values(),
        redirect(LOOPING, f"{SITE}/loop-b/"),  # A -> B -> A: Scrapy's duplicate filter drops the second A
        redirect(f"{SITE}/loop-b/", LOOPING),
        redirect(ENDLESS_CHAIN, f"{SITE}/hop-1/"),  # 21 redirects: one more than Scrapy's REDIRECT_MAX_TIMES
        *(redirect(f"{SITE}/hop-{n}/", f"{SITE}/hop-{n + 1}/") for n in range(1, 21)),
    ]
    (site / "manifest.yml").write_text(yaml.safe_dump({"pages": pages}, allow_unicode=True), encoding="utf-8")

    sqlite_path = tmp_path / "store.sqlite3"
    result = crawl_recorded("lavieeco", sqlite_path, "-s", f"SPOOL_DIR={tmp_path / 'spool'}", sites=sites)

    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    expected = {"redirect_loop": 1, "too_large": 1, "http_404": 1, "too_many_redirects": 1}
    for reason, count in expected.items():
        assert f"'newscrawler/failed/{reason}': {count}" in result.stderr, reason
    articles, runs = stored_articles_and_runs(sqlite_path)
    assert set(articles) == {HEALTHY}
    assert runs[0]["failures"] == expected


class _FailingSite(BaseHTTPRequestHandler):
    """A feed on 127.0.0.1 whose articles fail: 503, too slow, closed port, too large (with and without a length)."""

    def do_GET(self):  # noqa: N802 (http.server's name)
        port = self.server.server_address[1]
        if self.path == "/feed/":
            links = [f"http://127.0.0.1:{port}/news/a/{name}/" for name in ("unavailable", "slow", "big", "bigstream")]
            links.append("http://127.0.0.1:1/news/a/refused/")  # fmt: skip
            items = "".join(f"<item><title>{n}</title><link>{link}</link></item>" for n, link in enumerate(links))
            self._answer(
                200, f'<rss version="2.0"><channel><title>t</title>{items}</channel></rss>', "application/rss+xml"
            )
        elif self.path == "/news/a/slow/":
            time.sleep(3)
            self._answer(200, "<html></html>", "text/html")
        elif self.path.startswith("/news/a/big"):
            self._answer(200, "<p>x</p>" * 10_000, "text/html", length=self.path == "/news/a/big/")
        else:
            self._answer(503, "busy", "text/plain")

    def _answer(self, status: int, text: str, content_type: str, length: bool = True) -> None:
        """The answer; without ``length`` the body ends when the connection closes (no Content-Length)."""
        body = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:
            pass  # the crawler gave up waiting (the timeout case)

    def log_message(self, *args):
        pass


def test_network_failures_on_a_local_server_are_counted_by_kind(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FailingSite)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        config = yaml.safe_load((REPO / "spiders_config" / "lavieeco.yml").read_text(encoding="utf-8"))
        config |= {
            "domains": ["127.0.0.1"],
            "article_url_pattern": r"^http://127\.0\.0\.1(?::\d+)?/news/a/[a-z]+/$",
            "discovery": [{"type": "feed", "urls": [f"http://127.0.0.1:{port}/feed/"]}],
            "politeness": {"download_delay": 0, "concurrency": 4},
        }
        configs = tmp_path / "configs"
        configs.mkdir()
        (configs / "lavieeco.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        result = run_cli(
            "-m", "scrapy", "crawl", "lavieeco", "-s", "ROBOTSTXT_OBEY=False", "-s", "DOWNLOAD_TIMEOUT=1", "-s", "DOWNLOAD_MAXSIZE=50000",
            "-s", "RETRY_TIMES=1", "-s", f"SQLITE_PATH={tmp_path / 'store.sqlite3'}",
            "-s", f"SPOOL_DIR={tmp_path / 'spool'}", "-s", "AUTOTHROTTLE_ENABLED=False",
            env={"NEWSCRAWLER_CONFIG_DIR": str(configs), "MONGO_URI": ""},
        )  # fmt: skip
    finally:
        server.shutdown()
        server.server_close()
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    expected = {"http_503": 1, "timeout": 1, "connection_refused": 1, "too_large": 2}
    for reason, count in expected.items():
        assert f"'newscrawler/failed/{reason}': {count}" in result.stderr, reason
    _, runs = stored_articles_and_runs(tmp_path / "store.sqlite3")
    assert runs[0]["failures"] == expected


def _failure(exception: BaseException) -> Failure:
    try:
        raise exception
    except BaseException:
        return Failure()


def test_failure_reasons_name_the_kind_of_failure():
    response = HtmlResponse("https://x.ma/a", status=503, request=Request("https://x.ma/a"))
    reasons = {
        HttpError(response, "Ignoring non-200 response"): "http_503",
        error.DNSLookupError("x.ma"): "dns",
        error.ConnectionRefusedError(): "connection_refused",
        defer.TimeoutError(): "timeout",
        error.TCPTimedOutError(): "timeout",
        defer.CancelledError("max size"): "too_large",
        error.ConnectionLost(): "connection_lost",
        IgnoreRequest("max redirections reached"): "too_many_redirects",
        IgnoreRequest("Forbidden by robots.txt"): "robots_forbidden",
        PageRejected("bad_encoding", "detail"): "bad_encoding",
        ValueError("odd"): "value_error",
    }
    assert {exception: failure_reason(_failure(exception)) for exception in reasons} == reasons
