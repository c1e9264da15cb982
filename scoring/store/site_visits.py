"""Site visits: which submissions the committee picked, and what the visit recorded."""
from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import polars as pl

from scoring.store.database import frame

VISIT_COLUMNS = ("submission_id", "selected_by", "selected_at", "visit_date", "visitors", "notes")


def get(con: duckdb.DuckDBPyConnection, submission_id: int) -> dict[str, Any] | None:
    row = con.execute(f"SELECT {', '.join(VISIT_COLUMNS)} FROM site_visit WHERE submission_id = ?",
                      [submission_id]).fetchone()
    return dict(zip(VISIT_COLUMNS, row)) if row else None


def scores(con: duckdb.DuckDBPyConnection, submission_id: int) -> dict[int, dict[str, Any]]:
    rows = con.execute("SELECT criterion, score, reason FROM site_visit_score WHERE submission_id = ?"
                       " ORDER BY criterion", [submission_id]).fetchall()
    return {r[0]: {"score": r[1], "reason": r[2]} for r in rows}


def select(con: duckdb.DuckDBPyConnection, submission_id: int, selected_by: str) -> None:
    con.execute("INSERT INTO site_visit (submission_id, selected_by) VALUES (?, ?)", [submission_id, selected_by])


def unselect(con: duckdb.DuckDBPyConnection, submission_id: int) -> None:
    con.execute("DELETE FROM site_visit_score WHERE submission_id = ?", [submission_id])
    con.execute("DELETE FROM site_visit WHERE submission_id = ?", [submission_id])


def record(con: duckdb.DuckDBPyConnection, submission_id: int, visit_date: dt.date | None, visitors: str,
           notes: str) -> None:
    con.execute("UPDATE site_visit SET visit_date = ?, visitors = ?, notes = ? WHERE submission_id = ?",
                [visit_date, visitors, notes, submission_id])


def set_score(con: duckdb.DuckDBPyConnection, submission_id: int, criterion: int, score: int, reason: str) -> None:
    con.execute(
        "INSERT INTO site_visit_score (submission_id, criterion, score, reason) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (submission_id, criterion) DO UPDATE SET score = excluded.score, reason = excluded.reason",
        [submission_id, criterion, score, reason],
    )


def delete_score(con: duckdb.DuckDBPyConnection, submission_id: int, criterion: int) -> None:
    con.execute("DELETE FROM site_visit_score WHERE submission_id = ? AND criterion = ?", [submission_id, criterion])


def for_cycle(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    """Every selected site visit in a cycle, with unit, class, lead and how many scores it adjusted."""
    return frame(
        con,
        "SELECT v.submission_id, s.unit_name, s.organisation, s.class_name, s.class_position,"
        " v.selected_by, v.selected_at, v.visit_date, v.visitors, v.notes,"
        " (SELECT a.examiner FROM assignment a WHERE a.submission_id = v.submission_id AND a.is_lead LIMIT 1)"
        " AS lead,"
        " (SELECT count(*) FROM site_visit_score vs WHERE vs.submission_id = v.submission_id) AS adjusted"
        " FROM site_visit v JOIN submission_detail s ON s.submission_id = v.submission_id"
        " WHERE s.cycle = ? ORDER BY s.class_position, s.unit_name",
        [year],
    )
