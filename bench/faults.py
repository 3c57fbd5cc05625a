"""Benchmark (not a test): the fault suite of issue 8 — every fault, one table of what was kept and lost.

Usage: ``python bench/faults.py [--articles 2000] [--port 8091] [--block-seconds 60] [--keep DIR]
[--cases 1a,1b,2,...]``

Generates the benchmark mirror (``bench/make_site.py``) with a few fault pages added, serves it with
nginx on 127.0.0.2-4 (``bench/mirror.py``; loopback only, ``.test`` hosts only) and runs each case as
ordinary ``scrapy crawl`` / ``python -m newscrawler`` commands in child processes, each case in its own
folder and store:

- 0   baseline: an ordinary crawl of La Vie éco (the control: every mirror article stored).
- 1a  ``kill -9`` once 10 %, 20 % and 30 % of the outlet's pages were fetched (three runs, one store),
      then one ordinary re-run; 1b the same with one SIGTERM at 30 %.
- 2   disk full: the SQLite file and the spool on a 2 MB tmpfs (``mount -t tmpfs``, as root; when mount
      is impossible, a 2 MB file-size limit, RLIMIT_FSIZE, stands in and the row says so); then the
      tmpfs grows to 256 MB and an ordinary re-run follows.
- 3   store blocked: another process holds the SQLite write lock (``BEGIN EXCLUSIVE``) for
      ``--block-seconds`` from the first stored article on; "during block" counts pages fetched meanwhile.
- 4   deep nesting: an article with 100,000 nested ``<div>`` in its body and a 1,000-level JSON-LD block.
- 5   wrong charset: an Arabic Hespress article saved in windows-1256, served and declared as UTF-8.
- 6   a 50 MB article page.
- 7   a redirect loop (a -> b -> a).
- 8   a MongoDB password with a raw ``#`` in ``MONGO_URI`` (server on 127.0.0.1:1, unreachable): the
      password must appear nowhere (output, spool, crawl_runs).
- 9   ``replay-spool`` of case 8's spool plus bad records (``"_id": {"$gt": ""}``, ``"_id": 12345``, a
      cut line), replayed twice.
- 10  ``-a since=... -a until=...`` on La Vie éco: stored must be exactly the articles published in range.

Cases 4-8 crawl a feed of 10 ordinary mirror articles plus the fault page(s). Columns: pages fetched
(requests nginx answered during the case), items stored (articles in the case's store), spooled
(article lines in its spool files), lost (expected articles neither stored, spooled, nor dropped or
failed with a counted reason; stored garbage counts as lost), exit status of each run, peak RSS (largest
VmHWM of the case's processes, read every 50 ms: ``ru_maxrss`` would count this script's memory
copied at fork), verdict.
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import json
import os
import re
import resource
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import yaml

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path[:0] = [str(REPO), str(BENCH)]

from make_site import Post, build, make_posts  # noqa: E402
from mirror import make_readable, serve  # noqa: E402

from newscrawler.parsing.urls import canonical_url  # noqa: E402
from newscrawler.timezone import CASABLANCA, to_utc  # noqa: E402

DEFAULT_PORT = 8091  # not bench/crawl.py's 8090: both may run on one machine
PASSWORD = "Zq#Pw77"
LAVIEECO = "www.lavieeco.test"
HESPRESS_AR = "www.hespress.test"
ORDINARY_IN_FEED = 10
# Every crawl: the bench's usual settings (bench/_crawl_run.py) at the command line's priority.
CRAWL_SETTINGS = {
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "ROBOTSTXT_OBEY": False,
    "LOG_LEVEL": "INFO",
    "DNS_RESOLVER": "mirror.MirrorResolver",
    "NEWSCRAWLER_NOW": "2025-11-21T12:00",
}


@dataclass
class Run:
    """One child process of a case: its exit status (negative: killed by that signal) and peak RSS."""

    status: int
    rss_mb: float
    log: str

    @property
    def stats(self) -> dict:
        """The crawl's final stats, read from Scrapy's dump at the end of the log ({} when killed)."""
        start = self.log.rfind("Dumping Scrapy stats:")
        if start < 0:
            return {}
        text = self.log[self.log.index("{", start) :]
        text = text[: re.search(r"\}\n(?!\s)", text + "\n").start() + 1]
        return _literal_stats(text)


def _literal_stats(text: str) -> dict:
    """Scrapy's pprint of its stats (datetimes included) read without eval()."""
    text = re.sub(r"datetime\.datetime\([^)]*\)", "None", text)
    return ast.literal_eval(text)


@dataclass
class Row:
    case: str
    pages: int | str = "-"
    stored: int | str = "-"
    spooled: int | str = "-"
    lost: int | str = "-"
    exits: list[int] = field(default_factory=list)
    rss_mb: float = 0.0
    verdict: str = ""

    def cells(self) -> list[str]:
        exits = "/".join(str(status) for status in self.exits) or "-"
        return [
            self.case,
            str(self.pages),
            str(self.stored),
            str(self.spooled),
            str(self.lost),
            exits,
            f"{self.rss_mb:.0f} MB" if self.rss_mb else "-",
            self.verdict,
        ]


class Suite:
    """The mirror, its nginx access log, and one folder per case."""

    def __init__(self, root: Path, port: int, posts: list[Post]):
        self.root, self.port, self.posts = root, port, posts
        self.access_log = root / "nginx" / "access.log"
        self.configs = root / "spiders_config"

    # -- the mirror and its fault pages ---------------------------------------------------------

    def url(self, host: str, path: str) -> str:
        return f"http://{host}:{self.port}{path}"

    def lavieeco(self) -> list[Post]:
        return [post for post in self.posts if post.outlet == "lavieeco"]

    def page_file(self, host: str, path: str) -> Path:
        file = self.root / "site" / host / path.lstrip("/")
        return file / "index.html" if path.endswith("/") else file

    def copy_page(self, post: Post, path: str) -> str:
        """A mirror article's HTML moved to another path (its own URLs in the page follow it)."""
        html = self.page_file(post.host, post.path).read_text(encoding="utf-8")
        written = post.url(self.port).split(f":{self.port}", 1)[1]  # the path as the page writes it
        for old in {post.path, quote(post.path, safe="/-_.~"), written}:
            html = html.replace(old, path)
        return html

    def write(self, host: str, path: str, data: str | bytes) -> str:
        file = self.page_file(host, path)
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return self.url(host, path)

    def feed(self, host: str, name: str, urls: list[str]) -> str:
        items = "".join(f"<item><title>{n}</title><link>{url}</link></item>\n" for n, url in enumerate(urls))
        rss = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<rss version="2.0"><channel><title>{name}</title>\n{items}</channel></rss>\n'
        )
        return self.write(host, f"/faults/{name}.xml", rss)

    def config_dir(self, slug: str, feed_url: str, name: str) -> Path:
        """A config folder holding one outlet of the mirror whose only source is ``feed_url``."""
        folder = self.root / "configs" / name
        folder.mkdir(parents=True, exist_ok=True)
        raw = yaml.safe_load((self.configs / f"{slug}.yml").read_text(encoding="utf-8"))
        raw["discovery"] = [{"type": "feed", "urls": [feed_url]}]
        (folder / f"{slug}.yml").write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return folder

    def add_fault_pages(self) -> dict[str, tuple[str, Path, set[str]]]:
        """The fault pages and a feed per page case: case -> (slug, config folder, fault URLs)."""
        articles = self.lavieeco()
        ordinary = [post.url(self.port) for post in articles[-ORDINARY_IN_FEED:]]
        source = articles[0]
        html = self.copy_page(source, "/economie/fault-deep-nesting/")
        deep = "<div>" * 100_000 + "fond" + "</div>" * 100_000
        jsonld = '<script type="application/ld+json">' + '{"a": [' * 1000 + "1" + "]}" * 1000 + "</script>"
        html = html.replace("</head>", jsonld + "</head>", 1)
        html = re.sub(r"(<div class=\"entry-content[^>]*>)", lambda m: m.group(1) + deep, html, count=1)
        deep_url = self.write(LAVIEECO, "/economie/fault-deep-nesting/", html)
        huge = self.copy_page(articles[1], "/economie/fault-huge-page/")
        padding = "<!-- " + "x" * (50 * 1024 * 1024) + " -->"
        huge_url = self.write(LAVIEECO, "/economie/fault-huge-page/", huge.replace("</body>", padding + "</body>", 1))
        loop_url = self.url(LAVIEECO, "/economie/fault-loop-a/")
        arabic = next(post for post in self.posts if post.host == HESPRESS_AR)
        page = self.copy_page(arabic, "/fault-wrong-charset-990001.html")
        charset_url = self.write(HESPRESS_AR, "/fault-wrong-charset-990001.html", page.encode("cp1256", "replace"))
        arabic_ordinary = [p.url(self.port) for p in self.posts if p.host == HESPRESS_AR][-ORDINARY_IN_FEED:]
        cases = {
            "4": ("lavieeco", [deep_url], ordinary),
            "5": ("hespress", [charset_url], arabic_ordinary),
            "6": ("lavieeco", [huge_url], ordinary),
            "7": ("lavieeco", [loop_url], ordinary),
            "8": ("lavieeco", [], ordinary),
        }
        return {
            case: (
                slug,
                self.config_dir(slug, self.feed(self.host_of(slug), f"case-{case}", faults + rest), case),
                set(faults + rest),
            )
            for case, (slug, faults, rest) in cases.items()
        }

    @staticmethod
    def host_of(slug: str) -> str:
        return LAVIEECO if slug == "lavieeco" else HESPRESS_AR

    def patch_nginx(self) -> None:
        """Access log with times (pages fetched per case), and the redirect loop's two locations."""
        conf = self.root / "nginx.conf"
        text = conf.read_text(encoding="utf-8")
        text = text.replace(
            "access_log off;",
            f"log_format faults '$msec $status $request_uri';\n    access_log {self.access_log} faults;",
        )
        a, b = "/economie/fault-loop-a/", "/economie/fault-loop-b/"
        loop = (
            f"location = {a} {{ return 301 {self.url(LAVIEECO, b)}; }}\n"
            f"        location = {b} {{ return 301 {self.url(LAVIEECO, a)}; }}"
        )
        text = text.replace(f"server_name {LAVIEECO};", f"server_name {LAVIEECO};\n        {loop}", 1)
        conf.write_text(text, encoding="utf-8")

    # -- running and reading ------------------------------------------------------------------

    def requests_since(self, start: float, end: float | None = None) -> int:
        """Requests nginx answered between two times (its access log)."""
        if not self.access_log.exists():
            return 0
        count = 0
        with self.access_log.open(encoding="utf-8", errors="replace") as log:
            for line in log:
                stamp = float(line.split(" ", 1)[0])
                count += start <= stamp and (end is None or stamp <= end)
        return count

    def crawl(
        self,
        work: Path,
        slug: str,
        *arguments: str,
        configs: Path | None = None,
        env: dict[str, str] | None = None,
        stop: Callable[[], int | None] | None = None,
        preexec: Callable[[], None] | None = None,
    ) -> Run:
        """``scrapy crawl slug`` into the case's store; ``stop()``, polled, returns a signal to end it with."""
        settings = {**CRAWL_SETTINGS, "SQLITE_PATH": work / "store" / "articles.sqlite3", "SPOOL_DIR": work / "spool"}
        command = [sys.executable, "-m", "scrapy", "crawl", slug, *arguments]
        command += [part for name, value in settings.items() for part in ("-s", f"{name}={value}")]
        environment = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(REPO), str(BENCH)]),
            "NEWSCRAWLER_CONFIG_DIR": str(configs or self.configs),
            "MONGO_URI": "",
            **(env or {}),
        }
        return self.run(command, work, environment, stop, preexec)

    def run(self, command, work: Path, environment, stop=None, preexec=None) -> Run:
        work.mkdir(parents=True, exist_ok=True)
        log_path = work / f"run-{len(list(work.glob('run-*.log'))) + 1}.log"
        with log_path.open("w", encoding="utf-8") as log:
            process = subprocess.Popen(
                command, cwd=REPO, env=environment, stdout=log, stderr=subprocess.STDOUT, preexec_fn=preexec
            )
            peak_kb = 0
            while process.poll() is None:
                peak_kb = max(peak_kb, _peak_rss_kb(process.pid))
                signal_number = stop() if stop else None
                if signal_number:
                    process.send_signal(signal_number)
                    stop = None
                time.sleep(0.05)
        return Run(process.returncode, peak_kb / 1024, log_path.read_text(encoding="utf-8", errors="replace"))


def _peak_rss_kb(pid: int) -> int:
    """The process' peak RSS so far (VmHWM: unlike ru_maxrss, it starts again at exec, not at fork)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(found.group(1)) if found else 0


def store_urls(work: Path) -> list[str]:
    """Canonical URLs of the articles in a case's store (one per row: duplicates show)."""
    path = work / "store" / "articles.sqlite3"
    if not path.exists():
        return []
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=120)) as db:
        return [url for (url,) in db.execute("SELECT canonical_url FROM articles")]


def stored_titles(work: Path) -> dict[str, str]:
    path = work / "store" / "articles.sqlite3"
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=120)) as db:
        return {url: title or "" for url, title in db.execute("SELECT canonical_url, title FROM articles")}


def spooled_urls(folder: Path) -> set[str]:
    urls = set()
    for file in folder.glob("**/*.jsonl"):
        for line in file.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if record.get("kind") == "article" and isinstance(record.get("document"), dict):
                urls.add(str(record["document"].get("canonical_url")))
    return urls


def counted_reasons(stats: dict) -> int:
    """Articles dropped or requests failed with a counted reason (not lost: reported)."""
    prefixes = ("newscrawler/dropped/", "newscrawler/failed/")
    return sum(n for key, n in stats.items() if key.startswith(prefixes) and isinstance(n, int))


def canonical(urls: Iterable[str]) -> set[str]:
    return {canonical_url(url) for url in urls}


# -- cases --------------------------------------------------------------------------------------


def case_baseline(suite: Suite, work: Path, expected: set[str]) -> tuple[Row, float]:
    start = time.time()
    run = suite.crawl(work, "lavieeco")
    seconds = time.time() - start
    row = crawl_row(suite, "0 baseline: ordinary crawl", work, [run], expected, start)
    return row, seconds


def crawl_row(suite: Suite, name: str, work: Path, runs: list[Run], expected: set[str], start: float) -> Row:
    urls = store_urls(work)
    spooled = spooled_urls(work / "spool")
    lost = expected - set(urls) - spooled
    duplicates = len(urls) - len(set(urls))
    problems = [f"{duplicates} stored twice"] if duplicates else []
    problems += [f"{len(lost)} never stored"] if lost else []
    return Row(
        name,
        suite.requests_since(start),
        len(set(urls)),
        len(spooled),
        len(lost),
        [run.status for run in runs],
        max(run.rss_mb for run in runs),
        "; ".join(problems) or f"ok: {'store + spool' if spooled else 'store'} = mirror set",
    )


def case_interrupted(suite: Suite, work: Path, expected: set[str], signal_number: int, shares: list[float]) -> Row:
    start = time.time()
    runs = []
    pages = len(expected)
    for share in shares:
        runs.append(suite.crawl(work, "lavieeco", stop=_after_pages(suite, share * pages, signal_number)))
    runs.append(suite.crawl(work, "lavieeco"))
    at = "/".join(f"{share:.0%}" for share in shares)
    label = f"{'kill -9' if signal_number == signal.SIGKILL else 'SIGTERM'} at {at}"
    return crawl_row(suite, f"1 {label} + 1 re-run", work, runs, expected, start)


def _after_pages(suite: Suite, pages: float, signal_number: int) -> Callable[[], int | None]:
    """A ``stop`` that sends the signal once nginx answered that many requests from now on."""
    begin = time.time()
    return lambda: signal_number if suite.requests_since(begin) >= pages else None


def case_disk_full(suite: Suite, work: Path, expected: set[str]) -> Row:
    start = time.time()
    disk = work / "disk"
    disk.mkdir(parents=True, exist_ok=True)
    mount = ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(disk)]
    mounted = subprocess.run(mount, capture_output=True).returncode == 0
    store = work / "store"
    store.symlink_to(disk)  # the store folder and the spool live on the small disk
    (disk / "spool").mkdir()
    (work / "spool").symlink_to(disk / "spool")

    def limit_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (2 * 1024 * 1024, 2 * 1024 * 1024))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes past the limit fail with EFBIG instead

    full = suite.crawl(work, "lavieeco", preexec=None if mounted else limit_file_size)
    kept_on_full_disk = len(set(store_urls(work))) + len(spooled_urls(work / "spool"))
    if mounted:
        subprocess.run(["mount", "-o", "remount,size=256m", str(disk)], check=True)
    rerun = suite.crawl(work, "lavieeco")
    row = crawl_row(suite, "2 disk full (store + spool) + re-run", work, [full, rerun], expected, start)
    how = "2 MB tmpfs" if mounted else "SIMULATED: RLIMIT_FSIZE 2 MB, mount impossible"
    verdict = "ok" if full.status != 0 and row.lost == 0 else "FAIL"
    if full.status == 0:
        verdict += ": exit 0 on a full disk"
    row.verdict = f"{verdict} ({how}; {kept_on_full_disk} kept while full; {row.verdict})"
    if mounted:
        subprocess.run(["umount", str(disk)], check=False)
    return row


def case_store_blocked(suite: Suite, work: Path, expected: set[str], block_seconds: float) -> Row:
    start = time.time()
    database = work / "store" / "articles.sqlite3"
    blocker_script = (
        "import sqlite3, sys, time\n"
        "db = sqlite3.connect(sys.argv[1], timeout=60, isolation_level=None)\n"
        "db.execute('BEGIN EXCLUSIVE'); print('locked', time.time(), flush=True)\n"
        "time.sleep(float(sys.argv[2])); db.execute('ROLLBACK'); print('released', time.time(), flush=True)\n"
    )
    blocked: dict[str, float] = {}
    blocker: list[subprocess.Popen] = []

    def block_when_stored() -> None:
        if not blocker and store_count(database) > 0:
            blocker.append(
                subprocess.Popen(
                    [sys.executable, "-c", blocker_script, str(database), str(block_seconds)],
                    stdout=subprocess.PIPE,
                    text=True,
                )
            )
            blocked["from"] = float(blocker[0].stdout.readline().split()[1])

    run = suite.crawl(work, "lavieeco", stop=block_when_stored)
    if blocker:
        blocker[0].wait()
        blocked["to"] = blocked["from"] + block_seconds
    row = crawl_row(suite, f"3 store blocked {block_seconds:.0f} s", work, [run], expected, start)
    during = suite.requests_since(blocked["from"], blocked["to"]) if blocked else 0
    row.verdict = f"{'ok' if row.lost == 0 else 'FAIL'}: {during} pages fetched during the block; {row.verdict}"
    spools = sorted((work / "spool").glob("*.jsonl"))
    if spools:
        replayed = replay_spool(suite, work, spools)
        after = len(expected & set(store_urls(work)))
        row.verdict += f"; after replay-spool (exit {replayed.status}): {after} of {len(expected)} in the store"
    return row


def store_count(database: Path) -> int:
    try:
        with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=0.1)) as db:
            return db.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def case_page(
    suite: Suite,
    work: Path,
    name: str,
    slug: str,
    configs: Path,
    expected: set[str],
    check: Callable[[Run, Path], str],
    env: dict[str, str] | None = None,
) -> Row:
    start = time.time()
    run = suite.crawl(work, slug, configs=configs, env=env)
    urls, spooled = set(store_urls(work)), spooled_urls(work / "spool")
    garbage = {url for url, title in stored_titles(work).items() if title.count("\ufffd") > 3} if urls else set()
    accounted = len((urls - garbage) | spooled) + counted_reasons(run.stats)
    lost = max(0, len(expected) - accounted)  # stored garbage is not accounted for: it counts as lost
    verdict = check(run, work)
    ok = lost == 0 and not verdict.startswith("FAIL")
    return Row(
        name,
        suite.requests_since(start),
        len(urls),
        len(spooled),
        lost,
        [run.status],
        run.rss_mb,
        ("ok: " if ok else "FAIL: ") + verdict.removeprefix("FAIL: "),
    )


def stat_line(run: Run, prefix: str) -> str:
    found = {key.removeprefix(prefix): n for key, n in run.stats.items() if key.startswith(prefix)}
    return ", ".join(f"{key} {n}" for key, n in sorted(found.items())) or "none"


def check_deep(run: Run, work: Path) -> str:
    exceptions = run.stats.get("spider_exceptions/count", 0)
    deep = run.stats.get("newscrawler/extraction/jsonld_too_deep", 0)
    text = f"spider exceptions {exceptions}, jsonld_too_deep {deep}"
    return f"FAIL: {text}" if exceptions else text


def check_charset(run: Run, work: Path) -> str:
    redecoded = run.stats.get("newscrawler/pages/redecoded", 0)
    return f"redecoded {redecoded}, failed: {stat_line(run, 'newscrawler/failed/')}"


def check_huge(run: Run, work: Path) -> str:
    text = f"failed: {stat_line(run, 'newscrawler/failed/')}"
    return f"FAIL: peak RSS {run.rss_mb:.0f} MB; {text}" if run.rss_mb > 400 else text


def check_loop(run: Run, work: Path) -> str:
    text = f"failed: {stat_line(run, 'newscrawler/failed/')}"
    return text if "redirect" in text else f"FAIL: loop not counted ({text})"


def check_password(run: Run, work: Path) -> str:
    shapes = (PASSWORD, quote(PASSWORD, safe=""), "Pw77")
    places = [("output", run.log)]
    places += [(file.name, file.read_text(encoding="utf-8", errors="replace")) for file in work.glob("**/*.jsonl")]
    leaks = sorted({where for where, text in places for shape in shapes if shape in text})
    return f"FAIL: password in {', '.join(leaks)}" if leaks else "password nowhere (output, spool)"


def replay_spool(suite: Suite, work: Path, files: list[Path]) -> Run:
    """``python -m newscrawler replay-spool FILES`` into the case's store."""
    (work / "store").mkdir(parents=True, exist_ok=True)
    store = f"sqlite:///{work / 'store' / 'articles.sqlite3'}"  # sqlite:////tmp/...: an absolute path
    command = [sys.executable, "-m", "newscrawler", "replay-spool", *map(str, files), "--store", store]
    return suite.run(command, work, {**os.environ, "PYTHONPATH": str(REPO), "MONGO_URI": ""})


def case_bad_spool(suite: Suite, work: Path, spool_from: Path) -> Row:
    spools = sorted(spool_from.glob("**/*.jsonl"))
    good = [
        line
        for file in spools
        for line in file.read_text(encoding="utf-8").splitlines()
        if json.loads(line).get("kind") == "article"
    ]
    if not good:
        return Row("9 replay-spool with bad records", verdict="FAIL: case 8 left no spool to replay")
    first = json.loads(good[0])
    bad = [
        {"kind": "article", "document": {**first["document"], "_id": {"$gt": ""}}},
        {"kind": "article", "document": {**first["document"], "_id": 12345}},
    ]
    spool = work / "spool" / "with-bad-records.jsonl"
    spool.parent.mkdir(parents=True, exist_ok=True)
    lines = [*good[:-1], *(json.dumps(record) for record in bad), good[-1], good[0][: len(good[0]) // 2]]
    spool.write_text("\n".join(lines) + "\n", encoding="utf-8")
    runs = [replay_spool(suite, work, [spool]) for _ in range(2)]
    urls = store_urls(work)
    expected = {json.loads(line)["document"]["canonical_url"] for line in good}
    lost = len(expected - set(urls))
    reported = len(re.findall(r"line \d+: ", runs[0].log))
    verdict = f"{reported} bad lines reported with line numbers, {len(urls) - len(set(urls))} stored twice"
    ok = lost == 0 and reported >= 3 and len(urls) == len(set(urls))
    statuses, rss = [run.status for run in runs], max(run.rss_mb for run in runs)
    verdict = ("ok: " if ok else "FAIL: ") + verdict
    return Row("9 replay-spool with bad records, twice", "-", len(set(urls)), len(good), lost, statuses, rss, verdict)


def case_range(suite: Suite, work: Path) -> Row:
    articles = sorted(suite.lavieeco(), key=lambda post: post.published)
    since_day = articles[len(articles) * 2 // 5].published.astimezone(CASABLANCA).date().isoformat()
    until_day = articles[len(articles) * 4 // 5].published.astimezone(CASABLANCA).date().isoformat()
    low, high = to_utc(dt.datetime.fromisoformat(since_day)), to_utc(dt.datetime.fromisoformat(until_day))
    expected = canonical(post.url(suite.port) for post in articles if low <= post.published < high)
    start = time.time()
    run = suite.crawl(work, "lavieeco", "-a", f"since={since_day}", "-a", f"until={until_day}")
    outside = set(store_urls(work)) - expected
    row = crawl_row(suite, f"10 since={since_day} until={until_day}", work, [run], expected, start)
    kept = row.verdict.replace("mirror set", "articles in range") if row.lost == 0 else row.verdict
    drops = stat_line(run, "newscrawler/dropped/")
    if outside:
        row.verdict = f"FAIL: {len(outside)} stored out of range; dropped: {drops}"
    else:
        row.verdict = f"{kept}; dropped: {drops}"
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="article pages in the mirror (default: 2000)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"nginx port (default: {DEFAULT_PORT})")
    parser.add_argument("--block-seconds", type=float, default=60.0, help="case 3: how long the store is locked")
    parser.add_argument("--keep", type=Path, help="generate the mirror and the cases here and keep them")
    parser.add_argument("--cases", default="0,1a,1b,2,3,4,5,6,7,8,9,10", help="which cases (default: all)")
    args = parser.parse_args()
    wanted = args.cases.split(",")

    root = args.keep or Path(tempfile.mkdtemp(prefix="newscrawler-faults-"))
    root.mkdir(parents=True, exist_ok=True)
    make_readable(root)
    summary = build(root, args.articles, args.port)
    suite = Suite(root, args.port, make_posts(args.articles))
    suite.patch_nginx()
    page_cases = suite.add_fault_pages()
    expected = canonical(post.url(args.port) for post in suite.lavieeco())
    by_outlet = summary["articles_by_outlet"]
    print(f"mirror: {summary['articles']} articles {by_outlet} in {root}; nginx on 127.0.0.2-4:{args.port}")

    rows: list[Row] = []

    def page(case: str, name: str, check: Callable[[Run, Path], str], env: dict[str, str] | None = None) -> Row:
        slug, configs, urls = page_cases[case]
        return case_page(suite, root / f"case-{case}", name, slug, configs, urls, check, env)

    cases: dict[str, Callable[[], Row]] = {
        "0": lambda: case_baseline(suite, root / "case-0", expected)[0],
        "1a": lambda: case_interrupted(suite, root / "case-1a", expected, signal.SIGKILL, [0.1, 0.2, 0.3]),
        "1b": lambda: case_interrupted(suite, root / "case-1b", expected, signal.SIGTERM, [0.3]),
        "2": lambda: case_disk_full(suite, root / "case-2", expected),
        "3": lambda: case_store_blocked(suite, root / "case-3", expected, args.block_seconds),
        "4": lambda: page("4", "4 deep nesting (100k div, JSON-LD 1000 deep)", check_deep),
        "5": lambda: page("5", "5 windows-1256 page declared UTF-8", check_charset),
        "6": lambda: page("6", "6 a 50 MB page", check_huge),
        "7": lambda: page("7", "7 redirect loop", check_loop),
        "8": lambda: page(
            "8",
            "8 MONGO_URI password with '#'",
            check_password,
            {"MONGO_URI": f"mongodb://user:{PASSWORD}@127.0.0.1:1/"},
        ),
        "9": lambda: case_bad_spool(suite, root / "case-9", root / "case-8"),
        "10": lambda: case_range(suite, root / "case-10"),
    }
    started = time.time()
    with serve(root, args.port):
        for key, case in cases.items():
            if key in wanted:
                case_start = time.time()
                rows.append(case())
                print(f"  case {key} done in {time.time() - case_start:.0f} s", file=sys.stderr, flush=True)
    print_table(rows)
    print(
        f"\n{len(rows)} cases in {time.time() - started:.0f} s; lost = 0 in every row: "
        f"{'yes' if all(row.lost in (0, '-') for row in rows) else 'NO'}"
    )
    return 0 if all(row.verdict.startswith("ok") for row in rows) else 1


def print_table(rows: list[Row]) -> None:
    header = ["case", "pages fetched", "stored", "spooled", "lost", "exit", "peak RSS", "verdict"]
    table = [header, *(row.cells() for row in rows)]
    widths = [max(len(line[i]) for line in table) for i in range(len(header) - 1)]
    for line in table:
        print(" | ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=False)) + " | " + line[-1])


if __name__ == "__main__":
    raise SystemExit(main())
