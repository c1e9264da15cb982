"""The committee's decisions: a proposal per class, the awards in it, the chair's signature and
every reopening."""
from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import polars as pl

from scoring.store.database import frame


def class_decisions(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    """Every class of the cycle with its recorded decision (null columns when none is recorded)."""
    return frame(
        con,
        "SELECT c.code AS class_code, c.name AS class_name, c.position, c.prize_amount AS class_prize,"
        " c.presenter, d.motivation, d.no_winner, d.updated_by, coalesce(a.display_name, d.updated_by)"
        " AS updated_by_name, d.updated_at, (d.cycle IS NOT NULL) AS recorded"
        " FROM competition_class c LEFT JOIN class_decision d ON d.cycle = c.cycle AND d.class_code = c.code"
        " LEFT JOIN account a ON a.username = d.updated_by"
        " WHERE c.cycle = ? ORDER BY c.position",
        [year],
    )


def awards(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    """Every award of the cycle with its unit and förvaltning; winners before mentions, then by name."""
    return frame(
        con,
        "SELECT aw.class_code, aw.submission_id, aw.kind, aw.motivation, aw.prize_amount, aw.final_total,"
        " d.unit_id, d.unit_name, d.organisation"
        " FROM award aw JOIN submission_detail d ON d.submission_id = aw.submission_id"
        " WHERE aw.cycle = ? ORDER BY aw.class_code, aw.kind = 'honourable', d.unit_name",
        [year],
    )


def class_awards(con: duckdb.DuckDBPyConnection, year: int, class_code: str) -> list[dict[str, Any]]:
    rows = con.execute(
        "SELECT submission_id, kind, motivation, prize_amount FROM award WHERE cycle = ? AND class_code = ?"
        " ORDER BY kind, submission_id", [year, class_code]).fetchall()
    return [dict(zip(("submission_id", "kind", "motivation", "prize_amount"), r)) for r in rows]


def class_decision(con: duckdb.DuckDBPyConnection, year: int, class_code: str) -> dict[str, Any] | None:
    row = con.execute("SELECT motivation, no_winner FROM class_decision WHERE cycle = ? AND class_code = ?",
                      [year, class_code]).fetchone()
    return {"motivation": row[0], "no_winner": row[1]} if row else None


def upsert_class_decision(con: duckdb.DuckDBPyConnection, year: int, class_code: str, motivation: str,
                          no_winner: bool, updated_by: str) -> None:
    con.execute(
        "INSERT INTO class_decision (cycle, class_code, motivation, no_winner, updated_by, updated_at)"
        " VALUES (?, ?, ?, ?, ?, current_timestamp) ON CONFLICT (cycle, class_code) DO UPDATE SET"
        " motivation = excluded.motivation, no_winner = excluded.no_winner, updated_by = excluded.updated_by,"
        " updated_at = excluded.updated_at",
        [year, class_code, motivation, no_winner, updated_by],
    )


def replace_awards(con: duckdb.DuckDBPyConnection, year: int, class_code: str, rows: list[dict[str, Any]]) -> None:
    con.execute("DELETE FROM award WHERE cycle = ? AND class_code = ?", [year, class_code])
    for r in rows:
        con.execute(
            "INSERT INTO award (cycle, class_code, submission_id, kind, motivation, prize_amount)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [year, class_code, r["submission_id"], r["kind"], r["motivation"], r["prize_amount"]],
        )


def submission_classes(con: duckdb.DuckDBPyConnection, year: int) -> dict[int, str]:
    return dict(con.execute("SELECT id, class_code FROM submission WHERE cycle = ?", [year]).fetchall())


def signature(con: duckdb.DuckDBPyConnection, year: int) -> dict[str, Any] | None:
    row = con.execute(
        "SELECT ds.status, ds.signed_by, ds.signed_at, a.display_name FROM decision_signature ds"
        " LEFT JOIN account a ON a.username = ds.signed_by WHERE ds.cycle = ?", [year]).fetchone()
    return dict(zip(("status", "signed_by", "signed_at", "signed_by_name"), row)) if row else None


def set_signature(con: duckdb.DuckDBPyConnection, year: int, status: str, signed_by: str,
                  signed_at: dt.datetime) -> None:
    con.execute(
        "INSERT INTO decision_signature (cycle, status, signed_by, signed_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (cycle) DO UPDATE SET status = excluded.status, signed_by = excluded.signed_by,"
        " signed_at = excluded.signed_at",
        [year, status, signed_by, signed_at],
    )


def set_status(con: duckdb.DuckDBPyConnection, year: int, status: str) -> None:
    con.execute("UPDATE decision_signature SET status = ? WHERE cycle = ?", [status, year])


def freeze_totals(con: duckdb.DuckDBPyConnection, year: int, totals: dict[int, float | None]) -> None:
    for submission_id, total in totals.items():
        con.execute("UPDATE award SET final_total = ? WHERE cycle = ? AND submission_id = ?",
                    [total, year, submission_id])


def clear_totals(con: duckdb.DuckDBPyConnection, year: int) -> None:
    con.execute("UPDATE award SET final_total = NULL WHERE cycle = ?", [year])


def insert_reopening(con: duckdb.DuckDBPyConnection, year: int, reopened_by: str, reason: str) -> int:
    return con.execute(
        "INSERT INTO decision_reopening (cycle, reopened_by, reason) VALUES (?, ?, ?) RETURNING id",
        [year, reopened_by, reason]).fetchone()[0]


def reopenings(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    return frame(
        con,
        "SELECT r.id, r.reopened_by, a.display_name AS reopened_by_name, r.reopened_at, r.reason"
        " FROM decision_reopening r LEFT JOIN account a ON a.username = r.reopened_by"
        " WHERE r.cycle = ? ORDER BY r.id DESC", [year])


def committee_members(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Active committee members and the chair, with their förvaltning (null for none)."""
    return frame(
        con,
        "SELECT a.username, a.display_name, a.role, a.organisation_id, o.name AS organisation"
        " FROM account a LEFT JOIN organisation o ON o.id = a.organisation_id"
        " WHERE a.role IN ('committee', 'chair') AND a.active ORDER BY a.role = 'chair' DESC, a.display_name")


def class_organisations(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    """class_code, organisation_id, organisation: the förvaltningar with a unit in each class."""
    return frame(
        con,
        "SELECT DISTINCT class_code, organisation_id, organisation FROM submission_detail"
        " WHERE cycle = ? ORDER BY class_code, organisation", [year])


def chair_name(con: duckdb.DuckDBPyConnection) -> str | None:
    row = con.execute("SELECT display_name FROM account WHERE role = 'chair' AND active"
                      " ORDER BY username LIMIT 1").fetchone()
    return row[0] if row else None


# ---------------------------------------------------------------- what the signature freezes


def freeze_rows(con: duckdb.DuckDBPyConnection, year: int) -> None:
    """Copy every printed fact of the cycle's decisions (class name, motivation, unit name,
    förvaltning, prize, frozen total) into signed_class / signed_award, replacing older copies."""
    clear_frozen(con, year)
    con.execute(
        "INSERT INTO signed_class (cycle, class_code, class_name, motivation, no_winner)"
        " SELECT d.cycle, d.class_code, c.name, d.motivation, d.no_winner FROM class_decision d"
        " JOIN competition_class c ON c.cycle = d.cycle AND c.code = d.class_code WHERE d.cycle = ?", [year])
    con.execute(
        "INSERT INTO signed_award (cycle, class_code, submission_id, kind, motivation, prize_amount, final_total,"
        " unit_id, unit_name, organisation)"
        " SELECT aw.cycle, aw.class_code, aw.submission_id, aw.kind, aw.motivation, aw.prize_amount, aw.final_total,"
        " d.unit_id, d.unit_name, d.organisation FROM award aw"
        " JOIN submission_detail d ON d.submission_id = aw.submission_id WHERE aw.cycle = ?",
        [year])


def clear_frozen(con: duckdb.DuckDBPyConnection, year: int) -> None:
    con.execute("DELETE FROM signed_award WHERE cycle = ?", [year])
    con.execute("DELETE FROM signed_class WHERE cycle = ?", [year])


def signed_classes(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    """class_code, class_name, motivation, no_winner as the chair signed them."""
    return frame(con, "SELECT class_code, class_name, motivation, no_winner FROM signed_class WHERE cycle = ?"
                 " ORDER BY class_code", [year])


def signed_awards(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    """The awards as the chair signed them, in the columns and order of awards()."""
    return frame(
        con,
        "SELECT class_code, submission_id, kind, motivation, prize_amount, final_total, unit_id, unit_name,"
        " organisation FROM signed_award WHERE cycle = ?"
        " ORDER BY class_code, kind = 'honourable', unit_name",
        [year],
    )


def submission_units(con: duckdb.DuckDBPyConnection, year: int) -> dict[int, str]:
    """submission id -> its unit's name, for the cycle's messages."""
    return dict(con.execute("SELECT submission_id, unit_name FROM submission_detail WHERE cycle = ?",
                            [year]).fetchall())
