"""A scheduled crawl fails loudly (exit 4, one line) when an outlet is blocked or its markup changed."""

import yaml
from recorded_sites import copy_recorded_site, crawl_recorded


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


def test_a_healthy_recorded_crawl_exits_0(tmp_path):
    assert crawl_recorded("yabiladi", tmp_path / "db.sqlite3").returncode == 0
