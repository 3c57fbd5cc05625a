"""Feed exports (``scrapy crawl X -O out.jsonl``) of Articles in their one exporter-facing form.

Each Article is exported as ``to_export_dict`` gives it — the document ``python -m newscrawler articles
--format jsonl`` prints: ``_id`` and ``revision``, UTC datetimes in ISO 8601 with their offset, no
internal field. Other items are exported as Scrapy would.
"""

from __future__ import annotations

from typing import Any

from scrapy.exporters import CsvItemExporter, JsonItemExporter, JsonLinesItemExporter, XmlItemExporter

from newscrawler.items import Article
from newscrawler.storage.documents import to_export_dict


class _ArticleExport:
    def export_item(self, item: Any) -> None:
        super().export_item(to_export_dict(item) if isinstance(item, Article) else item)  # type: ignore[misc]


class JsonLinesArticleExporter(_ArticleExport, JsonLinesItemExporter):
    pass


class JsonArticleExporter(_ArticleExport, JsonItemExporter):
    pass


class CsvArticleExporter(_ArticleExport, CsvItemExporter):
    pass


class XmlArticleExporter(_ArticleExport, XmlItemExporter):
    pass
