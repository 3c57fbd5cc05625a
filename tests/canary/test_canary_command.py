"""``python -m newscrawler canary`` on the recorded sites: the healthy outlets pass, a redesigned one is flagged."""

from __future__ import annotations

import re
import shutil

from recorded_sites import (
    SITES,
    configs_with_unreachable_sources,
    copy_recorded_site,
    crawl_recorded,
    edited_configs,
    run_cli,
)

from newscrawler.outlets import load_outlets

# Yabiladi's recorded pages as after a redesign: every class and id its selectors name renamed.
RENAMED = {
    "article_head": "head-2026",
    "article_body": "content-2026",
    "article_tags": "tags-2026",
    "article_img": "img-2026",
    "social-tool": "share-2026",
}
BROKEN_YABILADI = (
    "yabiladi: body now from generic layer; byline, section, tags missing (selectors no longer match since {since})"
)


def canary(*args: str, env: dict | None = None):
    return run_cli("-m", "newscrawler", "canary", *args, env={"MONGO_URI": "", **(env or {})})


def redesigned_yabiladi(tmp_path):
    """Recorded sites holding a healthy hespress and a yabiladi whose markup changed."""
    sites, site = copy_recorded_site(tmp_path, "yabiladi")
    shutil.copytree(SITES / "hespress", sites / "hespress")
    for page in (site / "pages").glob("*.html"):
        html = page.read_text(encoding="utf-8")
        for old, new in RENAMED.items():
            html = html.replace(old, new)
        page.write_text(html, encoding="utf-8")
    return sites


def test_every_recorded_outlet_passes(tmp_path):
    result = canary("-s", f"NEWSCRAWLER_REPLAY_DIR={SITES}", "-s", f"SQLITE_PATH={tmp_path / 'none.sqlite3'}")
    assert result.returncode == 0, result.stdout + result.stderr
    expected = sorted(slug for slug, outlet in load_outlets().items() if outlet.status != "defunct")
    lines = result.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == expected
    for line in lines:
        assert re.fullmatch(r"[\w-]+: OK \([1-3] articles?\)", line), line
    assert not (tmp_path / "none.sqlite3").exists()  # a canary stores nothing


def test_an_outlet_whose_markup_changed_is_flagged_and_the_others_pass(tmp_path):
    sites = redesigned_yabiladi(tmp_path)
    result = canary("--outlets", "yabiladi,hespress", "-s", f"NEWSCRAWLER_REPLAY_DIR={sites}",
                    "-s", f"SQLITE_PATH={tmp_path / 'none.sqlite3'}")  # fmt: skip
    assert result.returncode == 4, result.stdout + result.stderr
    assert result.stdout.splitlines() == ["hespress: OK (2 articles)", BROKEN_YABILADI.format(since="2025-11-20")]
    assert result.stderr.splitlines()[-1] == "newscrawler canary: flagged: yabiladi"


def test_since_is_the_last_day_the_store_saw_the_selectors_match(tmp_path):
    sqlite_path = tmp_path / "articles.sqlite3"
    crawled = crawl_recorded("yabiladi", sqlite_path, "-s", "NEWSCRAWLER_NOW=2026-03-02T10:00")
    assert crawled.returncode == 0, crawled.stderr[-2000:]
    sites = redesigned_yabiladi(tmp_path)
    result = canary(
        "--outlets", "yabiladi", "-s", f"NEWSCRAWLER_REPLAY_DIR={sites}", "-s", f"SQLITE_PATH={sqlite_path}"
    )
    assert result.returncode == 4
    assert result.stdout.splitlines() == [BROKEN_YABILADI.format(since="2026-03-02")]


def test_an_unreachable_outlet_is_flagged_with_its_network_error(tmp_path):
    """A live canary (no replay) of an outlet whose feed is on a closed local port."""
    configs = configs_with_unreachable_sources(tmp_path, "yabiladi")
    result = canary("--outlets", "yabiladi", "-s", "RETRY_TIMES=0",
                    env={"NEWSCRAWLER_CONFIG_DIR": str(configs)})  # fmt: skip
    assert result.returncode == 4, result.stdout + result.stderr
    assert result.stdout.splitlines() == ["yabiladi: unreachable (connection refused ×1)"]


def test_an_outlet_whose_renderer_cannot_start_is_flagged_with_the_reason_and_not_fetched(tmp_path):
    """As a rendered crawl does: the browser is checked first (here: none at the configured path)."""
    configs = edited_configs(tmp_path, "yabiladi", lambda config: config.update(rendering="playwright"))
    browser = tmp_path / "no-chromium"
    result = canary(
        "--outlets", "yabiladi", env={"NEWSCRAWLER_CONFIG_DIR": str(configs), "PLAYWRIGHT_CHROMIUM": str(browser)}
    )
    assert result.returncode == 4, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        f"yabiladi: rendering: playwright: no browser at {browser} (apt-get install chromium, or set PLAYWRIGHT_CHROMIUM)"
    ]
    assert "Spider opened" not in result.stderr  # nothing fetched


def test_unknown_outlet_and_bad_setting_are_usage_errors():
    unknown = canary("--outlets", "nosuch")
    assert unknown.returncode == 2 and unknown.stderr.startswith("newscrawler canary: unknown outlet nosuch; known: ")
    bad = canary("-s", "LOG_LEVEL")
    assert bad.returncode == 2 and bad.stderr.strip() == "newscrawler canary: -s takes NAME=VALUE"
