"""CHANGELOG.md keeps up with the versions the code states."""

from __future__ import annotations

import re

from recorded_sites import REPO

from newscrawler import __version__
from newscrawler.schema import article_schema

CHANGELOG = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")


def test_the_package_version_has_a_changelog_section_or_is_unreleased():
    versions = re.findall(r"^## (\S+)", CHANGELOG, flags=re.MULTILINE)
    assert versions[0] == "Unreleased", "the newest section collects unreleased changes"
    assert __version__ in versions, f"CHANGELOG.md has no section for version {__version__}"


def test_the_article_schema_version_is_in_the_changelog():
    schema = article_schema()
    assert isinstance(schema["version"], int)
    assert f"Schema version {schema['version']}" in CHANGELOG, "a schema change needs its changelog entry"
