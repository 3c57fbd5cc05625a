"""The whole suite: crawls extract pages in their own process (EXTRACTION_WORKERS=0), which is faster for
crawls of a few recorded pages than starting worker processes; tests/extraction/test_extraction_pool.py
runs the worker pool itself (its crawls set EXTRACTION_WORKERS)."""

import os

os.environ.setdefault("NEWSCRAWLER_EXTRACTION_WORKERS", "0")  # set it to run the whole suite with the pool
