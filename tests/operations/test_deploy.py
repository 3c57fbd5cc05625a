"""deploy/: the systemd services + timers and the crontab lines run a valid crawl-all and canary."""

import re
import shlex
import shutil
import subprocess
import sys

import pytest
from recorded_sites import REPO

from newscrawler.cli import build_parser

DEPLOY = REPO / "deploy"
SERVICE = DEPLOY / "newscrawler-crawl-all.service"
TIMER = DEPLOY / "newscrawler-crawl-all.timer"
CANARY_SERVICE = DEPLOY / "newscrawler-canary.service"
CANARY_TIMER = DEPLOY / "newscrawler-canary.timer"


def crawl_all_arguments(command_line: str) -> list[str]:
    words = shlex.split(command_line)
    return words[words.index("newscrawler") + 1 :]


def test_systemd_units_verify(tmp_path):
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze not installed: deploy/*.service and *.timer not verified")
    # The unit as shipped, with /opt/newscrawler pointing at a place where its python exists.
    venv_bin = tmp_path / "opt" / ".venv" / "bin"
    venv_bin.mkdir(parents=True)
    (venv_bin / "python").symlink_to(sys.executable)
    for service in (SERVICE, CANARY_SERVICE):
        (tmp_path / service.name).write_text(service.read_text().replace("/opt/newscrawler", str(tmp_path / "opt")))
    for timer in (TIMER, CANARY_TIMER):
        shutil.copy(timer, tmp_path / timer.name)
    units = [str(tmp_path / unit.name) for unit in (SERVICE, TIMER, CANARY_SERVICE, CANARY_TIMER)]
    result = subprocess.run(["systemd-analyze", "verify", *units], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if "newscrawler-" in line] == []  # no warnings


def exec_start(service) -> str:
    found = re.search(r"^ExecStart=(.*?)(?<!\\)$", service.read_text().replace("\\\n", " "), re.M)
    assert found is not None, service
    return found.group(1)


def test_the_services_and_the_crontab_lines_give_crawl_all_and_canary_valid_options():
    cron_lines = [line for line in (DEPLOY / "crontab").read_text().splitlines() if re.match(r"^[\d*]", line)]
    assert [line.split(None, 5)[:5] for line in cron_lines] == [["7", "*", "*", "*", "*"], ["30", "6", "*", "*", "*"]]
    crawl_line, canary_line = (line.split(None, 5)[5].split(">>")[0] for line in cron_lines)
    for command in (exec_start(SERVICE), crawl_line):
        args = build_parser().parse_args(crawl_all_arguments(command))
        assert args.command == "crawl-all"
        assert str(args.lock_dir) == "/var/lib/newscrawler/locks"
        assert str(args.log_dir) == "/var/log/newscrawler"
    for command in (exec_start(CANARY_SERVICE), canary_line):
        args = build_parser().parse_args(crawl_all_arguments(command))
        assert (args.command, args.timeout) == ("canary", 180.0)
