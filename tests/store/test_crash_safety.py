"""Crash safety: SIGKILL a writer in the middle of a burst; every acknowledged save survives, whole."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from scoring.store import Store
from tests.conftest import REPO

KILL_AFTER = 120     # acknowledged saves before the kill
BURST = 100_000      # far more than it can write before being killed


def test_sigkill_mid_burst_loses_no_acknowledged_save(demo_template: Path, tmp_path: Path):
    path = tmp_path / "crash.duckdb"
    shutil.copy(demo_template, path)
    writer = subprocess.Popen([sys.executable, "-m", "tests.store.crash_writer", str(path), str(BURST)],
                              cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    acknowledged: list[int] = []
    try:
        for line in writer.stdout:
            acknowledged.append(int(line))
            if len(acknowledged) == KILL_AFTER:
                os.kill(writer.pid, signal.SIGKILL)
                break
    finally:
        if writer.poll() is None:
            os.kill(writer.pid, signal.SIGKILL)
        rest, errors = writer.communicate(timeout=60)
    acknowledged += [int(x) for x in rest.split()]  # printed (so committed) before the kill landed
    assert writer.returncode == -signal.SIGKILL, errors
    assert len(acknowledged) >= KILL_AFTER and len(acknowledged) < BURST

    db = Store(path)  # reopening replays the write-ahead log
    try:
        saved = db.frame("SELECT submission_id - 20000 AS save, count(*) AS criteria FROM score"
                         " WHERE examiner = 'crashwriter' GROUP BY ALL")
        logged = db.frame("SELECT count(*) AS n FROM audit_log WHERE action = 'crash_test'")["n"][0]
    finally:
        db.close()
    present = dict(saved.iter_rows())
    missing = sorted(set(acknowledged) - set(present))
    assert missing == []
    assert set(present.values()) == {5}                       # no save is half-written
    assert set(present) <= set(range(max(acknowledged) + 2))  # at most the one in flight beyond the last print
    assert logged == len(present)                             # each save's audit entry landed with it
