"""Scrapy settings of the newscrawler project: polite defaults, the pipeline chain, the store.

Every value can be overridden per run (``-s NAME=value``) and most per outlet in its config file.
"""

import os
import tempfile

from newscrawler import __version__
from newscrawler.cores import WORKERS_VARIABLE, extraction_workers_per_crawl


def _environment(*names: str, default: str) -> str:
    """The first of the environment variables ``names`` that is set, else ``default``."""
    return next((os.environ[name] for name in names if os.environ.get(name)), default)


BOT_NAME = "newscrawler"
SPIDER_MODULES = ["newscrawler.spiders"]
NEWSPIDER_MODULE = "newscrawler.spiders"
COMMANDS_MODULE = "newscrawler.commands"
SPIDER_LOADER_CLASS = "newscrawler.spiderloader.OutletSpiderLoader"

# Politeness: robots.txt, AutoThrottle, a real User-Agent, modest concurrency per site.
USER_AGENT = f"newscrawler/{__version__} (+https://github.com/newscrawler/newscrawler; Moroccan news archive)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
RETRY_TIMES = 2
DOWNLOAD_TIMEOUT = 30
# Page size: a download larger than DOWNLOAD_MAXSIZE bytes is cancelled and counted as
# newscrawler/failed/too_large (no article page is that big; a 50 MB page took a crawl to 1 GB RSS);
# one larger than DOWNLOAD_WARNSIZE is logged. Per request: meta download_maxsize / download_warnsize.
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
# A stored body longer than this many characters is cut at a paragraph end and counted as
# newscrawler/capped/body (the longest real articles hold about 60,000); 0 for no cap.
NEWSCRAWLER_MAX_BODY_CHARS = 200_000
DOWNLOADER_MIDDLEWARES = {
    # After decompression (590) and redirects (600): a page declared in a charset it is not written in.
    "newscrawler.charset.CharsetRepairMiddleware": 580,
    # Sees answers before RetryMiddleware (550) retries them: 429/503 widen the site's delay (newscrawler/backoff.py).
    "newscrawler.backoff.BackoffMiddleware": 560,
}
# Backoff on "too many requests" / "overloaded" answers (retried by RETRY_HTTP_CODES): the site's delay is
# doubled per such answer, from BACKOFF_START_DELAY up to BACKOFF_MAX_DELAY seconds (or Retry-After).
BACKOFF_HTTP_CODES = [429, 503]
BACKOFF_START_DELAY = 5.0
BACKOFF_MAX_DELAY = 120.0
HTTPCACHE_ENABLED = False
LOGSTATS_INTERVAL = 60.0
TELNETCONSOLE_ENABLED = False
# Items (and requests) of one response handled at once. Scrapy's 100 starts 100 Twisted cooperative tasks for every
# response; an article page gives one item and a discovery page requests, so 8 is plenty, and it saves ~2 ms of
# the crawl's CPU a page (bench/README.md, profile).
CONCURRENT_ITEMS = 8
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
# Feed exports (-o/-O) write Articles as the CLI's `articles --format jsonl` does (newscrawler/exporters.py).
FEED_EXPORTERS = {
    **{name: "newscrawler.exporters.JsonLinesArticleExporter" for name in ("jsonlines", "jsonl", "jl")},
    "json": "newscrawler.exporters.JsonArticleExporter",
    "csv": "newscrawler.exporters.CsvArticleExporter",
    "xml": "newscrawler.exporters.XmlArticleExporter",
}

# Pipelines, in order: early steps (validate -> normalize -> dates -> bylines -> fingerprint; in the extraction
# workers when EXTRACTION_WORKERS > 0, see newscrawler/pipelines/early.py) -> bounds (since/until, body cap)
# -> copies -> dedup -> store.
ITEM_PIPELINES = {
    "newscrawler.pipelines.early.EarlyPipeline": 100,
    "newscrawler.pipelines.bounds.BoundsPipeline": 350,
    "newscrawler.pipelines.copies.CopiesPipeline": 450,  # an aggregator's copy under the outlet it names
    "newscrawler.pipelines.dedup.DedupPipeline": 500,
    # Counts how each article's stored form breaks the Article JSON Schema (spidermon; newscrawler.monitors.validation).
    "newscrawler.monitors.validation.ArticleSchemaPipeline": 550,
    "newscrawler.pipelines.store.StorePipeline": 600,
}
EXTENSIONS = {
    # Monitors at spider close (newscrawler.monitors.close); before the recorder, which stores their verdict.
    # Spidermon's extension, which also reads the outlet's recent runs at open and waits for report deliveries.
    "newscrawler.monitors.extension.Spidermon": 490,
    "newscrawler.extensions.crawl_run.CrawlRunRecorder": 500,
    "newscrawler.extensions.progress.CrawlProgress": 510,  # one progress line per LOGSTATS_INTERVAL
    "newscrawler.failures.FailureCounter": 520,  # redirect loops dropped by the duplicate filter
    "newscrawler.extraction.pool.ExtractionPool": 530,  # article pages extracted in worker processes
}

# Rendering (newscrawler.rendering): only the listing/article requests of outlets whose config says
# `rendering:` go through a browser or Splash; every other request uses Scrapy's own downloader.
# scrapy-playwright drives Debian's chromium (PLAYWRIGHT_CHROMIUM overrides the path; no browser download).
PLAYWRIGHT_BROWSER_TYPE = "chromium"
PLAYWRIGHT_LAUNCH_OPTIONS = {
    "executable_path": os.environ.get("PLAYWRIGHT_CHROMIUM", "/usr/bin/chromium"),
    "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
}
PLAYWRIGHT_MAX_CONTEXTS = 1  # one browser context (cookie jar) for the crawl ...
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 4  # ... with at most 4 tabs rendering at once (~30-60 MB each)
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 30_000  # ms a page may take to load in the browser
PLAYWRIGHT_ABORT_REQUEST = "newscrawler.rendering.skip_resource"  # no images, media or fonts
NEWSCRAWLER_RENDER_WAIT_UNTIL = "networkidle"  # page read at: load | domcontentloaded | networkidle (fetches done)
SPLASH_URL = os.environ.get("SPLASH_URL", "http://localhost:8050")  # the Splash server (scrapy-splash)
NEWSCRAWLER_SPLASH_WAIT = 1.0  # seconds Splash waits after the page loaded, for its scripts
NEWSCRAWLER_SPLASH_TIMEOUT = 60.0  # seconds Splash may spend on one page

# Extraction in worker processes (newscrawler/extraction/pool.py): each article page's HTML parse and extraction
# layers run in EXTRACTION_WORKERS processes, so the crawl's process only does I/O and the pipelines; 0 = in the
# crawl's process. Default: one per core but the crawl's own (NEWSCRAWLER_EXTRACTION_WORKERS in the environment
# overrides it: the test suite sets 0, see tests/conftest.py; crawl-all --parallel N shares the cores out).
EXTRACTION_WORKERS = int(_environment(WORKERS_VARIABLE, default=str(extraction_workers_per_crawl(1))))
# Pages in the workers' hands at most; the next wait in their callbacks, and once the waiting responses reach
# SCRAPER_SLOT_MAX_ACTIVE_SIZE (5 MB) Scrapy stops downloading until the workers catch up.
EXTRACTION_MAX_PENDING = 32

# Storage: MongoDB when MONGO_URI is set, else the embedded SQLite store.
MONGO_URI = os.environ.get("MONGO_URI", "")
MONGO_DATABASE = os.environ.get("MONGO_DATABASE", "newscrawler")
MONGO_SERVER_SELECTION_TIMEOUT_MS = 3000  # a timeout written in MONGO_URI wins
NEWSCRAWLER_STORE_CLASS = ""  # dotted path of a store factory taking the settings (tests, custom back-ends)
# Environment: NEWSCRAWLER_SQLITE_PATH or SQLITE_PATH, NEWSCRAWLER_SPOOL_DIR or SPOOL_DIR (the first set wins).
SQLITE_PATH = _environment("NEWSCRAWLER_SQLITE_PATH", "SQLITE_PATH", default="data/newscrawler.sqlite3")
SPOOL_DIR = _environment("NEWSCRAWLER_SPOOL_DIR", "SPOOL_DIR", default="data/spool")
STORE_BATCH_SIZE = 100  # flush every N items ...
STORE_FLUSH_SECONDS = 5.0  # ... or every T seconds, and at close
STORE_MAX_RETRIES = 3
STORE_RETRY_BACKOFF = 0.5  # seconds, doubled on each retry
STORE_QUEUE_SIZE = 1000  # articles waiting for the store's writer thread before the crawl is held back
# Where the crawl_runs record goes when neither the store nor the spool can take it (a full disk):
# a spool-format file (replay-spool reads it) outside data/, on another file system as a rule.
RUN_FALLBACK_PATH = os.environ.get(
    "NEWSCRAWLER_RUN_FALLBACK", os.path.join(tempfile.gettempdir(), "newscrawler-runs.jsonl")
)

# Many machines (newscrawler.distributed, docs/operations.md "Many machines"): when set (e.g. redis://host:6379/0),
# `scrapy crawl <outlet>` is a worker sharing scrapy-redis' frontier and seen-set in this Redis with the other
# workers; `python -m newscrawler seed <outlet>` starts a run. Empty: one process, Scrapy's own scheduler.
NEWSCRAWLER_REDIS_URL = os.environ.get("NEWSCRAWLER_REDIS_URL", "")
MAX_IDLE_TIME_BEFORE_CLOSE = 60  # scrapy-redis: a worker stops once no worker of the run has been at work this long (s)
# How often (s) a worker with nothing in flight asks Redis for requests (Scrapy's engine: every 5 s): a worker
# waiting for the pages another one discovers takes its share as soon as they are queued.
NEWSCRAWLER_REDIS_POLL_INTERVAL = 0.5

# crawl-all: where each outlet's crawl writes its final stats as JSON (set per process by crawl-all,
# with STATS_CLASS = newscrawler.operations.stats_file.JsonFileStatsCollector); empty: not written.
NEWSCRAWLER_STATS_FILE = ""

# Monitoring (spidermon, newscrawler.monitors.close; docs/operations.md): a failed monitor marks the run in
# crawl_runs, makes `scrapy crawl` exit 4 and writes a text report. Per-outlet thresholds: `monitoring:` in its config.
# Field coverage counts a field only when it has a value: None (no section) and empty lists (no authors) do not count.
SPIDERMON_FIELD_COVERAGE_SKIP_NONE = True
SPIDERMON_ENABLED = True
SPIDERMON_SPIDER_CLOSE_MONITORS = ("newscrawler.monitors.close.CloseMonitors",)
SPIDERMON_ADD_FIELD_COVERAGE = True  # counts spidermon_item_scraped_count/Article/<field> for the coverage monitor
NEWSCRAWLER_MONITOR_MAX_DROP_RATE = 0.5  # share of extracted articles dropped (out of since/until not counted)
NEWSCRAWLER_MONITOR_MAX_ERRORS = 0  # error log lines per crawl, besides one per failed request
NEWSCRAWLER_MONITOR_REPORT_DIR = os.environ.get("NEWSCRAWLER_MONITOR_REPORT_DIR", "data/monitor-reports")
# Item count (newscrawler.monitors.item_count): articles seen (stored, spooled or skipped as already stored) below
# this share of the median of the outlet's recent complete runs fails; per outlet: monitoring.min_item_ratio.
NEWSCRAWLER_MONITOR_MIN_ITEM_RATIO = 0.5
NEWSCRAWLER_MONITOR_HISTORY_RUNS = 10  # recent crawl_runs read at spider open; 0: item count not checked
NEWSCRAWLER_MONITOR_MIN_HISTORY = 3  # complete runs needed in those before the item count is compared
# Report actions (newscrawler.monitors.actions), each off while empty: a webhook taking Slack-style JSON, and
# e-mail recipients (comma-separated) reached through Scrapy's MailSender and its MAIL_HOST/MAIL_PORT/MAIL_FROM/
# MAIL_USER/MAIL_PASS/MAIL_TLS/MAIL_SSL settings.
NEWSCRAWLER_MONITOR_WEBHOOK_URL = os.environ.get("NEWSCRAWLER_MONITOR_WEBHOOK_URL", "")
NEWSCRAWLER_MONITOR_WEBHOOK_TIMEOUT = 10.0  # seconds
NEWSCRAWLER_MONITOR_EMAIL_TO = os.environ.get("NEWSCRAWLER_MONITOR_EMAIL_TO", "")
