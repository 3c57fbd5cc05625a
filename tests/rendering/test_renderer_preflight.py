"""A rendered crawl whose renderer cannot start stops before any request: one stderr line, exit status 1."""

from __future__ import annotations

import pytest
from recorded_sites import run_cli
from rendered_site import SLUG, write_config_dir

from newscrawler import exit_status


def crawl(tmp_path, rendering, *settings: str, env: dict | None = None):
    configs = write_config_dir(tmp_path / "configs", "http://127.0.0.1:1", rendering)
    return run_cli(
        "-m", "scrapy", "crawl", SLUG, "-s", f"SQLITE_PATH={tmp_path / 'store.sqlite3'}", *settings,
        env={"NEWSCRAWLER_CONFIG_DIR": str(configs), "MONGO_URI": "", **(env or {})},
    )  # fmt: skip


@pytest.mark.parametrize(
    ("rendering", "settings", "env", "line"),
    [
        (
            {"listing": "playwright"},
            (),
            {"PLAYWRIGHT_CHROMIUM": "/nonexistent/chromium"},
            "rendering: playwright: no browser at /nonexistent/chromium"
            " (apt-get install chromium, or set PLAYWRIGHT_CHROMIUM)",
        ),
        (
            "splash",
            ("-s", "SPLASH_URL=http://127.0.0.1:1"),
            {},
            "rendering: splash: no Splash server answers at http://127.0.0.1:1 (",
        ),
    ],
    ids=["no-chromium", "splash-unreachable"],
)
def test_a_renderer_that_cannot_start_stops_the_crawl_in_one_line(tmp_path, rendering, settings, env, line):
    result = crawl(tmp_path, rendering, *settings, env=env)
    assert result.returncode == exit_status.FAILED
    assert "Traceback" not in result.stderr and "Spider opened" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"newscrawler: {SLUG}: {line}"), result.stderr[-2000:]


def test_a_replayed_crawl_needs_no_renderer(tmp_path):
    """Recorded sites are answered by the replay handler: a rendered outlet replays without a browser."""
    result = crawl(
        tmp_path,
        "playwright",
        "-s",
        f"NEWSCRAWLER_REPLAY_DIR={tmp_path}",
        env={"PLAYWRIGHT_CHROMIUM": "/nonexistent/chromium"},
    )
    assert "rendering:" not in result.stderr and "Spider opened" in result.stderr
