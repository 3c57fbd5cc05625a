"""An article found both on its outlet's own site and as a Maghress copy: one original, under the outlet,
whatever the order of the crawls; the copy is kept, linked to it by ``duplicate_of``."""

from __future__ import annotations

import pytest
from recorded_sites import configs_with_sources_of_type, crawl_recorded, expected_articles, stored_articles_and_runs

from newscrawler.parsing.urls import canonical_url

HESPRESS_PAGE = (
    "https://fr.hespress.com/416382-premieres-assises-de-lia-au-maroc-vers-une-souverainete-technologique-affirmee.html"
)
MAGHRESS_COPY = "https://www.maghress.com/fr/hespress/416382"


@pytest.mark.parametrize("order", [("hespress", "maghress"), ("maghress", "hespress")], ids="-then-".join)
def test_the_outlets_own_page_is_the_original_in_either_order(order, tmp_path):
    store = tmp_path / "articles.sqlite3"
    for spider in order:
        result = crawl_recorded(spider, store)
        assert result.returncode == 0, result.stderr[-3000:]
    articles, _ = stored_articles_and_runs(store)
    own, copy = articles[HESPRESS_PAGE], articles[MAGHRESS_COPY]
    assert (own["outlet"], own["via"], own["duplicate_of"]) == ("hespress", None, None)
    assert (copy["outlet"], copy["via"], copy["duplicate_of"]) == ("hespress", "maghress", HESPRESS_PAGE)
    assert copy["content_fingerprint"] == own["content_fingerprint"]
    originals = [a for a in articles.values() if a["content_fingerprint"] == own["content_fingerprint"]]
    assert [a["url"] for a in originals if not a["duplicate_of"]] == [HESPRESS_PAGE]  # stored once


ALM_PAGE = "https://aujourdhui.ma/economie/zones-industrielles-le-taux-doccupation-atteint-78-a-fin-septembre"
ALM_COPY = "https://www.maghress.com/fr/aujourdhui/131207"


def test_an_outlet_with_its_maghress_copies_as_a_second_source_keeps_its_own_page_as_the_original(tmp_path):
    store = tmp_path / "articles.sqlite3"
    result = crawl_recorded("aujourdhui", store)  # REST API, feed and Maghress listing in one run, in any order
    assert result.returncode == 0, result.stderr[-3000:]
    articles, _ = stored_articles_and_runs(store)
    own, copy = articles[ALM_PAGE], articles[ALM_COPY]
    assert (own["via"], own["duplicate_of"]) == (None, None)
    assert (copy["outlet"], copy["via"], copy["duplicate_of"]) == ("aujourdhui", "maghress", ALM_PAGE)
    only_copy = articles["https://www.maghress.com/fr/aujourdhui/131188"]  # the feed no longer lists it
    assert (only_copy["outlet"], only_copy["via"], only_copy["duplicate_of"]) == ("aujourdhui", "maghress", None)


# Archived outlets: (an archived capture's original URL, its Maghress copy, an article found on Maghress only).
ARCHIVED_WITH_COPIES = {
    "lesoirechos": (
        "http://www.lesoir-echos.com/la-bourse-de-casablanca-termine-l-annee-en-baisse/economie/67421/",
        "https://www.maghress.com/fr/lesoir/38716",
        "https://www.maghress.com/fr/lesoir/41873",
    ),
    "lagazettedumaroc": (
        "http://www.lagazettedumaroc.com/2016/11/cop22-les-engagements-de-marrakech/",
        "https://www.maghress.com/fr/lagazette/1388",
        "https://www.maghress.com/fr/lagazette/1302",
    ),
    "letemps": (
        "http://www.letemps.ma/spip.php?article1215",
        "https://www.maghress.com/fr/letemps/5207",
        "https://www.maghress.com/fr/letemps/5412",
    ),
}


@pytest.mark.parametrize("order", [("wayback", "listing"), ("listing", "wayback")], ids="-then-".join)
@pytest.mark.parametrize("slug", sorted(ARCHIVED_WITH_COPIES))
def test_an_archived_article_found_both_ways_is_stored_once_with_its_capture_as_the_original(slug, order, tmp_path):
    store = tmp_path / "articles.sqlite3"
    for source_type in order:  # the Wayback captures alone, then the Maghress listing alone (or the reverse)
        result = crawl_recorded(slug, store, configs=configs_with_sources_of_type(tmp_path, slug, source_type))
        assert result.returncode == 0, result.stderr[-3000:]
    articles, _ = stored_articles_and_runs(store)
    expected = {case["url"] for case in expected_articles(slug) if not case.get("extract_only")}
    assert sorted(articles) == sorted(expected)
    capture_url, copy_url, only_copy_url = ARCHIVED_WITH_COPIES[slug]
    capture, copy, only_copy = articles[capture_url], articles[copy_url], articles[only_copy_url]
    assert (capture["outlet"], capture["via"], capture["duplicate_of"]) == (slug, None, None)
    assert capture["canonical_url"] == canonical_url(capture_url)  # the original's, not the archive's
    assert capture["archive_url"].startswith("https://web.archive.org/web/") and capture["archived_at"]
    assert (copy["outlet"], copy["via"], copy["duplicate_of"]) == (slug, "maghress", capture["canonical_url"])
    assert copy["content_fingerprint"] == capture["content_fingerprint"]
    assert (only_copy["outlet"], only_copy["via"], only_copy["duplicate_of"]) == (slug, "maghress", None)
    originals = [a["url"] for a in articles.values() if not a["duplicate_of"]]
    assert len(originals) == len({articles[url]["content_fingerprint"] for url in originals})  # each stored once

    again = crawl_recorded(slug, store)  # both sources in one run: nothing new
    assert again.returncode == 0, again.stderr[-3000:]
    assert "'newscrawler/stored/new': 0" in again.stderr
    assert stored_articles_and_runs(store)[0] == articles
