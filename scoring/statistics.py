"""Statistics across cycles: participation per förvaltning and class against the targets, the
distribution of final totals per cycle and class, and each examiner's severity year by year.

Severity per year comes from fitting scoring.calibration's additive model to that year's
individual ratings on its own, so one year's estimate never borrows from another's. A severity
is only comparable within the connected group of examiners it was estimated in (see the
calibration page's warnings for that year).
"""
from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from scoring.access import User, require_role
from scoring.calibration import calibrate_examiners
from scoring.store import Store
from scoring.store import ranking as ranking_store
from scoring.store import statistics as store

READERS = ("committee", "chair", "admin")


@dataclass(frozen=True, eq=False)
class StatisticsView:
    """organisations: cycle, organisation, participants, target, met (null without a target).
    classes: cycle, class_name, class_position, participants. totals: cycle, class_name, total.
    severity: cycle, examiner, display_name, severity, severity_se, n_assessments."""

    years: list[int]
    organisations: pl.DataFrame
    classes: pl.DataFrame
    totals: pl.DataFrame
    severity: pl.DataFrame


def statistics_view(db: Store, actor: User) -> StatisticsView:
    require_role(actor, *READERS)
    with db.read() as con:
        years = ranking_store.cycle_years(con)
        parts, goals, names = store.participation(con), store.targets(con), store.class_names(con)
        totals = ranking_store.totals(con, years)
        rated = ranking_store.ratings(con, years)
        people = ranking_store.examiner_names(con)
    return StatisticsView(years, participation_by_organisation(parts, goals), participation_by_class(parts),
                          score_distributions(totals, names), severity_over_years(rated, people))


def participation_by_organisation(participation: pl.DataFrame, targets: pl.DataFrame) -> pl.DataFrame:
    """Per cycle and förvaltning: participants, target and whether it was met. A förvaltning with a
    target but no unit is listed with 0 participants."""
    counted = (participation.group_by("cycle", "organisation_id", "organisation")
               .agg(participants=pl.col("participants").sum().cast(pl.Int64)))
    return (counted.join(targets.select("cycle", "organisation_id", "organisation", pl.col("target").cast(pl.Int64)),
                         on=["cycle", "organisation_id"], how="full", coalesce=True)
            .with_columns(organisation=pl.coalesce("organisation", "organisation_right"),
                          participants=pl.col("participants").fill_null(0))
            .with_columns(met=pl.when(pl.col("target").is_not_null())
                          .then(pl.col("participants") >= pl.col("target")))
            .select("cycle", "organisation", "participants", "target", "met")
            .sort("cycle", "organisation"))


def participation_by_class(participation: pl.DataFrame) -> pl.DataFrame:
    return (participation.group_by("cycle", "class_code", "class_name", "class_position")
            .agg(participants=pl.col("participants").sum().cast(pl.Int64))
            .sort("cycle", "class_position"))


def score_distributions(totals: pl.DataFrame, class_names: pl.DataFrame) -> pl.DataFrame:
    """cycle, class_name, class_position, total: every complete final total."""
    return (totals.drop_nulls("total")
            .join(class_names, on=["cycle", "class_code"], how="left")
            .select("cycle", "class_code", "class_name", "class_position", "total", "source")
            .sort("cycle", "class_position", "total"))


def severity_over_years(ratings: pl.DataFrame, names: pl.DataFrame) -> pl.DataFrame:
    """One calibration per cycle: cycle, examiner, display_name, severity, severity_se, n_assessments."""
    parts = []
    for (cycle,), rated in ratings.group_by("cycle", maintain_order=True):
        if rated.select(pl.col("submission_id").n_unique()).item() < 2:
            continue
        fitted = calibrate_examiners(rated.drop("cycle")).examiners
        parts.append(fitted.with_columns(cycle=pl.lit(cycle, dtype=pl.Int64)))
    schema = {"cycle": pl.Int64, "examiner": pl.String, "display_name": pl.String, "severity": pl.Float64,
              "severity_se": pl.Float64, "n_assessments": pl.Int64}
    if not parts:
        return pl.DataFrame(schema=schema)
    return (pl.concat(parts).join(names, on="examiner", how="left")
            .with_columns(pl.col("display_name").fill_null(pl.col("examiner")))
            .select(list(schema)).sort("cycle", "examiner"))


def short_class_name(name: str, width: int = 28) -> str:
    """A chart label for a long class name: up to the first comma or 'inklusive', then cut."""
    short = name.split(",")[0].split(" inklusive")[0].strip()
    return short if len(short) <= width else short[: width - 1].rstrip() + "…"
