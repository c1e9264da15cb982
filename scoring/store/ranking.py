"""What the committee's ranking reads: individual ratings, units, earlier cycles, and totals over
several cycles at once (for history and statistics), each in one query whatever the cycle's size."""
from __future__ import annotations

from collections.abc import Sequence

import duckdb
import polars as pl

from scoring.store.database import frame
from scoring.store.results import CONSENSUS, INDIVIDUAL_MEAN, MISSING, SITE_VISIT

# An examiner's submitted, assigned assessments; the same filter as scoring.store.results.
_SUBMITTED = """
    JOIN assignment a ON a.submission_id = sc.submission_id AND a.examiner = sc.examiner
    JOIN assessment x ON x.submission_id = sc.submission_id AND x.examiner = sc.examiner
    WHERE x.status = 'submitted' AND sc.score IS NOT NULL"""


def criterion_scores(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    """submission_id, examiner, class_code, criterion, score of every submitted assessment in the cycle."""
    return frame(
        con,
        "SELECT sc.submission_id, sc.examiner, s.class_code, sc.criterion, CAST(sc.score AS DOUBLE) AS score"
        " FROM score sc JOIN submission s ON s.id = sc.submission_id" + _SUBMITTED +
        " AND s.cycle = ? ORDER BY sc.submission_id, sc.examiner, sc.criterion",
        [year],
    )


def ratings(con: duckdb.DuckDBPyConnection, years: Sequence[int]) -> pl.DataFrame:
    """cycle, submission_id, examiner, class_code, total: each submitted assessment's weighted total
    (weights of its cycle), only where every criterion of the cycle is scored."""
    return frame(
        con,
        "WITH n AS (SELECT cycle, count(*) AS criteria FROM criterion GROUP BY cycle)"
        " SELECT s.cycle, sc.submission_id, sc.examiner, s.class_code,"
        " sum(sc.score * c.weight) / sum(c.weight) AS total"
        " FROM score sc JOIN submission s ON s.id = sc.submission_id"
        " JOIN criterion c ON c.cycle = s.cycle AND c.number = sc.criterion" + _SUBMITTED +
        " AND list_contains($years, s.cycle)"
        " GROUP BY s.cycle, sc.submission_id, sc.examiner, s.class_code"
        " HAVING count(*) = (SELECT criteria FROM n WHERE n.cycle = s.cycle)"
        " ORDER BY s.cycle, sc.submission_id, sc.examiner",
        {"years": list(years)},
    )


def units(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    """Every submission of the cycle: unit, förvaltning (id and name), class and its position."""
    return frame(
        con,
        "SELECT s.id AS submission_id, u.id AS unit_id, u.name AS unit_name, u.organisation_id,"
        " o.name AS organisation, s.class_code, c.name AS class_name, c.position AS class_position"
        " FROM submission s JOIN unit u ON u.id = s.unit_id JOIN organisation o ON o.id = u.organisation_id"
        " JOIN competition_class c ON c.cycle = s.cycle AND c.code = s.class_code"
        " WHERE s.cycle = ? ORDER BY c.position, u.name",
        [year],
    )


def classes(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    return frame(con, "SELECT code AS class_code, name AS class_name, position, prize_amount, presenter"
                      " FROM competition_class WHERE cycle = ? ORDER BY position", [year])


def criteria(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    return frame(con, "SELECT number AS criterion, title, weight FROM criterion WHERE cycle = ? ORDER BY number",
                 [year])


def examiner_names(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return frame(con, "SELECT username AS examiner, display_name FROM account ORDER BY username")


def earlier_participations(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    """For each submission of the cycle, the same unit's submissions in earlier cycles:
    submission_id, earlier_cycle, earlier_submission, earlier_class, earlier_class_name."""
    return frame(
        con,
        "SELECT cur.id AS submission_id, prev.cycle AS earlier_cycle, prev.id AS earlier_submission,"
        " prev.class_code AS earlier_class, c.name AS earlier_class_name"
        " FROM submission cur JOIN submission prev ON prev.unit_id = cur.unit_id AND prev.cycle < cur.cycle"
        " JOIN competition_class c ON c.cycle = prev.cycle AND c.code = prev.class_code"
        " WHERE cur.cycle = ? ORDER BY cur.id, prev.cycle",
        [year],
    )


def cycle_years(con: duckdb.DuckDBPyConnection) -> list[int]:
    return [r[0] for r in con.execute("SELECT year FROM cycle ORDER BY year").fetchall()]


def signed_awards(con: duckdb.DuckDBPyConnection, years: Sequence[int]) -> pl.DataFrame:
    """cycle, submission_id, kind of the awards in cycles whose decisions are signed."""
    return frame(
        con,
        "SELECT aw.cycle, aw.submission_id, aw.kind FROM award aw"
        " JOIN decision_signature ds ON ds.cycle = aw.cycle AND ds.status = 'signed'"
        " WHERE list_contains($years, aw.cycle) ORDER BY aw.cycle, aw.submission_id",
        {"years": list(years)},
    )


# The final weighted total of every submission in several cycles at once. The same rule as
# scoring.store.results.final_scores (site visit > done consensus > mean of submitted
# assessments), for many cycles in one query; a test keeps the two equal.
_FINAL = """
WITH subs AS (SELECT id, cycle, class_code FROM submission WHERE list_contains($years, cycle)),
crit AS (SELECT cycle, number, weight FROM criterion WHERE list_contains($years, cycle)),
indiv AS (
    SELECT sc.submission_id, sc.criterion, avg(sc.score) AS mean
    FROM score sc JOIN subs ON subs.id = sc.submission_id""" + _SUBMITTED + """
    GROUP BY sc.submission_id, sc.criterion),
cons AS (
    SELECT cs.submission_id, cs.criterion, cs.score FROM consensus_score cs
    JOIN subs ON subs.id = cs.submission_id JOIN consensus k ON k.submission_id = cs.submission_id
    WHERE k.status = 'done' AND cs.score IS NOT NULL),
visit AS (
    SELECT vs.submission_id, vs.criterion, vs.score FROM site_visit_score vs
    JOIN subs ON subs.id = vs.submission_id JOIN site_visit v ON v.submission_id = vs.submission_id),
final AS (
    SELECT subs.id AS submission_id, subs.cycle, subs.class_code, crit.weight,
        CAST(coalesce(visit.score, cons.score, indiv.mean) AS DOUBLE) AS score,
        CASE WHEN visit.score IS NOT NULL THEN 0 WHEN cons.score IS NOT NULL THEN 1
             WHEN indiv.mean IS NOT NULL THEN 2 ELSE 3 END AS source_rank
    FROM subs JOIN crit ON crit.cycle = subs.cycle
    LEFT JOIN visit ON visit.submission_id = subs.id AND visit.criterion = crit.number
    LEFT JOIN cons ON cons.submission_id = subs.id AND cons.criterion = crit.number
    LEFT JOIN indiv ON indiv.submission_id = subs.id AND indiv.criterion = crit.number)
"""
_TOTAL_COLUMNS = """
    CASE WHEN count(score) = count(*) THEN sum(score * weight) / sum(weight) END AS total,
    CASE max(source_rank) WHEN 0 THEN $visit WHEN 1 THEN $cons WHEN 2 THEN $mean ELSE $missing END AS source,
    bool_or(source_rank = 0) AS site_visit"""
_TOTALS = (_FINAL + "SELECT submission_id, cycle, class_code," + _TOTAL_COLUMNS +
           " FROM final GROUP BY submission_id, cycle, class_code ORDER BY cycle, submission_id")

_TOTALS_IN_CLASSES = _TOTALS.replace(
    "WHERE list_contains($years, cycle)),",
    "WHERE list_contains($years, cycle) AND list_contains($classes, CAST(cycle AS VARCHAR) || '/' || class_code)),", 1)


def totals(con: duckdb.DuckDBPyConnection, years: Sequence[int],
           classes: Sequence[tuple[int, str]] | None = None) -> pl.DataFrame:
    """submission_id, cycle, class_code, total (null unless every criterion has a final score), source
    (the weakest among the criteria, as scoring.results.weighted_totals) and site_visit.
    classes: only these (cycle, class_code) pairs — a unit's earlier classes, say."""
    params = {"years": list(years), "visit": SITE_VISIT, "cons": CONSENSUS, "mean": INDIVIDUAL_MEAN,
              "missing": MISSING}
    if classes is None:
        return frame(con, _TOTALS, params)
    return frame(con, _TOTALS_IN_CLASSES, params | {"classes": [f"{c}/{k}" for c, k in classes]})


# The committee's ranking of one cycle, asked for again and again in its meeting: two lean queries.

# Each submitted, assigned assessment's weighted total, only where every criterion is scored: the
# same rows as ratings() for one cycle. The score rows, the submitted assessment (kind 1) and the
# place on the team (kind 2) are grouped per submission and examiner in one pass, which costs about
# half of joining the three tables on (submission, examiner).
_CYCLE_RATINGS = """
WITH crit AS (SELECT number, weight FROM criterion WHERE cycle = $year),
evidence AS (
    SELECT sc.submission_id, sc.examiner, sc.score * c.weight AS weighted, c.weight, 0 AS kind
    FROM score sc JOIN crit c ON c.number = sc.criterion WHERE sc.score IS NOT NULL
    UNION ALL SELECT submission_id, examiner, 0, 0, 1 FROM assessment WHERE status = 'submitted'
    UNION ALL SELECT submission_id, examiner, 0, 0, 2 FROM assignment)
SELECT e.submission_id, e.examiner, sum(e.weighted) / sum(e.weight) AS total
FROM evidence e JOIN submission s ON s.id = e.submission_id
WHERE s.cycle = $year
GROUP BY e.submission_id, e.examiner
HAVING bool_or(e.kind = 1) AND bool_or(e.kind = 2)
    AND count(*) FILTER (WHERE e.kind = 0) = (SELECT count(*) FROM crit)
"""


def cycle_ratings(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    """submission_id, examiner, total: ratings() of one cycle without cycle and class_code, in no
    particular order."""
    return frame(con, _CYCLE_RATINGS, {"year": year})


# The agreed scores only (site visit > done consensus), per submission. When every criterion of
# every submission has one, as when the committee decides, these are the final totals and the
# individual scores need not be read.
_AGREED_TOTALS = """
WITH subs AS (SELECT id FROM submission WHERE cycle = $year),
crit AS (SELECT number, weight FROM criterion WHERE cycle = $year),
visit AS (
    SELECT vs.submission_id, vs.criterion, vs.score FROM site_visit_score vs
    JOIN site_visit v ON v.submission_id = vs.submission_id JOIN subs ON subs.id = vs.submission_id),
agreed AS (
    SELECT submission_id, criterion, score, 0 AS source_rank FROM visit
    UNION ALL
    SELECT cs.submission_id, cs.criterion, cs.score, 1 FROM consensus_score cs
    JOIN consensus k ON k.submission_id = cs.submission_id JOIN subs ON subs.id = cs.submission_id
    WHERE k.status = 'done' AND cs.score IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM visit WHERE visit.submission_id = cs.submission_id
                    AND visit.criterion = cs.criterion)),
per AS (
    SELECT a.submission_id, count(*) AS criteria, sum(a.score * c.weight) / sum(c.weight) AS total,
        max(a.source_rank) AS worst, bool_or(a.source_rank = 0) AS site_visit,
        CAST(min(a.score) AS DOUBLE) AS min_criterion
    FROM agreed a JOIN crit c ON c.number = a.criterion GROUP BY a.submission_id)
SELECT subs.id AS submission_id, per.total, CASE per.worst WHEN 0 THEN $visit ELSE $cons END AS source,
    per.site_visit, per.min_criterion, coalesce(per.criteria = (SELECT count(*) FROM crit), false) AS complete
FROM subs LEFT JOIN per ON per.submission_id = subs.id
"""
_CYCLE_TOTALS = (_FINAL + "SELECT submission_id," + _TOTAL_COLUMNS +
                 ", min(score) AS min_criterion FROM final GROUP BY submission_id")


def final_totals(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    """submission_id, total, source, site_visit (as scoring.results.weighted_totals) and min_criterion
    (the lowest final criterion score) of every submission of the cycle, in no particular order.

    Reads the agreed scores first; only when some criterion of some submission has none does it
    read the whole rule again, with the means of the individual scores."""
    labels = {"visit": SITE_VISIT, "cons": CONSENSUS}
    agreed = frame(con, _AGREED_TOTALS, {"year": year} | labels)
    if agreed["complete"].all():
        return agreed.drop("complete")
    return frame(con, _CYCLE_TOTALS, {"years": [year], "mean": INDIVIDUAL_MEAN, "missing": MISSING} | labels)


def data_version(con: duckdb.DuckDBPyConnection) -> int:
    """A cheap number that grows with every audited change: the newest audit entry."""
    return int(con.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0])
