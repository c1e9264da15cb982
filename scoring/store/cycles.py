"""Cycles and their rulebook: classes, criteria, scale bands and key dates."""
from __future__ import annotations

from typing import Any

import duckdb
import polars as pl

from scoring.store.database import frame

CYCLE_COLUMNS = ("year", "title", "phase", "approval_deadline", "submission_deadline", "assessment_deadline",
                 "consensus_deadline", "decision_date", "ceremony_date", "ceremony_place", "chair_title",
                 "logo_path", "scale_min", "scale_max", "scale_step", "disagreement_threshold")


def insert_cycle(con: duckdb.DuckDBPyConnection, values: dict[str, Any]) -> None:
    names = [c for c in CYCLE_COLUMNS if c in values]
    con.execute(
        f"INSERT INTO cycle ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
        [values[n] for n in names],
    )


def insert_class(con: duckdb.DuckDBPyConnection, cycle: int, code: str, name: str, position: int,
                 prize_amount: int | None) -> None:
    con.execute(
        "INSERT INTO competition_class (cycle, code, name, position, prize_amount) VALUES (?, ?, ?, ?, ?)",
        [cycle, code, name, position, prize_amount],
    )


def insert_criterion(con: duckdb.DuckDBPyConnection, cycle: int, number: int, title: str, description: str,
                     guidance: list[str], weight: float) -> None:
    con.execute(
        "INSERT INTO criterion (cycle, number, title, description, guidance, weight) VALUES (?, ?, ?, ?, ?, ?)",
        [cycle, number, title, description, guidance, weight],
    )


def insert_band(con: duckdb.DuckDBPyConnection, cycle: int, low: int, high: int, descriptor: str) -> None:
    con.execute("INSERT INTO scale_band (cycle, low, high, descriptor) VALUES (?, ?, ?, ?)",
                [cycle, low, high, descriptor])


def get_cycle(con: duckdb.DuckDBPyConnection, year: int) -> dict[str, Any] | None:
    row = con.execute(f"SELECT {', '.join(CYCLE_COLUMNS)} FROM cycle WHERE year = ?", [year]).fetchone()
    return dict(zip(CYCLE_COLUMNS, row)) if row else None


UNKNOWN_CYCLE = "Omgången {year} finns inte."
UNKNOWN_CLASS = "Tävlingsklassen '{code}' finns inte i omgången {year}."


def require_cycle(con: duckdb.DuckDBPyConnection, year: int) -> dict[str, Any]:
    """The cycle's row (CYCLE_COLUMNS); LookupError with the one Swedish message when there is none."""
    found = get_cycle(con, year)
    if found is None:
        raise LookupError(UNKNOWN_CYCLE.format(year=year))
    return found


def phases(con: duckdb.DuckDBPyConnection) -> list[tuple[int, str]]:
    """(year, phase) of every cycle, newest first."""
    return con.execute("SELECT year, phase FROM cycle ORDER BY year DESC").fetchall()


def years(con: duckdb.DuckDBPyConnection) -> list[int]:
    return [r[0] for r in con.execute("SELECT year FROM cycle ORDER BY year DESC").fetchall()]


def classes(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    return frame(con, "SELECT code, name, position, prize_amount, presenter FROM competition_class"
                      " WHERE cycle = ? ORDER BY position", [year])


def criteria(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    return frame(con, "SELECT number, title, description, guidance, weight FROM criterion"
                      " WHERE cycle = ? ORDER BY number", [year])


def bands(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    return frame(con, "SELECT low, high, descriptor FROM scale_band WHERE cycle = ? ORDER BY low", [year])


def set_phase(con: duckdb.DuckDBPyConnection, year: int, phase: str) -> None:
    con.execute("UPDATE cycle SET phase = ? WHERE year = ?", [phase, year])
