"""One benchmark crawl of the mirror, in its own process (run by bench/crawl.py and bench/profile_crawl.py).

``python bench/_crawl_run.py {bare,full} MIRROR_DIR [--outlets hespress,lavieeco,yabiladi] [--profile FILE]
[--workers N]``

- ``bare``: raw Scrapy, the ceiling. One plain ``scrapy.Spider`` per outlet reads the same discovery
  pages as the outlet's spider (feeds, sitemaps, WordPress REST pages, listings with pagination),
  requests the same article URLs and yields ``{"url": ...}`` for each article page, nothing more.
  Scrapy's default settings, no item pipeline.
- ``full``: the project's outlet spiders (``newscrawler.settings``, configs from the mirror's
  ``spiders_config``): extraction layers, validate → normalize → dates → bylines → dedup → store
  pipelines, the crawl-run recorder, the embedded SQLite store in a new file. ``--workers N`` sets
  ``EXTRACTION_WORKERS`` (default: the project's, cores - 1; each outlet's crawler has its own pool).

Both run every outlet's crawler in one CrawlerProcess with the same settings (``COMMON``). Prints one
JSON line: article pages, seconds from the first engine start to the last engine stop, pages/s, peak RSS
of the crawl process and of each extraction worker (``VmHWM`` in ``/proc/<pid>/status``, read every
second and when the spider closes), CPU ms per article page of the crawl process (every thread, first
engine start to last engine stop) and of the workers together (their whole life), the load average at the end.

``full --redis-url URL --store PATH [--idle S] [--ready FILE]``: one scrapy-redis worker of a distributed
crawl (run by bench/distributed.py): its crawlers take their seeds and requests from Redis, write to the
shared store ``PATH``, stop after ``S`` idle seconds, and touch ``FILE`` once their engines have started.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urljoin

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "bench")]

OUTLETS = ("hespress", "lavieeco", "yabiladi")
ARTICLE_STAT = "bench/article_pages"


def common_settings(concurrency: int, per_domain: int) -> dict:
    """What both crawls share; set at the command line's priority, above the outlets' politeness."""
    return {
        "CONCURRENT_REQUESTS": concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": per_domain,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "ROBOTSTXT_OBEY": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "INFO",
        "LOGSTATS_INTERVAL": 60.0,
        "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
        "DNS_RESOLVER": "mirror.MirrorResolver",
    }


def _peak_rss_mb(pid: int) -> float | None:
    """The process' peak resident set size so far (Linux), None when it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return None
    kilobytes = next((line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")), None)
    return int(kilobytes) / 1024 if kilobytes else None


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds the process has used (Linux), None when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class WorkerMemory:
    """Peak RSS and CPU time of every extraction worker of some crawlers, read every second and at spider close."""

    def __init__(self, crawlers: list) -> None:
        from scrapy import signals
        from twisted.internet import task

        self.crawlers = crawlers
        self.peaks: dict[int, float] = {}
        self.cpu: dict[int, float] = {}
        for crawler in crawlers:
            crawler.signals.connect(self.read, signal=signals.spider_closed, weak=False)
        task.LoopingCall(self.read).start(1.0)  # runs once the reactor does; CrawlerProcess stops it

    def read(self, *args, **kwargs) -> None:
        try:
            from newscrawler.extraction.pool import extraction_pool
        except ImportError:  # a --repo checkout from before the pool
            return

        for crawler in self.crawlers:
            pool = extraction_pool(crawler)
            for pid in pool.pids() if pool else []:
                peak = _peak_rss_mb(pid)
                if peak is not None:
                    self.peaks[pid] = max(peak, self.peaks.get(pid, 0.0))
                cpu = _cpu_seconds(pid)
                if cpu is not None:
                    self.cpu[pid] = cpu


def bare_spider_class(slug: str, outlet: dict):
    import scrapy
    from parsel import Selector

    pattern = re.compile(outlet["article_url_pattern"])

    class BareSpider(scrapy.Spider):
        name = f"bare_{slug}"

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.seen: set[str] = set()

        async def start(self):
            for source in outlet["discovery"]:
                for url in source["urls"]:
                    yield self._source(source, url, 1)

        def _source(self, source, url, page):
            kind = source["type"]
            if kind == "wordpress_api":
                url = (
                    f"{url}?per_page={source.get('per_page', 100)}&page={page}&orderby=date&order=desc"
                    "&_fields=id%2Clink%2Cdate_gmt%2Cmodified_gmt"
                )
            callback = getattr(self, f"parse_{kind}")
            return scrapy.Request(url, callback=callback, cb_kwargs={"source": source, "page": page})

        def _articles(self, urls):
            for url in urls:
                url = url.strip()
                key = url.split("?", 1)[0]
                if pattern.search(url) and key not in self.seen:
                    self.seen.add(key)
                    yield scrapy.Request(url, callback=self.parse_article)

        def parse_feed(self, response, source, page):
            yield from self._articles(Selector(body=response.body, type="xml").xpath("//item/link/text()").getall())

        def parse_sitemap(self, response, source, page):
            selector = Selector(body=response.body, type="xml")
            selector.remove_namespaces()
            for child in selector.xpath("/sitemapindex/sitemap/loc/text()").getall():
                yield scrapy.Request(
                    child.strip(), callback=self.parse_sitemap, cb_kwargs={"source": source, "page": page + 1}
                )
            yield from self._articles(selector.xpath("/urlset/url/loc/text()").getall())

        def parse_wordpress_api(self, response, source, page):
            yield from self._articles(post["link"] for post in json.loads(response.body))
            total = int(response.headers.get("X-WP-TotalPages") or page)
            if page < min(total, source.get("max_pages", 50)):
                yield self._source(source, response.url.split("?", 1)[0], page + 1)

        def parse_listing(self, response, source, page):
            links = response.css(f"{source['links']}::attr(href)").getall()
            yield from self._articles(urljoin(response.url, href) for href in links)
            next_page = response.css(f"{source['next_page']}::attr(href)").get()
            if next_page and page < source.get("max_pages", 20):
                yield scrapy.Request(
                    urljoin(response.url, next_page),
                    callback=self.parse_listing,
                    cb_kwargs={"source": source, "page": page + 1},
                )

        def parse_article(self, response):
            self.crawler.stats.inc_value(ARTICLE_STAT)
            yield {"url": response.url}

    return BareSpider


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("bare", "full"))
    parser.add_argument("mirror", type=Path)
    parser.add_argument("--outlets", default=",".join(OUTLETS))
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--concurrent-items", type=int, help="CONCURRENT_ITEMS (default: Scrapy's, or the project's)")
    parser.add_argument("--per-domain", type=int, default=8)
    parser.add_argument("--profile", type=Path, help="write cProfile stats of the crawl to this file")
    parser.add_argument("--repo", type=Path, help="run the newscrawler package of this checkout (a baseline)")
    parser.add_argument("--workers", type=int, help="full: EXTRACTION_WORKERS (default: the project's setting)")
    parser.add_argument("--redis-url", help="full: be a scrapy-redis worker of this Redis (bench/distributed.py)")
    parser.add_argument("--store", type=Path, help="full: the SQLite store to write (default: a new file)")
    parser.add_argument("--idle", type=int, default=5, help="with --redis-url: MAX_IDLE_TIME_BEFORE_CLOSE")
    parser.add_argument("--ready", type=Path, help="touched when every crawler's engine has started")
    parser.add_argument(
        "--gc",
        choices=("default", "freeze"),
        default="default",
        help="freeze: gc.freeze() the objects alive at engine start (imports, settings, spiders)",
    )
    args = parser.parse_args()
    slugs = args.outlets.split(",")
    if args.repo:
        sys.path.insert(0, str(args.repo.resolve()))
    configs = args.mirror / "spiders_config"
    os.environ["NEWSCRAWLER_CONFIG_DIR"] = str(configs)  # read when newscrawler.outlets is imported
    os.environ["SCRAPY_SETTINGS_MODULE"] = "newscrawler.settings"

    import yaml
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings
    from scrapy.utils.project import get_project_settings

    common = common_settings(args.concurrency, args.per_domain)
    workdir = Path(tempfile.mkdtemp(prefix=f"crawl-{args.mode}-", dir=args.mirror))
    if args.mode == "full":
        settings = get_project_settings()
        settings.setdict(common, priority="cmdline")
        store = args.store or workdir / "articles.sqlite3"
        settings.set("SQLITE_PATH", str(store), priority="cmdline")
        if args.redis_url:
            settings.set("NEWSCRAWLER_REDIS_URL", args.redis_url, priority="cmdline")
            settings.set("MAX_IDLE_TIME_BEFORE_CLOSE", args.idle, priority="cmdline")
            settings.set("EXTRACTION_WORKERS", 0, priority="cmdline")  # one process per worker (issue 16's pool off)
        settings.set("SPOOL_DIR", str(workdir / "spool"), priority="cmdline")
        if args.workers is not None:
            settings.set("EXTRACTION_WORKERS", args.workers, priority="cmdline")
    else:
        settings = Settings()
        settings.setdict(common, priority="cmdline")
    if args.concurrent_items is not None:
        settings.set("CONCURRENT_ITEMS", args.concurrent_items, priority="cmdline")
    process = CrawlerProcess(settings, install_root_handler=True)
    started: list[float] = []
    stopped: list[float] = []
    cpu_started: list[float] = []  # CPU seconds of this process (every thread) at each engine start / stop
    cpu_stopped: list[float] = []
    responses: list[float] = []  # wall-clock times of the first and the last response (a worker idles after)
    crawlers = []

    def engine_started() -> None:
        started.append(time.perf_counter())
        if args.ready and len(started) == len(slugs):
            args.ready.touch()

    def response_received() -> None:
        responses[1:] = [time.time()]
        if len(responses) == 1:
            responses.append(responses[0])

    for slug in slugs:
        if args.mode == "full":
            crawler = process.create_crawler(slug)
        else:
            outlet = yaml.safe_load((configs / f"{slug}.yml").read_text(encoding="utf-8"))
            crawler = process.create_crawler(bare_spider_class(slug, outlet))
        crawler.signals.connect(engine_started, signal=signals.engine_started, weak=False)
        crawler.signals.connect(response_received, signal=signals.response_received, weak=False)
        crawler.signals.connect(lambda: stopped.append(time.perf_counter()), signal=signals.engine_stopped, weak=False)
        crawler.signals.connect(lambda: cpu_started.append(_own_cpu_seconds()), signals.engine_started, weak=False)
        crawler.signals.connect(lambda: cpu_stopped.append(_own_cpu_seconds()), signals.engine_stopped, weak=False)
        process.crawl(crawler)
        crawlers.append(crawler)
    workers = WorkerMemory(crawlers) if args.mode == "full" else None

    if args.gc == "freeze":
        import gc

        gc.collect()
        gc.freeze()  # later collections skip every object alive now
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    process.start()
    if profiler:
        profiler.disable()
        profiler.dump_stats(args.profile)

    stats = [crawler.stats.get_stats() for crawler in crawlers]
    key = ARTICLE_STAT if args.mode == "bare" else "newscrawler/articles/extracted"
    pages = sum(s.get(key, 0) for s in stats)
    seconds = max(stopped) - min(started)
    result = {
        "mode": args.mode,
        "outlets": slugs,
        "article_pages": pages,
        "responses": sum(s.get("response_received_count", 0) for s in stats),
        "megabytes": round(sum(s.get("downloader/response_bytes", 0) for s in stats) / 1e6, 1),
        "seconds": round(seconds, 3),
        "pages_per_s": round(pages / seconds, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "cpu_ms_per_page": round((max(cpu_stopped) - min(cpu_started)) * 1000 / max(pages, 1), 3),
        "errors": sum(s.get("log_count/ERROR", 0) for s in stats),
        "non_200": sum(
            v
            for s in stats
            for k, v in s.items()
            if k.startswith("downloader/response_status_count/") and not k.endswith("/200")
        ),
        "first_response_wall": responses[0] if responses else None,
        "last_response_wall": responses[-1] if responses else None,
        "profiled": bool(profiler),
        "gc": args.gc,
        "load_average": [round(load, 2) for load in os.getloadavg()],
    }
    if args.mode == "full":
        assert workers is not None
        result["workers"] = crawlers[0].settings.getint("EXTRACTION_WORKERS", 0) * len(crawlers)
        result["worker_peak_rss_mb"] = sorted(round(peak, 1) for peak in workers.peaks.values())
        result["worker_cpu_ms_per_page"] = round(sum(workers.cpu.values()) * 1000 / max(pages, 1), 3)
        result["pool_pages"] = sum(s.get("newscrawler/extraction_pool/pages", 0) for s in stats)
        result["dropped"] = sum(v for s in stats for k, v in s.items() if k.startswith("newscrawler/dropped/"))
        result["stored_new"] = sum(s.get("newscrawler/stored/new", 0) for s in stats)
        result["duplicates_marked"] = sum(s.get("newscrawler/dedup/duplicate_content", 0) for s in stats)
        with sqlite3.connect(store) as db:
            result["articles_in_store"] = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
