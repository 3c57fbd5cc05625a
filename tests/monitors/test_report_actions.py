"""A failed monitor's report goes to a webhook and by e-mail when configured (local servers on 127.0.0.1);
a webhook that fails is one warning line and never changes the crawl's outcome."""

import email
import json
import socketserver
import threading
from email.policy import default as default_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from recorded_sites import copy_recorded_site, crawl_recorded

FAILURE = "Drop rate/share of extracted articles dropped: 4 of 6 articles dropped (67% > 50%)"
REPORT = f"yabiladi: 1 monitors failed\n- {FAILURE}\n"


class Webhook(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append((self.path, self.headers["Content-Type"], json.loads(body)))
        if self.server.hang:
            threading.Event().wait(5)  # never answers within the crawl's timeout
            return
        self.send_response(self.server.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


class SMTP(socketserver.StreamRequestHandler):
    """Just enough of SMTP for one plain message: every command is accepted, DATA is kept."""

    def reply(self, line: bytes) -> None:
        self.wfile.write(line + b"\r\n")

    def handle(self):
        self.reply(b"220 127.0.0.1 test SMTP")
        envelope, data = [], None
        for line in self.rfile:
            if data is not None:
                if line.rstrip(b"\r\n") == b".":
                    self.server.messages.append((envelope, b"".join(data)))
                    envelope, data = [], None
                    self.reply(b"250 queued")
                else:
                    data.append(line)
            elif line[:4].upper() == b"DATA":
                data = []
                self.reply(b"354 end with .")
            elif line[:4].upper() == b"QUIT":
                self.reply(b"221 bye")
                return
            else:  # EHLO, MAIL FROM, RCPT TO
                envelope.append(line.decode().strip())
                self.reply(b"250 ok")


@pytest.fixture
def webhook():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Webhook)
    server.received, server.status, server.hang = [], 200, False
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def smtp():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SMTP)
    server.daemon_threads = True
    server.messages = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def crawl_broken_yabiladi(tmp_path, *settings: str):
    """A crawl of yabiladi whose 4 of 6 article pages lost their markup: the drop rate monitor fails."""
    sites, site = copy_recorded_site(tmp_path, "yabiladi")
    for page in sorted((site / "pages").glob("*.html"))[:4]:
        page.write_text("<html><body><div id='app'></div></body></html>")
    extra = [f"-s{setting}" for setting in settings]
    return crawl_recorded(
        "yabiladi", tmp_path / "db.sqlite3", "-s", f"NEWSCRAWLER_MONITOR_REPORT_DIR={tmp_path / 'reports'}", *extra,
        sites=sites,
    )  # fmt: skip


def test_a_failed_monitor_posts_to_the_webhook_and_mails_the_report(tmp_path, webhook, smtp):
    result = crawl_broken_yabiladi(
        tmp_path,
        f"NEWSCRAWLER_MONITOR_WEBHOOK_URL=http://127.0.0.1:{webhook.server_port}/hooks/T0/B1/secret",
        "NEWSCRAWLER_MONITOR_EMAIL_TO=ops@example.org,data@example.org",
        "MAIL_HOST=127.0.0.1",
        f"MAIL_PORT={smtp.server_address[1]}",
        "MAIL_FROM=newscrawler@example.org",
    )
    assert result.returncode == 4
    assert result.stderr.strip().splitlines()[-1] == f"newscrawler: yabiladi: monitors failed: {FAILURE}"
    ((path, content_type, payload),) = webhook.received
    assert (path, content_type) == ("/hooks/T0/B1/secret", "application/json; charset=utf-8")
    (report,) = (tmp_path / "reports").iterdir()
    assert payload["text"].endswith(f": {REPORT}") and payload["text"].startswith("newscrawler on ")
    assert (payload["outlet"], payload["monitors_failed"], payload["report"]) == ("yabiladi", [FAILURE], str(report))
    ((envelope, data),) = smtp.messages
    assert envelope[1:] == [
        "MAIL FROM:<newscrawler@example.org>",
        "RCPT TO:<ops@example.org>",
        "RCPT TO:<data@example.org>",
    ]
    message = email.message_from_bytes(data, policy=default_policy)
    assert message["Subject"] == "newscrawler: yabiladi: 1 monitors failed"
    assert message["To"] == "ops@example.org, data@example.org"
    assert message.get_content() == REPORT
    assert "Monitor report" not in result.stderr  # nothing failed to deliver


@pytest.mark.parametrize("failure", ["http_500", "refused", "no_answer"])
def test_a_failing_webhook_is_one_warning_line_and_the_crawl_ends_as_it_would(tmp_path, webhook, failure):
    port = webhook.server_port
    if failure == "refused":
        webhook.shutdown()
        webhook.server_close()
    webhook.status, webhook.hang = 500, failure == "no_answer"
    result = crawl_broken_yabiladi(
        tmp_path,
        f"NEWSCRAWLER_MONITOR_WEBHOOK_URL=http://127.0.0.1:{port}/hook",
        "NEWSCRAWLER_MONITOR_WEBHOOK_TIMEOUT=1",
    )
    assert result.returncode == 4
    assert result.stderr.strip().splitlines()[-1] == f"newscrawler: yabiladi: monitors failed: {FAILURE}"
    (line,) = [line for line in result.stderr.splitlines() if "Monitor report" in line]
    assert f"WARNING: Monitor report of yabiladi not delivered to webhook 127.0.0.1:{port}: " in line
    assert {
        "http_500": "HTTP 500",
        "refused": "Connection was refused",
        "no_answer": "TimeoutError: no answer within 1 s",
    }[failure] in line
    assert (tmp_path / "reports").is_dir()  # the text report is written all the same
