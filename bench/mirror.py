"""The benchmark mirror's hosts, nginx serving it on 127.0.0.2-4, and the Scrapy resolver that finds it.

The mirror hosts end in ``.test`` (reserved, RFC 2606): ``MirrorResolver`` answers them with their
loopback address and refuses every other name, so a benchmark crawl can never leave this machine.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DEFAULT_PORT = 8090
# Mirror host -> the loopback address its nginx server listens on (one address per outlet).
HOSTS = {
    "fr.hespress.test": "127.0.0.2",
    "www.hespress.test": "127.0.0.2",
    "www.lavieeco.test": "127.0.0.3",
    "www.yabiladi.test": "127.0.0.4",
    "ar.yabiladi.test": "127.0.0.4",
}


def _resolver_class():
    from scrapy.resolver import CachingThreadedResolver
    from twisted.internet import defer
    from twisted.internet.error import DNSLookupError

    class MirrorResolver(CachingThreadedResolver):
        """Scrapy's resolver for the mirror: its hosts only (``DNS_RESOLVER = "mirror.MirrorResolver"``)."""

        def getHostByName(self, name, timeout=()):  # noqa: N802 (Twisted's name)
            address = HOSTS.get(name)
            if address is None:
                return defer.fail(DNSLookupError(f"{name} is not a benchmark mirror host"))
            return defer.succeed(address)

    return MirrorResolver


def __getattr__(name: str):
    if name == "MirrorResolver":  # built on first use: importing this module does not import Scrapy
        return _resolver_class()
    raise AttributeError(name)


def nginx_binary() -> str:
    """The nginx executable; installs the Debian package when it is missing and we are root."""
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found:
        return found
    if os.geteuid() != 0:
        raise SystemExit("nginx is not installed: run `sudo apt-get install -y nginx` (Debian package) and retry")
    print("installing nginx (apt-get install -y nginx) ...", file=sys.stderr)
    install = ["apt-get", "install", "-y", "-q", "nginx"]
    if subprocess.run(install, stdout=subprocess.DEVNULL).returncode != 0:
        subprocess.run(["apt-get", "update", "-q"], stdout=subprocess.DEVNULL, check=True)
        subprocess.run(install, stdout=subprocess.DEVNULL, check=True)
    return shutil.which("nginx") or "/usr/sbin/nginx"


def _listening(address: str, port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex((address, port)) == 0


@contextmanager
def serve(root: Path, port: int) -> Iterator[subprocess.Popen]:
    """nginx serving the mirror generated in ``root`` (its ``nginx.conf``), stopped on exit or error."""
    nginx = nginx_binary()
    run = root / "nginx"
    run.mkdir(exist_ok=True)
    command = [nginx, "-c", str(root / "nginx.conf"), "-p", str(run), "-e", str(run / "error.log")]
    addresses = sorted(set(HOSTS.values()))
    busy = [address for address in addresses if _listening(address, port)]
    if busy:
        raise SystemExit(f"port {port} is already in use on {', '.join(busy)}: pass another --port")
    check = subprocess.run([*command, "-t", "-q"], capture_output=True, text=True)
    if check.returncode != 0:
        raise SystemExit(f"nginx rejects {root / 'nginx.conf'}:\n{check.stderr}")
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        while not all(_listening(address, port) for address in addresses):
            if process.poll() is not None or time.monotonic() > deadline:
                error = process.stderr.read().decode(errors="replace") if process.stderr else ""
                raise SystemExit(f"nginx did not start: {error}")
            time.sleep(0.05)
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGQUIT)  # graceful shutdown of the master and its worker
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def make_readable(folder: Path) -> None:
    """nginx workers run as another user when the master is root: let them into a mkdtemp folder."""
    folder.chmod(0o755)
