"""The rows the progress dashboard is derived from: one per team place, with its assessment's status."""
from __future__ import annotations

import duckdb
import polars as pl

from scoring.store.database import frame


def places(con: duckdb.DuckDBPyConnection, cycle: int) -> pl.DataFrame:
    return frame(
        con,
        "SELECT s.id AS submission_id, u.name AS unit_name, c.code AS class_code, c.name AS class_name,"
        " c.position AS class_position, a.examiner, acc.display_name, a.is_lead,"
        " coalesce(x.status, 'not_started') AS status, x.updated_at, x.submitted_at"
        " FROM assignment a JOIN submission s ON s.id = a.submission_id JOIN unit u ON u.id = s.unit_id"
        " JOIN competition_class c ON c.cycle = s.cycle AND c.code = s.class_code"
        " JOIN account acc ON acc.username = a.examiner"
        " LEFT JOIN assessment x ON x.submission_id = a.submission_id AND x.examiner = a.examiner"
        " WHERE s.cycle = ? ORDER BY c.position, u.name, a.examiner",
        [cycle],
    )


def unstaffed(con: duckdb.DuckDBPyConnection, cycle: int) -> pl.DataFrame:
    """Submissions of the cycle with no examiner at all (they have no rows in `places`)."""
    return frame(
        con,
        "SELECT s.id AS submission_id, u.name AS unit_name, c.name AS class_name"
        " FROM submission s JOIN unit u ON u.id = s.unit_id"
        " JOIN competition_class c ON c.cycle = s.cycle AND c.code = s.class_code"
        " WHERE s.cycle = ? AND NOT EXISTS (SELECT 1 FROM assignment a WHERE a.submission_id = s.id)"
        " ORDER BY c.position, u.name",
        [cycle],
    )
