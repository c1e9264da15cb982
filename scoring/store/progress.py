"""The rows the progress dashboard is derived from: one per team place, with its assessment's status."""
from __future__ import annotations

import duckdb
import polars as pl

from scoring.store.database import frame


def places(con: duckdb.DuckDBPyConnection, cycle: int) -> pl.DataFrame:
    return frame(
        con,
        "SELECT d.submission_id, d.unit_name, d.class_code, d.class_name, d.class_position,"
        " a.examiner, acc.display_name, a.is_lead,"
        " coalesce(x.status, 'not_started') AS status, x.updated_at, x.submitted_at"
        " FROM assignment a JOIN submission_detail d ON d.submission_id = a.submission_id"
        " JOIN account acc ON acc.username = a.examiner"
        " LEFT JOIN assessment x ON x.submission_id = a.submission_id AND x.examiner = a.examiner"
        " WHERE d.cycle = ? ORDER BY d.class_position, d.unit_name, a.examiner",
        [cycle],
    )


def unstaffed(con: duckdb.DuckDBPyConnection, cycle: int) -> pl.DataFrame:
    """Submissions of the cycle with no examiner at all (they have no rows in `places`)."""
    return frame(
        con,
        "SELECT d.submission_id, d.unit_name, d.class_name FROM submission_detail d"
        " WHERE d.cycle = ? AND NOT EXISTS (SELECT 1 FROM assignment a WHERE a.submission_id = d.submission_id)"
        " ORDER BY d.class_position, d.unit_name",
        [cycle],
    )
