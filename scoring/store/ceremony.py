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
        "SELECT s.id AS submission_id, c.position AS class_position, c.name AS class_name, u.id AS unit_id,"
        " u.name AS unit_name, o.name AS organisation, x.examiner, ac.display_name AS examiner_name,"
        " a.is_lead, x.status, sc.criterion, sc.score, sc.strengths, sc.improvements, x.submitted_at"
        " FROM assessment x JOIN submission s ON s.id = x.submission_id"
        " JOIN assignment a ON a.submission_id = x.submission_id AND a.examiner = x.examiner"
        " JOIN unit u ON u.id = s.unit_id JOIN organisation o ON o.id = u.organisation_id"
        " JOIN competition_class c ON c.cycle = s.cycle AND c.code = s.class_code"
        " LEFT JOIN account ac ON ac.username = x.examiner"
        " JOIN score sc ON sc.submission_id = x.submission_id AND sc.examiner = x.examiner"
        " WHERE s.cycle = ? ORDER BY c.position, u.name, x.examiner, sc.criterion",
        [year],
    )


def consensus_scores(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    """Every team's consensus score per criterion, done or still open."""
    return frame(
        con,
        "SELECT s.id AS submission_id, c.position AS class_position, c.name AS class_name, u.id AS unit_id,"
        " u.name AS unit_name, o.name AS organisation, k.status, k.done_by, k.done_at,"
        " cs.criterion, cs.score, cs.strengths, cs.improvements"
        " FROM consensus k JOIN submission s ON s.id = k.submission_id"
        " JOIN unit u ON u.id = s.unit_id JOIN organisation o ON o.id = u.organisation_id"
        " JOIN competition_class c ON c.cycle = s.cycle AND c.code = s.class_code"
        " JOIN consensus_score cs ON cs.submission_id = k.submission_id"
        " WHERE s.cycle = ? ORDER BY c.position, u.name, cs.criterion",
        [year],
    )


def site_visit_scores(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    """Scores the committee adjusted at site visits, with the reason."""
    return frame(
        con,
        "SELECT s.id AS submission_id, c.position AS class_position, c.name AS class_name, u.id AS unit_id,"
        " u.name AS unit_name, v.visit_date, vs.criterion, vs.score, vs.reason"
        " FROM site_visit_score vs JOIN site_visit v ON v.submission_id = vs.submission_id"
        " JOIN submission s ON s.id = vs.submission_id JOIN unit u ON u.id = s.unit_id"
        " JOIN competition_class c ON c.cycle = s.cycle AND c.code = s.class_code"
        " WHERE s.cycle = ? ORDER BY c.position, u.name, vs.criterion",
        [year],
    )
