"""Accounts and the examiner roster."""
from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import polars as pl

from scoring.store.database import frame

ACCOUNT_COLUMNS = ("username", "display_name", "role", "password_hash", "organisation_id",
                   "is_demo", "active", "failed_logins", "locked_until")


def get(con: duckdb.DuckDBPyConnection, username: str) -> dict[str, Any] | None:
    row = con.execute(
        f"SELECT {', '.join(ACCOUNT_COLUMNS)} FROM account WHERE username = ?", [username]
    ).fetchone()
    return dict(zip(ACCOUNT_COLUMNS, row)) if row else None


def insert(con: duckdb.DuckDBPyConnection, username: str, display_name: str, role: str,
           password_hash: str, organisation_id: int | None = None, is_demo: bool = False) -> None:
    con.execute(
        "INSERT INTO account (username, display_name, role, password_hash, organisation_id, is_demo)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [username, display_name, role, password_hash, organisation_id, is_demo],
    )


def set_password(con: duckdb.DuckDBPyConnection, username: str, password_hash: str) -> None:
    con.execute("UPDATE account SET password_hash = ?, failed_logins = 0, locked_until = NULL WHERE username = ?",
                [password_hash, username])


def claim_login_attempt(con: duckdb.DuckDBPyConnection, username: str, now: dt.datetime, max_failures: int,
                        lock_until: dt.datetime) -> dict[str, Any] | None:
    """Count one log-in attempt before its password is checked, in ONE statement, so parallel attempts can
    neither read the same count nor lose an increment: an active account that is not locked gets
    failed_logins + 1 (1 when an earlier lock has run out: one typo after the wait must not relock), and the
    attempt that reaches `max_failures` sets the lock. Returns the account as after the update (hash, count,
    lock), or None when there is no such active account or it is locked (nothing is written then).
    A successful log-in clears the count again (`unlock`)."""
    row = con.execute(
        "UPDATE account SET"
        " failed_logins = CASE WHEN locked_until IS NULL THEN failed_logins + 1 ELSE 1 END,"
        " locked_until = CASE WHEN (CASE WHEN locked_until IS NULL THEN failed_logins + 1 ELSE 1 END)"
        " >= $max THEN $lock_until ELSE NULL END"
        " WHERE username = $username AND active AND (locked_until IS NULL OR locked_until <= $now)"
        " RETURNING username, display_name, role, password_hash, organisation_id, failed_logins, locked_until",
        {"username": username, "now": now, "max": max_failures, "lock_until": lock_until},
    ).fetchone()
    columns = ("username", "display_name", "role", "password_hash", "organisation_id", "failed_logins",
               "locked_until")
    return dict(zip(columns, row)) if row else None


def replace_hash(con: duckdb.DuckDBPyConnection, username: str, old_hash: str, new_hash: str) -> bool:
    """The same password's hash with today's parameters; only if nobody changed the password meanwhile."""
    rows = con.execute("UPDATE account SET password_hash = ? WHERE username = ? AND password_hash = ? RETURNING 1",
                       [new_hash, username, old_hash]).fetchall()
    return bool(rows)


def record_successful_login(con: duckdb.DuckDBPyConnection, username: str) -> None:
    """A successful log-in forgets the failed ones, as the kansli's unlock does."""
    unlock(con, username)


def overview(con: duckdb.DuckDBPyConnection, now: dt.datetime) -> pl.DataFrame:
    """Every account as the kansli manages it (never the hash itself: only whether it is usable)."""
    return frame(
        con,
        "SELECT a.username, a.display_name, a.role, a.organisation_id, o.name AS organisation, a.active,"
        " coalesce(a.locked_until > $now, false) AS locked, a.failed_logins,"
        " starts_with(a.password_hash, '!') AS needs_password, a.is_demo"
        " FROM account a LEFT JOIN organisation o ON o.id = a.organisation_id ORDER BY a.username",
        {"now": now},
    )


def set_active(con: duckdb.DuckDBPyConnection, username: str, active: bool) -> None:
    con.execute("UPDATE account SET active = ? WHERE username = ?", [active, username])


def unlock(con: duckdb.DuckDBPyConnection, username: str) -> None:
    con.execute("UPDATE account SET failed_logins = 0, locked_until = NULL WHERE username = ?", [username])


def organisation_exists(con: duckdb.DuckDBPyConnection, organisation_id: int) -> bool:
    return con.execute("SELECT count(*) FROM organisation WHERE id = ?", [organisation_id]).fetchone()[0] > 0


def has_demo_accounts(con: duckdb.DuckDBPyConnection) -> bool:
    return con.execute("SELECT count(*) FROM account WHERE is_demo").fetchone()[0] > 0


def count_admins(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT count(*) FROM account WHERE role = 'admin' AND active").fetchone()[0]


def insert_examiner(con: duckdb.DuckDBPyConnection, username: str, training_year: int | None,
                    capacity: int, classes: list[str], email: str | None = None) -> None:
    con.execute(
        "INSERT INTO examiner (username, training_year, capacity, classes, email) VALUES (?, ?, ?, ?, ?)",
        [username, training_year, capacity, classes, email],
    )
