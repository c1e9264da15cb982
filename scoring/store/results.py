"""Final scores per criterion (site visit > done consensus > mean of submitted assessments) and
the texts and facts a feedback report needs, in bulk for a whole cycle."""
from __future__ import annotations

import duckdb
import polars as pl

from scoring.store.database import frame

SITE_VISIT, CONSENSUS, INDIVIDUAL_MEAN, MISSING = "platsbesök", "konsensus", "individuellt medel", "saknas"

_FINAL = """
WITH subs AS (SELECT id, class_code FROM submission WHERE cycle = $year),
crit AS (SELECT number FROM criterion WHERE cycle = $year),
indiv AS (
    SELECT sc.submission_id, sc.criterion, avg(sc.score) AS mean
    FROM score sc
    JOIN subs ON subs.id = sc.submission_id
    JOIN assignment a ON a.submission_id = sc.submission_id AND a.examiner = sc.examiner
    JOIN assessment x ON x.submission_id = sc.submission_id AND x.examiner = sc.examiner
    WHERE x.status = 'submitted' AND sc.score IS NOT NULL
    GROUP BY sc.submission_id, sc.criterion),
cons AS (
    SELECT cs.submission_id, cs.criterion, cs.score
    FROM consensus_score cs JOIN subs ON subs.id = cs.submission_id
    JOIN consensus k ON k.submission_id = cs.submission_id
    WHERE k.status = 'done' AND cs.score IS NOT NULL),
visit AS (
    SELECT vs.submission_id, vs.criterion, vs.score
    FROM site_visit_score vs JOIN subs ON subs.id = vs.submission_id
    JOIN site_visit v ON v.submission_id = vs.submission_id)
SELECT subs.id AS submission_id, subs.class_code, crit.number AS criterion,
    CAST(coalesce(visit.score, cons.score, indiv.mean) AS DOUBLE) AS score,
    CASE WHEN visit.score IS NOT NULL THEN $visit WHEN cons.score IS NOT NULL THEN $cons
         WHEN indiv.mean IS NOT NULL THEN $mean ELSE $missing END AS source
FROM subs CROSS JOIN crit
LEFT JOIN visit ON visit.submission_id = subs.id AND visit.criterion = crit.number
LEFT JOIN cons ON cons.submission_id = subs.id AND cons.criterion = crit.number
LEFT JOIN indiv ON indiv.submission_id = subs.id AND indiv.criterion = crit.number
ORDER BY submission_id, criterion
"""


def final_scores(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    """One row per submission and criterion of the cycle: score and where it came from."""
    return frame(con, _FINAL, {"year": year, "visit": SITE_VISIT, "cons": CONSENSUS,
                               "mean": INDIVIDUAL_MEAN, "missing": MISSING})


def weights(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    return frame(con, "SELECT number AS criterion, weight FROM criterion WHERE cycle = ? ORDER BY number", [year])


def submissions(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    """Every submission of the cycle with unit, organisation, class and its team's lead."""
    return frame(
        con,
        "SELECT s.id AS submission_id, u.id AS unit_id, u.name AS unit_name, o.name AS organisation,"
        " s.class_code, c.name AS class_name, c.position AS class_position,"
        " (SELECT a.examiner FROM assignment a WHERE a.submission_id = s.id AND a.is_lead LIMIT 1) AS lead"
        " FROM submission s JOIN unit u ON u.id = s.unit_id JOIN organisation o ON o.id = u.organisation_id"
        " JOIN competition_class c ON c.cycle = s.cycle AND c.code = s.class_code"
        " WHERE s.cycle = ? ORDER BY c.position, u.name",
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
