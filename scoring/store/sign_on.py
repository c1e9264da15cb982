"""City sign-on (OIDC): the accounts a provider's identity can match, the subject stored after the first
match, and the installation's settings (passwords on or off)."""
from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

ACCOUNT = ("username", "display_name", "role", "organisation_id", "active", "locked_until")
_SELECT = ("SELECT a.username, a.display_name, a.role, a.organisation_id, a.active, a.locked_until"
           " FROM account a")


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    return [dict(zip(ACCOUNT, row)) for row in con.execute(sql, params).fetchall()]


def by_subject(con: duckdb.DuckDBPyConnection, issuer: str, subject: str) -> dict[str, Any] | None:
    """The account linked to this identity at an earlier sign-on, or None."""
    found = _rows(con, _SELECT + " JOIN account_sign_on s ON s.username = a.username"
                  " WHERE s.issuer = ? AND s.subject = ?", [issuer, subject])
    return found[0] if found else None


def by_email(con: duckdb.DuckDBPyConnection, email: str) -> list[dict[str, Any]]:
    """Accounts whose sign-on e-mail, or else examiner e-mail, is `email` (case-insensitive, trimmed)."""
    return _rows(con, _SELECT + " LEFT JOIN account_sign_on s ON s.username = a.username"
                 " LEFT JOIN examiner e ON e.username = a.username"
                 " WHERE lower(trim(coalesce(s.email, e.email))) = lower(trim(?)) ORDER BY a.username", [email])


def link_of(con: duckdb.DuckDBPyConnection, username: str) -> tuple[str | None, str | None]:
    """(issuer, subject) the account is linked to; (None, None) when it has not signed on yet."""
    row = con.execute("SELECT issuer, subject FROM account_sign_on WHERE username = ?", [username]).fetchone()
    return (row[0], row[1]) if row else (None, None)


def link(con: duckdb.DuckDBPyConnection, username: str, issuer: str, subject: str, now: dt.datetime) -> None:
    if con.execute("SELECT count(*) FROM account_sign_on WHERE username = ?", [username]).fetchone()[0]:
        con.execute("UPDATE account_sign_on SET issuer = ?, subject = ?, linked_at = ? WHERE username = ?",
                    [issuer, subject, now, username])
    else:
        con.execute("INSERT INTO account_sign_on (username, issuer, subject, linked_at) VALUES (?, ?, ?, ?)",
                    [username, issuer, subject, now])


def set_email(con: duckdb.DuckDBPyConnection, username: str, email: str | None) -> None:
    """The e-mail a sign-on is matched by for this account (for accounts without an examiner e-mail)."""
    if con.execute("SELECT count(*) FROM account_sign_on WHERE username = ?", [username]).fetchone()[0]:
        con.execute("UPDATE account_sign_on SET email = ? WHERE username = ?", [email, username])
    else:
        con.execute("INSERT INTO account_sign_on (username, email) VALUES (?, ?)", [username, email])


def unlink(con: duckdb.DuckDBPyConnection, username: str) -> bool:
    rows = con.execute("UPDATE account_sign_on SET issuer = NULL, subject = NULL, linked_at = NULL"
                       " WHERE username = ? AND subject IS NOT NULL RETURNING 1", [username]).fetchall()
    return bool(rows)


def setting(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    row = con.execute("SELECT value FROM installation_setting WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def set_setting(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    con.execute("INSERT INTO installation_setting (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value])
