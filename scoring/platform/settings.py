"""Settings read from the environment, in one place."""
from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DB = Path(__file__).resolve().parents[2] / "data" / "kvalitet.duckdb"


def db_path() -> Path:
    """`KVALITET_DB` points at another database file; otherwise data/kvalitet.duckdb."""
    return Path(os.environ.get("KVALITET_DB") or DEFAULT_DB)


def idle_minutes() -> int:
    """A session ends after this many minutes without activity (`KVALITET_IDLE_MINUTES`)."""
    return int(os.environ.get("KVALITET_IDLE_MINUTES", "30"))
