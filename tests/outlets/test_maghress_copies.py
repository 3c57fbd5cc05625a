"""An article found both on its outlet's own site and as a Maghress copy: one original, under the outlet,
whatever the order of the crawls; the copy is kept, linked to it by ``duplicate_of``."""

from __future__ import annotations

import pytest
from recorded_sites import crawl_recorded, stored_articles_and_runs

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
