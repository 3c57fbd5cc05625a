"""deploy/: the systemd service + timer and the crontab line run a valid crawl-all."""

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
    (tmp_path / SERVICE.name).write_text(SERVICE.read_text().replace("/opt/newscrawler", str(tmp_path / "opt")))
    shutil.copy(TIMER, tmp_path / TIMER.name)
    result = subprocess.run(
        ["systemd-analyze", "verify", str(tmp_path / SERVICE.name), str(tmp_path / TIMER.name)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if "newscrawler-crawl-all" in line] == []  # no warnings


def test_the_service_and_the_crontab_line_give_crawl_all_valid_options():
    exec_start = re.search(r"^ExecStart=(.*?)(?<!\\)$", SERVICE.read_text().replace("\\\n", " "), re.M)
    assert exec_start is not None
    cron_lines = [line for line in (DEPLOY / "crontab").read_text().splitlines() if re.match(r"^[\d*]", line)]
    assert len(cron_lines) == 1
    fields = cron_lines[0].split(None, 5)
    assert fields[:5] == ["7", "*", "*", "*", "*"]
    for command in (exec_start.group(1), fields[5].split(">>")[0]):
        args = build_parser().parse_args(crawl_all_arguments(command))
        assert args.command == "crawl-all"
        assert str(args.lock_dir) == "/var/lib/newscrawler/locks"
        assert str(args.log_dir) == "/var/log/newscrawler"
