"""Figures across every cycle: participation per förvaltning and class, and the targets."""
from __future__ import annotations

import duckdb
import polars as pl

from scoring.store.database import frame


def participation(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """cycle, organisation_id, organisation, class_code, class_name, class_position, participants."""
    return frame(
        con,
        "SELECT cycle, organisation_id, organisation, class_code, class_name, class_position,"
        " count(*) AS participants FROM submission_detail"
        " GROUP BY ALL ORDER BY cycle, organisation, class_position")


def targets(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """cycle, organisation_id, organisation, target."""
    return frame(
        con,
        "SELECT t.cycle, t.organisation_id, o.name AS organisation, t.target FROM participation_target t"
        " JOIN organisation o ON o.id = t.organisation_id ORDER BY t.cycle, o.name")


def class_names(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """cycle, class_code, class_name, class_position for every cycle."""
    return frame(con, "SELECT cycle, code AS class_code, name AS class_name, position AS class_position"
                      " FROM competition_class ORDER BY cycle, position")


def cycle_phases(con: duckdb.DuckDBPyConnection) -> dict[int, str]:
    """year → phase of every cycle."""
    return dict(con.execute("SELECT year, phase FROM cycle ORDER BY year").fetchall())
