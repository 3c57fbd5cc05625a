"""``pip install`` of the project gives a working ``newscrawler`` command and ships the outlet configs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from recorded_sites import run_cli
from source_tree import copy_source_tree, missing_build_tools

from newscrawler.outlets import load_outlets

pytestmark = pytest.mark.skipif(bool(missing_build_tools()), reason=missing_build_tools() or "build tools present")


def _pip(*args: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The wheel built from a copy of the tree, installed (without its dependencies) into a target folder."""
    root = tmp_path_factory.mktemp("install")
    source = copy_source_tree(root / "src")
    _pip("wheel", "--no-deps", "--no-build-isolation", "--wheel-dir", str(root / "dist"), str(source))
    (wheel,) = (root / "dist").glob("newscrawler-*.whl")
    _pip("install", "--no-deps", "--no-index", "--target", str(root / "site"), str(wheel))
    return root / "site"


def _run_installed(site: Path, *command: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in ("NEWSCRAWLER_CONFIG_DIR", "PYTHONPATH")}
    return subprocess.run(
        command,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**env, "PYTHONPATH": str(site), "SCRAPY_SETTINGS_MODULE": "newscrawler.settings"},
    )


def test_the_console_script_is_the_python_m_command(installed, tmp_path):
    script = str(installed / "bin" / "newscrawler")
    help_text = _run_installed(installed, script, "--help", cwd=tmp_path)
    assert help_text.returncode == 0, help_text.stderr
    assert help_text.stdout.startswith("usage: newscrawler")
    for command in ("articles", "parse-date", "extract", "demo"):
        assert command in help_text.stdout

    installed_date = _run_installed(installed, script, "parse-date", "12 mars 2025", cwd=tmp_path)
    checkout_date = run_cli("-m", "newscrawler", "parse-date", "12 mars 2025")
    assert installed_date.returncode == 0, installed_date.stderr
    assert installed_date.stdout == checkout_date.stdout != ""


def test_the_installed_package_reads_its_own_copy_of_the_outlet_configs(installed, tmp_path):
    where = _run_installed(
        installed,
        sys.executable,
        "-c",
        "import newscrawler.outlets.registry as r; print(r.__file__); print(r.CONFIG_DIR)",
        cwd=tmp_path,
    )
    assert where.returncode == 0, where.stderr
    module_file, config_dir = where.stdout.splitlines()
    assert Path(module_file).is_relative_to(installed)
    assert Path(config_dir) == installed / "newscrawler" / "spiders_config"

    spiders = _run_installed(installed, sys.executable, "-m", "scrapy", "list", cwd=tmp_path)
    assert spiders.returncode == 0, spiders.stderr[-3000:]
    assert spiders.stdout.split() == sorted(load_outlets())
