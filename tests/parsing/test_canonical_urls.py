import pytest

from newscrawler.parsing.urls import canonical_url, same_site


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://Fr.Hespress.com/123-abc.html?utm_source=fb&utm_medium=x#comments",
            "https://fr.hespress.com/123-abc.html",
        ),
        (
            "https://www.yabiladi.com/articles/details/1/a.html?fbclid=IwAR0&b=2&a=1",
            "https://www.yabiladi.com/articles/details/1/a.html?a=1&b=2",
        ),
        ("https://www.lavieeco.com/economie/le-titre/amp/", "https://www.lavieeco.com/economie/le-titre/"),
        ("https://x.ma/article.html?amp=1", "https://x.ma/article.html"),
        ("https://x.ma/article.amp.html", "https://x.ma/article.html"),
        ("https://amp.x.ma/article.html", "https://x.ma/article.html"),
    ],
)
def test_tracking_and_amp_variants_collapse(url, expected):
    assert canonical_url(url) == expected


def test_arabic_paths_are_percent_encoded_once():
    raw = "https://www.hespress.com/الخطبة-1469865.html"
    assert canonical_url(raw) == canonical_url(canonical_url(raw))
    assert canonical_url(raw).endswith("-1469865.html")


def test_meaningful_query_parameters_stay():
    assert (
        canonical_url("https://2m.ma/api/articlesByUrl?url=/news/x&lang=fr")
        == "https://2m.ma/api/articlesByUrl?lang=fr&url=%2Fnews%2Fx"
    )


def test_same_site_accepts_subdomains_only_of_listed_domains():
    assert same_site("https://fr.hespress.com/x", ("hespress.com",))
    assert not same_site("https://nothespress.com/x", ("hespress.com",))
