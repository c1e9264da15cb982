"""Queries for the scale generator (scoring.bench.generator) and the floors of `kvalitet bench` (scoring.bench.run).

The floors are what an operation cannot go below on this machine and this database: a bare
parameterised insert, and a bare GROUP BY average over a cycle's score rows.
"""
from __future__ import annotations

import duckdb
import polars as pl

from scoring.store.database import frame


def submission_ids(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    """unit_id → submission id for a cycle (after a bulk insert that let the sequence number them)."""
    return frame(con, "SELECT unit_id, id AS submission_id FROM submission WHERE cycle = ?", [year])


def board_decision_ids(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    return frame(con, "SELECT organisation_id, id AS board_decision_id FROM board_decision WHERE cycle = ?", [year])


def organisation_ids(con: duckdb.DuckDBPyConnection) -> list[int]:
    return [r[0] for r in con.execute("SELECT id FROM organisation ORDER BY id").fetchall()]


def checkpoint(con: duckdb.DuckDBPyConnection) -> None:
    """Write the WAL into the database file, so a copy of the file alone is complete."""
    con.execute("CHECKPOINT")


def table_counts(con: duckdb.DuckDBPyConnection, tables: tuple[str, ...]) -> dict[str, int]:
    out = {}
    for table in tables:
        if not table.isidentifier():
            raise ValueError(f"ogiltigt tabellnamn: {table!r}")
        out[table] = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    return out


# -- floors ------------------------------------------------------------------------------------

def create_floor_table(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE TEMP TABLE IF NOT EXISTS bench_floor (submission_id INTEGER, examiner VARCHAR,"
                " criterion INTEGER, score INTEGER)")


def bare_insert(con: duckdb.DuckDBPyConnection, i: int) -> None:
    """One parameterised single-row insert: the floor of saving a score."""
    con.execute("INSERT INTO bench_floor VALUES (?, ?, ?, ?)", [i, "examinator1", 1 + i % 5, 10 * (i % 11)])


def unchanged_write(con: duckdb.DuckDBPyConnection, year: int) -> None:
    """A committed write that changes no value (the cycle's phase set to itself): it moves the store's
    data version, as a comment or a phase change elsewhere would, and leaves every score as it was."""
    con.execute("UPDATE cycle SET phase = phase WHERE year = ?", [year])


def bare_group_by(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    """A plain mean per submission over the cycle's individual score rows: the floor of the ranking."""
    return frame(con, "SELECT sc.submission_id, avg(sc.score) AS mean FROM score sc"
                      " JOIN submission s ON s.id = sc.submission_id WHERE s.cycle = ?"
                      " GROUP BY sc.submission_id", [year])


def page_data(con: duckdb.DuckDBPyConnection, year: int) -> dict[str, int]:
    """How much each measured page and operation has to show or process in a cycle, for the growth table:
    an examiner's list, a lead's consensus list, the largest class (the committee sees one class at a time),
    the cycle's submissions and examiners (the kansli's progress), and the cycle's individual score rows."""
    one = lambda sql, params: int(con.execute(sql, params).fetchone()[0] or 0)  # noqa: E731
    return {
        "examiner_submissions": one("SELECT count(*) FROM assignment a JOIN submission s ON s.id = a.submission_id"
                                    " WHERE s.cycle = ? AND a.examiner = 'examinator1'", [year]),
        "lead_submissions": one("SELECT count(*) FROM assignment a JOIN submission s ON s.id = a.submission_id"
                                " WHERE s.cycle = ? AND a.examiner = 'examinator1' AND a.is_lead", [year]),
        "largest_class": one("SELECT max(n) FROM (SELECT count(*) AS n FROM submission WHERE cycle = ?"
                             " GROUP BY class_code)", [year]),
        "submissions": one("SELECT count(*) FROM submission WHERE cycle = ?", [year]),
        "examiners": one("SELECT count(DISTINCT a.examiner) FROM assignment a JOIN submission s"
                         " ON s.id = a.submission_id WHERE s.cycle = ?", [year]),
        "score_rows": one("SELECT count(*) FROM score sc JOIN submission s ON s.id = sc.submission_id"
                          " WHERE s.cycle = ?", [year]),
    }
