"""Copies of the project's source tree, so that package builds leave the checkout untouched."""

from __future__ import annotations

import shutil
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from recorded_sites import REPO

# What setup.py / pyproject.toml read to build the wheel or the Scrapyd egg.
SOURCE_ENTRIES = (
    "pyproject.toml",
    "setup.py",
    "scrapy.cfg",
    "README.md",
    "LICENSE",
    "NOTICE",
    "requirements.txt",
    "newscrawler",
    "spiders_config",
)


def copy_source_tree(destination: Path) -> Path:
    destination.mkdir(parents=True, exist_ok=True)
    for name in SOURCE_ENTRIES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination / name)
    return destination


def missing_build_tools() -> str:
    """Why a build without isolation cannot run here ("" when it can)."""
    try:
        setuptools = tuple(int(part) for part in version("setuptools").split(".")[:2])
        version("wheel")
    except PackageNotFoundError as error:
        return f"{error} is not installed (python3 -m pip install -r requirements-dev.txt)"
    if setuptools < (77, 0):
        return f"setuptools {version('setuptools')} < 77 cannot read the license expression (requirements-dev.txt)"
    return ""
