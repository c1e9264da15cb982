"""What the committee's ranking reads: individual ratings, units, earlier cycles, and totals over
several cycles at once (for history and statistics), each in one query whatever the cycle's size."""
from __future__ import annotations

from collections.abc import Sequence

import duckdb
import polars as pl

from scoring.store.database import frame
from scoring.store.results import SOURCES

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
    """The input of scoring.committee.analysis.analyse for one cycle: submission_id, examiner, class_code,
    criterion, score, weight of every scored criterion of a submitted, assigned assessment (partly
    scored ones included), with the submission's consensus_score (done consensus) and final_score
    (site visit, else that consensus) for the criterion."""
    return frame(
        con,
        "SELECT sc.submission_id, sc.examiner, s.class_code, sc.criterion, CAST(sc.score AS DOUBLE) AS score,"
        " CAST(c.weight AS DOUBLE) AS weight, CAST(cs.score AS DOUBLE) AS consensus_score,"
        " f.score AS final_score"
        " FROM score sc JOIN submission s ON s.id = sc.submission_id"
        " JOIN criterion c ON c.cycle = s.cycle AND c.number = sc.criterion"
        " JOIN assignment a ON a.submission_id = sc.submission_id AND a.examiner = sc.examiner"
        " JOIN assessment x ON x.submission_id = sc.submission_id AND x.examiner = sc.examiner"
        " LEFT JOIN consensus k ON k.submission_id = sc.submission_id AND k.status = 'done'"
        " LEFT JOIN consensus_score cs ON cs.submission_id = k.submission_id AND cs.criterion = sc.criterion"
        " LEFT JOIN agreed_score([$year]) f ON f.submission_id = sc.submission_id AND f.criterion = sc.criterion"
        " WHERE x.status = 'submitted' AND sc.score IS NOT NULL AND s.cycle = $year"
        " ORDER BY sc.submission_id, sc.examiner, sc.criterion",
        {"year": year},
    )


def rated_scores(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    """analysis_scores without consensus_score and final_score: the individual criterion scores alone, which
    is all that an earlier cycle's variances are fitted on (a lighter read: no agreed scores joined)."""
    return frame(
        con,
        "SELECT sc.submission_id, sc.examiner, s.class_code, sc.criterion, CAST(sc.score AS DOUBLE) AS score,"
        " CAST(c.weight AS DOUBLE) AS weight"
        " FROM score sc JOIN submission s ON s.id = sc.submission_id"
        " JOIN criterion c ON c.cycle = s.cycle AND c.number = sc.criterion" + _SUBMITTED +
        " AND s.cycle = $year ORDER BY sc.submission_id, sc.examiner, sc.criterion",
        {"year": year},
    )


# The latest signed cycles before $year, and a fingerprint of what the model reads from each: the rows of
# analysis_scores that the variances depend on (submission, examiner, class, criterion, score, weight) and the
# submitted practice scores, each as a count and a sum of row hashes. Equal fingerprints, equal model input.
_EARLIER_SIGNED = """WITH chosen AS (
    SELECT cycle FROM decision_signature WHERE status = 'signed' AND cycle < $year ORDER BY cycle DESC LIMIT $limit),
rated AS (
    SELECT s.cycle, count(*) AS n,
        sum(hash(sc.submission_id, sc.examiner, s.class_code, sc.criterion, sc.score, c.weight)) AS h
    FROM score sc JOIN submission s ON s.id = sc.submission_id JOIN chosen ON chosen.cycle = s.cycle
    JOIN criterion c ON c.cycle = s.cycle AND c.number = sc.criterion""" + _SUBMITTED + """
    GROUP BY s.cycle),
practised AS (
    SELECT p.cycle, count(*) AS n, sum(hash(p.examiner, p.attempt, p.criterion, p.score)) AS h
    FROM practice_score p JOIN chosen ON chosen.cycle = p.cycle
    JOIN practice_attempt a ON a.cycle = p.cycle AND a.examiner = p.examiner AND a.attempt = p.attempt
    WHERE a.status = 'submitted' AND p.score IS NOT NULL GROUP BY p.cycle)
SELECT chosen.cycle, coalesce(r.n, 0) AS rows,
    concat_ws(':', coalesce(r.n, 0), coalesce(r.h, 0), coalesce(pr.n, 0), coalesce(pr.h, 0)) AS fingerprint
FROM chosen LEFT JOIN rated r ON r.cycle = chosen.cycle LEFT JOIN practised pr ON pr.cycle = chosen.cycle
ORDER BY chosen.cycle DESC"""


def earlier_signed(con: duckdb.DuckDBPyConnection, year: int, limit: int) -> pl.DataFrame:
    """cycle, rows, fingerprint of the latest ``limit`` cycles before ``year`` whose decision is signed,
    newest first: rows, the scored criteria of submitted, assigned assessments (analysis_scores' rows);
    fingerprint, those rows and the submitted practice scores as counts and sums of row hashes (one
    aggregate each, without reading the rows out), so a changed score changes it."""
    return frame(con, _EARLIER_SIGNED, {"year": year, "limit": limit})


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
        "SELECT submission_id, unit_id, unit_name, organisation_id, organisation, class_code, class_name,"
        " class_position FROM submission_detail WHERE cycle = ? ORDER BY class_position, unit_name",
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


# Final totals come from final_total(years) (migration 0009), the one aggregator over the one
# final_score rule; nothing below writes the precedence again.
_TOTALS = """SELECT submission_id, cycle, class_code, total, $sources[source_rank + 1] AS source, site_visit
FROM final_total($years) ORDER BY cycle, submission_id"""
_TOTALS_IN_CLASSES = """SELECT submission_id, cycle, class_code, total, $sources[source_rank + 1] AS source, site_visit
FROM final_total($years) WHERE list_contains($classes, CAST(cycle AS VARCHAR) || '/' || class_code)
ORDER BY cycle, submission_id"""


def totals(con: duckdb.DuckDBPyConnection, years: Sequence[int],
           classes: Sequence[tuple[int, str]] | None = None) -> pl.DataFrame:
    """submission_id, cycle, class_code, total (null unless every criterion has a final score), source
    (the weakest among the criteria, as scoring.assessment.results.weighted_totals) and site_visit.
    classes: only these (cycle, class_code) pairs — a unit's earlier classes, say."""
    params = {"years": list(years), "sources": list(SOURCES)}
    if classes is None:
        return frame(con, _TOTALS, params)
    return frame(con, _TOTALS_IN_CLASSES, params | {"classes": [f"{c}/{k}" for c, k in classes]})


# What the committee's ranking of one cycle reads about its units, in one query: every submission with its
# unit, class and final totals from final_total (the one rule and aggregator of migration 0009), and
# min_criterion, its lowest final score. The individual ratings are not read here: the model reads the
# criterion scores (analysis_scores).
_RANKING_UNITS = """SELECT d.submission_id, d.unit_id, d.unit_name, d.organisation_id, d.organisation,
    d.class_code, d.class_name, d.class_position, t.total, $sources[coalesce(t.source_rank, 3) + 1] AS source,
    coalesce(t.site_visit, false) AS site_visit, t.min_criterion
FROM submission_detail d LEFT JOIN final_total([$year]) t ON t.submission_id = d.submission_id
WHERE d.cycle = $year"""


def ranking_units(con: duckdb.DuckDBPyConnection, year: int) -> pl.DataFrame:
    """The units the committee's ranking of one cycle ranks, in no particular order: the columns of
    units() and total, source, site_visit (as scoring.assessment.results.weighted_totals) and min_criterion
    (the lowest final criterion score)."""
    return frame(con, _RANKING_UNITS, {"year": year, "sources": list(SOURCES)})
