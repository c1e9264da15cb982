"""Whole-database export and import with DuckDB's EXPORT DATABASE / IMPORT DATABASE.

An export is a folder: schema.sql (tables, sequences with their current values,
indexes, constraints), load.sql and one Parquet file per table — the
schema_version table included, so a restore knows which code can open it.
Import only ever targets a NEW database file.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from scoring.store.database import Store, StoreError

FORMAT = "parquet"


def _literal(path: Path) -> str:
    """A path as an SQL string literal. EXPORT/IMPORT DATABASE take no parameters, and
    the path comes from the operator (CLI) or a temporary folder, never from a web form."""
    text = str(path)
    if "\x00" in text:
        raise ValueError("ogiltig sökväg")
    return "'" + text.replace("'", "''") + "'"


def export_database(db: Store, directory: Path) -> None:
    """EXPORT DATABASE into `directory` (created by DuckDB; must be empty or missing).

    One statement, so one consistent snapshot even while other sessions write.
    """
    with db.read() as con:
        con.execute(f"EXPORT DATABASE {_literal(directory)} (FORMAT {FORMAT})")


def import_database(directory: Path, target: Path) -> None:
    """IMPORT DATABASE from an export folder into the new file `target`."""
    try:
        con = duckdb.connect(str(target))
    except duckdb.Error as exc:
        raise StoreError(f"Databasen {target} kunde inte skapas: {exc}") from exc
    try:
        con.execute(f"IMPORT DATABASE {_literal(directory)}")
    except duckdb.Error as exc:
        raise StoreError(f"Säkerhetskopian i {directory} kunde inte läsas in: {exc}") from exc
    finally:
        con.close()


def table_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
        " AND schema_name = 'main' ORDER BY table_name").fetchall()]


def row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows per table (table names come from the catalog, not from input)."""
    return {name: con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in table_names(con)}


def table_rows(con: duckdb.DuckDBPyConnection, name: str) -> list[tuple[Any, ...]]:
    """Every row of one table, in a stable order (all columns), for comparisons."""
    if name not in table_names(con):
        raise LookupError(f"Tabellen {name} finns inte.")
    return con.execute(f'SELECT * FROM "{name}" ORDER BY ALL').fetchall()


def snapshot(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's full contents through a new connection to the file (inside a process that
    already has it open, DuckDB hands out a connection to the same database: committed data only)."""
    con = duckdb.connect(str(path))
    try:
        return {name: table_rows(con, name) for name in table_names(con)}
    finally:
        con.close()


def parquet_rows(con: duckdb.DuckDBPyConnection, file: Path) -> int:
    """Rows in one exported Parquet file."""
    return con.execute("SELECT count(*) FROM read_parquet(?)", [str(file)]).fetchone()[0]
