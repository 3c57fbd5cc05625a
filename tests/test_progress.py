from newscrawler.extensions.progress import progress_line


def test_progress_line_sums_drops_and_shouts_about_spooled_items():
    stats = {
        "newscrawler/discovery/links": 120,
        "newscrawler/discovery/skipped_known": 80,
        "newscrawler/articles/extracted": 37,
        "newscrawler/stored/new": 30,
        "newscrawler/stored/revised": 2,
        "newscrawler/dropped/missing_body": 3,
        "newscrawler/dropped/unparsable_date": 1,
    }
    assert progress_line(stats) == (
        "links 120 (skipped 80 stored, 0 old) · articles 37 · stored 30 new, 2 revised, 0 unchanged · dropped 4"
    )
    assert progress_line({"newscrawler/spooled": 5}).endswith("· SPOOLED 5")
