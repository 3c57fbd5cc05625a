"""Recorded outlet sites: where they are, and how a test crawls one offline."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SITES = REPO / "tests" / "sites"
# The fixed crawl time of every replay (Casablanca local): recorded articles are older than this.
REPLAY_NOW = "2025-11-20T12:00"
# Fields that depend on when or in what order a crawl ran, not on the page.
VOLATILE_FIELDS = ("crawled_at", "first_seen", "last_seen", "duplicate_of", "revision")


def recorded_slugs() -> list[str]:
    return sorted(path.parent.name for path in SITES.glob("*/manifest.yml"))


def expected_articles(slug: str) -> list[dict]:
    """The expected JSON files of a recorded site: {"url", "page", "article"}."""
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted((SITES / slug / "expected").glob("*.json"))]


def comparable(document: dict) -> dict:
    """The fields a page determines; a null field may be left out of an expected file (a field added later)."""
    return {
        key: value
        for key, value in document.items()
        if key not in VOLATILE_FIELDS and key != "_id" and value is not None
    }


def run_cli(
    *args: str, env: dict | None = None, input_text: str | None = None, cwd: Path = REPO
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        input=input_text,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


def crawl_recorded(
    slug: str, sqlite_path: Path, *extra: str, sites: Path = SITES, configs: Path | None = None
) -> subprocess.CompletedProcess:
    """``scrapy crawl <slug>`` on the recorded sites into a fresh SQLite store, in a subprocess (with the outlet
    configs of ``configs`` when given)."""
    return run_cli(
        "-m", "scrapy", "crawl", slug,
        "-s", f"NEWSCRAWLER_REPLAY_DIR={sites}", "-s", f"NEWSCRAWLER_NOW={REPLAY_NOW}",
        "-s", f"SQLITE_PATH={sqlite_path}", "-s", "MONGO_URI=", "-s", "LOG_LEVEL=INFO", *extra,
        env={"MONGO_URI": "", **({"NEWSCRAWLER_CONFIG_DIR": str(configs)} if configs else {})},
    )  # fmt: skip


def copy_recorded_site(tmp_path: Path, slug: str) -> tuple[Path, Path]:
    """A copy of one recorded site to alter in a test: (sites folder to replay, the site's folder)."""
    sites = tmp_path / "sites"
    shutil.copytree(SITES / slug, sites / slug)
    return sites, sites / slug


def configs_with_unreachable_sources(tmp_path: Path, slug: str) -> Path:
    """A copy of the outlet configs (for ``NEWSCRAWLER_CONFIG_DIR``) where ``slug``'s every discovery source
    is on a closed local port: a live crawl of it gets "connection refused"."""

    def unreachable(config: dict) -> None:
        config["domains"] = ["127.0.0.1"]
        for source in config["discovery"]:
            source["urls"] = ["http://127.0.0.1:1/rss"]

    return edited_configs(tmp_path, slug, unreachable)


def configs_with_sources_of_type(tmp_path: Path, slug: str, source_type: str) -> Path:
    """A copy of the outlet configs where ``slug`` keeps only its discovery sources of one type."""

    def only_type(config: dict) -> None:
        config["discovery"] = [source for source in config["discovery"] if source["type"] == source_type]

    return edited_configs(tmp_path, slug, only_type)


def edited_configs(tmp_path: Path, slug: str, edit: Callable[[dict], None]) -> Path:
    """A copy of the outlet configs (for ``NEWSCRAWLER_CONFIG_DIR``, in a new folder under ``tmp_path``) with
    ``slug``'s config changed by ``edit``."""
    import yaml

    configs = Path(tempfile.mkdtemp(prefix="configs-", dir=tmp_path))
    for path in (REPO / "spiders_config").glob("*.yml"):
        shutil.copy(path, configs)
    config = yaml.safe_load((configs / f"{slug}.yml").read_text(encoding="utf-8"))
    edit(config)
    (configs / f"{slug}.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return configs


def stored_articles_and_runs(sqlite_path: Path) -> tuple[dict[str, dict], list[dict]]:
    """What a crawl left in an embedded store: articles by URL, and the crawl_runs (newest first)."""
    from newscrawler.storage import ArticleQuery, open_store

    store = open_store({"MONGO_URI": "", "SQLITE_PATH": str(sqlite_path)})
    try:
        return {doc["url"]: doc for doc in store.iter_articles(ArticleQuery())}, store.last_runs()
    finally:
        store.close()
