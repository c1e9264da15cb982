"""One way to start the app for tooling: `streamlit run` on a free loopback port, up when /_stcore/health says so.

Used by `kvalitet bench --browser` (scoring/bench/browser.py) and the browser tests (tests/browser/conftest.py).
The product never imports it (scoring/bench is tooling).
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
START_SECONDS = 90.0     # a cold start on a small, shared machine: imports, the first script run's caches


def free_port() -> int:
    """A loopback port nobody listens on now (the OS's choice)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen, script: str = "", seconds: float = START_SECONDS) -> None:
    """Return when `url`/_stcore/health answers 200; raise (Swedish) if the process ends or time runs out."""
    deadline = time.monotonic() + seconds
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit ({script}) avslutades med kod {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"streamlit ({script}) startade inte inom {seconds:g} s")
        time.sleep(0.1)


def stop(proc: subprocess.Popen, seconds: float = 15) -> None:
    """Terminate the server and wait for it (killed if it does not end in time)."""
    proc.terminate()
    try:
        proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextmanager
def streamlit(script: str, env: Mapping[str, str] | None = None, *, port: int | None = None,
              log: Path | None = None, seconds: float = START_SECONDS) -> Iterator[str]:
    """`streamlit run script` (a path relative to the repository) on `port` (a free one unless given), with
    `env` added to this process's environment; yields its base URL once healthy and stops it afterwards. Its
    output goes to `log` when given (a failure's traceback), else nowhere."""
    port = port or free_port()
    out = log.open("wb") if log else subprocess.DEVNULL
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=REPO, env={**os.environ, **(env or {})}, stdout=out,
            stderr=subprocess.STDOUT if log else subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(url, proc, script, seconds)
            yield url
        finally:
            stop(proc)
    finally:
        if log:
            out.close()
