"""The cores this process may run on: the default of EXTRACTION_WORKERS and what crawl-all shares out."""

from __future__ import annotations

import os

WORKERS_VARIABLE = "NEWSCRAWLER_EXTRACTION_WORKERS"  # in the environment: EXTRACTION_WORKERS' default


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the platform tells it)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def extraction_workers_per_crawl(crawls: int, cores: int | None = None) -> int:
    """EXTRACTION_WORKERS for each of ``crawls`` crawl processes running at once on this machine: the cores
    left after one per crawl process, shared out (0: each crawl extracts in its own process)."""
    cores = available_cores() if cores is None else cores
    crawls = max(crawls, 1)
    return max(cores - crawls, 0) // crawls
