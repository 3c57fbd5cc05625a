"""What is specific to each back-end (indexes, error mapping) and to choosing one (URIs, settings)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import mongomock_ng
import pytest
from pymongo.errors import BulkWriteError

from newscrawler.items import Article
from newscrawler.storage import (
    ArticleQuery,
    MongoStore,
    SQLiteStore,
    StoreUnavailable,
    UpsertCounts,
    build_store,
    store_from_uri,
)
from newscrawler.storage.documents import to_document
from newscrawler.storage.mongo import ARTICLE_INDEXES, article_filter
from newscrawler.storage.name_match import name_pattern
from newscrawler.storage.uri import redact_uri, scrub, uri_secrets

T0 = datetime(2025, 3, 1, tzinfo=UTC)
PASSWORD = "S3cr3t-p@ss"
URI = "mongodb://crawler:S3cr3t-p%40ss@db1.example:27017,db2.example:27017/admin?replicaSet=rs0"


def document(number: int = 1) -> dict:
    return to_document(Article(url=f"https://example.ma/{number}", outlet="hespress", title="t"), T0)


@pytest.fixture
def mongo():
    store = MongoStore(URI, "newscrawler", client_factory=mongomock_ng.MongoClient)
    store.open()
    yield store
    store.close()


# -- URIs and the choice of store --------------------------------------------------------------


@pytest.mark.parametrize(
    ("uri", "redacted"),
    [
        (URI, "mongodb://db1.example:27017,db2.example:27017/admin"),
        ("mongodb+srv://u:p@cluster.example/db", "mongodb+srv://cluster.example/db"),
        ("mongodb://u@host/", "mongodb://host/"),
        ("mongodb://host/?tlsCertificateKeyFilePassword=kf&w=1", "mongodb://host/"),
        ("mongodb://user:Zq#Pw77@127.0.0.1:1/", "mongodb://127.0.0.1:1/"),
        ("mongodb://user:a@b@127.0.0.1:1/", "mongodb://(unparseable URI hidden)"),
        ("postgres://u:hunter2@h/db", "postgres://(unparseable URI hidden)"),
        ("sqlite:///data/x.sqlite3", "sqlite:///data/x.sqlite3"),
    ],
)
def test_redact_uri_prints_only_hosts_and_database(uri, redacted):
    assert redact_uri(uri) == redacted


# Password shapes a generic URL parser splits in the wrong place: a raw #, ?, / or @, a bad % escape.
LEAKY_PASSWORDS = ["Zq#Pw77", "Zq?Pw77", "Zq/Pw77", "Zq@Pw77", "Zq%Pw77", "Zq%40Pw#?/77"]


@pytest.mark.parametrize("password", LEAKY_PASSWORDS)
def test_no_password_shape_survives_redaction_or_scrubbing(password):
    uri = f"mongodb://user:{password}@127.0.0.1:1/news?authSource=admin"
    assert password not in redact_uri(uri) and "Pw77" not in redact_uri(uri)
    assert scrub(f"bad auth {password} in {uri}", uri_secrets(uri)).count("Pw77") == 0


def test_secrets_are_scrubbed_in_encoded_and_decoded_form():
    secrets = uri_secrets(URI)
    assert scrub(f"auth failed for {PASSWORD} / S3cr3t-p%40ss", secrets) == "auth failed for *** / ***"


def test_an_unreadable_uri_is_a_store_error_without_its_password():
    store = MongoStore("mongodb://user:Zq/Pw77@127.0.0.1:1/", client_factory=mongomock_ng.MongoClient)
    assert "Pw77" not in store.description
    with pytest.raises(StoreUnavailable) as error:
        MongoStore("mongodb://user:Zq/Pw77@127.0.0.1:1/").open()
    assert "Pw77" not in str(error.value) and not error.value.retryable


def test_store_from_uri():
    sqlite_store = store_from_uri("sqlite:////tmp/abs.sqlite3")
    assert isinstance(sqlite_store, SQLiteStore) and str(sqlite_store.path) == "/tmp/abs.sqlite3"
    assert str(store_from_uri("sqlite:///rel/x.sqlite3").path) == "rel/x.sqlite3"
    mongo_store = store_from_uri(URI, database="news")
    assert isinstance(mongo_store, MongoStore)
    assert PASSWORD not in mongo_store.description and "database news" in mongo_store.description
    with pytest.raises(ValueError, match=r"expected sqlite:///path") as error:
        store_from_uri("postgres://u:hunter2@h/db")
    assert "hunter2" not in str(error.value)


def test_build_store_prefers_the_store_class_then_mongo_then_sqlite(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(Path(__file__).parent))  # flaky_store
    assert isinstance(build_store({"MONGO_URI": URI}), MongoStore)
    sqlite_store = build_store({"MONGO_URI": "", "SQLITE_PATH": str(tmp_path / "s.sqlite3")})
    assert isinstance(sqlite_store, SQLiteStore) and sqlite_store.path == tmp_path / "s.sqlite3"
    assert str(build_store({}).path) == "data/newscrawler.sqlite3"
    custom = build_store({"MONGO_URI": URI, "NEWSCRAWLER_STORE_CLASS": "flaky_store.FlakyStore", "SQLITE_PATH": "x"})
    assert type(custom).__name__ == "FlakyStore"


# -- MongoDB -----------------------------------------------------------------------------------


def test_mongo_creates_the_indexes_analysts_need(mongo):
    indexes = {info["key"][0][0] if len(info["key"]) == 1 else tuple(info["key"]): info
               for info in mongo.articles.index_information().values()}  # fmt: skip
    assert indexes["canonical_url"]["unique"] is True
    assert (("outlet", 1), ("published_at", -1)) in indexes
    assert {"published_at", "authors.name", "agencies", "content_fingerprint"} <= set(indexes)
    assert (("title", "text"), ("body", "text")) in indexes
    (text,) = [index.document for index in ARTICLE_INDEXES if index.document["name"] == "title_body_text"]
    assert text["default_language"] == "none"  # (mongomock-ng does not report index options)
    assert text["language_override"] != "language"  # articles' "ar"/"fr" codes must not pick the stemmer
    run_index = next(iter(v for k, v in mongo.crawl_runs.index_information().items() if k != "_id_"))
    assert run_index["key"] == [("spider", 1), ("started_at", -1)]


def test_mongo_duplicate_key_counts_as_already_stored(mongo):
    """Another writer stored the same canonical URL under another _id: error 11000, not a failure."""
    mongo.articles.insert_one({"_id": "other", "canonical_url": "https://example.ma/1"})
    assert mongo.upsert_articles([document(1), document(2)]) == UpsertCounts(new=1, unchanged=1)


def test_mongo_insert_raced_by_another_writer_counts_as_already_stored(mongo, monkeypatch):
    first = document(1)
    monkeypatch.setattr(mongo, "_states", lambda ids: {})  # as if read before the other writer inserted
    mongo.articles.insert_one({**first, "revision": 0})
    assert mongo.upsert_articles([first]) == UpsertCounts(unchanged=1)


def test_mongo_refused_writes_are_not_retryable(mongo, monkeypatch):
    def refuse(*args, **kwargs):
        raise BulkWriteError({"writeErrors": [{"index": 0, "code": 121, "errmsg": "validation failed"}]})

    monkeypatch.setattr(type(mongo.articles), "bulk_write", refuse)
    with pytest.raises(StoreUnavailable, match="refused 1 writes: validation failed") as error:
        mongo.upsert_articles([document()])
    assert error.value.retryable is False


def test_mongo_unreachable_is_retryable_and_never_shows_the_password():
    store = MongoStore("mongodb://crawler:S3cr3t-p%40ss@127.0.0.1:9/?authSource=admin", server_selection_timeout_ms=200)
    with pytest.raises(StoreUnavailable) as error:
        store.open()
    assert error.value.retryable is True
    assert error.value.__cause__ is None and error.value.__suppress_context__
    for text in (str(error.value), store.description):
        assert PASSWORD not in text and "S3cr3t" not in text
    store.close()


def test_mongo_filter_quotes_each_word_so_all_must_match():
    query = ArticleQuery(outlet="le360", since=T0, text='Maroc "banque', author="Ali", agency="MAP")
    assert article_filter(query) == {
        "outlet": "le360",
        "authors.name": {"$regex": name_pattern("Ali")},  # any case, any accents
        "agencies": {"$regex": name_pattern("MAP")},
        "published_at": {"$gte": T0},
        "$text": {"$search": '"Maroc" "banque"'},
    }
    assert article_filter(ArticleQuery()) == {}


# -- SQLite ------------------------------------------------------------------------------------


def test_sqlite_uses_wal_and_indexed_columns(tmp_path):
    store = SQLiteStore(tmp_path / "s.sqlite3")
    store.open()
    store.close()
    db = sqlite3.connect(tmp_path / "s.sqlite3")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    indexes = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {
        "articles_outlet_published",
        "articles_published",
        "articles_fingerprint",
        "article_names_lookup",
    } <= indexes
    plan = " ".join(
        str(row)
        for row in db.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM articles WHERE outlet = 'x' ORDER BY published_at DESC"
        )
    )
    assert "articles_outlet_published" in plan


def test_sqlite_store_that_cannot_be_created_is_unavailable(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(StoreUnavailable) as error:
        SQLiteStore(blocker / "s.sqlite3").open()
    assert error.value.retryable is False


def test_sqlite_not_a_database_is_unavailable(tmp_path):
    path = tmp_path / "garbage.sqlite3"
    path.write_bytes(b"this is not an SQLite file" * 100)
    with pytest.raises(StoreUnavailable):
        SQLiteStore(path).open()
