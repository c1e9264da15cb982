"""The ceremony and the cycle's archive: presenters per class, and the raw score tables for export.

Decisions, awards and the signature are read through scoring.store.decisions."""
from __future__ import annotations

import duckdb
import polars as pl

from scoring.store.database import frame


def presenter(con: duckdb.DuckDBPyConnection, year: int, code: str) -> tuple[bool, str | None]:
    """(class exists, its presenter)."""
    row = con.execute("SELECT presenter FROM competition_class WHERE cycle = ? AND code = ?",
                      [year, code]).fetchone()
    return (row is not None, row[0] if row else None)


def set_presenter(con: duckdb.DuckDBPyConnection, year: int, code: str, presenter: str | None) -> None:
    con.execute("UPDATE competition_class SET presenter = ? WHERE cycle = ? AND code = ?",
                [presenter, year, code])


def individual_scores(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    """Every examiner's score per criterion in the cycle, with the assessment's state."""
    return frame(
        con,
        "SELECT d.submission_id, d.class_position, d.class_name, d.unit_id, d.unit_name, d.organisation,"
        " x.examiner, ac.display_name AS examiner_name,"
        " a.is_lead, x.status, sc.criterion, sc.score, sc.strengths, sc.improvements, x.submitted_at"
        " FROM assessment x JOIN submission_detail d ON d.submission_id = x.submission_id"
        " JOIN assignment a ON a.submission_id = x.submission_id AND a.examiner = x.examiner"
        " LEFT JOIN account ac ON ac.username = x.examiner"
        " JOIN score sc ON sc.submission_id = x.submission_id AND sc.examiner = x.examiner"
        " WHERE d.cycle = ? ORDER BY d.class_position, d.unit_name, x.examiner, sc.criterion",
        [year],
    )


def consensus_scores(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    """Every team's consensus score per criterion, done or still open."""
    return frame(
        con,
        "SELECT d.submission_id, d.class_position, d.class_name, d.unit_id, d.unit_name, d.organisation,"
        " k.status, k.done_by, k.done_at, cs.criterion, cs.score, cs.strengths, cs.improvements"
        " FROM consensus k JOIN submission_detail d ON d.submission_id = k.submission_id"
        " JOIN consensus_score cs ON cs.submission_id = k.submission_id"
        " WHERE d.cycle = ? ORDER BY d.class_position, d.unit_name, cs.criterion",
        [year],
    )


def site_visit_scores(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    """Scores the committee adjusted at site visits, with the reason."""
    return frame(
        con,
        "SELECT d.submission_id, d.class_position, d.class_name, d.unit_id, d.unit_name, v.visit_date,"
        " vs.criterion, vs.score, vs.reason"
        " FROM site_visit_score vs JOIN site_visit v ON v.submission_id = vs.submission_id"
        " JOIN submission_detail d ON d.submission_id = vs.submission_id"
        " WHERE d.cycle = ? ORDER BY d.class_position, d.unit_name, vs.criterion",
        [year],
    )
