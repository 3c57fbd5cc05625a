"""since/until bound what a crawl stores: [since, until) on each article's parsed publication instant."""

from __future__ import annotations

from datetime import datetime

import pytest
from recorded_sites import crawl_recorded, expected_articles, stored_articles_and_runs

from newscrawler.pipelines.bounds import cap_body
from newscrawler.timezone import to_utc


def recorded_lavieeco_dates() -> dict[str, datetime]:
    return {
        expected["url"]: datetime.fromisoformat(expected["article"]["published_at"])
        for expected in expected_articles("lavieeco")
    }


@pytest.mark.parametrize(
    ("arguments", "keep", "pipeline_drop"),
    [
        # The feeds carry no date for some links: the pipeline step is what keeps them out.
        ({"since": "2025-11-11"}, lambda day, since, until: day >= since, "skipped_old"),
        ({"until": "2025-11-01"}, lambda day, since, until: day < until, "skipped_after_until"),
        ({"since": "2025-09-01", "until": "2025-11-11"}, lambda day, since, until: since <= day < until, None),
    ],
)
def test_crawl_stores_only_articles_published_in_since_until(tmp_path, arguments, keep, pipeline_drop):
    since = to_utc(datetime.fromisoformat(arguments["since"])) if "since" in arguments else None
    until = to_utc(datetime.fromisoformat(arguments["until"])) if "until" in arguments else None
    dates = recorded_lavieeco_dates()
    expected = {url for url, day in dates.items() if keep(day, since, until)}
    assert expected and expected != set(dates)  # the range cuts the recorded site

    sqlite_path = tmp_path / "store.sqlite3"
    spider_arguments = [part for name, value in arguments.items() for part in ("-a", f"{name}={value}")]
    result = crawl_recorded("lavieeco", sqlite_path, "-s", f"SPOOL_DIR={tmp_path / 'spool'}", *spider_arguments)

    assert result.returncode == 0, result.stderr[-3000:]
    articles, runs = stored_articles_and_runs(sqlite_path)
    assert set(articles) == expected
    drops = runs[0]["drop_reasons"]
    assert set(drops) <= {"skipped_old", "skipped_after_until"}
    assert sum(drops.values()) <= len(dates) - len(expected)
    if pipeline_drop:
        assert drops[pipeline_drop] > 0


def test_a_crawl_where_everything_is_out_of_range_is_not_a_broken_outlet(tmp_path):
    result = crawl_recorded(
        "lavieeco", tmp_path / "store.sqlite3", "-s", f"SPOOL_DIR={tmp_path / 'spool'}", "-a", "since=2025-11-19"
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "'newscrawler/dropped/skipped_old'" in result.stderr
    assert "markup changed" not in result.stderr


def test_long_body_is_cut_at_a_paragraph_end():
    body = "\n\n".join(f"Paragraphe {n}." for n in range(1000))
    capped = cap_body(body, 100)
    assert len(capped) <= 100 and body.startswith(capped) and capped.endswith(".")
    assert cap_body("x" * 500, 100) == "x" * 100
    assert cap_body(body, len(body)) == body
