"""Final scores per criterion (site visit > done consensus > mean of submitted assessments) and
the texts and facts a feedback report needs, in bulk for a whole cycle."""
from __future__ import annotations

import duckdb
import polars as pl

from scoring.store.database import frame

SITE_VISIT, CONSENSUS, INDIVIDUAL_MEAN, MISSING = "platsbesök", "konsensus", "individuellt medel", "saknas"
# The names of final_score's source_rank (migration 0009), best first.
SOURCES = (SITE_VISIT, CONSENSUS, INDIVIDUAL_MEAN, MISSING)

# The rule itself is the table macro final_score(years) of migration 0009, and the weighted totals
# its one aggregator final_total(years); nothing here or elsewhere writes the precedence again.
_FINAL = """SELECT submission_id, class_code, criterion, score, $sources[source_rank + 1] AS source
FROM final_score([$year]) ORDER BY submission_id, criterion"""
_TOTALS = """SELECT submission_id, class_code, total, criteria_scored, $sources[source_rank + 1] AS source, site_visit
FROM final_total([$year]) ORDER BY submission_id"""


def final_scores(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    """One row per submission and criterion of the cycle: score and where it came from."""
    return frame(con, _FINAL, {"year": year, "sources": list(SOURCES)})


def final_totals(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    """One row per submission of the cycle: submission_id, class_code, total (null unless every
    criterion has a final score), criteria_scored, source (the weakest) and site_visit."""
    return frame(con, _TOTALS, {"year": year, "sources": list(SOURCES)})


def weights(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    return frame(con, "SELECT number AS criterion, weight FROM criterion WHERE cycle = ? ORDER BY number", [year])


def submissions(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    """Every submission of the cycle with unit, organisation, class and its team's lead."""
    return frame(
        con,
        "SELECT d.submission_id, d.unit_id, d.unit_name, d.organisation, d.class_code, d.class_name,"
        " d.class_position,"
        " (SELECT a.examiner FROM assignment a WHERE a.submission_id = d.submission_id AND a.is_lead LIMIT 1) AS lead"
        " FROM submission_detail d WHERE d.cycle = ? ORDER BY d.class_position, d.unit_name",
        [year],
    )


def consensus_texts(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    """The texts of every done consensus in the cycle."""
    return frame(
        con,
        "SELECT cs.submission_id, cs.criterion, cs.strengths, cs.improvements FROM consensus_score cs"
        " JOIN consensus k ON k.submission_id = cs.submission_id JOIN submission s ON s.id = cs.submission_id"
        " WHERE s.cycle = ? AND k.status = 'done'",
        [year],
    )


def team_texts(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    """The submitted members' texts per submission and criterion, lead first (for units without consensus)."""
    return frame(
        con,
        "SELECT sc.submission_id, sc.criterion,"
        " list(sc.strengths ORDER BY a.is_lead DESC, sc.examiner) AS strengths,"
        " list(sc.improvements ORDER BY a.is_lead DESC, sc.examiner) AS improvements"
        " FROM score sc JOIN submission s ON s.id = sc.submission_id"
        " JOIN assignment a ON a.submission_id = sc.submission_id AND a.examiner = sc.examiner"
        " JOIN assessment x ON x.submission_id = sc.submission_id AND x.examiner = sc.examiner"
        " WHERE s.cycle = ? AND x.status = 'submitted' GROUP BY sc.submission_id, sc.criterion",
        [year],
    )


def site_visit_reasons(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    """The committee's reason for every score it adjusted at a site visit in the cycle."""
    return frame(
        con,
        "SELECT vs.submission_id, vs.criterion, vs.reason FROM site_visit_score vs"
        " JOIN site_visit v ON v.submission_id = vs.submission_id JOIN submission s ON s.id = vs.submission_id"
        " WHERE s.cycle = ?",
        [year],
    )
