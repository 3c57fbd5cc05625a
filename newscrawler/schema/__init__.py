"""The Article JSON Schema (``article.schema.json``): what every stored document follows, and its version."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def article_schema() -> dict[str, Any]:
    """The schema as a dict, read as package data (from a checkout, a wheel or a zipped Scrapyd egg)."""
    schema: dict[str, Any] = json.loads(resources.files(__name__).joinpath("article.schema.json").read_text("utf-8"))
    return schema
