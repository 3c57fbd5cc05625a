"""SQLite's deferred full-text index: writes queue rows, a sync (at close, before a word query) indexes them."""

from datetime import UTC, datetime, timedelta

from newscrawler.items import Article
from newscrawler.storage import ArticleQuery, SQLiteStore
from newscrawler.storage.documents import to_document

T0 = datetime(2025, 5, 1, 8, tzinfo=UTC)


def doc(number: int, body: str, seen: datetime = T0) -> dict:
    article = Article(
        url=f"https://example.ma/{number}",
        outlet="hespress",
        title=f"Titre {number}",
        body=body,
        published_at=T0,
        content_fingerprint=body,
        crawled_at=seen,
    )
    return to_document(article, seen)


def matches(store: SQLiteStore, words: str) -> list[str]:
    return [d["url"] for d in store.iter_articles(ArticleQuery(text=words))]


def pending(store: SQLiteStore) -> int:
    return store.db.execute("SELECT count(*) FROM articles_fts_pending").fetchone()[0]


def test_writes_queue_rows_and_a_word_query_indexes_them_first(tmp_path):
    store = SQLiteStore(tmp_path / "a.sqlite3")
    store.open()
    store.upsert_articles([doc(1, "sécheresse au Maroc"), doc(2, "pluies à Rabat")])
    assert pending(store) == 2
    assert matches(store, "secheresse") == ["https://example.ma/1"]
    assert pending(store) == 0
    store.close()


def test_a_revision_replaces_the_indexed_words_whether_or_not_the_row_was_indexed(tmp_path):
    store = SQLiteStore(tmp_path / "a.sqlite3")
    store.open()
    later = T0 + timedelta(hours=1)
    store.upsert_articles([doc(1, "inflation record")])
    assert store.sync_full_text() == 1
    store.upsert_articles([doc(1, "croissance solide", later), doc(2, "tourisme estival")])
    store.upsert_articles([doc(2, "tourisme hivernal", later + timedelta(hours=1))])  # revised while still queued
    assert matches(store, "inflation") == [] and matches(store, "croissance") == ["https://example.ma/1"]
    assert matches(store, "estival") == [] and matches(store, "hivernal") == ["https://example.ma/2"]
    store.close()


def test_close_indexes_the_queue_for_the_next_reader(tmp_path):
    path = tmp_path / "a.sqlite3"
    writer = SQLiteStore(path)
    writer.open()
    writer.upsert_articles([doc(n, f"article numéro{n}") for n in range(50)])
    writer.close()
    reader = SQLiteStore(path)
    reader.open()
    assert pending(reader) == 0
    assert matches(reader, "numéro7") == ["https://example.ma/7"]
    reader.close()
