"""The practice case (övningsfall): its case, reference scores and the examiners' attempts.

The attempts are kept in practice_attempt/practice_score, apart from assessment/score, so no query of the
real results can read them.
"""
from __future__ import annotations

from typing import Any

import duckdb
import polars as pl

from scoring.store.database import frame

CASE_COLUMNS = ("cycle", "title", "text", "filename", "source_cycle", "lock_real", "threshold", "locked_at",
                "locked_by", "updated_by", "updated_at")


def case(con: duckdb.DuckDBPyConnection, cycle: int) -> dict[str, Any] | None:
    """The case's settings and text, without the PDF (see document())."""
    row = con.execute(f"SELECT {', '.join(CASE_COLUMNS)} FROM practice_case WHERE cycle = ?", [cycle]).fetchone()
    return dict(zip(CASE_COLUMNS, row)) if row else None


def document(con: duckdb.DuckDBPyConnection, cycle: int) -> tuple[str, bytes] | None:
    row = con.execute("SELECT filename, document FROM practice_case WHERE cycle = ? AND document IS NOT NULL",
                      [cycle]).fetchone()
    return (row[0], bytes(row[1])) if row else None


def cycles_with_case(con: duckdb.DuckDBPyConnection) -> list[int]:
    return [r[0] for r in con.execute("SELECT cycle FROM practice_case ORDER BY cycle DESC").fetchall()]


def upsert_case(con: duckdb.DuckDBPyConnection, cycle: int, title: str, text: str, actor: str,
                source_cycle: int | None = None) -> None:
    con.execute(
        "INSERT INTO practice_case (cycle, title, text, source_cycle, updated_by) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (cycle) DO UPDATE SET title = excluded.title, text = excluded.text,"
        " source_cycle = excluded.source_cycle, updated_by = excluded.updated_by,"
        " updated_at = CAST(now() AS TIMESTAMP)",
        [cycle, title, text, source_cycle, actor])


def set_document(con: duckdb.DuckDBPyConnection, cycle: int, filename: str | None, content: bytes | None) -> None:
    con.execute("UPDATE practice_case SET filename = ?, document = ? WHERE cycle = ?", [filename, content, cycle])


def set_settings(con: duckdb.DuckDBPyConnection, cycle: int, lock_real: bool, threshold: int) -> None:
    con.execute("UPDATE practice_case SET lock_real = ?, threshold = ? WHERE cycle = ?",
                [lock_real, threshold, cycle])


def lock(con: duckdb.DuckDBPyConnection, cycle: int, actor: str) -> None:
    con.execute("UPDATE practice_case SET locked_at = current_timestamp, locked_by = ? WHERE cycle = ?",
                [actor, cycle])


def reference(con: duckdb.DuckDBPyConnection, cycle: int) -> dict[int, dict[str, Any]]:
    rows = con.execute("SELECT criterion, score, rationale, set_by FROM practice_reference WHERE cycle = ?"
                       " ORDER BY criterion", [cycle]).fetchall()
    return {r[0]: {"score": r[1], "rationale": r[2], "set_by": r[3]} for r in rows}


def replace_reference(con: duckdb.DuckDBPyConnection, cycle: int,
                      rows: list[tuple[int, int, str]], actor: str) -> None:
    """(criterion, score, rationale) rows replace the cycle's reference."""
    con.execute("DELETE FROM practice_reference WHERE cycle = ?", [cycle])
    for criterion, score, rationale in rows:
        con.execute("INSERT INTO practice_reference (cycle, criterion, score, rationale, set_by)"
                    " VALUES (?, ?, ?, ?, ?)", [cycle, criterion, score, rationale, actor])


def attempts(con: duckdb.DuckDBPyConnection, cycle: int, examiner: str) -> list[dict[str, Any]]:
    """The examiner's attempts, oldest first."""
    rows = con.execute("SELECT attempt, status, version, requested_by, submitted_at FROM practice_attempt"
                       " WHERE cycle = ? AND examiner = ? ORDER BY attempt", [cycle, examiner]).fetchall()
    return [dict(zip(("attempt", "status", "version", "requested_by", "submitted_at"), r)) for r in rows]


def open_attempt(con: duckdb.DuckDBPyConnection, cycle: int, examiner: str, attempt: int,
                 requested_by: str | None = None) -> None:
    con.execute("INSERT INTO practice_attempt (cycle, examiner, attempt, requested_by) VALUES (?, ?, ?, ?)",
                [cycle, examiner, attempt, requested_by])


def bump_version(con: duckdb.DuckDBPyConnection, cycle: int, examiner: str, attempt: int, expected: int,
                 status: str) -> int | None:
    """Move the attempt to `status` if it is still at version `expected`; the new version, else None."""
    row = con.execute(
        "UPDATE practice_attempt SET version = version + 1, status = $status, updated_at = current_timestamp,"
        " submitted_at = CASE WHEN $status = 'submitted' THEN current_timestamp END"
        " WHERE cycle = $cycle AND examiner = $examiner AND attempt = $attempt AND version = $expected"
        " AND status = 'draft' RETURNING version",
        {"status": status, "cycle": cycle, "examiner": examiner, "attempt": attempt, "expected": expected},
    ).fetchone()
    return row[0] if row else None


def scores(con: duckdb.DuckDBPyConnection, cycle: int, examiner: str, attempt: int) -> dict[int, dict[str, Any]]:
    rows = con.execute("SELECT criterion, score, strengths, improvements FROM practice_score"
                       " WHERE cycle = ? AND examiner = ? AND attempt = ? ORDER BY criterion",
                       [cycle, examiner, attempt]).fetchall()
    return {r[0]: {"score": r[1], "strengths": r[2], "improvements": r[3]} for r in rows}


def write_scores(con: duckdb.DuckDBPyConnection, cycle: int, examiner: str, attempt: int,
                 rows: list[tuple[int, int | None, str, str]]) -> None:
    con.execute("DELETE FROM practice_score WHERE cycle = ? AND examiner = ? AND attempt = ?",
                [cycle, examiner, attempt])
    for criterion, score, strengths, improvements in rows:
        con.execute("INSERT INTO practice_score (cycle, examiner, attempt, criterion, score, strengths,"
                    " improvements) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [cycle, examiner, attempt, criterion, score, strengths, improvements])


def submitted_scores(con: duckdb.DuckDBPyConnection, cycle: int) -> pl.DataFrame:
    """Every submitted attempt's scores: examiner, attempt, criterion, score (the callers decide who sees them)."""
    return frame(
        con,
        "SELECT p.examiner, p.attempt, p.criterion, p.score FROM practice_score p"
        " JOIN practice_attempt a ON a.cycle = p.cycle AND a.examiner = p.examiner AND a.attempt = p.attempt"
        " WHERE p.cycle = ? AND a.status = 'submitted' AND p.score IS NOT NULL"
        " ORDER BY p.examiner, p.attempt, p.criterion",
        [cycle])


def examiners(con: duckdb.DuckDBPyConnection, cycle: int) -> pl.DataFrame:
    """Who is expected to do the exercise: active examiners and leads, plus anyone with an attempt."""
    return frame(
        con,
        "SELECT username AS examiner, display_name FROM account"
        " WHERE (active AND role IN ('examiner', 'lead'))"
        " OR username IN (SELECT examiner FROM practice_attempt WHERE cycle = ?) ORDER BY username",
        [cycle])


def attempt_states(con: duckdb.DuckDBPyConnection, cycle: int) -> pl.DataFrame:
    return frame(con, "SELECT examiner, attempt, status, requested_by, submitted_at FROM practice_attempt"
                      " WHERE cycle = ? ORDER BY examiner, attempt", [cycle])


def assigned_pairs(con: duckdb.DuckDBPyConnection, cycle: int) -> pl.DataFrame:
    """(submission_id, examiner) of the cycle's real teams: who shares a unit with whom."""
    return frame(con, "SELECT a.submission_id, a.examiner FROM assignment a JOIN submission s"
                      " ON s.id = a.submission_id WHERE s.cycle = ?", [cycle])


def referees(con: duckdb.DuckDBPyConnection, cycle: int) -> list[str]:
    """The senior examiners named to set the reference with the kansli."""
    return [r[0] for r in con.execute("SELECT examiner FROM practice_referee WHERE cycle = ? ORDER BY examiner",
                                      [cycle]).fetchall()]


def replace_referees(con: duckdb.DuckDBPyConnection, cycle: int, examiners: list[str]) -> None:
    con.execute("DELETE FROM practice_referee WHERE cycle = ?", [cycle])
    for examiner in examiners:
        con.execute("INSERT INTO practice_referee (cycle, examiner) VALUES (?, ?)", [cycle, examiner])
