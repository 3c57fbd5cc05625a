"""The offline demo and the extract command, run as a user would."""

import json
import re
import shlex
import subprocess
from pathlib import Path

import pytest
from recorded_sites import REPLAY_NOW, REPO, SITES, run_cli

GENERIC_PAGE = """<html lang="fr"><head><title>Un blog</title>
<meta property="og:title" content="La saison touristique bat des records">
<meta property="article:published_time" content="2025-08-12T07:30:00+01:00">
<meta name="author" content="Par Nadia Lamlili">
</head><body><nav>Accueil | Contact</nav><article><h1>La saison touristique bat des records</h1>
<p>Les arrivées touristiques ont progressé de 15% à fin juillet, selon le ministère du Tourisme.</p>
<p>Marrakech et Agadir concentrent plus de la moitié des nuitées enregistrées dans les hôtels classés.</p>
<p>Les professionnels s'attendent à une nouvelle hausse pendant les vacances d'automne.</p>
</article><footer>© 2025</footer></body></html>"""


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """The demo's first run into a fresh store: (store file, result)."""
    store = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    return store, run_cli("-m", "newscrawler", "demo", "--store", f"sqlite:///{store}")


def test_demo_stores_the_recorded_outlets_once_and_prints_a_summary(demo_run):
    store, first = demo_run
    assert first.returncode == 0, first.stderr[-3000:]
    total = re.search(r"^TOTAL\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)", first.stdout, re.MULTILINE)
    new, revised, unchanged, skipped, dropped, stored = map(int, total.groups())
    assert new == stored >= 20 and dropped == 0
    for slug in ("maghress", "hespress", "lavieeco", "yabiladi", "mapexpress", "2m"):
        assert re.search(rf"^{slug}\s+[1-9]", first.stdout, re.MULTILINE), slug

    second = run_cli("-m", "newscrawler", "demo", "--store", f"sqlite:///{store}")
    assert second.returncode == 0, second.stderr[-3000:]
    again = re.search(r"^TOTAL\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)", second.stdout, re.MULTILINE)
    assert again.group(1) == "0" and int(again.group(4)) > 0 and int(again.group(6)) == stored

    hespress = run_cli(
        "-m", "newscrawler", "articles", "--outlet", "hespress", "--format", "jsonl", "--store", f"sqlite:///{store}"
    )
    copies = [json.loads(line) for line in hespress.stdout.splitlines() if json.loads(line).get("duplicate_of")]
    assert [(copy["via"], copy["duplicate_of"]) for copy in copies] == [
        (
            "maghress",
            "https://fr.hespress.com/416382-premieres-assises-de-lia-au-maroc-vers-une-souverainete-technologique-affirmee.html",
        )
    ]


def readme_query_examples() -> list[list[str]]:
    """The commands of the README's "Query the articles" block, with their shell variable expanded."""
    section = (REPO / "README.md").read_text(encoding="utf-8").split("## Query the articles", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    variables = dict(re.findall(r"^(\w+)=(\S+)", block, re.MULTILINE))
    commands = [line.split(" > ", 1)[0] for line in block.splitlines() if line.startswith("python -m newscrawler")]
    return [[variables.get(word[1:], word) for word in shlex.split(command, comments=True)] for command in commands]


def test_the_readme_query_examples_find_the_demo_articles(demo_run):
    store, _ = demo_run
    examples = readme_query_examples()
    assert [example[3] for example in examples] == ["articles", "articles", "articles", "stats", "quality"]
    outputs = {}
    for example in examples:
        assert example[4:6] == ["--store", "sqlite:///data/demo.sqlite3"], example  # what the demo writes
        result = run_cli(*example[1:4], "--store", f"sqlite:///{store}", *example[6:])
        assert result.returncode == 0, (example, result.stderr)
        assert len(result.stdout.splitlines()) >= 2, example  # e.g. a header and a row, or two JSON lines
        outputs[example[3]] = result.stdout
    assert re.search(r"^2025-11-18  hespress +1$", outputs["stats"], re.MULTILINE)


def test_demo_takes_a_store_uri_like_every_command(tmp_path):
    unreachable = run_cli(
        "-m", "newscrawler", "demo", "--store", "mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=200", cwd=tmp_path,
        env={"PYTHONPATH": str(REPO), "SCRAPY_SETTINGS_MODULE": "newscrawler.settings"},
    )  # fmt: skip
    assert unreachable.returncode == 1 and unreachable.stdout == ""
    assert unreachable.stderr.startswith("newscrawler demo: store unavailable: mongodb://127.0.0.1:1/")
    assert len(unreachable.stderr.splitlines()) == 1
    path = run_cli("-m", "newscrawler", "demo", "--store", "demo.sqlite3", cwd=tmp_path, env={"PYTHONPATH": str(REPO)})
    assert path.returncode == 2
    assert path.stderr.startswith("newscrawler demo: --store: unknown store ")
    assert path.stderr.endswith(": expected sqlite:///path or mongodb://...\n")
    assert list(tmp_path.iterdir()) == []  # no file named after the URI


def test_extract_reads_a_page_of_an_unknown_domain_with_generic_layers(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(GENERIC_PAGE, encoding="utf-8")
    result = run_cli(
        "-m",
        "newscrawler",
        "extract",
        str(page),
        "--url",
        "https://blog.example.ma/saison?utm_source=x",
        "--now",
        REPLAY_NOW,
    )
    assert result.returncode == 0, result.stderr
    article = json.loads(result.stdout)
    assert article["outlet"] == "blog.example.ma" and article["parser"]["name"] == "generic"
    assert article["canonical_url"] == "https://blog.example.ma/saison"
    assert article["title"] == "La saison touristique bat des records"
    assert article["authors"] == [{"name": "Nadia Lamlili", "raw": "Par Nadia Lamlili"}]
    assert article["published_at"] == "2025-08-12T06:30:00.000+00:00"
    assert article["body"].count("\n\n") == 2 and article["provenance"]["body"] == "generic:text"


def test_extract_explains_bad_input(tmp_path):
    missing = run_cli("-m", "newscrawler", "extract", str(tmp_path / "nope.html"), "--url", "https://x.ma/a")
    assert missing.returncode == 2 and "cannot read" in missing.stderr
    not_a_url = run_cli("-m", "newscrawler", "extract", str(SITES / "maghress" / "manifest.yml"), "--url", "notaurl")
    assert not_a_url.returncode == 2 and not_a_url.stdout == ""
    assert not_a_url.stderr == (
        "newscrawler extract: argument --url: expected an absolute http(s) URL, got 'notaurl'"
        " (see newscrawler extract --help)\n"
    )
    unknown = run_cli(
        "-m",
        "newscrawler",
        "extract",
        str(SITES / "maghress" / "manifest.yml"),
        "--url",
        "https://x.ma/a",
        "--outlet",
        "nosuch",
    )
    assert unknown.returncode == 2 and "unknown outlet 'nosuch'" in unknown.stderr
    empty = tmp_path / "empty.html"
    empty.write_text("<html><body></body></html>")
    dropped = run_cli("-m", "newscrawler", "extract", str(empty), "--url", "https://x.ma/a")
    assert dropped.returncode == 1 and "not an article: missing_title" in dropped.stderr
