"""The MongoDB store (pymongo 4): collections ``articles`` and ``crawl_runs``.

Batches are one ``bulk_write`` of ``UpdateOne`` operations (``ordered=False``); a duplicate key
error (11000) means another writer stored the article first and counts as already stored.
Connection failures raise a retryable StoreUnavailable whose message never holds the password.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from bson.errors import InvalidDocument
from pymongo import ASCENDING, DESCENDING, TEXT, IndexModel, MongoClient, UpdateMany, UpdateOne
from pymongo.collection import Collection
from pymongo.errors import (
    BulkWriteError,
    ConfigurationError,
    ConnectionFailure,
    PyMongoError,
    ServerSelectionTimeoutError,
)
from pymongo.uri_parser import parse_uri

from newscrawler.storage.base import ArticleQuery, ArticleStore, StoreUnavailable, UpsertCounts, day_cutoff
from newscrawler.storage.documents import article_id
from newscrawler.storage.name_match import name_pattern
from newscrawler.storage.upserts import StoredState, originals, plan_upserts
from newscrawler.storage.uri import redact_uri, scrub, uri_secrets

DUPLICATE_KEY = 11000
ARTICLE_INDEXES = [
    IndexModel([("canonical_url", ASCENDING)], unique=True, name="canonical_url_unique"),
    IndexModel([("outlet", ASCENDING), ("published_at", DESCENDING)], name="outlet_published_at"),
    IndexModel([("published_at", DESCENDING)], name="published_at"),
    IndexModel([("authors.name", ASCENDING)], name="author_name"),
    IndexModel([("agencies", ASCENDING)], name="agencies"),
    IndexModel([("content_fingerprint", ASCENDING)], name="content_fingerprint"),
    # No stemming (French and Arabic texts); articles' own "language" field must not be read as the
    # text-index language: MongoDB refuses documents whose language it does not know (e.g. "ar").
    IndexModel(
        [("title", TEXT), ("body", TEXT)],
        name="title_body_text",
        default_language="none",
        language_override="text_index_language",
    ),
]
RUN_INDEXES = [
    IndexModel([("spider", ASCENDING), ("started_at", DESCENDING)], name="spider_started_at"),
    IndexModel([("started_at", DESCENDING)], name="started_at"),  # the runs of the last weeks (stats --health)
]
_STATE_FIELDS = {"content_fingerprint": 1, "first_seen": 1, "last_seen": 1, "revision": 1}


def text_search(words: Sequence[str]) -> dict[str, Any]:
    """A ``$text`` filter matching documents that hold every word (each quoted: a logical AND)."""
    return {"$search": " ".join(f'"{word}"' for word in words)}


def article_filter(query: ArticleQuery) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if query.outlet is not None:
        found["outlet"] = query.outlet
    for name, value in (("authors.name", query.author), ("agencies", query.agency)):
        if value is not None:
            found[name] = {"$regex": name_pattern(value)}  # any case, any accents
    dates = {op: value for op, value in (("$gte", query.since), ("$lt", query.until)) if value is not None}
    if dates:
        found["published_at"] = dates
    if query.words:
        found["$text"] = text_search(query.words)
    return found


def _first_line(exc: Exception) -> str:
    """The driver's message without the server-selection details (timeouts and a topology description
    that run to hundreds of characters): e.g. ``127.0.0.1:1: [Errno 111] Connection refused``."""
    message = str(exc).splitlines()[0] if str(exc) else ""
    if isinstance(exc, ServerSelectionTimeoutError):
        message = message.split(", Timeout: ")[0].split(" (configured timeouts: ")[0]
    return message


def check_uri(uri: str, database: str) -> None:
    """ValueError, one password-free line, when the driver cannot read a ``mongodb://`` URI (a bad port,
    an unescaped password, a bad option): a usage error, found without network (a ``mongodb+srv://``
    URI is checked by its DNS look-up when the store opens)."""
    if uri.startswith("mongodb://"):
        try:
            parse_uri(uri, warn=True)
        except (ValueError, ConfigurationError) as exc:
            raise ValueError(f"{redact_uri(uri)} (database {database}): {scrub(str(exc), uri_secrets(uri))}") from None


class MongoStore(ArticleStore):
    """Articles and crawl runs in one MongoDB database."""

    def __init__(
        self,
        uri: str,
        database: str = "newscrawler",
        *,
        server_selection_timeout_ms: int = 3000,
        client_factory: Callable[..., Any] = MongoClient,
    ) -> None:
        self.description = f"{redact_uri(uri)} (database {database})"
        self._uri = uri
        self._secrets = uri_secrets(uri)
        self._database_name = database
        self._timeout_ms = server_selection_timeout_ms
        self._client_factory = client_factory
        self._client: Any = None

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """pymongo errors as StoreUnavailable (retryable when the connection failed), password scrubbed."""
        try:
            yield
        except (PyMongoError, InvalidDocument, ValueError) as exc:  # ValueError: a URI the driver cannot read
            retryable = isinstance(exc, ConnectionFailure) or (
                isinstance(exc, PyMongoError) and exc.has_error_label("RetryableWriteError")
            )
            message = scrub(_first_line(exc), self._secrets)[:300]
            raise StoreUnavailable(
                f"{self.description}: {type(exc).__name__}: {message}", retryable=retryable
            ) from None

    @property
    def articles(self) -> Collection[dict[str, Any]]:
        if self._client is None:
            raise StoreUnavailable(f"{self.description} is not open", retryable=False)
        articles: Collection[dict[str, Any]] = self._client[self._database_name]["articles"]
        return articles

    @property
    def crawl_runs(self) -> Collection[dict[str, Any]]:
        return self.articles.database["crawl_runs"]

    def open(self) -> None:
        with self._errors():
            in_uri = {name.lower() for name, _ in parse_qsl(urlsplit(self._uri).query)}
            timeouts = {
                name: self._timeout_ms
                for name in ("serverSelectionTimeoutMS", "connectTimeoutMS")
                if name.lower() not in in_uri  # the URI's own options win
            }
            self._client = self._client_factory(
                self._uri,
                **timeouts,
                tz_aware=True,
                tzinfo=UTC,
                appname="newscrawler",
            )
            try:
                self.articles.database.command("ping")
                self.articles.create_indexes(ARTICLE_INDEXES)
                self.crawl_runs.create_indexes(RUN_INDEXES)
            except PyMongoError:
                self.close()  # stop the client's monitor threads before a retry opens another
                raise

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def _states(self, ids: list[str]) -> dict[str, StoredState]:
        return {
            doc["_id"]: StoredState(
                doc.get("content_fingerprint"), doc["first_seen"], doc["last_seen"], doc["revision"]
            )
            for doc in self.articles.find({"_id": {"$in": ids}}, _STATE_FIELDS)
        }

    def upsert_articles(self, documents: Sequence[dict[str, Any]]) -> UpsertCounts:
        if not documents:
            return UpsertCounts()
        with self._errors():
            plan = plan_upserts(documents, self._states([d["_id"] for d in documents]))
            operations = [
                UpdateOne({"_id": key}, {"$setOnInsert": {k: v for k, v in doc.items() if k != "_id"}}, upsert=True)
                for key, doc in plan.inserts.items()
            ]
            operations += [UpdateOne({"_id": key}, {"$set": doc}) for key, doc in plan.revisions.items()]
            operations += [
                UpdateOne({"_id": key}, {"$min": {"first_seen": first}, "$max": {"last_seen": last}})
                for key, (first, last) in plan.touches.items()
            ]
            upserted = self._bulk_write(operations)
            self._link_copies(originals([*plan.inserts.values(), *plan.revisions.values()]))
        # An insert that upserted nothing found the article already stored (another writer was first).
        already_stored = sum(1 for index in range(len(plan.inserts)) if index not in upserted)
        plan.counts.new -= already_stored
        plan.counts.unchanged += already_stored
        return plan.counts

    def _link_copies(self, originals: dict[str, str]) -> None:
        """Stored copies of these originals (fingerprint -> canonical URL) get ``duplicate_of`` = the original;
        run after the batch's own writes, so a copy in the same batch is linked too."""
        if not originals:
            return
        copied = self.articles.distinct(
            "content_fingerprint", {"content_fingerprint": {"$in": list(originals)}, "via": {"$ne": None}}
        )
        self._bulk_write(
            [
                UpdateMany(
                    {
                        "content_fingerprint": fingerprint,
                        "_id": {"$ne": article_id(originals[fingerprint])},
                        "via": {"$ne": None},
                        "duplicate_of": {"$ne": originals[fingerprint]},
                    },
                    {"$set": {"duplicate_of": originals[fingerprint]}},
                )
                for fingerprint in copied
                if fingerprint in originals
            ]
        )

    def _bulk_write(self, operations: Sequence[UpdateOne | UpdateMany]) -> set[int]:
        """Run the operations unordered; the indexes of those that inserted a document."""
        if not operations:  # e.g. a replayed batch: nothing to change
            return set()
        try:
            return set(self.articles.bulk_write(operations, ordered=False).upserted_ids or {})
        except BulkWriteError as exc:
            details = exc.details
            refused = [error for error in details.get("writeErrors", []) if error.get("code") != DUPLICATE_KEY]
            if refused:
                message = scrub(str(refused[0].get("errmsg")), self._secrets)[:300]
                raise StoreUnavailable(
                    f"{self.description} refused {len(refused)} writes: {message}", retryable=False
                ) from None
            if details.get("writeConcernErrors"):
                raise StoreUnavailable(f"{self.description}: write concern not satisfied") from None
            return {upsert["index"] for upsert in details.get("upserted", [])}

    def known_urls(self, canonical_urls: Iterable[str]) -> set[str]:
        ids = [article_id(url) for url in canonical_urls]
        with self._errors():
            return {doc["canonical_url"] for doc in self.articles.find({"_id": {"$in": ids}}, {"canonical_url": 1})}

    def find_duplicate(self, fingerprint: str, canonical_url: str, *, originals_only: bool = False) -> str | None:
        query: dict[str, Any] = {"content_fingerprint": fingerprint, "_id": {"$ne": article_id(canonical_url)}}
        if originals_only:
            query["via"] = None  # null or missing: the outlet's own page
        with self._errors():
            doc = self.articles.find_one(
                query,
                {"canonical_url": 1},
                sort=[("via", ASCENDING), ("first_seen", ASCENDING), ("_id", ASCENDING)],  # null sorts first
            )
        return doc["canonical_url"] if doc else None

    def save_run(self, run: dict[str, Any]) -> None:
        with self._errors():
            self.crawl_runs.replace_one({"_id": run["run_id"]}, {"_id": run["run_id"], **run}, upsert=True)

    @property
    def crawl_state(self) -> Collection[dict[str, Any]]:
        return self.articles.database["crawl_state"]

    def load_crawl_state(self, spider: str) -> dict[str, dict[str, Any]]:
        with self._errors():
            return {
                doc["source"]: doc["state"]
                for doc in self.crawl_state.find({"spider": spider}, {"_id": 0, "source": 1, "state": 1})
            }

    def save_crawl_state(self, spider: str, state: dict[str, dict[str, Any]]) -> None:
        operations = [
            UpdateOne(
                {"_id": f"{spider} {source}"}, {"$set": {"spider": spider, "source": source, "state": doc}}, upsert=True
            )
            for source, doc in state.items()
        ]
        if operations:
            with self._errors():
                self.crawl_state.bulk_write(operations, ordered=False)

    def iter_articles(self, query: ArticleQuery) -> Iterator[dict[str, Any]]:
        projection = dict.fromkeys(query.fields, 1) if query.fields else None
        with self._errors():
            cursor = self.articles.find(article_filter(query), projection)
            cursor = cursor.sort([("published_at", DESCENDING), ("_id", ASCENDING)]).limit(query.limit or 0)
            yield from cursor

    def count_articles(self) -> int:
        with self._errors():
            return self.articles.count_documents({})

    def outlet_counts(self) -> dict[str, int]:
        pipeline: list[dict[str, Any]] = [{"$group": {"_id": "$outlet", "n": {"$sum": 1}}}, {"$sort": {"_id": 1}}]
        with self._errors():
            return {row["_id"]: row["n"] for row in self.articles.aggregate(pipeline)}

    def daily_counts(self, outlet: str | None = None, days: int | None = None) -> list[tuple[str, str, int]]:
        published: dict[str, Any] = {"$type": "date"}
        if days is not None:
            published["$gte"] = day_cutoff(days)
        match: dict[str, Any] = {"published_at": published} | ({"outlet": outlet} if outlet is not None else {})
        day = {"$dateToString": {"format": "%Y-%m-%d", "date": "$published_at"}}
        pipeline = [
            {"$match": match},
            {"$group": {"_id": {"outlet": "$outlet", "day": day}, "n": {"$sum": 1}}},
            {"$sort": {"_id.day": -1, "_id.outlet": 1}},
        ]
        with self._errors():
            return [(row["_id"]["outlet"], row["_id"]["day"], row["n"]) for row in self.articles.aggregate(pipeline)]

    def runs_since(self, since: datetime) -> list[dict[str, Any]]:
        with self._errors():
            cursor = self.crawl_runs.find({"started_at": {"$gte": since}}, {"_id": 0})
            return list(cursor.sort([("started_at", DESCENDING), ("_id", DESCENDING)]))

    def last_runs(self) -> list[dict[str, Any]]:
        pipeline: list[dict[str, Any]] = [
            {"$sort": {"started_at": -1, "_id": -1}},
            {"$group": {"_id": "$spider", "run": {"$first": "$$ROOT"}}},
            {"$replaceRoot": {"newRoot": "$run"}},
            {"$project": {"_id": 0}},
            {"$sort": {"spider": 1}},
        ]
        with self._errors():
            return list(self.crawl_runs.aggregate(pipeline))

    def recent_runs(self, spider: str, limit: int) -> list[dict[str, Any]]:
        with self._errors():
            cursor = self.crawl_runs.find({"spider": spider}, {"_id": 0})
            return list(cursor.sort([("started_at", DESCENDING), ("_id", DESCENDING)]).limit(limit))
