"""A unit's final score per criterion, and weighted totals, derived when read.

Final score per criterion = the site-visit score where the visit adjusted it,
else the consensus score (only a consensus marked done counts), else the mean
of the team's submitted individual scores. `source` always says which:

    'platsbesök' | 'konsensus' | 'individuellt medel' | 'saknas'

('saknas': no submitted assessment at all; the score is then null.)

The rule is written once, as the table macro final_score(years) of migration
0009, and the weighted totals once, as final_total(years); results, the
committee's ranking, feedback reports, the chair's signature and the archive
all read them. These are building blocks computed in DuckDB in a few queries
for a whole cycle, whatever its size. They take no actor: the functions that show
results to a person (scoring.ceremony.feedback, the committee's ranking, the pages)
check who is asking before they call these.
"""
from __future__ import annotations

import polars as pl

from scoring.store import Store, cycles
from scoring.store import results as store
from scoring.store.results import CONSENSUS, INDIVIDUAL_MEAN, MISSING, SITE_VISIT

SOURCES = store.SOURCES   # best first

SOURCE_LABELS = {
    SITE_VISIT: "justerad vid platsbesök",
    CONSENSUS: "teamets konsensus",
    INDIVIDUAL_MEAN: "medelvärde av individuella bedömningar (ingen klar konsensus)",
    MISSING: "ingen inskickad bedömning",
}


def final_scores(db: Store, year: int) -> pl.DataFrame:
    """submission_id, class_code, criterion, score (Float64, null when missing), source."""
    with db.read() as con:
        return store.final_scores(con, year)


def weighted_totals(db: Store, year: int) -> pl.DataFrame:
    """One row per submission: the weighted total of the final scores on the cycle's scale.

    Columns: submission_id, class_code, total (null unless every criterion has a
    score), criteria_scored, source (the weakest source among the criteria, so
    'individuellt medel' marks a preliminary total) and site_visit (any
    criterion adjusted at a site visit). Computed by the database's one
    aggregator, final_total (migration 0009), over the same final_score rule.
    """
    with db.read() as con:
        return store.final_totals(con, year)


def class_medians(finals: pl.DataFrame) -> pl.DataFrame:
    """class_code, criterion, median of the final scores in the class (units without a score left out)."""
    return (finals.filter(pl.col("score").is_not_null())
            .group_by("class_code", "criterion").agg(median=pl.col("score").median())
            .sort("class_code", "criterion"))


def class_total_medians(totals: pl.DataFrame) -> pl.DataFrame:
    """class_code, median of the weighted totals in the class."""
    return (totals.filter(pl.col("total").is_not_null())
            .group_by("class_code").agg(total_median=pl.col("total").median()).sort("class_code"))


def cycle_years(db: Store) -> list[int]:
    """Every cycle's year, newest first (for the pages' cycle picker)."""
    with db.read() as con:
        return cycles.years(con)
