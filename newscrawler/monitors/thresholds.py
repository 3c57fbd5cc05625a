"""Thresholds of the monitors: the outlet's ``monitoring:`` block wins over the project-wide setting."""

from __future__ import annotations

from typing import Any


def outlet_monitoring(spider: Any) -> dict[str, Any]:
    """The ``monitoring:`` block of the spider's outlet config (``{}`` when none)."""
    outlet = getattr(spider, "outlet", None)
    return getattr(outlet, "monitoring", None) or {}


def threshold(data: Any, name: str, setting: str) -> float:
    """The outlet's ``monitoring.<name>``, else the project setting ``setting`` (spidermon's monitor ``data``)."""
    value = outlet_monitoring(data.spider).get(name)
    return float(value) if value is not None else data.crawler.settings.getfloat(setting)
