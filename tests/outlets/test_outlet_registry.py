"""Outlet configs load and validate; a bad file fails with one line naming the file and the field."""

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from newscrawler.outlets import OutletConfigError, load_outlets
from newscrawler.outlets.registry import load_outlet

REPO = Path(__file__).resolve().parents[2]
GOOD = yaml.safe_load((REPO / "spiders_config" / "maghress.yml").read_text(encoding="utf-8"))


def write_config(folder: Path, slug: str, config: dict) -> Path:
    path = folder / f"{slug}.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def broken(**changes) -> dict:
    config = {**GOOD, **changes}
    return {key: value for key, value in config.items() if value is not None}


def test_every_shipped_config_is_valid():
    outlets = load_outlets()
    assert "maghress" in outlets
    for slug, outlet in outlets.items():
        assert outlet.slug == slug and outlet.evidence


@pytest.mark.parametrize(
    ("changes", "field", "expected"),
    [
        ({"discovery": [{"type": "rss", "urls": ["https://x.ma/feed"]}]}, "discovery[0].type", "'rss' is not one of"),
        ({"languages": None}, "(top level)", "'languages' is a required property"),
        ({"article_url_pattern": "([unclosed"}, "article_url_pattern", "is not a 'regex'"),
        ({"status": "blocked"}, "(top level)", "'status_note' is a required property"),
        ({"status": "unverified"}, "(top level)", "'status_note' is a required property"),
        ({"status": "live"}, "status", "'live' is not one of"),
        ({"selectors": [{"valid_from": "2020-1-1", "title": "h1"}]}, "selectors[0].valid_from", "does not match"),
    ],
)
def test_bad_config_names_file_and_field(tmp_path, changes, field, expected):
    path = write_config(tmp_path, "maghress", broken(**changes))
    with pytest.raises(OutletConfigError) as error:
        load_outlet(path)
    message = str(error.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: {field}: ")
    assert expected in message


def test_slug_must_match_the_file_name(tmp_path):
    with pytest.raises(OutletConfigError, match=r"other\.yml: slug: expected 'other'"):
        load_outlet(write_config(tmp_path, "other", GOOD))


def test_unreadable_yaml_is_one_line(tmp_path):
    path = tmp_path / "bad.yml"
    path.write_text("slug: [unclosed\n", encoding="utf-8")
    with pytest.raises(OutletConfigError, match=r"bad\.yml: cannot read YAML"):
        load_outlet(path)


def test_selector_versions_are_chosen_by_publication_day(tmp_path):
    from datetime import date

    config = broken(
        selectors=[{"valid_from": "2018-01-01", "title": "h1.old"}, {"valid_from": "2024-06-01", "title": "h1.new"}]
    )
    outlet = load_outlet(write_config(tmp_path, "maghress", config))
    assert outlet.selectors_for(date(2020, 5, 1)).fields["title"] == "h1.old"
    assert outlet.selectors_for(date(2025, 1, 1)).fields["title"] == "h1.new"
    assert outlet.selectors_for(None).fields["title"] == "h1.new"
    assert outlet.selectors_for(date(2010, 1, 1)).fields["title"] == "h1.old"


def test_scrapy_list_shows_one_spider_per_config():
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "list"], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == sorted(load_outlets())


def test_a_broken_config_stops_scrapy_with_the_one_line_error(tmp_path):
    for path in (REPO / "spiders_config").glob("*.yml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    write_config(tmp_path, "maghress", broken(domains="maghress.com"))
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "list"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "NEWSCRAWLER_CONFIG_DIR": str(tmp_path)},
    )
    assert result.returncode != 0
    assert f"{tmp_path / 'maghress.yml'}: domains: 'maghress.com' is not of type 'array'" in result.stderr
