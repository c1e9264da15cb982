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


def organisations(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return frame(con, "SELECT id, name, kind, board FROM organisation ORDER BY name")


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
        "SELECT s.id, s.cycle, s.unit_id, u.name, u.organisation_id, o.name, s.class_code, c.name, s.text,"
        " s.consensus_opened_by_admin"
        " FROM submission s JOIN unit u ON u.id = s.unit_id JOIN organisation o ON o.id = u.organisation_id"
        " JOIN competition_class c ON c.cycle = s.cycle AND c.code = s.class_code WHERE s.id = ?",
        [submission_id],
    ).fetchone()
    return dict(zip(cols, row)) if row else None
