"""The contract every ArticleStore back-end keeps, run on each of them.

Back-ends: SQLite (with FTS5, and with its LIKE fallback), MongoDB through mongomock-ng, and a real
MongoDB server when MONGO_URI_TEST names one (otherwise skipped, with the reason shown by -rs).
"""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime, timedelta

import mongomock_ng
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newscrawler.items import Article
from newscrawler.storage import ArticleQuery, MongoStore, SQLiteStore, UpsertCounts
from newscrawler.storage.documents import to_document

MONGO_URI_TEST = os.environ.get("MONGO_URI_TEST")
T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)
DAY = timedelta(days=1)
BACKENDS = ["sqlite", "sqlite-without-fts", "mongomock", "mongodb"]


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def store(backend, tmp_path):
    if backend == "mongodb" and not MONGO_URI_TEST:
        pytest.skip("real MongoDB: set MONGO_URI_TEST=mongodb://... to run the contract on a server")
    if backend.startswith("sqlite"):
        store = SQLiteStore(tmp_path / "store.sqlite3", full_text=backend == "sqlite")
    elif backend == "mongomock":
        store = MongoStore("mongodb://localhost/", "contract", client_factory=mongomock_ng.MongoClient)
    else:
        store = MongoStore(MONGO_URI_TEST, f"newscrawler_contract_{uuid.uuid4().hex[:12]}")
    store.open()
    yield store
    if backend == "mongodb":
        store.articles.database.client.drop_database(store.articles.database.name)
    store.close()


def doc(number: int, *, seen: datetime = T0, fingerprint: str | None = None, **fields) -> dict:
    """The document of article ``number`` crawled at ``seen``."""
    defaults = {
        "title": f"Titre {number}",
        "body": f"Corps de l'article {number}",
        "published_at": T0 - timedelta(hours=number),
        "content_fingerprint": fingerprint or f"fp-{number}",
        "crawled_at": seen,
    }
    return to_document(Article(url=f"https://example.ma/{number}", outlet="hespress", **(defaults | fields)), seen)


def stored(store, number: int) -> dict:
    (found,) = [d for d in store.iter_articles(ArticleQuery()) if d["url"] == f"https://example.ma/{number}"]
    return found


def test_a_new_article_is_stored_as_given_with_revision_zero(store):
    document = doc(
        1,
        authors=[{"name": "Ali Benali", "raw": "Par Ali Benali"}],
        agencies=["MAP"],
        tags=["économie", "المغرب"],
        image={"url": "https://example.ma/i.jpg", "caption": None, "credit": "MAP"},
        parser={"name": "hespress", "version": "2024-01"},
        provenance={"title": "jsonld"},
        extra={"@type": "NewsArticle", "nested.key": {"$ref": [1, 2.5, True, None]}},
        updated_at=T0 + timedelta(minutes=5),
    )
    assert store.upsert_articles([document]) == UpsertCounts(new=1)
    assert stored(store, 1) == document | {"revision": 0}
    assert store.count_articles() == 1


def test_recrawl_with_the_same_content_only_moves_last_seen(store):
    store.upsert_articles([doc(1)])
    counts = store.upsert_articles([doc(1, seen=T0 + DAY, title="ignored: same fingerprint")])
    assert counts == UpsertCounts(unchanged=1)
    found = stored(store, 1)
    assert (found["first_seen"], found["last_seen"], found["revision"]) == (T0, T0 + DAY, 0)
    assert found["title"] == "Titre 1"


def test_recrawl_with_changed_content_updates_fields_and_counts_a_revision(store):
    store.upsert_articles([doc(1)])
    assert store.upsert_articles([doc(1, seen=T0 + DAY, fingerprint="v2", title="Titre corrigé")]).revised == 1
    assert store.upsert_articles([doc(1, seen=T0 + 2 * DAY, fingerprint="v3", body="")]).revised == 1
    found = stored(store, 1)
    assert (found["title"], found["body"], found["content_fingerprint"]) == ("Titre 1", "", "v3")
    assert (found["first_seen"], found["last_seen"], found["crawled_at"]) == (T0, T0 + 2 * DAY, T0 + 2 * DAY)
    assert found["revision"] == 2
    assert store.count_articles() == 1


def test_an_older_copy_never_overwrites_newer_content(store):
    """A spool replayed after a later crawl: the older copy only widens first/last seen."""
    store.upsert_articles([doc(1, seen=T0 + DAY, fingerprint="new")])
    assert store.upsert_articles([doc(1, seen=T0, fingerprint="old")]) == UpsertCounts(unchanged=1)
    found = stored(store, 1)
    assert (found["content_fingerprint"], found["revision"]) == ("new", 0)
    assert (found["first_seen"], found["last_seen"]) == (T0, T0 + DAY)


def test_copies_of_one_article_in_a_batch_fold_into_one(store):
    batch = [doc(1), doc(1, seen=T0 + DAY), doc(1, seen=T0 + 2 * DAY, fingerprint="v2", title="v2"), doc(2)]
    assert store.upsert_articles(batch) == UpsertCounts(new=2, revised=1, unchanged=1)
    found = stored(store, 1)
    assert (found["title"], found["revision"], found["first_seen"], found["last_seen"]) == ("v2", 1, T0, T0 + 2 * DAY)
    assert store.count_articles() == 2


def test_writing_the_same_batch_twice_changes_nothing(store):
    batch = [doc(n, seen=T0 + n * DAY) for n in range(5)] + [doc(2, seen=T0 + 9 * DAY, fingerprint="v2")]
    store.upsert_articles(batch)
    before = list(store.iter_articles(ArticleQuery()))
    assert store.upsert_articles(batch) == UpsertCounts(unchanged=6)
    assert list(store.iter_articles(ArticleQuery())) == before


def test_an_empty_batch_is_a_no_op(store):
    assert store.upsert_articles([]) == UpsertCounts()


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"title": None, "body": None, "authors": None, "published_at": None}, id="missing-fields"),
        pytest.param({"extra": {"$where": {"a.b": {"$gt": [{"c.d": "$e"}]}}}}, id="dollar-and-dot-keys"),
        pytest.param({"body": "Le Maroc et l'économie. " * 220_000}, id="5MB-body"),
        pytest.param({"title": "Tab\tbell\x07nul\x00 esc\x1b", "body": "bad \udcff surrogate"}, id="control-chars"),
        pytest.param(
            {"title": "Ã©tÃ© mojibake", "lead": "français et العربية", "extra": {"raw": b"\xe9t\xe9"}},
            id="mixed-encodings",
        ),
        pytest.param(
            {"title": ["not", "text"], "outlet_name": {"odd": 1}, "authors": ["A", {"x": 1}]}, id="wrong-types"
        ),
        pytest.param({"authors": [{"name": "A"}, {"name": "A"}], "agencies": ["MAP", "MAP"]}, id="repeated-names"),
    ],
)
def test_awkward_articles_are_stored_and_read_back(store, fields):
    document = to_document(Article(url="https://example.ma/odd", outlet="hespress", **fields), T0)
    assert store.upsert_articles([document]) == UpsertCounts(new=1)
    (found,) = store.iter_articles(ArticleQuery())
    assert found == document | {"revision": 0}


def test_known_urls_and_duplicates(store):
    store.upsert_articles([doc(1, fingerprint="same"), doc(2, fingerprint="same", seen=T0 + DAY), doc(3)])
    assert store.known_urls(["https://example.ma/1", "https://example.ma/3", "https://example.ma/9"]) == {
        "https://example.ma/1",
        "https://example.ma/3",
    }
    assert store.known_urls([]) == set()
    assert store.find_duplicate("same", "https://example.ma/2") == "https://example.ma/1"  # first seen wins
    assert store.find_duplicate("same", "https://example.ma/1") == "https://example.ma/2"
    assert store.find_duplicate("fp-3", "https://example.ma/3") is None
    assert store.find_duplicate("unknown", "https://example.ma/9") is None


def test_an_outlets_own_page_is_found_as_the_original_before_an_aggregators_copy(store):
    copy = doc(1, fingerprint="same", via="maghress")  # stored first
    store.upsert_articles([copy, doc(3, fingerprint="same", seen=T0 + DAY)])
    assert store.find_duplicate("same", "https://example.ma/9") == "https://example.ma/3"
    assert store.find_duplicate("same", "https://example.ma/9", originals_only=True) == "https://example.ma/3"
    assert store.find_duplicate("same", "https://example.ma/3", originals_only=True) is None  # only a copy left


@pytest.mark.parametrize("same_batch", [False, True], ids=["later-batch", "same-batch"])
def test_a_stored_copy_is_linked_to_its_original_written_after_it(store, same_batch):
    copies = [doc(1, fingerprint="same", via="maghress"), doc(2, fingerprint="same", via="maghress")]
    original = doc(3, fingerprint="same", seen=T0 + DAY)
    other = doc(4, fingerprint="other", via="maghress")
    if same_batch:
        store.upsert_articles([*copies, other, original])
    else:
        store.upsert_articles([*copies, other])
        assert stored(store, 1)["duplicate_of"] is None
        store.upsert_articles([original])
    assert [stored(store, n)["duplicate_of"] for n in (1, 2, 3, 4)] == [*["https://example.ma/3"] * 2, None, None]


def test_a_duplicate_or_a_copy_links_no_copy(store):
    store.upsert_articles([doc(1, fingerprint="same", via="maghress")])
    store.upsert_articles([doc(2, fingerprint="same", via="yabiladi"), doc(3, fingerprint="same", duplicate_of="x")])
    assert [stored(store, n)["duplicate_of"] for n in (1, 2, 3)] == [None, None, "x"]


def test_articles_come_newest_published_first_and_undated_last(store):
    store.upsert_articles([doc(3), doc(1), doc(4, published_at=None), doc(2)])
    urls = [d["url"] for d in store.iter_articles(ArticleQuery())]
    assert urls == [f"https://example.ma/{n}" for n in (1, 2, 3, 4)]
    assert [d["url"] for d in store.iter_articles(ArticleQuery(limit=2))] == urls[:2]


def test_article_filters(store):
    store.upsert_articles(
        [
            doc(1, authors=[{"name": "Ali", "raw": "Ali"}], agencies=["MAP"]),
            doc(2, authors=[{"name": "Salma", "raw": "Salma"}, {"name": "Ali", "raw": "Ali"}]),
            doc(30, agencies=["AFP", "MAP"]),
            doc(31, authors=[{"name": "Karim Aït Lahcen", "raw": "Par Karim Aït Lahcen"}], agencies=["Anadolu"]),
            to_document(Article(url="https://le360.ma/x", outlet="le360", published_at=T0), T0),
        ]
    )

    def urls(**filters) -> list[str]:
        return [d["url"].rsplit("/", 1)[1] for d in store.iter_articles(ArticleQuery(**filters))]

    assert urls(outlet="le360") == ["x"]
    assert urls(outlet="hespress", since=T0 - timedelta(hours=2)) == ["1", "2"]
    assert urls(since=T0 - timedelta(hours=2), until=T0 - timedelta(hours=1)) == ["2"]
    assert urls(author="Ali") == ["1", "2"]
    assert urls(author="Al") == []  # the whole name ...
    assert urls(author="ali") == urls(author=" ALI ") == ["1", "2"]  # ... in any case
    assert urls(author="karim ait  lahcen") == urls(author="KARIM AÏT LAHCEN") == ["31"]  # with or without accents
    assert urls(author="Karim.Ait.Lahcen") == []  # a regex character is a plain character
    assert urls(agency="MAP") == urls(agency="map") == ["1", "30"]
    assert urls(agency="anadolu") == ["31"]
    assert urls(agency="MAP", author="Ali") == ["1"]


def test_fields_limits_what_comes_back(store):
    store.upsert_articles([doc(1)])
    (found,) = store.iter_articles(ArticleQuery(fields=["title", "outlet"]))
    assert found == {"_id": doc(1)["_id"], "title": "Titre 1", "outlet": "hespress"}


def test_text_query_matches_all_words_in_title_and_body(store, backend):
    if backend == "mongomock":
        pytest.skip("mongomock-ng does not implement $text (the filter is unit-tested; real MongoDB runs it)")
    store.upsert_articles(
        [
            doc(1, title="Inflation au Maroc", body="La banque centrale relève son taux."),
            doc(2, title="Football", body="Le Maroc gagne la coupe."),
            doc(3, title="التضخم في المغرب", body="بنك المغرب يرفع سعر الفائدة"),
        ]
    )

    def matches(text: str) -> list[str]:
        return [d["url"][-1] for d in store.iter_articles(ArticleQuery(text=text))]

    assert matches("maroc") == ["1", "2"]
    assert matches("Maroc banque") == ["1"]  # one word in the title, one in the body
    assert matches("relève, (taux)!") == ["1"]  # words, not punctuation
    assert matches("maroc tennis") == []
    assert matches("المغرب") == ["3"]


def test_counts_per_outlet_and_day(store):
    store.upsert_articles(
        [
            doc(1, published_at=datetime(2025, 3, 1, 23, 30, tzinfo=UTC)),
            doc(2, published_at=datetime(2025, 3, 1, 0, 0, tzinfo=UTC)),
            doc(3, published_at=datetime(2025, 2, 28, 23, 59, tzinfo=UTC)),
            doc(4, published_at=None),
            to_document(Article(url="https://le360.ma/x", outlet="le360", published_at=T0), T0),
        ]
    )
    assert store.count_articles() == 5
    assert store.outlet_counts() == {"hespress": 4, "le360": 1}
    assert store.daily_counts() == [
        ("hespress", "2025-03-01", 2),
        ("le360", "2025-03-01", 1),
        ("hespress", "2025-02-28", 1),
    ]
    assert store.daily_counts(outlet="le360") == [("le360", "2025-03-01", 1)]
    assert store.daily_counts(days=7) == []  # today is long after March 2025


def test_crawl_runs_are_replaced_by_run_id_and_the_last_per_spider_listed(store):
    def run(run_id: str, spider: str, started: datetime, **fields) -> dict:
        return {"run_id": run_id, "spider": spider, "started_at": started, "finished_at": started + DAY} | fields

    store.save_run(run("a1", "hespress", T0, finish_reason="shutdown"))
    store.save_run(run("a2", "hespress", T0 + DAY, counts={"items_scraped": 3}))
    store.save_run(run("b1", "le360", T0, drop_reasons={"missing_title": 2}))
    store.save_run(run("a1", "hespress", T0, finish_reason="finished"))  # replayed: replaced
    assert store.last_runs() == [
        run("a2", "hespress", T0 + DAY, counts={"items_scraped": 3}),
        run("b1", "le360", T0, drop_reasons={"missing_title": 2}),
    ]


def test_runs_since_lists_every_spider_s_runs_from_that_start_newest_first(store):
    runs = [
        {"run_id": f"r{n}", "spider": spider, "started_at": T0 + n * DAY, "coverage": {"authors": 0.5}}
        for n, spider in enumerate(("hespress", "le360", "hespress", "le360"))
    ]
    for run in runs:
        store.save_run(run)
    assert store.runs_since(T0 + DAY) == runs[:0:-1]  # the start is included
    assert store.runs_since(T0 + DAY + timedelta(seconds=1)) == runs[:1:-1]
    assert store.runs_since(T0 + 9 * DAY) == []


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    extra=st.dictionaries(
        st.text(max_size=6),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
            lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=6), c, max_size=3),
            max_leaves=10,
        ),
        max_size=4,
    ),
    title=st.text(max_size=40),
)
def test_any_metadata_round_trips(store, extra, title):
    document = to_document(Article(url=f"https://example.ma/{uuid.uuid4()}", outlet="x", title=title, extra=extra), T0)
    store.upsert_articles([document])
    (found,) = [d for d in store.iter_articles(ArticleQuery(outlet="x")) if d["_id"] == document["_id"]]
    assert found == document | {"revision": 0}


def test_crawl_state_is_kept_per_spider_and_source(store):
    assert store.load_crawl_state("lavieeco") == {}
    listing = {"urls": ["https://example.ma/3", "https://example.ma/2"], "published": "2025-03-01T08:00:00+00:00"}
    store.save_crawl_state("lavieeco", {"listing https://example.ma/eco/": listing, "wp https://example.ma/wp": {}})
    store.save_crawl_state("hespress", {"listing https://example.ma/eco/": {"urls": []}})
    store.save_crawl_state("lavieeco", {"wp https://example.ma/wp": {"urls": ["https://example.ma/9"]}})
    assert store.load_crawl_state("lavieeco") == {
        "listing https://example.ma/eco/": listing,
        "wp https://example.ma/wp": {"urls": ["https://example.ma/9"]},
    }
    assert store.load_crawl_state("hespress") == {"listing https://example.ma/eco/": {"urls": []}}
    store.save_crawl_state("hespress", {})
    assert len(store.load_crawl_state("hespress")) == 1


def test_recent_runs_of_one_spider_come_newest_first_up_to_the_limit(store):
    runs = [
        {"run_id": f"r{n}", "spider": "hespress", "started_at": T0 + n * DAY, "counts": {"articles_seen": n}}
        for n in range(5)
    ]
    for run in runs:
        store.save_run(run)
    store.save_run({"run_id": "other", "spider": "le360", "started_at": T0 + 9 * DAY})
    assert store.recent_runs("hespress", 3) == runs[:1:-1]
    assert store.recent_runs("hespress", 10) == runs[::-1]
    assert store.recent_runs("nobody", 3) == []
