"""Examiner roster, team assignments and declared conflicts of interest (jäv).

Reads are one query per table; bulk writes go through a registered Arrow table,
so saving 7,500 places is a handful of statements, not one per row.
"""
from __future__ import annotations

import itertools
from typing import Any

import duckdb
import polars as pl

from scoring.store.database import frame

_names = itertools.count()


def submissions(con: duckdb.DuckDBPyConnection, cycle: int) -> pl.DataFrame:
    return frame(
        con,
        "SELECT s.id AS submission_id, s.unit_id, u.name AS unit_name, u.organisation_id, o.name AS organisation,"
        " s.class_code, c.name AS class_name, c.position AS class_position"
        " FROM submission s JOIN unit u ON u.id = s.unit_id JOIN organisation o ON o.id = u.organisation_id"
        " JOIN competition_class c ON c.cycle = s.cycle AND c.code = s.class_code"
        " WHERE s.cycle = ? ORDER BY s.id",
        [cycle],
    )


def roster(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every account with the examiner or lead role, with its examiner record (defaults when missing)."""
    return frame(
        con,
        "SELECT a.username, a.display_name, a.role, a.active, a.organisation_id, o.name AS organisation,"
        " e.training_year, coalesce(e.capacity, 8) AS capacity,"
        " coalesce(e.classes, []::VARCHAR[]) AS classes, e.email"
        " FROM account a LEFT JOIN examiner e ON e.username = a.username"
        " LEFT JOIN organisation o ON o.id = a.organisation_id"
        " WHERE a.role IN ('examiner', 'lead') ORDER BY a.username",
    )


def assignments(con: duckdb.DuckDBPyConnection, cycle: int) -> pl.DataFrame:
    """Every place in the cycle's teams, with the assessment's status and whether anything is written."""
    return frame(
        con,
        "SELECT a.submission_id, a.examiner, a.is_lead, coalesce(x.status, 'not_started') AS status,"
        " coalesce(w.written, 0) > 0 AS has_work"
        " FROM assignment a JOIN submission s ON s.id = a.submission_id"
        " LEFT JOIN assessment x ON x.submission_id = a.submission_id AND x.examiner = a.examiner"
        " LEFT JOIN (SELECT submission_id, examiner, count(*) AS written FROM score"
        "   WHERE score IS NOT NULL OR strengths <> '' OR improvements <> ''"
        "   GROUP BY submission_id, examiner) w ON w.submission_id = a.submission_id AND w.examiner = a.examiner"
        " WHERE s.cycle = ? ORDER BY a.submission_id, a.examiner",
        [cycle],
    )


def conflicts(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return frame(con, "SELECT examiner, unit_id, reason, declared_at FROM conflict_declaration"
                      " ORDER BY declared_at DESC, examiner, unit_id")


def conflict_entries(con: duckdb.DuckDBPyConnection, cycle: int | None, limit: int) -> pl.DataFrame:
    """The audit log's jäv declarations, newest first; with `cycle`, only those on its submissions."""
    return frame(
        con,
        "SELECT logged_at, actor, new_value FROM audit_log WHERE entity = 'conflict_declaration'"
        " AND ($cycle IS NULL OR TRY_CAST(json_extract_string(new_value, '$.submission_id') AS INTEGER)"
        "   IN (SELECT id FROM submission WHERE cycle = $cycle))"
        " ORDER BY id DESC LIMIT $limit",
        {"cycle": cycle, "limit": limit},
    )


def submission_row(con: duckdb.DuckDBPyConnection, submission_id: int) -> dict[str, Any] | None:
    row = con.execute("SELECT id, cycle, unit_id FROM submission WHERE id = ?", [submission_id]).fetchone()
    return {"id": row[0], "cycle": row[1], "unit_id": row[2]} if row else None


def scores_of(con: duckdb.DuckDBPyConnection, places: pl.DataFrame) -> pl.DataFrame:
    """The written scores of the given (submission_id, examiner) places, for the audit log."""
    if places.is_empty():
        return pl.DataFrame(schema={"submission_id": pl.Int32, "examiner": pl.String, "criterion": pl.Int32,
                                    "score": pl.Int32, "strengths": pl.String, "improvements": pl.String})
    with _registered(con, places.select("submission_id", "examiner")) as name:
        return frame(con, "SELECT s.submission_id, s.examiner, s.criterion, s.score, s.strengths, s.improvements"
                          f" FROM score s JOIN {name} p USING (submission_id, examiner)"
                          " ORDER BY s.submission_id, s.examiner, s.criterion")


def remove_places(con: duckdb.DuckDBPyConnection, places: pl.DataFrame) -> None:
    """Delete the (submission_id, examiner) places with their assessments and scores."""
    if places.is_empty():
        return
    with _registered(con, places.select("submission_id", "examiner")) as name:
        for table in ("score", "assessment", "assignment"):
            con.execute(f"DELETE FROM {table} t USING {name} p"
                        " WHERE t.submission_id = p.submission_id AND t.examiner = p.examiner")


def add_places(con: duckdb.DuckDBPyConnection, places: pl.DataFrame) -> None:
    """Insert (submission_id, examiner) places, not leading, each with an empty assessment."""
    if places.is_empty():
        return
    with _registered(con, places.select("submission_id", "examiner")) as name:
        con.execute(f"INSERT INTO assignment (submission_id, examiner, is_lead) SELECT submission_id, examiner, false"
                    f" FROM {name}")
        con.execute(f"INSERT INTO assessment (submission_id, examiner) SELECT submission_id, examiner FROM {name}"
                    " ON CONFLICT DO NOTHING")


def set_leads(con: duckdb.DuckDBPyConnection, leads: pl.DataFrame) -> None:
    """For each (submission_id, examiner): that examiner leads the team, the others do not."""
    if leads.is_empty():
        return
    with _registered(con, leads.select("submission_id", "examiner")) as name:
        con.execute(f"UPDATE assignment SET is_lead = (assignment.examiner = l.examiner) FROM {name} l"
                    " WHERE assignment.submission_id = l.submission_id"
                    " AND assignment.is_lead <> (assignment.examiner = l.examiner)")


def insert_conflict(con: duckdb.DuckDBPyConnection, examiner: str, unit_id: str, reason: str) -> None:
    con.execute(
        "INSERT INTO conflict_declaration (examiner, unit_id, reason) VALUES (?, ?, ?)"
        " ON CONFLICT (examiner, unit_id) DO UPDATE SET reason = excluded.reason,"
        " declared_at = CAST(get_current_timestamp() AS TIMESTAMP)",
        [examiner, unit_id, reason],
    )


def update_account(con: duckdb.DuckDBPyConnection, username: str, display_name: str, role: str,
                   organisation_id: int | None, active: bool) -> None:
    con.execute("UPDATE account SET display_name = ?, role = ?, organisation_id = ?, active = ? WHERE username = ?",
                [display_name, role, organisation_id, active, username])


def upsert_examiner(con: duckdb.DuckDBPyConnection, username: str, training_year: int | None, capacity: int,
                    classes: list[str], email: str | None) -> None:
    con.execute(
        "INSERT INTO examiner (username, training_year, capacity, classes, email) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (username) DO UPDATE SET training_year = excluded.training_year,"
        " capacity = excluded.capacity, classes = excluded.classes, email = excluded.email",
        [username, training_year, capacity, classes, email],
    )


def examiner_record(con: duckdb.DuckDBPyConnection, username: str) -> dict[str, Any] | None:
    cols = ("username", "display_name", "role", "active", "organisation_id", "training_year", "capacity",
            "classes", "email")
    row = con.execute(
        "SELECT a.username, a.display_name, a.role, a.active, a.organisation_id, e.training_year, e.capacity,"
        " e.classes, e.email FROM account a LEFT JOIN examiner e ON e.username = a.username WHERE a.username = ?",
        [username],
    ).fetchone()
    return dict(zip(cols, row)) if row else None


class _registered:
    """Register a Polars frame as a temporary view for one statement block; unregister afterwards."""

    def __init__(self, con: duckdb.DuckDBPyConnection, df: pl.DataFrame):
        self.con, self.df, self.name = con, df, f"_bulk_{next(_names)}"

    def __enter__(self) -> str:
        self.con.register(self.name, self.df.to_arrow())
        return self.name

    def __exit__(self, *exc: object) -> None:
        self.con.unregister(self.name)
