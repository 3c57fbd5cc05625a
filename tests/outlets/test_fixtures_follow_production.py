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
