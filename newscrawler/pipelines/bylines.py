"""Fourth pipeline step: authors and agencies from the printed byline; Maghress' source outlet slug."""

from __future__ import annotations

from newscrawler.outlets import outlet_names
from newscrawler.parsing.bylines import parse_byline, source_outlet_from_line
from newscrawler.pipelines._base import PipelineStep

UNKNOWN_SOURCE_STAT = "newscrawler/bylines/unknown_source_outlet"


class BylinesPipeline(PipelineStep):
    def process_item(self, item, spider):
        names = outlet_names()
        raw = item.byline_raw if isinstance(item.byline_raw, str) else None
        if raw:
            byline = parse_byline(raw, item.outlet, names)
            item.authors = [{"name": name, "raw": raw} for name in byline.authors]
            item.agencies = list(dict.fromkeys([*(item.agencies or []), *byline.agencies]))
        source = item.source_outlet_raw if isinstance(item.source_outlet_raw, str) else None
        if source:
            item.source_outlet = source_outlet_from_line(source, names) or names.slug(source)
            if item.source_outlet is None:
                self.crawler.stats.inc_value(UNKNOWN_SOURCE_STAT)
        return item
