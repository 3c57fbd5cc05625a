"""Recorded sites follow the production configs, never the reverse."""

from __future__ import annotations

import pytest
import yaml
from recorded_sites import SITES, crawl_recorded, recorded_slugs
from w3lib.url import canonicalize_url

from newscrawler.discovery.wordpress import posts_url
from newscrawler.outlets import load_outlets


def recorded_urls(slug: str) -> set[str]:
    manifest = yaml.safe_load((SITES / slug / "manifest.yml").read_text(encoding="utf-8"))
    return {canonicalize_url(page["url"]) for page in manifest["pages"]}


@pytest.mark.parametrize("slug", recorded_slugs())
def test_wordpress_api_pages_are_recorded_for_the_configured_per_page(slug):
    outlet = load_outlets()[slug]
    for source in (s for s in outlet.discovery if s["type"] == "wordpress_api"):
        for api in source["urls"]:
            first_page = posts_url(api, 1, source.get("per_page", 100), None, None)
            assert canonicalize_url(first_page) in recorded_urls(slug), f"{slug}: {first_page} not recorded"


def test_hespress_reads_the_second_rest_page_of_each_edition(tmp_path):
    result = crawl_recorded("hespress", tmp_path / "x.sqlite3", "-s", "LOG_LEVEL=DEBUG")
    assert result.returncode == 0, result.stderr[-3000:]
    for host in ("fr.hespress.com", "www.hespress.com"):
        assert f"Crawled (200) <GET https://{host}/wp-json/wp/v2/posts?per_page=100&page=2&" in result.stderr


def manifest_pages(slug: str) -> list[dict]:
    return yaml.safe_load((SITES / slug / "manifest.yml").read_text(encoding="utf-8"))["pages"]


@pytest.mark.parametrize("slug", recorded_slugs())
def test_every_recorded_page_says_whether_it_was_captured(slug):
    for page in manifest_pages(slug):
        assert page.get("origin") in ("captured", "synthetic"), f"{slug}: {page['url']}: origin"
        if page["origin"] == "captured":
            assert page.get("source"), f"{slug}: {page['url']}: a captured page names its source"


def test_the_readme_outlet_table_shows_archetypes_and_page_origins():
    readme = (SITES.parents[1] / "README.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(" `"): line.split("|") for line in readme.splitlines() if line.startswith("| `")}
    for slug, outlet in load_outlets().items():
        origins = [page["origin"] for page in manifest_pages(slug)]
        archetype = f"`{outlet.archetype}`" if outlet.archetype else "—"
        assert slug in rows, f"README outlet table: no row for {slug}"
        assert rows[slug][5].strip() == archetype, slug
        assert rows[slug][6].strip() == f"{origins.count('synthetic')} / {origins.count('captured')}", slug
        if outlet.status == "archived":  # the row says where an archived outlet's articles come from
            assert rows[slug][7].strip().startswith("archived (articles from "), slug
