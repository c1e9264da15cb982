"""Team assignments, independent assessments and their per-criterion scores."""
from __future__ import annotations

from typing import Any

import duckdb
import polars as pl

from scoring.store.database import frame


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
    """One row per assigned submission: unit, class, status and how many criteria are scored.

    Reads only the examiner's own rows (index scan on assignment.examiner, scores filtered to their
    submissions), so the cost follows the examiner's ~20 submissions, not the size of the database.
    """
    return frame(
        con,
        "WITH mine AS (SELECT a.submission_id, a.is_lead FROM assignment a"
        "   JOIN submission s ON s.id = a.submission_id WHERE a.examiner = $examiner AND s.cycle = $cycle),"
        " scored AS (SELECT sc.submission_id, count(*) AS n FROM score sc"
        "   WHERE sc.examiner = $examiner AND sc.score IS NOT NULL"
        "   AND sc.submission_id IN (SELECT submission_id FROM mine) GROUP BY sc.submission_id)"
        " SELECT s.id AS submission_id, u.name AS unit_name, o.name AS organisation, c.name AS class_name,"
        " c.position AS class_position, m.is_lead, coalesce(x.status, 'not_started') AS status,"
        " coalesce(x.version, 0) AS version, x.updated_at, coalesce(scored.n, 0) AS scored_criteria"
        " FROM mine m JOIN submission s ON s.id = m.submission_id"
        " JOIN unit u ON u.id = s.unit_id JOIN organisation o ON o.id = u.organisation_id"
        " JOIN competition_class c ON c.cycle = s.cycle AND c.code = s.class_code"
        " LEFT JOIN assessment x ON x.submission_id = m.submission_id AND x.examiner = $examiner"
        " LEFT JOIN scored ON scored.submission_id = m.submission_id"
        " ORDER BY c.position, u.name",
        {"examiner": examiner, "cycle": cycle},
    )


SAVE_CONTEXT_COLUMNS = ("cycle", "phase", "unit_id", "unit_name", "organisation_id", "scale_min", "scale_max",
                        "scale_step", "assigned", "status")


def save_context(con: duckdb.DuckDBPyConnection, submission_id: int, examiner: str) -> dict[str, Any] | None:
    """What a save checks before writing, in one statement of point look-ups: the submission's cycle,
    phase and scale, its unit, whether the examiner is assigned, and the assessment's status.
    (Declared jäv: conflict_declared(), once the unit is known.)"""
    row = con.execute(
        "SELECT s.cycle, cy.phase, s.unit_id, u.name, u.organisation_id, cy.scale_min, cy.scale_max, cy.scale_step,"
        " (SELECT count(*) FROM assignment a WHERE a.submission_id = $sid AND a.examiner = $examiner) > 0,"
        " coalesce((SELECT x.status FROM assessment x WHERE x.submission_id = $sid AND x.examiner = $examiner),"
        "          'not_started')"
        " FROM submission s JOIN unit u ON u.id = s.unit_id JOIN cycle cy ON cy.year = s.cycle"
        " WHERE s.id = $sid",
        {"sid": submission_id, "examiner": examiner},
    ).fetchone()
    return dict(zip(SAVE_CONTEXT_COLUMNS, row)) if row else None


def criteria(con: duckdb.DuckDBPyConnection, cycle: int) -> list[tuple[int, str, str, float, list[str]]]:
    """(number, title, description, weight, guidance) of a cycle's criteria, in order."""
    return con.execute("SELECT number, title, description, weight, guidance FROM criterion WHERE cycle = ?"
                       " ORDER BY number", [cycle]).fetchall()


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


def upsert_scores(con: duckdb.DuckDBPyConnection, submission_id: int, examiner: str,
                  entries: list[tuple[int, int | None, str, str]]) -> None:
    """Write (criterion, score, strengths, improvements) rows in ONE statement.

    One statement per save keeps a save near the cost of a bare insert; only the
    number of placeholders varies, every value is a parameter.
    """
    if not entries:
        return
    placeholders = ", ".join("(?, ?, ?, ?, ?, ?)" for _ in entries)
    params = [v for number, score, strengths, improvements in entries
              for v in (submission_id, examiner, number, score, strengths, improvements)]
    con.execute(
        "INSERT INTO score (submission_id, examiner, criterion, score, strengths, improvements)"
        f" VALUES {placeholders} ON CONFLICT (submission_id, examiner, criterion)"
        " DO UPDATE SET score = excluded.score, strengths = excluded.strengths,"
        " improvements = excluded.improvements",
        params,
    )


def update_scores(con: duckdb.DuckDBPyConnection, submission_id: int, examiner: str,
                  entries: list[tuple[int, int | None, str, str]]) -> None:
    """Overwrite existing (criterion, score, strengths, improvements) rows in ONE statement.

    Cheaper than the upsert once every criterion has a row (every save after the first):
    DuckDB's ON CONFLICT path costs about half as much again as a plain UPDATE.
    """
    if not entries:
        return
    placeholders = ", ".join("(?, ?, ?, ?)" for _ in entries)
    params = [v for entry in entries for v in entry] + [submission_id, examiner]
    con.execute(
        f"UPDATE score SET score = v.score, strengths = v.strengths, improvements = v.improvements"
        f" FROM (VALUES {placeholders}) AS v(criterion, score, strengths, improvements)"
        " WHERE score.submission_id = ? AND score.examiner = ? AND score.criterion = v.criterion",
        params,
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


def stamp_loaded_states(con: duckdb.DuckDBPyConnection) -> None:
    """Bulk loaders insert assessments without times; give started ones an update/submit time."""
    con.execute(
        "UPDATE assessment SET updated_at = current_timestamp,"
        " submitted_at = CASE WHEN status = 'submitted' THEN current_timestamp END"
        " WHERE status <> 'not_started' AND updated_at IS NULL"
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


def conflict_declared(con: duckdb.DuckDBPyConnection, examiner: str, unit_id: str) -> bool:
    """Has the examiner declared jäv (conflict of interest) towards the unit?"""
    return con.execute("SELECT count(*) FROM conflict_declaration WHERE examiner = ? AND unit_id = ?",
                       [examiner, unit_id]).fetchone()[0] > 0
