"""The embedded store: one SQLite file, no server (the default when MONGO_URI is unset).

Each article is one row: indexed columns for the filters, ``title``/``body`` as text (indexed by
FTS5 when the SQLite build has it), the other fields as one JSON ``document``. Author and agency
names sit in ``article_names`` for indexed lookups. Writes use WAL and one transaction per batch.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from newscrawler.storage.base import ArticleQuery, ArticleStore, StoreUnavailable, UpsertCounts, day_cutoff
from newscrawler.storage.documents import article_id, dumps, format_datetime, from_json_dict
from newscrawler.storage.name_match import fold_name
from newscrawler.storage.upserts import StoredState, originals, plan_upserts

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,  -- sha1 of canonical_url: the unique key
    canonical_url TEXT NOT NULL,
    outlet TEXT,
    published_at TEXT,
    content_fingerprint TEXT,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    revision INTEGER NOT NULL,
    title TEXT,
    body TEXT,
    document TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_outlet_published ON articles (outlet, published_at DESC);
CREATE INDEX IF NOT EXISTS articles_published ON articles (published_at);
CREATE INDEX IF NOT EXISTS articles_fingerprint ON articles (content_fingerprint);
CREATE TABLE IF NOT EXISTS article_names (  -- keyed by articles.seq: new rows append, no random writes
    seq INTEGER NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (seq, kind, name)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS article_names_lookup ON article_names (kind, name);
CREATE TABLE IF NOT EXISTS crawl_runs (
    run_id TEXT PRIMARY KEY, spider TEXT, started_at TEXT, document TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS crawl_runs_spider ON crawl_runs (spider, started_at DESC);
CREATE INDEX IF NOT EXISTS crawl_runs_started ON crawl_runs (started_at);
CREATE TABLE IF NOT EXISTS crawl_state (
    spider TEXT NOT NULL, source TEXT NOT NULL, document TEXT NOT NULL, PRIMARY KEY (spider, source)
);
"""
# An external-content FTS5 index over articles.title/body. Without token positions (detail=none) it
# is a third of the size and twice as fast to write; queries are words, not phrases. Indexing is
# deferred, as it was most of an upsert's cost: writes only queue the row in articles_fts_pending
# (with the text the index holds for it, when it was indexed before: removing a row from an
# external-content index needs that text), and sync_full_text() brings the index up to date in one
# go, at close and before a word query.
_FTS_SCHEMA = """
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    title, body, content='articles', content_rowid='seq', detail=none, columnsize=0
);
CREATE TABLE IF NOT EXISTS articles_fts_pending (
    seq INTEGER PRIMARY KEY, indexed INTEGER NOT NULL, indexed_title TEXT, indexed_body TEXT
);
DROP TRIGGER IF EXISTS articles_fts_insert;
DROP TRIGGER IF EXISTS articles_fts_delete;
DROP TRIGGER IF EXISTS articles_fts_update;
CREATE TRIGGER IF NOT EXISTS articles_fts_queue_insert AFTER INSERT ON articles BEGIN
    INSERT OR IGNORE INTO articles_fts_pending (seq, indexed) VALUES (new.seq, 0);
END;
CREATE TRIGGER IF NOT EXISTS articles_fts_queue_update AFTER UPDATE OF title, body ON articles
WHEN old.title IS NOT new.title OR old.body IS NOT new.body BEGIN
    INSERT OR IGNORE INTO articles_fts_pending (seq, indexed, indexed_title, indexed_body)
    VALUES (old.seq, 1, old.title, old.body);
END;
CREATE TRIGGER IF NOT EXISTS articles_fts_queue_delete AFTER DELETE ON articles BEGIN
    INSERT OR IGNORE INTO articles_fts_pending (seq, indexed, indexed_title, indexed_body)
    VALUES (old.seq, 1, old.title, old.body);
END;
"""
_FTS_SYNC = (
    "INSERT INTO articles_fts (articles_fts, rowid, title, body)"
    " SELECT 'delete', seq, indexed_title, indexed_body FROM articles_fts_pending WHERE indexed = 1",
    "INSERT INTO articles_fts (rowid, title, body)"
    " SELECT a.seq, a.title, a.body FROM articles_fts_pending p JOIN articles a ON a.seq = p.seq",
    "DELETE FROM articles_fts_pending",
)
# WAL, no fsync per commit (a crash loses no committed batch, a power cut may lose the last ones),
# 64 MB of page cache and a 64 MB WAL between checkpoints: the random-key indexes stay in memory.
_PRAGMAS = ("journal_mode=WAL", "synchronous=NORMAL", "cache_size=-65536", "wal_autocheckpoint=16384")
# Fields held in their own columns; the rest of the document is the JSON ``document`` column.
_TEXT_COLUMNS = ("title", "body")
_FILTER_COLUMNS = ("canonical_url", "outlet", "published_at", "content_fingerprint")
_SCALAR_COLUMNS = (*_FILTER_COLUMNS, "first_seen", "last_seen", "revision")
_CONTENT_COLUMNS = (*_FILTER_COLUMNS, "revision", *_TEXT_COLUMNS, "document")
_INSERT_COLUMNS = ("id", "first_seen", "last_seen", *_CONTENT_COLUMNS)
_INSERT = f"INSERT INTO articles ({', '.join(_INSERT_COLUMNS)}) VALUES (:{', :'.join(_INSERT_COLUMNS)})"
_REVISE = f"UPDATE articles SET {', '.join(f'{c} = :{c}' for c in _CONTENT_COLUMNS)} WHERE id = :id"
_TOUCH = "UPDATE articles SET first_seen = min(first_seen, ?), last_seen = max(last_seen, ?) WHERE id = ?"
# A stored copy (via set) of an original just written points at it (newscrawler.storage.upserts.originals):
# one look-up per batch finds the fingerprints that have copies (most have none), then one update each.
_COPIED = (
    "SELECT DISTINCT content_fingerprint FROM articles WHERE content_fingerprint IN (SELECT value FROM json_each(?))"
    " AND json_extract(document, '$.via') IS NOT NULL"
)
_LINK_COPIES = (
    "UPDATE articles SET document = json_set(document, '$.duplicate_of', :url)"
    " WHERE content_fingerprint = :fingerprint AND id != :id AND json_extract(document, '$.via') IS NOT NULL"
    " AND json_extract(document, '$.duplicate_of') IS NOT :url"
)
_NOT_IN_JSON = frozenset({"_id", "first_seen", "last_seen", "revision"})  # columns only: touches update them
_SELECT = "SELECT id, first_seen, last_seen, revision, title, body, document FROM articles"
_NAME_KINDS = {"author": "authors", "agency": "agencies"}
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=format_datetime)


def _column(value: Any) -> Any:
    """A document value as an SQLite column value (the JSON document keeps the original)."""
    if value is None or isinstance(value, (str, int, float)):
        return value
    return format_datetime(value) if isinstance(value, datetime) else json.dumps(value, ensure_ascii=False)


def _row(document: dict[str, Any]) -> dict[str, Any]:
    """The column values of a document; title/body go to their columns only if they are text."""
    rest = {k: v for k, v in document.items() if k not in _NOT_IN_JSON}
    row = {k: _column(document.get(k)) for k in _SCALAR_COLUMNS}
    for column in _TEXT_COLUMNS:
        row[column] = rest.pop(column, None) if isinstance(rest.get(column), str | None) else None
    row.update(id=document["_id"], document=_JSON.encode(rest))
    return row


def _document(row: sqlite3.Row) -> dict[str, Any]:
    """The stored document of an ``articles`` row (the inverse of ``_row``)."""
    document = json.loads(row["document"])
    for column in _TEXT_COLUMNS:
        document.setdefault(column, row[column])
    document.update(_id=row["id"], first_seen=row["first_seen"], last_seen=row["last_seen"], revision=row["revision"])
    return from_json_dict(document)


def _names(document: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    """(kind, name, article id) rows of the author and agency names of a document."""
    for kind, field in _NAME_KINDS.items():
        values = document.get(field)
        for value in values if isinstance(values, list) else []:
            name = value.get("name") if isinstance(value, dict) else value
            if isinstance(name, str):
                yield kind, name, document["_id"]


def _fts_query(words: Sequence[str]) -> str:
    return " ".join(f'"{word}"' for word in words)  # words hold no quotes (ArticleQuery.words)


def _like_pattern(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class SQLiteStore(ArticleStore):
    """Articles and crawl runs in one SQLite file. ``full_text`` None: use FTS5 when available."""

    def __init__(self, path: str | Path, *, full_text: bool | None = None) -> None:
        self.path = Path(path)
        self.description = f"sqlite:///{path}"
        self.full_text = full_text
        self._db: sqlite3.Connection | None = None

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            raise StoreUnavailable(f"{self.description} is not open", retryable=False)
        return self._db

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """SQLite errors as StoreUnavailable; a locked or unreadable file is worth a retry."""
        try:
            yield
        except sqlite3.OperationalError as exc:
            raise StoreUnavailable(f"{self.description}: {exc}") from exc
        except (sqlite3.Error, OSError) as exc:
            raise StoreUnavailable(f"{self.description}: {exc}", retryable=False) from exc

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.rollback()
            raise
        db.commit()

    def open(self) -> None:
        with self._errors():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=10.0, isolation_level=None)
            db.row_factory = sqlite3.Row
            db.create_function("fold_name", 1, fold_name, deterministic=True)  # author/agency filters
            for pragma in _PRAGMAS:
                db.execute(f"PRAGMA {pragma}")
            db.executescript(_SCHEMA)
            if self.full_text is not False:
                try:
                    db.executescript(_FTS_SCHEMA)
                    self.full_text = True
                except sqlite3.OperationalError:  # an SQLite built without FTS5
                    if self.full_text:
                        raise
                    self.full_text = False
            self._db = db

    def close(self) -> None:
        if self._db is not None:
            try:
                self.sync_full_text()
            except StoreUnavailable:
                pass  # the queue stays; the next sync indexes it
            self._db.close()
            self._db = None

    def sync_full_text(self) -> int:
        """Index the rows queued since the last sync; returns how many."""
        if not self.full_text:
            return 0
        with self._errors(), self._transaction() as db:
            removed, added, _ = [db.execute(statement).rowcount for statement in _FTS_SYNC]
            return added

    def _states(self, db: sqlite3.Connection, ids: list[str]) -> dict[str, StoredState]:
        rows = db.execute(
            "SELECT id, content_fingerprint, first_seen, last_seen, revision FROM articles"
            " WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(ids),),
        )
        return {
            key: StoredState(fingerprint, datetime.fromisoformat(first), datetime.fromisoformat(last), revision)
            for key, fingerprint, first, last, revision in rows
        }

    def upsert_articles(self, documents: Sequence[dict[str, Any]]) -> UpsertCounts:
        if not documents:
            return UpsertCounts()
        with self._errors(), self._transaction() as db:
            plan = plan_upserts(documents, self._states(db, [d["_id"] for d in documents]))
            db.executemany(_INSERT, [_row(d) for d in plan.inserts.values()])
            db.executemany(_REVISE, [_row(d) for d in plan.revisions.values()])
            db.executemany(
                _TOUCH,
                [(format_datetime(first), format_datetime(last), key) for key, (first, last) in plan.touches.items()],
            )
            db.executemany(
                "DELETE FROM article_names WHERE seq = (SELECT seq FROM articles WHERE id = ?)",
                [(key,) for key in plan.revisions],
            )
            db.executemany(
                "INSERT OR IGNORE INTO article_names (seq, kind, name) SELECT seq, ?, ? FROM articles WHERE id = ?",
                [row for d in [*plan.inserts.values(), *plan.revisions.values()] for row in _names(d)],
            )
            self._link_copies(db, originals([*plan.inserts.values(), *plan.revisions.values()]))
        return plan.counts

    @staticmethod
    def _link_copies(db: sqlite3.Connection, originals: dict[str, str]) -> None:
        """Stored copies of these originals (fingerprint -> canonical URL) get ``duplicate_of`` = the original."""
        if not originals:
            return
        copied = {fingerprint for (fingerprint,) in db.execute(_COPIED, (json.dumps(list(originals)),))}
        db.executemany(
            _LINK_COPIES,
            [
                {"url": url, "fingerprint": fingerprint, "id": article_id(url)}
                for fingerprint, url in originals.items()
                if fingerprint in copied
            ],
        )

    def known_urls(self, canonical_urls: Iterable[str]) -> set[str]:
        ids = json.dumps([article_id(url) for url in canonical_urls])
        with self._errors():
            rows = self.db.execute(
                "SELECT canonical_url FROM articles WHERE id IN (SELECT value FROM json_each(?))", (ids,)
            )
            return {url for (url,) in rows}

    def find_duplicate(self, fingerprint: str, canonical_url: str, *, originals_only: bool = False) -> str | None:
        copy = "json_extract(document, '$.via') IS NOT NULL"
        with self._errors():
            row = self.db.execute(
                "SELECT canonical_url FROM articles WHERE content_fingerprint = ? AND id != ?"
                + (f" AND NOT {copy}" if originals_only else "")
                + f" ORDER BY {copy}, first_seen, id LIMIT 1",
                (fingerprint, article_id(canonical_url)),
            ).fetchone()
        return row[0] if row else None

    def save_run(self, run: dict[str, Any]) -> None:
        started_at = run.get("started_at")
        with self._errors(), self._transaction() as db:
            db.execute(
                "INSERT INTO crawl_runs (run_id, spider, started_at, document) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (run_id) DO UPDATE SET spider = excluded.spider,"
                " started_at = excluded.started_at, document = excluded.document",
                (run["run_id"], run.get("spider"), started_at and format_datetime(started_at), dumps(run)),
            )

    def load_crawl_state(self, spider: str) -> dict[str, dict[str, Any]]:
        with self._errors():
            rows = self.db.execute("SELECT source, document FROM crawl_state WHERE spider = ?", (spider,))
            return {source: json.loads(document) for source, document in rows}

    def save_crawl_state(self, spider: str, state: dict[str, dict[str, Any]]) -> None:
        with self._errors(), self._transaction() as db:
            db.executemany(
                "INSERT INTO crawl_state (spider, source, document) VALUES (?, ?, ?)"
                " ON CONFLICT (spider, source) DO UPDATE SET document = excluded.document",
                [(spider, source, _JSON.encode(document)) for source, document in state.items()],
            )

    def _where(self, query: ArticleQuery) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        folded_author, folded_agency = (
            fold_name(name) if name is not None else None for name in (query.author, query.agency)
        )
        for clause, value in (
            ("outlet = ?", query.outlet),
            ("published_at >= ?", query.since and format_datetime(query.since)),
            ("published_at < ?", query.until and format_datetime(query.until)),
            ("seq IN (SELECT seq FROM article_names WHERE kind = 'author' AND fold_name(name) = ?)", folded_author),
            ("seq IN (SELECT seq FROM article_names WHERE kind = 'agency' AND fold_name(name) = ?)", folded_agency),
        ):
            if value is not None:
                clauses.append(clause)
                params.append(value)
        if query.words and self.full_text:
            clauses.append("seq IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
            params.append(_fts_query(query.words))
        elif query.words:
            for word in query.words:
                clauses.append("(title LIKE ? ESCAPE '\\' OR body LIKE ? ESCAPE '\\')")
                params += [_like_pattern(word)] * 2
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    def iter_articles(self, query: ArticleQuery) -> Iterator[dict[str, Any]]:
        if query.words:
            self.sync_full_text()
        where, params = self._where(query)
        sql = f"{_SELECT}{where} ORDER BY published_at DESC, id"
        if query.limit is not None:
            sql += " LIMIT ?"
            params.append(query.limit)
        keep = {"_id", *query.fields} if query.fields else None
        with self._errors():
            for row in self.db.execute(sql, params):
                document = _document(row)
                yield {k: v for k, v in document.items() if k in keep} if keep else document

    def count_articles(self) -> int:
        with self._errors():
            count: int = self.db.execute("SELECT count(*) FROM articles").fetchone()[0]
            return count

    def outlet_counts(self) -> dict[str, int]:
        with self._errors():
            return dict(self.db.execute("SELECT outlet, count(*) FROM articles GROUP BY outlet ORDER BY outlet"))

    def daily_counts(self, outlet: str | None = None, days: int | None = None) -> list[tuple[str, str, int]]:
        sql = "SELECT outlet, substr(published_at, 1, 10) AS day, count(*) FROM articles WHERE published_at IS NOT NULL"
        params: list[Any] = []
        if outlet is not None:
            sql += " AND outlet = ?"
            params.append(outlet)
        if days is not None:
            sql += " AND published_at >= ?"
            params.append(format_datetime(day_cutoff(days)))
        with self._errors():
            return [
                tuple(row) for row in self.db.execute(sql + " GROUP BY outlet, day ORDER BY day DESC, outlet", params)
            ]

    def runs_since(self, since: datetime) -> list[dict[str, Any]]:
        with self._errors():
            rows = self.db.execute(
                "SELECT document FROM crawl_runs WHERE started_at >= ? ORDER BY started_at DESC, run_id DESC",
                (format_datetime(since),),
            )
            return [from_json_dict(json.loads(document)) for (document,) in rows]

    def last_runs(self) -> list[dict[str, Any]]:
        with self._errors():
            rows = self.db.execute(
                "SELECT document FROM (SELECT document, spider, row_number() OVER"
                " (PARTITION BY spider ORDER BY started_at DESC, run_id DESC) AS rank FROM crawl_runs)"
                " WHERE rank = 1 ORDER BY spider"
            )
            return [from_json_dict(json.loads(document)) for (document,) in rows]

    def recent_runs(self, spider: str, limit: int) -> list[dict[str, Any]]:
        with self._errors():
            rows = self.db.execute(
                "SELECT document FROM crawl_runs WHERE spider = ? ORDER BY started_at DESC, run_id DESC LIMIT ?",
                (spider, limit),
            )
            return [from_json_dict(json.loads(document)) for (document,) in rows]
