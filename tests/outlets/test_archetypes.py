"""Archetypes: an outlet config ``extends`` a shared CMS base; the merged config is what is validated."""

from datetime import date
from pathlib import Path

import pytest
import yaml

from newscrawler.outlets import OutletConfigError, load_outlets
from newscrawler.outlets.registry import ARCHETYPE_DIR, load_outlet, read_config

REPO = Path(__file__).resolve().parents[2]
SHIPPED = sorted(path.name.removesuffix(".yml") for path in ARCHETYPE_DIR.iterdir() if path.name.endswith(".yml"))


def outlet(**fields) -> dict:
    base = {
        "slug": "demo",
        "name": "Demo",
        "domains": ["demo.ma"],
        "languages": ["fr"],
        "status": "active",
        "article_url_pattern": r"^https://demo\.ma/\d+$",
        "discovery": [{"type": "feed", "urls": ["https://demo.ma/feed"]}],
        "evidence": [{"fact": "demo", "kind": "INFER", "source": "test"}],
    }
    return {key: value for key, value in {**base, **fields}.items() if value is not None}


def write(folder: Path, name: str, config: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def base_archetype(tmp_path):
    """A local archetype ``cms`` with two designs, discovery on {site}, politeness and evidence."""
    write(
        tmp_path / "_archetypes",
        "cms",
        {
            "politeness": {"download_delay": 2.0, "concurrency": 1},
            "discovery": [{"type": "wordpress_api", "urls": ["{site}/wp-json/wp/v2/posts"], "per_page": 100}],
            "selectors": [
                {"valid_from": "2000-01-01", "title": "h1.old", "byline": ".old-author", "section": ".old-cat"},
                {"valid_from": "2022-01-01", "title": "h1.new", "byline": ".new-author", "section": ".new-cat"},
            ],
            "evidence": [{"fact": "theme", "kind": "SAW", "source": "theme code"}],
        },
    )
    return tmp_path


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_archetype_makes_a_valid_outlet(tmp_path, name):
    config = load_outlet(write(tmp_path, "demo", outlet(extends=name)))
    assert config.archetype == name
    assert config.selector_versions[0].fields["body"], "an archetype gives selectors"


@pytest.mark.parametrize("name", [name for name in SHIPPED if name != "generic"])
def test_wordpress_archetypes_bring_rest_and_feed_discovery(tmp_path, name):
    path = write(tmp_path, "demo", outlet(extends=name, sites=["https://www.demo.ma"], discovery=None))
    urls = [url for source in load_outlet(path).discovery for url in source["urls"]]
    assert urls == ["https://www.demo.ma/wp-json/wp/v2/posts", "https://www.demo.ma/feed/"]


def test_the_shipped_archetypes_are_the_documented_six():
    assert SHIPPED == ["generic", "jnews", "publisher", "smartmag", "tagdiv", "wordpress-yoast"]


def test_archetypes_are_not_outlets():
    assert not set(SHIPPED) & set(load_outlets())


def test_outlet_keys_win_and_mappings_merge(base_archetype):
    path = write(base_archetype, "demo", outlet(extends="cms", politeness={"concurrency": 4}))
    config = load_outlet(path)
    assert config.politeness == {"download_delay": 2.0, "concurrency": 4}
    assert config.discovery == ({"type": "feed", "urls": ["https://demo.ma/feed"]},)  # a list is replaced


def test_evidence_is_the_archetypes_then_the_outlets(base_archetype):
    config = load_outlet(write(base_archetype, "demo", outlet(extends="cms")))
    assert [item["fact"] for item in config.evidence] == ["theme", "demo"]


def test_each_outlet_version_lays_over_the_archetype_version_of_its_day(base_archetype):
    versions = [
        {"valid_from": "2019-05-01", "title": "h1.mine"},
        {"valid_from": "2023-02-01", "byline": ".my-author", "section": None},
    ]
    config = load_outlet(write(base_archetype, "demo", outlet(extends="cms", selectors=versions)))
    old, new = (version.fields for version in config.selector_versions)
    assert [v.valid_from for v in config.selector_versions] == [date(2019, 5, 1), date(2023, 2, 1)]
    assert old == {"title": "h1.mine", "byline": ".old-author", "section": ".old-cat"}
    assert new == {"title": "h1.new", "byline": ".my-author"}  # null removed the inherited section


def test_an_outlet_without_selectors_gets_the_archetype_versions(base_archetype):
    config = load_outlet(write(base_archetype, "demo", outlet(extends="cms")))
    assert config.selectors_for(date(2024, 1, 1)).fields["title"] == "h1.new"
    assert config.selectors_for(date(2010, 1, 1)).fields["title"] == "h1.old"


def test_site_urls_are_read_on_every_site(base_archetype):
    path = write(
        base_archetype,
        "demo",
        outlet(extends="cms", discovery=None, sites=["https://fr.demo.ma", "https://ar.demo.ma/"]),
    )
    (source,) = load_outlet(path).discovery
    assert source["urls"] == ["https://fr.demo.ma/wp-json/wp/v2/posts", "https://ar.demo.ma/wp-json/wp/v2/posts"]
    assert source["per_page"] == 100


def test_inherited_site_urls_without_sites_name_the_field(base_archetype):
    path = write(base_archetype, "demo", outlet(extends="cms", discovery=None))
    with pytest.raises(OutletConfigError, match=r"demo\.yml: sites: required: discovery URLs are written \{site\}"):
        load_outlet(path)


def test_unknown_archetype_is_one_line_naming_the_file(tmp_path):
    path = write(tmp_path, "demo", outlet(extends="drupal"))
    with pytest.raises(OutletConfigError) as error:
        load_outlet(path)
    message = str(error.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: extends: unknown archetype 'drupal' (known: ")
    assert "wordpress-yoast" in message


def test_an_invalid_archetype_names_its_own_file_and_field(tmp_path):
    archetype = write(tmp_path / "_archetypes", "broken", {"selectors": [{"valid_from": "2020", "title": "h1"}]})
    with pytest.raises(OutletConfigError, match=rf"^{archetype}: selectors\[0\]\.valid_from: "):
        load_outlet(write(tmp_path, "demo", outlet(extends="broken")))


def test_archetypes_may_not_extend_themselves(tmp_path):
    write(tmp_path / "_archetypes", "a", {"extends": "b"})
    write(tmp_path / "_archetypes", "b", {"extends": "a"})
    with pytest.raises(OutletConfigError, match=r"extends: archetype 'a' extends itself \(a -> b -> a\)"):
        load_outlet(write(tmp_path, "demo", outlet(extends="a")))


def test_a_local_archetype_shadows_the_shipped_one(tmp_path):
    write(tmp_path / "_archetypes", "generic", {"selectors": [{"valid_from": "2000-01-01", "title": "h1.local"}]})
    config = load_outlet(write(tmp_path, "demo", outlet(extends="generic")))
    assert config.selectors_for(None).fields == {"title": "h1.local"}


def test_read_config_gives_the_merged_config_the_registry_validates():
    merged = read_config(REPO / "spiders_config" / "lavieeco.yml")
    (version,) = merged["selectors"]
    assert merged["extends"] == "publisher"
    assert version["title"][0] == "h1.single-post-title .post-title"  # from the publisher archetype
    assert "updated" not in version  # publisher drops wordpress-yoast's time.updated


def test_a_version_may_lay_over_another_archetype_when_the_site_changed_theme(base_archetype):
    write(
        base_archetype / "_archetypes",
        "oldcms",
        {
            "selectors": [{"valid_from": "2000-01-01", "title": "h1.td", "lead": ".td-sub", "updated": None}],
            "evidence": [{"fact": "old theme", "kind": "SAW", "source": "old theme code"}],
        },
    )
    versions = [
        {"valid_from": "2016-01-01", "extends": "oldcms", "byline": ".td-author"},
        {"valid_from": "2023-01-01", "byline": ".my-author"},
    ]
    config = load_outlet(write(base_archetype, "demo", outlet(extends="cms", selectors=versions)))
    old, new = (version.fields for version in config.selector_versions)
    assert old == {"title": "h1.td", "lead": ".td-sub", "byline": ".td-author"}  # nothing of cms
    assert new == {"title": "h1.new", "byline": ".my-author", "section": ".new-cat"}
    assert [item["fact"] for item in config.evidence] == ["old theme", "theme", "demo"]


def test_an_unknown_version_archetype_names_the_file(tmp_path):
    versions = [{"valid_from": "2016-01-01", "extends": "nope", "title": "h1"}]
    with pytest.raises(OutletConfigError, match=r"demo\.yml: extends: unknown archetype 'nope'"):
        load_outlet(write(tmp_path, "demo", outlet(extends="generic", selectors=versions)))
