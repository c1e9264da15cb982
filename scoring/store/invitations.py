"""One-time invitation links: only the SHA-256 of a token is stored."""
from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import polars as pl

from scoring.store.database import frame

COLUMNS = ("id", "username", "created_by", "created_at", "outbox_id", "token_hash", "expires_at", "used_at",
           "revoked_at")


def revoke_open(con: duckdb.DuckDBPyConnection, username: str, now: dt.datetime) -> int:
    """Revoke every unused, unrevoked invitation of the account; returns how many."""
    return len(con.execute(
        "UPDATE invitation SET revoked_at = ? WHERE username = ? AND used_at IS NULL AND revoked_at IS NULL"
        " RETURNING id", [now, username]).fetchall())


def insert(con: duckdb.DuckDBPyConnection, username: str, created_by: str, now: dt.datetime) -> int:
    return con.execute("INSERT INTO invitation (username, created_by, created_at) VALUES (?, ?, ?) RETURNING id",
                       [username, created_by, now]).fetchone()[0]


def attach_message(con: duckdb.DuckDBPyConnection, invitation_id: int, outbox_id: int) -> None:
    con.execute("UPDATE invitation SET outbox_id = ? WHERE id = ?", [outbox_id, invitation_id])


def by_message(con: duckdb.DuckDBPyConnection, outbox_id: int) -> dict[str, Any] | None:
    row = con.execute(f"SELECT {', '.join(COLUMNS)} FROM invitation WHERE outbox_id = ? ORDER BY id DESC LIMIT 1",
                      [outbox_id]).fetchone()
    return dict(zip(COLUMNS, row)) if row else None


def set_token(con: duckdb.DuckDBPyConnection, invitation_id: int, token_hash: str, expires_at: dt.datetime) -> None:
    con.execute("UPDATE invitation SET token_hash = ?, expires_at = ? WHERE id = ?",
                [token_hash, expires_at, invitation_id])


def by_token_hash(con: duckdb.DuckDBPyConnection, token_hash: str) -> dict[str, Any] | None:
    row = con.execute(f"SELECT {', '.join(COLUMNS)} FROM invitation WHERE token_hash = ?", [token_hash]).fetchone()
    return dict(zip(COLUMNS, row)) if row else None


def mark_used(con: duckdb.DuckDBPyConnection, invitation_id: int, now: dt.datetime) -> bool:
    """Unused → used in one statement; False when it was used (or revoked) meanwhile."""
    return con.execute("UPDATE invitation SET used_at = ? WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL"
                       " RETURNING id", [now, invitation_id]).fetchone() is not None


def latest(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The newest invitation of each account: username, created_at, expires_at, used_at, revoked_at."""
    return frame(con, "SELECT username, created_at, expires_at, used_at, revoked_at FROM invitation"
                      " QUALIFY row_number() OVER (PARTITION BY username ORDER BY id DESC) = 1 ORDER BY username")


def invitable(con: duckdb.DuckDBPyConnection, year: int | None) -> pl.DataFrame:
    """Active examining accounts with their e-mail, whether they are on a team in `year`, and whether they have
    ever logged in or used an invitation (display_name, username, email, in_cycle, has_logged_in)."""
    return frame(
        con,
        "SELECT a.username, a.display_name, e.email,"
        " EXISTS (SELECT 1 FROM assignment x JOIN submission s ON s.id = x.submission_id"
        "         WHERE x.examiner = a.username AND s.cycle = $year) AS in_cycle,"
        " EXISTS (SELECT 1 FROM audit_log l WHERE l.actor = a.username AND l.action = 'login') AS has_logged_in"
        " FROM account a JOIN examiner e ON e.username = a.username"
        " WHERE a.active AND a.role IN ('examiner', 'lead') ORDER BY a.username",
        {"year": year})
