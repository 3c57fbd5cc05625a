"""Every article checked against the Article JSON Schema before it is stored (spidermon's validation).

``ArticleSchemaPipeline`` validates each article with spidermon's jsonschema validator and counts the
errors in spidermon's validation stats, on the article as the store keeps it: the schema describes stored
documents, so an Article is validated in its JSON document form (``to_export_dict``, what
``articles --format jsonl`` prints), not as the dataclass the pipelines pass along. An article that breaks
the schema is still stored (nothing is lost, the store takes it), and ``SchemaValidationMonitor`` fails the
run naming the fields.

Why not spidermon's ``ItemValidationPipeline`` as is: per article it deep-copies the item through
``ItemAdapter.asdict`` (~2-4 ms here, profiled; a crawl spends ~7 ms a page in all), runs jsonschema
(1-3 ms) and slugifies every stat name again (together ~7 ms at a load of 14; this pipeline: ~0.8 ms,
most of it building the document). Here ``ArticleSchemaValidator`` first runs the schema
compiled by fastjsonschema (~0.1 ms) and only an article that fails it goes through spidermon's jsonschema
validator, which lists every error by field; ``_ValidationStats`` slugifies each stat name once.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import fastjsonschema
from scrapy.exceptions import NotConfigured
from spidermon import Monitor, monitors
from spidermon.contrib.scrapy.stats import ValidationStatsManager
from spidermon.contrib.validation import JSONSchemaValidator

from newscrawler.schema import article_schema
from newscrawler.storage.documents import to_export_dict

__unittest = True  # a failed monitor is logged as its message, not as a traceback (see close.py)

ITEMS_STAT = "spidermon/validation/items"  # articles validated
INVALID_ITEMS_STAT = "spidermon/validation/items/errors"  # articles with at least one error
FIELD_ERRORS_PREFIX = "spidermon/validation/fields/errors/"  # .../<error>/<field path>: errors per field


class ArticleSchemaValidator(JSONSchemaValidator):
    """Spidermon's jsonschema validator behind a compiled check: jsonschema runs only for invalid documents."""

    def __init__(self, schema: dict[str, Any]) -> None:
        super().__init__(schema)
        self._check = fastjsonschema.compile(schema)

    def validate(self, data: Any, strict: bool = True) -> tuple[bool, dict[str, list[str]]]:
        try:
            self._check(data)
        except fastjsonschema.JsonSchemaException:
            return super().validate(data, strict)  # every error, by field
        self._reset()
        return True, {}


class _ValidationStats(ValidationStatsManager):
    """Spidermon's validation stats, each stat name slugified once (python-slugify takes ~0.2 ms a name)."""

    def __init__(self, stats: Any) -> None:
        super().__init__(stats)
        self._names: dict[tuple[str, ...], str] = {}

    def _get_stats_name(self, *names: str) -> str:
        if names not in self._names:
            self._names[names] = super()._get_stats_name(*names)
        return self._names[names]


class ArticleSchemaPipeline:
    """Counts, per field, how the stored form of each article breaks the Article schema (spidermon's stats)."""

    def __init__(self, stats: Any) -> None:
        self.validator = ArticleSchemaValidator(article_schema())
        self.stats = _ValidationStats(stats)
        self.stats.add_validator("Article", self.validator.name)

    @classmethod
    def from_crawler(cls, crawler: Any) -> ArticleSchemaPipeline:
        if not crawler.settings.getbool("SPIDERMON_ENABLED"):
            raise NotConfigured("spidermon is disabled")
        return cls(crawler.stats)

    def process_item(self, item: Any, spider: Any = None) -> Any:
        try:
            document = to_export_dict(item)
        except ValueError:  # no URL: the store step drops it, counted as unstorable
            return item
        self.stats.add_item()
        self.stats.add_fields(len(document))
        valid, errors = self.validator.validate(document)
        if not valid:
            for field, messages in errors.items():
                for message in messages:
                    self.stats.add_field_error(field, message)
            self.stats.add_item_with_errors()
        return item


def field_errors(stats: dict[str, Any]) -> Counter[str]:
    """Schema errors per field, ``"<field> (<error>)"`` -> count, from spidermon's validation stats."""
    errors: Counter[str] = Counter()
    for key, count in stats.items():
        error, _, field = key.removeprefix(FIELD_ERRORS_PREFIX).partition("/")
        if key.startswith(FIELD_ERRORS_PREFIX) and field:
            errors[f"{field} ({error})"] += count
    return errors


@monitors.name("Schema validation")
class SchemaValidationMonitor(Monitor):
    @monitors.name("articles against the Article JSON Schema")
    def test_schema(self) -> None:
        stats = self.data.stats
        invalid = stats.get(INVALID_ITEMS_STAT, 0)
        listed = ", ".join(f"{field} ×{n}" for field, n in sorted(field_errors(stats).items()))
        self.assertEqual(invalid, 0, f"{invalid} of {stats.get(ITEMS_STAT, 0)} articles break the schema: {listed}")
