"""Organisations, units and their submissions (participation in a cycle)."""
from __future__ import annotations

from typing import Any

import duckdb
import polars as pl

from scoring.store.database import frame


def insert_organisation(con: duckdb.DuckDBPyConnection, name: str, kind: str, board: str) -> int:
    return con.execute(
        "INSERT INTO organisation (name, kind, board) VALUES (?, ?, ?) RETURNING id", [name, kind, board]
    ).fetchone()[0]


def organisations(con: duckdb.DuckDBPyConnection, year: int | None = None) -> pl.DataFrame:
    """Every förvaltning and bolag by name: id, name, kind, board and target, its participation target
    in `year` (null without a target or without a year)."""
    return frame(con, "SELECT o.id, o.name, o.kind, o.board, t.target FROM organisation o"
                      " LEFT JOIN participation_target t ON t.organisation_id = o.id AND t.cycle = ?"
                      " ORDER BY o.name", [year])


def insert_unit(con: duckdb.DuckDBPyConnection, values: dict[str, Any]) -> None:
    names = list(values)
    con.execute(f"INSERT INTO unit ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
                [values[n] for n in names])


def insert_submission(con: duckdb.DuckDBPyConnection, cycle: int, unit_id: str, class_code: str,
                      text: str, registration_status: str = "registered") -> int:
    return con.execute(
        "INSERT INTO submission (cycle, unit_id, class_code, text, registration_status)"
        " VALUES (?, ?, ?, ?, ?) RETURNING id",
        [cycle, unit_id, class_code, text, registration_status],
    ).fetchone()[0]


def submission(con: duckdb.DuckDBPyConnection, submission_id: int) -> dict[str, Any] | None:
    cols = ("id", "cycle", "unit_id", "unit_name", "organisation_id", "organisation", "class_code",
            "class_name", "text", "consensus_opened_by_admin")
    row = con.execute(
        "SELECT d.submission_id, d.cycle, d.unit_id, d.unit_name, d.organisation_id, d.organisation, d.class_code,"
        " d.class_name, s.text, s.consensus_opened_by_admin"
        " FROM submission_detail d JOIN submission s ON s.id = d.submission_id WHERE d.submission_id = ?",
        [submission_id],
    ).fetchone()
    return dict(zip(cols, row)) if row else None


UNKNOWN_SUBMISSION = "Bidrag {submission_id} finns inte."
# A submission of another cycle than the one the page acts on (documents, teams): refused, nothing written.
WRONG_CYCLE = ("Bidrag {submission_id} hör till omgången {cycle}, inte till omgången {year} som du arbetar i. "
               "Inget sparades; välj omgången {cycle} och försök igen.")


def submission_texts(con: duckdb.DuckDBPyConnection, cycle: int) -> dict[int, str]:
    """submission id -> its text, for a cycle."""
    return dict(con.execute("SELECT id, text FROM submission WHERE cycle = ?", [cycle]).fetchall())


def require_submission(con: duckdb.DuckDBPyConnection, submission_id: int) -> dict[str, Any]:
    """submission()'s row; LookupError with the one Swedish message when there is none."""
    found = submission(con, submission_id)
    if found is None:
        raise LookupError(UNKNOWN_SUBMISSION.format(submission_id=submission_id))
    return found
