"""A scheduled crawl fails loudly (exit 4, one line) when an outlet is blocked or its markup changed."""

import yaml
from recorded_sites import configs_with_unreachable_sources, copy_recorded_site, crawl_recorded, run_cli

from newscrawler.storage import open_store


def copy_site(tmp_path, slug):
    sites, site = copy_recorded_site(tmp_path, slug)
    return sites, site / "manifest.yml"


def test_blocked_outlet_exits_4_naming_the_http_errors(tmp_path):
    sites, manifest_path = copy_site(tmp_path, "yabiladi")
    manifest = yaml.safe_load(manifest_path.read_text(encoding="utf-8"))
    for page in manifest["pages"]:
        page["status"] = 403
    manifest_path.write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
    result = crawl_recorded("yabiladi", tmp_path / "db.sqlite3", sites=sites)
    assert result.returncode == 4
    assert (
        result.stderr.strip().splitlines()[-1].startswith("newscrawler: yabiladi: discovery found no links (HTTP 403 ×")
    )


def test_changed_markup_that_drops_every_article_exits_4(tmp_path):
    sites, _ = copy_site(tmp_path, "yabiladi")
    for page in (sites / "yabiladi" / "pages").glob("*.html"):
        page.write_text("<html><body><div id='app'></div><script src='/bundle.js'></script></body></html>")
    result = crawl_recorded("yabiladi", tmp_path / "db.sqlite3", sites=sites)
    assert result.returncode == 4
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("newscrawler: yabiladi: all 6 article pages were dropped (missing_")


def test_an_unreachable_outlet_is_recorded_as_broken_with_its_network_errors(tmp_path):
    """A live crawl (no replay) of sources on a closed local port: exit 4, crawl_runs says broken."""
    configs = configs_with_unreachable_sources(tmp_path, "yabiladi")
    sqlite_path = tmp_path / "db.sqlite3"
    result = run_cli(
        "-m", "scrapy", "crawl", "yabiladi", "-s", f"SQLITE_PATH={sqlite_path}", "-s", "MONGO_URI=",
        "-s", "RETRY_TIMES=1", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0",
        env={"NEWSCRAWLER_CONFIG_DIR": str(configs), "MONGO_URI": ""},
    )  # fmt: skip
    assert result.returncode == 4, result.stderr[-2000:]
    line = result.stderr.strip().splitlines()[-1]
    assert line == "newscrawler: yabiladi: discovery found no links (connection refused ×1) — sources moved or blocked?"
    store = open_store({"MONGO_URI": "", "SQLITE_PATH": str(sqlite_path)})
    try:
        (run,) = store.last_runs()
    finally:
        store.close()
    assert run["finish_reason"] == "broken" and run["problem"] == line
    assert run["failures"] == {"connection_refused": 1}


def test_a_healthy_recorded_crawl_exits_0_and_is_recorded_as_finished(tmp_path):
    assert crawl_recorded("yabiladi", tmp_path / "db.sqlite3").returncode == 0
    store = open_store({"MONGO_URI": "", "SQLITE_PATH": str(tmp_path / "db.sqlite3")})
    try:
        (run,) = store.last_runs()
    finally:
        store.close()
    assert run["finish_reason"] == "finished" and run["problem"] is None
