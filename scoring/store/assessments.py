"""Team assignments, independent assessments and their per-criterion scores."""
from __future__ import annotations

from typing import Any

import duckdb
import polars as pl

from scoring.store.database import frame


def assign(con: duckdb.DuckDBPyConnection, submission_id: int, examiner: str, is_lead: bool) -> None:
    """Put an examiner on a submission's team and open an empty assessment for them."""
    con.execute("INSERT INTO assignment (submission_id, examiner, is_lead) VALUES (?, ?, ?)",
                [submission_id, examiner, is_lead])
    con.execute("INSERT INTO assessment (submission_id, examiner) VALUES (?, ?) ON CONFLICT DO NOTHING",
                [submission_id, examiner])


def assignment(con: duckdb.DuckDBPyConnection, submission_id: int, examiner: str) -> dict[str, Any] | None:
    row = con.execute(
        "SELECT is_lead FROM assignment WHERE submission_id = ? AND examiner = ?", [submission_id, examiner]
    ).fetchone()
    return {"is_lead": row[0]} if row else None


def team(con: duckdb.DuckDBPyConnection, submission_id: int) -> pl.DataFrame:
    return frame(
        con,
        "SELECT a.examiner, acc.display_name, a.is_lead, s.status, s.version, s.submitted_at"
        " FROM assignment a JOIN account acc ON acc.username = a.examiner"
        " LEFT JOIN assessment s ON s.submission_id = a.submission_id AND s.examiner = a.examiner"
        " WHERE a.submission_id = ? ORDER BY a.is_lead DESC, a.examiner",
        [submission_id],
    )


def for_examiner(con: duckdb.DuckDBPyConnection, examiner: str, cycle: int) -> pl.DataFrame:
    """One row per assigned submission: unit, class, status and how many criteria are scored."""
    return frame(
        con,
        "SELECT s.id AS submission_id, u.name AS unit_name, o.name AS organisation, c.name AS class_name,"
        " c.position AS class_position, a.is_lead, coalesce(x.status, 'not_started') AS status,"
        " coalesce(x.version, 0) AS version, x.updated_at,"
        " (SELECT count(*) FROM score sc WHERE sc.submission_id = s.id AND sc.examiner = a.examiner"
        "   AND sc.score IS NOT NULL) AS scored_criteria"
        " FROM assignment a JOIN submission s ON s.id = a.submission_id"
        " JOIN unit u ON u.id = s.unit_id JOIN organisation o ON o.id = u.organisation_id"
        " JOIN competition_class c ON c.cycle = s.cycle AND c.code = s.class_code"
        " LEFT JOIN assessment x ON x.submission_id = a.submission_id AND x.examiner = a.examiner"
        " WHERE a.examiner = ? AND s.cycle = ? ORDER BY c.position, u.name",
        [examiner, cycle],
    )


def state(con: duckdb.DuckDBPyConnection, submission_id: int, examiner: str) -> dict[str, Any] | None:
    row = con.execute(
        "SELECT status, version, updated_at, submitted_at FROM assessment WHERE submission_id = ? AND examiner = ?",
        [submission_id, examiner],
    ).fetchone()
    return dict(zip(("status", "version", "updated_at", "submitted_at"), row)) if row else None


def scores(con: duckdb.DuckDBPyConnection, submission_id: int, examiner: str) -> dict[int, dict[str, Any]]:
    rows = con.execute(
        "SELECT criterion, score, strengths, improvements FROM score"
        " WHERE submission_id = ? AND examiner = ? ORDER BY criterion",
        [submission_id, examiner],
    ).fetchall()
    return {r[0]: {"score": r[1], "strengths": r[2], "improvements": r[3]} for r in rows}


def upsert_score(con: duckdb.DuckDBPyConnection, submission_id: int, examiner: str, criterion: int,
                 score: int | None, strengths: str, improvements: str) -> None:
    con.execute(
        "INSERT INTO score (submission_id, examiner, criterion, score, strengths, improvements)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (submission_id, examiner, criterion)"
        " DO UPDATE SET score = excluded.score, strengths = excluded.strengths,"
        " improvements = excluded.improvements",
        [submission_id, examiner, criterion, score, strengths, improvements],
    )


def bump_version(con: duckdb.DuckDBPyConnection, submission_id: int, examiner: str, expected_version: int,
                 status: str) -> int | None:
    """Move to `status` and the next version, but only from `expected_version`.

    Returns the new version, or None when someone saved in between (optimistic lock).
    """
    row = con.execute(
        "UPDATE assessment SET version = version + 1, status = ?, updated_at = current_timestamp,"
        " submitted_at = CASE WHEN ? = 'submitted' THEN current_timestamp ELSE submitted_at END"
        " WHERE submission_id = ? AND examiner = ? AND version = ? RETURNING version",
        [status, status, submission_id, examiner, expected_version],
    ).fetchone()
    return row[0] if row else None


def set_state(con: duckdb.DuckDBPyConnection, submission_id: int, examiner: str, status: str) -> None:
    """Bulk loaders only (demo, scale generator): set a state without the optimistic lock."""
    con.execute(
        "UPDATE assessment SET status = ?, version = version + 1, updated_at = current_timestamp,"
        " submitted_at = CASE WHEN ? = 'submitted' THEN current_timestamp END"
        " WHERE submission_id = ? AND examiner = ?",
        [status, status, submission_id, examiner],
    )


def for_cycle(con: duckdb.DuckDBPyConnection, cycle: int) -> pl.DataFrame:
    """Every assessment in a cycle, for the kansli's overview."""
    return frame(
        con,
        "SELECT s.id AS submission_id, u.name AS unit_name, c.name AS class_name, a.examiner,"
        " acc.display_name, a.is_lead, coalesce(x.status, 'not_started') AS status, x.version,"
        " x.updated_at, x.submitted_at"
        " FROM assignment a JOIN submission s ON s.id = a.submission_id JOIN unit u ON u.id = s.unit_id"
        " JOIN competition_class c ON c.cycle = s.cycle AND c.code = s.class_code"
        " JOIN account acc ON acc.username = a.examiner"
        " LEFT JOIN assessment x ON x.submission_id = a.submission_id AND x.examiner = a.examiner"
        " WHERE s.cycle = ? ORDER BY c.position, u.name, a.is_lead DESC, a.examiner",
        [cycle],
    )
