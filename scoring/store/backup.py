"""Whole-database export with DuckDB's EXPORT DATABASE, and a restore that never runs SQL from a backup.

An export is a folder: schema.sql, load.sql and one Parquet file per table (the schema_version
table included). A restore builds a NEW file from OUR migrations up to the backup's schema version
and fills each table from its Parquet file: `INSERT INTO <table> (<columns from our catalog>) SELECT …
FROM read_parquet(?)`, the path always a parameter. schema.sql and load.sql are kept for people
reading a backup (and checked against the manifest's SHA-256); they are never executed.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from scoring.store.database import Store, StoreError, migration_files

FORMAT = "parquet"
LOAD_FAILED = "Säkerhetskopian kunde inte läsas in: tabellen {table} följer inte databasens regler ({detail})."
NOT_CREATED = "Databasen {path} kunde inte skapas: {detail}"
_NEXTVAL = re.compile(r"^nextval\('([A-Za-z_][A-Za-z0-9_]*)'\)$")
# As Store.migrate creates it (a restore test compares the restored schema with a fresh Store's).
_SCHEMA_VERSION_TABLE = ("CREATE TABLE IF NOT EXISTS schema_version ("
                         " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
                         " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)")
_READ = "read_parquet(?, hive_partitioning = false, union_by_name = false)"


def _literal(path: Path) -> str:
    """A path as an SQL string literal. EXPORT DATABASE takes no parameters, and the path
    comes from the operator (CLI) or a temporary folder, never from a web form."""
    text = str(path)
    if "\x00" in text:
        raise ValueError("ogiltig sökväg")
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    """A name from OUR catalog, quoted; anything that is not a plain identifier is refused."""
    if not name.isidentifier():
        raise ValueError(f"ogiltigt namn: {name!r}")
    return f'"{name}"'


# -- export -----------------------------------------------------------------------------------------
def export_database(db: Store, directory: Path) -> dict[str, int | None]:
    """EXPORT DATABASE into `directory` (created by DuckDB; must be empty or missing).

    One statement, so one consistent snapshot even while other sessions write. Returns every
    sequence's last value, read after the export (never lower than an id in the exported rows).
    """
    with db.read() as con:
        con.execute(f"EXPORT DATABASE {_literal(directory)} (FORMAT {FORMAT})")
        return sequence_values(con)


def sequence_values(con: duckdb.DuckDBPyConnection) -> dict[str, int | None]:
    return dict(con.execute("SELECT sequence_name, last_value FROM duckdb_sequences()"
                            " WHERE database_name = current_database() ORDER BY 1").fetchall())


# -- the catalog ----------------------------------------------------------------------------------
def table_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
        " AND schema_name = 'main' ORDER BY table_name").fetchall()]


def table_columns(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str]]]:
    """table → [(column, type)] in column order, for the tables of the open database."""
    found: dict[str, list[tuple[str, str]]] = {name: [] for name in table_names(con)}
    for table, column, kind in con.execute(
            "SELECT table_name, column_name, data_type FROM duckdb_columns()"
            " WHERE database_name = current_database() AND schema_name = 'main'"
            " ORDER BY table_name, column_index").fetchall():
        if table in found:
            found[table].append((column, kind))
    return found


def row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows per table (table names come from the catalog, not from input)."""
    return {name: con.execute(f"SELECT count(*) FROM {_ident(name)}").fetchone()[0] for name in table_names(con)}


def table_rows(con: duckdb.DuckDBPyConnection, name: str) -> list[tuple[Any, ...]]:
    """Every row of one table, in a stable order (all columns), for comparisons."""
    if name not in table_names(con):
        raise LookupError(f"Tabellen {name} finns inte.")
    return con.execute(f"SELECT * FROM {_ident(name)} ORDER BY ALL").fetchall()


def snapshot(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's full contents through a new connection to the file (inside a process that
    already has it open, DuckDB hands out a connection to the same database: committed data only)."""
    con = duckdb.connect(str(path))
    try:
        return {name: table_rows(con, name) for name in table_names(con)}
    finally:
        con.close()


def schema_description(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Columns, constraints, indexes and sequence names of a database file (values left out)."""
    con = duckdb.connect(str(path))
    where = " WHERE database_name = current_database() ORDER BY ALL"
    try:
        return {
            "columns": con.execute("SELECT table_name, column_name, column_index, data_type, column_default,"
                                   " is_nullable FROM duckdb_columns()" + where).fetchall(),
            "constraints": con.execute("SELECT table_name, constraint_type, constraint_text"
                                       " FROM duckdb_constraints()" + where).fetchall(),
            "indexes": con.execute("SELECT index_name, table_name, sql FROM duckdb_indexes()" + where).fetchall(),
            "sequences": con.execute("SELECT sequence_name, increment_by, min_value, max_value, cycle"
                                     " FROM duckdb_sequences()" + where).fetchall(),
        }
    finally:
        con.close()


# -- reading a backup's files ------------------------------------------------------------------------
def parquet_rows(con: duckdb.DuckDBPyConnection, file: Path) -> int:
    """Rows in one exported Parquet file."""
    return con.execute(f"SELECT count(*) FROM {_READ}", [str(file)]).fetchone()[0]


def parquet_columns(con: duckdb.DuckDBPyConnection, file: Path) -> list[tuple[str, str]] | None:
    """[(column, type)] of a Parquet file as DuckDB reads it; None when it is no readable Parquet file."""
    try:
        return [tuple(r) for r in con.execute(
            f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM {_READ})", [str(file)]).fetchall()]
    except duckdb.Error:
        return None


def parquet_versions(con: duckdb.DuckDBPyConnection, file: Path) -> list[tuple[int, str]]:
    """(version, name) rows of a backup's schema_version.parquet."""
    return [tuple(r) for r in con.execute(f"SELECT version, name FROM {_READ} ORDER BY ALL", [str(file)]).fetchall()]


def applied_versions(con: duckdb.DuckDBPyConnection) -> list[tuple[int, str]]:
    return [tuple(r) for r in con.execute("SELECT version, name FROM schema_version ORDER BY ALL").fetchall()]


# -- building the restored database ------------------------------------------------------------------
def create_schema(con: duckdb.DuckDBPyConnection, version: int) -> None:
    """Our own migrations up to and including `version`, as Store.migrate applies them."""
    con.execute(_SCHEMA_VERSION_TABLE)
    for number, name, sql in migration_files():
        if number <= version:
            con.execute(sql)
            con.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)", [number, name])


@contextmanager
def scratch(version: int) -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory database with our schema at `version`, for checking a backup before any file exists."""
    con = duckdb.connect(":memory:")
    try:
        create_schema(con, version)
        yield con
    finally:
        con.close()


def load_backup(target: Path, folder: Path, version: int, sequences: dict[str, int | None]) -> dict[str, int]:
    """Create `target` with our schema at `version` and fill every table from `folder`/<table>.parquet,
    in one transaction. The caller has checked the files' columns and types against the same schema."""
    try:
        con = duckdb.connect(str(target))
    except duckdb.Error as exc:
        raise StoreError(NOT_CREATED.format(path=target, detail=exc)) from exc
    try:
        con.execute("BEGIN TRANSACTION")
        create_schema(con, version)
        con.execute("DELETE FROM schema_version")  # the backup's own rows (applied_at) replace ours
        for table, columns in table_columns(con).items():
            _insert(con, table, [name for name, _ in columns], folder / f"{table}.parquet")
        _advance_sequences(con, sequences)
        counts = row_counts(con)
        con.execute("COMMIT")
        return counts
    finally:
        con.close()


def _insert(con: duckdb.DuckDBPyConnection, table: str, columns: list[str], file: Path) -> None:
    names = ", ".join(_ident(c) for c in columns)
    try:
        con.execute(f"INSERT INTO {_ident(table)} ({names}) SELECT {names} FROM {_READ}", [str(file)])
    except duckdb.Error as exc:
        raise StoreError(LOAD_FAILED.format(table=table, detail=str(exc).splitlines()[0])) from exc


def _advance_sequences(con: duckdb.DuckDBPyConnection, wanted: dict[str, int | None]) -> None:
    """Each sequence continues after max(the backup's last value, the highest id that uses it)."""
    highest: dict[str, int] = {}
    for table, column, default in con.execute(
            "SELECT table_name, column_name, column_default FROM duckdb_columns()"
            " WHERE database_name = current_database() AND column_default LIKE 'nextval(%'").fetchall():
        match = _NEXTVAL.match(default)
        if match:
            top = con.execute(f"SELECT max({_ident(column)}) FROM {_ident(table)}").fetchone()[0] or 0
            highest[match[1]] = max(highest.get(match[1], 0), int(top))
    for name, start, last in con.execute(
            "SELECT sequence_name, start_value, last_value FROM duckdb_sequences()"
            " WHERE database_name = current_database()").fetchall():
        current = last if last is not None else start - 1
        goal = max(wanted.get(name) or 0, highest.get(name, 0))
        if goal > current:
            con.execute("SELECT max(nextval(?)) FROM range(?)", [name, goal - current])
