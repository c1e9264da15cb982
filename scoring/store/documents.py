"""Submission documents: the unit's written submission as a PDF, stored as a BLOB with size and SHA-256."""
from __future__ import annotations

from typing import Any

import duckdb
import polars as pl

from scoring.store.database import frame

META_COLUMNS = ("submission_id", "filename", "size_bytes", "sha256", "uploaded_by", "uploaded_at")


def for_cycle(con: duckdb.DuckDBPyConnection, cycle: int) -> pl.DataFrame:
    """Every submission of a cycle with its document's metadata (null columns when none is uploaded)."""
    return frame(
        con,
        "SELECT s.submission_id, s.unit_id, s.unit_name, s.organisation, s.class_name, s.class_position,"
        " d.filename, d.size_bytes, d.sha256, d.uploaded_by, d.uploaded_at"
        " FROM submission_detail s LEFT JOIN submission_document d ON d.submission_id = s.submission_id"
        " WHERE s.cycle = ? ORDER BY s.class_position, s.unit_name",
        [cycle],
    )


def units_not_in_cycle(con: duckdb.DuckDBPyConnection, cycle: int) -> list[str]:
    """Ids of units that exist but are not registered in the cycle (to explain an unmatched file)."""
    rows = con.execute(
        "SELECT id FROM unit WHERE id NOT IN (SELECT unit_id FROM submission WHERE cycle = ?) ORDER BY id",
        [cycle],
    ).fetchall()
    return [r[0] for r in rows]


def meta(con: duckdb.DuckDBPyConnection, submission_id: int) -> dict[str, Any] | None:
    row = con.execute(
        f"SELECT {', '.join(META_COLUMNS)} FROM submission_document WHERE submission_id = ?", [submission_id]
    ).fetchone()
    return dict(zip(META_COLUMNS, row)) if row else None


def content(con: duckdb.DuckDBPyConnection, submission_id: int) -> bytes | None:
    row = con.execute("SELECT content FROM submission_document WHERE submission_id = ?", [submission_id]).fetchone()
    return bytes(row[0]) if row else None


def upsert(con: duckdb.DuckDBPyConnection, submission_id: int, filename: str, size_bytes: int, sha256: str,
           data: bytes, uploaded_by: str) -> None:
    """Store a document, replacing the submission's earlier one."""
    con.execute(
        "INSERT INTO submission_document (submission_id, filename, size_bytes, sha256, content, uploaded_by)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (submission_id) DO UPDATE SET filename = excluded.filename,"
        " size_bytes = excluded.size_bytes, sha256 = excluded.sha256, content = excluded.content,"
        " uploaded_by = excluded.uploaded_by, uploaded_at = CAST(get_current_timestamp() AS TIMESTAMP)",
        [submission_id, filename, size_bytes, sha256, data, uploaded_by],
    )


def delete(con: duckdb.DuckDBPyConnection, submission_id: int) -> None:
    con.execute("DELETE FROM submission_document WHERE submission_id = ?", [submission_id])


def is_assigned(con: duckdb.DuckDBPyConnection, submission_id: int, examiner: str) -> bool:
    row = con.execute("SELECT 1 FROM assignment WHERE submission_id = ? AND examiner = ?",
                      [submission_id, examiner]).fetchone()
    return row is not None


def submission_cycle(con: duckdb.DuckDBPyConnection, submission_id: int) -> tuple[int, str] | None:
    """(cycle, unit_id) of a submission, or None."""
    row = con.execute("SELECT cycle, unit_id FROM submission WHERE id = ?", [submission_id]).fetchone()
    return (row[0], row[1]) if row else None
