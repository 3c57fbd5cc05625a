"""Crawl many outlets as one job: each in its own ``scrapy crawl`` process, N at a time, with a time limit.

A process per outlet gives isolation (a crash or a memory blow-up stays with its outlet), the crawl
command's real exit status (0/3/4/5, see ``newscrawler.commands.crawl``) and a time limit that can be
enforced from outside: the crawl gets ``CLOSESPIDER_TIMEOUT`` and closes itself; one that has not
stopped ``GRACE_SECONDS`` later is killed with its process group. Each crawl writes its own
``crawl_runs`` document; this job reads the counts from the stats file the crawl leaves
(``newscrawler.operations.stats_file``) and keeps a lock per outlet so two runs never overlap.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO

from pymongo.errors import PyMongoError

import newscrawler
from newscrawler.cores import WORKERS_VARIABLE, extraction_workers_per_crawl
from newscrawler.exit_status import ITEMS_LOST as EXIT_ITEMS_LOST
from newscrawler.exit_status import OUTLET_BROKEN as EXIT_OUTLET_BROKEN
from newscrawler.exit_status import STORE_FAILED as EXIT_STORE_FAILED
from newscrawler.extensions.crawl_run import run_document
from newscrawler.operations.mongo_lock import COLLECTION, MongoOutletLocks

GRACE_SECONDS = 60  # after CLOSESPIDER_TIMEOUT, how long a crawl may take to close before it is killed
WORST_FIRST = (EXIT_ITEMS_LOST, EXIT_STORE_FAILED, EXIT_OUTLET_BROKEN, 0)
STATUS_LABELS = {0: "ok", EXIT_STORE_FAILED: "spooled", EXIT_OUTLET_BROKEN: "broken", EXIT_ITEMS_LOST: "lost"}
STATS_COLLECTOR = "newscrawler.operations.stats_file.JsonFileStatsCollector"


@dataclass(frozen=True)
class CrawlAllOptions:
    settings: Sequence[str] = ()  # NAME=VALUE, as ``scrapy crawl -s`` takes them
    spider_args: Sequence[str] = ()  # NAME=VALUE, as ``scrapy crawl -a`` takes them (since, until)
    timeout: float = 1800.0  # seconds per outlet
    log_dir: Path = Path("data/logs")
    lock_dir: Path = Path("data/locks")
    grace: float = GRACE_SECONDS
    shared_locks: MongoOutletLocks | None = None  # across machines, when MongoDB is the store


@dataclass
class OutletRun:
    """How one outlet's crawl ended: its exit status as this job counts it, its stats, why it failed."""

    slug: str
    status: int
    seconds: float
    stats: dict[str, Any] = field(default_factory=dict)
    why: list[str] = field(default_factory=list)
    label: str = "ok"  # ok, spooled, broken, lost, timeout, killed, crashed, skipped (locked by another run)

    @property
    def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """(the crawl_runs counts, drop reasons) of this run, computed as the run record computes them."""
        document = run_document(self.stats, self.slug, self.stats.get("finish_reason", ""), None)
        return document["counts"], document.get("drop_reasons", {})


def worst_status(statuses: Sequence[int]) -> int:
    return next((status for status in WORST_FIRST if status in statuses), 0)


@contextmanager
def outlet_lock(lock_dir: Path, slug: str) -> Iterator[int | None]:
    """An exclusive ``flock`` on ``<lock_dir>/<slug>.lock``: its file descriptor, or None when another run holds it.

    The descriptor is passed to the crawl process, so the lock lasts as long as the crawl even if this job dies.
    """
    lock_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_dir / f"{slug}.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield None
            return
        yield fd
    finally:
        os.close(fd)


def crawl_command(slug: str, options: CrawlAllOptions, stats_file: Path) -> list[str]:
    """The ``scrapy crawl`` command line of one outlet: its log to a file, its stats to ``stats_file``."""
    command = [sys.executable, "-m", "scrapy", "crawl", slug]
    for name, value in (
        ("LOG_FILE", options.log_dir / f"{slug}.log"),
        ("STATS_CLASS", STATS_COLLECTOR),
        ("NEWSCRAWLER_STATS_FILE", stats_file),
        ("CLOSESPIDER_TIMEOUT", options.timeout),
    ):
        command += ["-s", f"{name}={value}"]
    for setting in options.settings:
        command += ["-s", setting]
    for argument in options.spider_args:
        command += ["-a", argument]
    return command


def _child_environment() -> dict[str, str]:
    """This process's environment, with this very package importable and the project settings found from any cwd."""
    package_root = str(Path(newscrawler.__file__).resolve().parents[1])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (package_root, env.get("PYTHONPATH"))))
    env.setdefault("SCRAPY_SETTINGS_MODULE", "newscrawler.settings")
    return env


def _why_lines(stderr: str) -> list[str]:
    """The crawl command's own lines (``newscrawler: ...``), else the last line (a traceback's end)."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    return [line for line in lines if line.startswith("newscrawler:")] or lines[-1:]


def run_outlet(slug: str, options: CrawlAllOptions) -> OutletRun:
    """Crawl one outlet in its own process, holding its lock; never raises for a failed crawl."""
    started = time.monotonic()
    with outlet_lock(options.lock_dir, slug) as lock_fd:
        if lock_fd is None:
            why = f"newscrawler: {slug}: skipped: another run holds {options.lock_dir / (slug + '.lock')}"
            return OutletRun(slug, 0, 0.0, why=[why], label="skipped")
        with shared_lock(slug, options) as (taken, note):
            if not taken:
                return OutletRun(slug, 0, 0.0, why=[note], label="skipped")
            options.log_dir.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryDirectory(prefix=f"crawl-all-{slug}-") as work:
                stats_file = Path(work) / "stats.json"
                status, stderr, killed = _run_process(crawl_command(slug, options, stats_file), lock_fd, options)
                stats = json.loads(stats_file.read_text(encoding="utf-8")) if stats_file.exists() else {}
    run = _outcome(slug, status, stderr, killed, stats, options, time.monotonic() - started)
    run.why = [note, *run.why] if note else run.why
    return run


@contextmanager
def shared_lock(slug: str, options: CrawlAllOptions) -> Iterator[tuple[bool, str]]:
    """(taken, a line to report) for the outlet's lock across machines; taken when there is none.

    When MongoDB cannot be reached the crawl goes on under the machine's lock alone (its items are
    spooled anyway) and the line says so.
    """
    locks = options.shared_locks
    if locks is None:
        yield True, ""
        return
    try:
        taken = locks.acquire(slug, options.timeout + options.grace)
        note = "" if taken else f"newscrawler: {slug}: skipped: {locks.holder(slug)} holds its {COLLECTION} lock"
    except PyMongoError as error:
        yield True, f"newscrawler: {slug}: {COLLECTION} unreachable ({type(error).__name__}): this machine's lock only"
        return
    try:
        yield taken, note
    finally:
        if taken:
            with suppress(PyMongoError):  # the lock then expires by itself
                locks.release(slug)


def _run_process(command: list[str], lock_fd: int, options: CrawlAllOptions) -> tuple[int, str, bool]:
    """(exit status, stderr, killed) of the crawl process; killed with its group when it overruns."""
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=_child_environment(),
        pass_fds=(lock_fd,),
        start_new_session=True,  # its own process group, so a kill reaches browsers it started too
    )
    try:
        _, stderr = process.communicate(timeout=options.timeout + options.grace)
        return process.returncode, stderr, False
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        _, stderr = process.communicate()
        return process.returncode, stderr, True


def _outcome(
    slug: str, status: int, stderr: str, killed: bool, stats: dict[str, Any], options: CrawlAllOptions, seconds: float
) -> OutletRun:
    why = _why_lines(stderr) if status else []
    label = STATUS_LABELS.get(status, "crashed")
    if killed:
        why, label = (
            [f"newscrawler: {slug}: killed: still running {options.grace:.0f} s after its time limit"],
            "killed",
        )
    elif status not in WORST_FIRST:  # a crash or a usage error: the outlet did not crawl
        why = [f"newscrawler: {slug}: crawl process exited with status {status}: {' '.join(why) or 'no message'}"]
    elif stats.get("finish_reason") == "closespider_timeout":  # reported, not silent
        why.append(f"newscrawler: {slug}: stopped by its time limit of {options.timeout:.0f} s")
        label = "timeout" if not status else label
    if why and status not in (EXIT_ITEMS_LOST, EXIT_STORE_FAILED):
        status = EXIT_OUTLET_BROKEN
    return OutletRun(slug, status, seconds, stats, why, label)


def sharing_cores(options: CrawlAllOptions, parallel: int) -> CrawlAllOptions:
    """``options`` with the extraction workers of ``parallel`` crawls at a time sharing this machine's cores,
    unless ``-s EXTRACTION_WORKERS=`` or NEWSCRAWLER_EXTRACTION_WORKERS says otherwise (each crawl would
    otherwise start cores - 1 workers of its own)."""
    if os.environ.get(WORKERS_VARIABLE) or any(s.partition("=")[0] == "EXTRACTION_WORKERS" for s in options.settings):
        return options
    share = f"EXTRACTION_WORKERS={extraction_workers_per_crawl(parallel)}"
    return replace(options, settings=[share, *options.settings])


def run_outlets(
    slugs: Sequence[str], options: CrawlAllOptions, parallel: int, on_done: Callable[[OutletRun], None]
) -> list[OutletRun]:
    """Crawl every outlet, ``parallel`` at a time; ``on_done`` hears of each as it finishes (in this thread)."""
    options = sharing_cores(options, parallel)
    with ThreadPoolExecutor(max_workers=max(1, parallel), thread_name_prefix="crawl-all") as pool:
        futures = [pool.submit(run_outlet, slug, options) for slug in slugs]
        runs = []
        for future in as_completed(futures):
            runs.append(future.result())
            on_done(runs[-1])
    return sorted(runs, key=lambda run: run.slug)


def _drops(drop_reasons: dict[str, int]) -> str:
    total = sum(drop_reasons.values())
    listed = ", ".join(f"{reason} ×{n}" for reason, n in sorted(drop_reasons.items()))
    return f"{total} ({listed})" if total else "0"


def progress_line(run: OutletRun, done: int, total: int) -> str:
    counts, drop_reasons = run.counts
    return (
        f"[{done}/{total}] {run.slug}: {run.label} — new {counts['stored_new']}, revised {counts['stored_revised']},"
        f" dropped {_drops(drop_reasons)}, spooled {counts['spooled']} ({run.seconds:.1f} s)"
    )


def print_table(runs: Sequence[OutletRun], out: TextIO) -> None:
    """The final table: one row per outlet, then the totals."""
    header = ("outlet", "status", "new", "revised", "spooled", "seconds", "dropped (by reason)")
    rows: list[tuple[str, ...]] = []
    for run in runs:
        counts, drop_reasons = run.counts
        rows.append(
            (
                run.slug,
                run.label,
                str(counts["stored_new"]),
                str(counts["stored_revised"]),
                str(counts["spooled"]),
                f"{run.seconds:.1f}",
                _drops(drop_reasons),
            )
        )
    totals = [run.counts[0] for run in runs]
    rows.append(
        (
            "total",
            STATUS_LABELS[worst_status([run.status for run in runs])],
            *(str(sum(c[key] for c in totals)) for key in ("stored_new", "stored_revised", "spooled")),
            "",
            str(sum(c["dropped"] for c in totals)),
        )
    )
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header) - 1)]
    for row in (header, *rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)) + "  " + row[-1], file=out)
