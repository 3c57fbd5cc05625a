"""Fixtures of the Scrapyd tests: the project's egg (built once per session) and a running Scrapyd."""

from pathlib import Path

import pytest
from scrapyd_server import build_egg, running_scrapyd


@pytest.fixture(scope="session")
def egg(tmp_path_factory) -> Path:
    scratch = tmp_path_factory.mktemp("egg")
    build_egg(scratch / "newscrawler.egg", scratch)
    return scratch / "newscrawler.egg"


@pytest.fixture
def scrapyd(tmp_path):
    """A Scrapyd server's base URL; the server is stopped afterwards."""
    with running_scrapyd(tmp_path / "scrapyd") as url:
        yield url
