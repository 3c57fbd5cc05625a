"""Recorded sites: each manifest entry says whether its page was captured from the real site."""

import pytest
import yaml

from newscrawler.replay import load_recorded_pages


def site(tmp_path, **entry) -> None:
    folder = tmp_path / "demo"
    (folder / "pages").mkdir(parents=True)
    (folder / "pages" / "a.html").write_text("<html></html>", encoding="utf-8")
    page = {"url": "https://demo.ma/a", "file": "pages/a.html", **entry}
    (folder / "manifest.yml").write_text(yaml.safe_dump({"pages": [page]}), encoding="utf-8")


@pytest.mark.parametrize(
    "entry",
    [{"origin": "synthetic"}, {"origin": "captured", "source": "owner/repo path/a.html @ 0123abc"}, {}],
)
def test_synthetic_and_captured_pages_are_served(tmp_path, entry):
    site(tmp_path, **entry)
    assert list(load_recorded_pages(tmp_path)) == ["https://demo.ma/a"]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"origin": "real"}, "origin: expected captured or synthetic, got 'real'"),
        ({"origin": "captured"}, "source: a captured page names where it was saved from"),
    ],
)
def test_an_unknown_origin_or_an_unsourced_capture_names_the_manifest(tmp_path, entry, message):
    site(tmp_path, **entry)
    with pytest.raises(ValueError, match="demo/manifest.yml: https://demo.ma/a: " + message):
        load_recorded_pages(tmp_path)
