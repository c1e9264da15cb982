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


def analysis_scores(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    """The input of scoring.committee_analysis.analyse for one cycle: submission_id, examiner, class_code,
    criterion, score, weight of every scored criterion of a submitted, assigned assessment (partly
    scored ones included), with the submission's consensus_score (done consensus) and final_score
    (site visit, else that consensus) for the criterion."""
    return frame(
        con,
        "SELECT sc.submission_id, sc.examiner, s.class_code, sc.criterion, CAST(sc.score AS DOUBLE) AS score,"
        " CAST(c.weight AS DOUBLE) AS weight, CAST(cs.score AS DOUBLE) AS consensus_score,"
        " CAST(coalesce(vs.score, cs.score) AS DOUBLE) AS final_score"
        " FROM score sc JOIN submission s ON s.id = sc.submission_id"
        " JOIN criterion c ON c.cycle = s.cycle AND c.number = sc.criterion"
        " JOIN assignment a ON a.submission_id = sc.submission_id AND a.examiner = sc.examiner"
        " JOIN assessment x ON x.submission_id = sc.submission_id AND x.examiner = sc.examiner"
        " LEFT JOIN consensus k ON k.submission_id = sc.submission_id AND k.status = 'done'"
        " LEFT JOIN consensus_score cs ON cs.submission_id = k.submission_id AND cs.criterion = sc.criterion"
        " LEFT JOIN site_visit v ON v.submission_id = sc.submission_id"
        " LEFT JOIN site_visit_score vs ON vs.submission_id = v.submission_id AND vs.criterion = sc.criterion"
        " WHERE x.status = 'submitted' AND sc.score IS NOT NULL AND s.cycle = ?"
        " ORDER BY sc.submission_id, sc.examiner, sc.criterion",
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


# What the committee's ranking of one cycle reads, in one query, because the committee asks for it
# again and again in its meeting (the cycle's criteria, $numbers and $weights, are passed in, which
# spares joining them everywhere). Two kinds of rows come back:
#   units (examiner null): every submission with its unit, class and final totals, by the rule of
#     scoring.results: the site visit's score, else the done consensus's, else the mean of the
#     individual scores. A done consensus has a score for every criterion (scoring.consensus), so the
#     individual scores are only read for the submissions without one (waiting). complete is false
#     where that shortcut does not hold (a done consensus lacking a criterion, a site visit of a
#     submission without a done consensus); ranking_inputs() then reads the whole rule instead.
#   ratings (examiner set): each submitted, assigned assessment's weighted total, only where every
#     criterion is scored (as ratings()). Its score rows, the submitted assessment (kind 1) and the
#     place on the team (kind 2) are grouped per submission and examiner in one pass (bit_or of the
#     kinds = 3), which costs about half of joining the three tables on (submission, examiner).
_RANKING = """WITH subs AS (SELECT id, unit_id, class_code FROM submission WHERE cycle = $year),
evidence AS (
    SELECT submission_id, examiner, score * $weights[list_position($numbers, criterion)] AS weighted,
        $weights[list_position($numbers, criterion)] AS weight, 0 AS kind
    FROM score WHERE score IS NOT NULL AND list_contains($numbers, criterion)
    UNION ALL SELECT submission_id, examiner, NULL, NULL, 1 FROM assessment WHERE status = 'submitted'
    UNION ALL SELECT submission_id, examiner, NULL, NULL, 2 FROM assignment),
examined AS (
    SELECT e.submission_id, e.examiner, sum(e.weighted) / sum(e.weight) AS total, count(e.weight) AS scored
    FROM evidence e JOIN subs ON subs.id = e.submission_id
    GROUP BY e.submission_id, e.examiner HAVING bit_or(e.kind) = 3),
visit AS (
    SELECT vs.submission_id, vs.criterion, vs.score FROM site_visit_score vs
    JOIN site_visit v ON v.submission_id = vs.submission_id),
waiting AS (SELECT id FROM subs WHERE id NOT IN (SELECT submission_id FROM consensus WHERE status = 'done')),
indiv AS (
    SELECT sc.submission_id, sc.criterion, avg(sc.score) AS mean FROM score sc
    JOIN examined x ON x.submission_id = sc.submission_id AND x.examiner = sc.examiner
    WHERE sc.score IS NOT NULL AND list_contains($numbers, sc.criterion)
      AND sc.submission_id IN (SELECT id FROM waiting)
    GROUP BY sc.submission_id, sc.criterion),
final AS (
    SELECT cs.submission_id, $weights[list_position($numbers, cs.criterion)] AS weight,
        coalesce(vs.score, cs.score) AS score, vs.score IS NOT NULL AS visited, false AS waiting
    FROM consensus_score cs JOIN consensus k ON k.submission_id = cs.submission_id
    LEFT JOIN visit vs ON vs.submission_id = cs.submission_id AND vs.criterion = cs.criterion
    WHERE k.status = 'done' AND cs.score IS NOT NULL AND list_contains($numbers, cs.criterion)
    UNION ALL
    SELECT i.submission_id, $weights[list_position($numbers, i.criterion)], coalesce(v.score, i.mean),
        v.score IS NOT NULL, true
    FROM indiv i LEFT JOIN visit v ON v.submission_id = i.submission_id AND v.criterion = i.criterion
    UNION ALL
    SELECT id, NULL, NULL, NULL, true FROM waiting),
totals AS (
    SELECT submission_id, count(score) AS criteria, bool_or(waiting) AS waiting, bool_or(visited) AS site_visit,
        sum(score * weight) / sum(weight) AS total,
        CASE WHEN count(score) < len($numbers) THEN $missing WHEN bool_and(visited) THEN $visit
             WHEN bool_or(waiting) THEN $mean ELSE $cons END AS source,
        CAST(min(score) AS DOUBLE) AS min_criterion
    FROM final GROUP BY submission_id)
SELECT s.id AS submission_id, NULL AS examiner, u.id AS unit_id, u.name AS unit_name, u.organisation_id,
    o.name AS organisation, s.class_code, cl.name AS class_name, cl.position AS class_position,
    CASE WHEN t.criteria = len($numbers) THEN t.total END AS total, coalesce(t.source, $missing) AS source,
    coalesce(t.site_visit, false) AS site_visit, t.min_criterion,
    coalesce(CASE WHEN t.waiting THEN NOT coalesce(t.site_visit, false) ELSE t.criteria = len($numbers) END, false)
        AS complete
FROM subs s JOIN unit u ON u.id = s.unit_id JOIN organisation o ON o.id = u.organisation_id
JOIN competition_class cl ON cl.cycle = $year AND cl.code = s.class_code
LEFT JOIN totals t ON t.submission_id = s.id
UNION ALL
SELECT submission_id, examiner, NULL, NULL, NULL, NULL, NULL, NULL, NULL, total, NULL, NULL, NULL, NULL
FROM examined WHERE scored = len($numbers)
"""
# The whole rule for one cycle (the individual means wherever nothing is agreed), with each
# submission's lowest final criterion score.
_CYCLE_TOTALS = (_FINAL + "SELECT submission_id," + _TOTAL_COLUMNS +
                 ", min(score) AS min_criterion FROM final GROUP BY submission_id")
_UNIT_COLUMNS = ("submission_id", "unit_id", "unit_name", "organisation_id", "organisation", "class_code",
                 "class_name", "class_position")


def ranking_inputs(con: duckdb.DuckDBPyConnection, year: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(units, ratings) of one cycle, in no particular order.

    units: the columns of units() and total, source, site_visit (as scoring.results.weighted_totals)
    and min_criterion (the lowest final criterion score). ratings: submission_id, examiner, total
    (as ratings(), without cycle and class_code)."""
    criteria = con.execute("SELECT number, weight FROM criterion WHERE cycle = ? ORDER BY number", [year]).fetchall()
    labels = {"visit": SITE_VISIT, "cons": CONSENSUS, "mean": INDIVIDUAL_MEAN, "missing": MISSING}
    rows = frame(con, _RANKING, {"year": year, "numbers": [number for number, _ in criteria],
                                 "weights": [float(weight) for _, weight in criteria]} | labels)
    units, rated = _split(rows)
    if units["complete"].all():
        return units.drop("complete"), rated
    finals = frame(con, _CYCLE_TOTALS, {"years": [year]} | labels)
    return units.select(_UNIT_COLUMNS).join(finals, on="submission_id", how="left"), rated


def _split(rows: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The units rows (examiner null) and the ratings rows. DuckDB returns a UNION ALL's branches in
    order, so they are two slices; should they come mixed, they are filtered."""
    n = rows["examiner"].null_count()
    if rows["examiner"].head(n).null_count() == n:
        units, rated = rows.head(n), rows.tail(rows.height - n)
    else:
        units, rated = rows.filter(pl.col("examiner").is_null()), rows.filter(pl.col("examiner").is_not_null())
    return units.drop("examiner"), rated.select("submission_id", "examiner", "total")


def data_version(con: duckdb.DuckDBPyConnection) -> int:
    """A cheap number that grows with every audited change: the newest audit entry."""
    return int(con.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0])
