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
    with pytest.raises(
        OutletConfigError, match=r"bad\.yml:2:1: YAML syntax: .* \(while parsing a flow sequence started at 1:7\)$"
    ):
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
    assert result.returncode == 2
    assert result.stderr == (
        f"newscrawler: bad outlet config: {tmp_path / 'maghress.yml'}: domains: 'maghress.com' is not of type 'array'\n"
    )


def copy_configs(folder: Path) -> None:
    for path in (REPO / "spiders_config").glob("*.yml"):
        (folder / path.name).write_bytes(path.read_bytes())


@pytest.mark.parametrize(
    ("text", "where", "expected"),
    [
        (b"slug: maghress\nname: [unclosed\n", "3:1", "YAML syntax: expected ',' or ']', but got '<stream end>'"),
        (b"slug: maghress\n  name: x\n", "2:7", "YAML syntax: mapping values are not allowed here"),
        (b"slug: maghress\nname: Caf\xe9\n", "2:10", "not UTF-8 text (byte 0xe9)"),
    ],
)
def test_unreadable_config_is_one_line_with_line_and_column(tmp_path, text, where, expected):
    path = tmp_path / "maghress.yml"
    path.write_bytes(text)
    with pytest.raises(OutletConfigError) as error:
        load_outlet(path)
    assert str(error.value).startswith(f"{path}:{where}: {expected}")
    assert "\n" not in str(error.value)


@pytest.mark.parametrize(
    ("changes", "field", "selector"),
    [
        ({"selectors": [{"valid_from": "2020-01-01", "body": "div[[["}]}, "selectors[0].body", "CSS selector 'div[[['"),
        (
            {"selectors": [{"valid_from": "2020-01-01", "title": ["h1", {"select": "//h1[", "re": "(.+)"}]}]},
            "selectors[0].title[1].select",
            "XPath '//h1['",
        ),
        (
            {"selectors": [{"valid_from": "2020-01-01", "body": "div", "body_exclude": ["aside", "a::nope"]}]},
            "selectors[0].body_exclude[1]",
            "CSS selector 'a::nope'",
        ),
        (
            {"discovery": [{"type": "listing", "urls": ["https://www.maghress.com/fr"], "links": "h2 > a[["}]},
            "discovery[0].links",
            "CSS selector 'h2 > a[['",
        ),
    ],
)
def test_a_selector_that_does_not_compile_is_refused_on_load(tmp_path, changes, field, selector):
    path = write_config(tmp_path, "maghress", broken(**changes))
    with pytest.raises(OutletConfigError) as error:
        load_outlet(path)
    assert str(error.value).startswith(f"{path}: {field}: invalid {selector}: ")
    assert "\n" not in str(error.value)


@pytest.mark.parametrize(
    "command",
    [
        ("-m", "scrapy", "list"),
        ("-m", "scrapy", "crawl", "maghress"),
        ("-m", "newscrawler", "extract", "page.html", "--url", "https://www.maghress.com/fr/x/1"),
    ],
)
def test_commands_stop_on_a_bad_config_with_one_line_and_status_2(tmp_path, command):
    copy_configs(tmp_path)
    (tmp_path / "maghress.yml").write_bytes(b"slug: maghress\nname: [unclosed\n")
    (tmp_path / "page.html").write_text("<html><h1>x</h1></html>", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, *command],
        cwd=REPO if command[1] == "scrapy" else tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "NEWSCRAWLER_CONFIG_DIR": str(tmp_path), "PYTHONPATH": str(REPO)},
    )
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert f"{tmp_path / 'maghress.yml'}:3:1: YAML syntax: " in result.stderr


def test_a_copy_source_takes_the_aggregators_listing_and_reads_only_the_outlets_copies():
    outlet = load_outlets()["agadirnet"]
    (source,) = outlet.discovery
    maghress = next(s for s in load_outlets()["maghress"].discovery if s["type"] == "listing")
    assert (source["links"], source["next_page"], source["max_pages"]) == (
        maghress["links"],
        maghress["next_page"],
        maghress["max_pages"],
    )
    assert outlet.copy_via("https://www.maghress.com/fr/agadirnet/18342") == "maghress"
    assert outlet.is_article_url("https://www.maghress.com/fr/agadirnet/18342")
    assert not outlet.is_article_url("https://www.maghress.com/fr/hespress/431977")  # another outlet's copy
    assert not outlet.is_article_url("https://www.maghress.com/fr/agadirnet")  # the listing itself
    assert set(outlet.crawl_domains) == {"agadirnet.com", "maghress.com"}


def test_a_copy_source_must_name_an_aggregator(tmp_path):
    copy_configs(tmp_path)
    config = yaml.safe_load((tmp_path / "agadirnet.yml").read_text(encoding="utf-8"))
    config["discovery"][0]["via"] = "hespress"
    path = write_config(tmp_path, "agadirnet", config)
    with pytest.raises(OutletConfigError) as error:
        load_outlets(tmp_path)
    assert str(error.value) == (f"{path}: discovery[0].via: 'hespress' is not an aggregator (aggregators: maghress)")
