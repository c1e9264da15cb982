"""Statistics across cycles: participation per förvaltning and class against the targets, the
distribution of final totals per cycle and class, and each examiner's severity year by year.

Severity per year comes from fitting scoring.committee.calibration's additive model to that year's
individual ratings on its own, so one year's estimate never borrows from another's. A severity
is only comparable within the connected group of examiners it was estimated in (see the
calibration page's warnings for that year).

The committee and the chair see a cycle's totals and severities from its site-visit phase on
(scoring.assessment.visibility.require_results_visible): a cycle still being assessed is left out of those
figures and named in `hidden` with the reason. They see severity under pseudonyms (Examinator A, B,
…, the same letter for the same examiner across the years); only the kansli sees the names.
"""
from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from scoring.assessment import visibility
from scoring.platform.access import AccessDenied, User, require_role
from scoring.committee.calibration import calibrate_examiners
from scoring.store import Store
from scoring.store import ranking as ranking_store
from scoring.store import statistics as store

READERS = ("committee", "chair", "admin")


@dataclass(frozen=True, eq=False)
class StatisticsView:
    """organisations: cycle, organisation, participants, target, met (null without a target).
    classes: cycle, class_name, class_position, participants. totals: cycle, class_name, total.
    severity: cycle, examiner, display_name, severity, severity_se, n_assessments (only estimates with
    enough data; examiner and display_name are pseudonyms for the committee and the chair).
    hidden: year → why its totals and severities are not shown to this actor yet (Swedish)."""

    years: list[int]
    organisations: pl.DataFrame
    classes: pl.DataFrame
    totals: pl.DataFrame
    severity: pl.DataFrame
    hidden: dict[int, str]


def statistics_view(db: Store, actor: User) -> StatisticsView:
    require_role(actor, *READERS)
    with db.read() as con:
        phases = store.cycle_phases(con)
        years = sorted(phases)
        hidden = _hidden(actor, phases)
        shown = [y for y in years if y not in hidden]
        parts, goals, names = store.participation(con), store.targets(con), store.class_names(con)
        totals = ranking_store.totals(con, shown)
        rated = ranking_store.ratings(con, shown)
        people = ranking_store.examiner_names(con)
    severity = severity_over_years(rated, people)
    if not visibility.sees_examiner_names(actor) and not severity.is_empty():
        aliases = visibility.pseudonyms(severity["examiner"].unique().to_list())
        severity = (severity.with_columns(pl.col("examiner").replace_strict(aliases, return_dtype=pl.String))
                    .with_columns(display_name=pl.col("examiner")).sort("cycle", "examiner"))
    return StatisticsView(years, participation_by_organisation(parts, goals), participation_by_class(parts),
                          score_distributions(totals, names), severity, hidden)


def _hidden(actor: User, phases: dict[int, str]) -> dict[int, str]:
    """The cycles whose results the actor may not see yet, with the reason."""
    hidden = {}
    for year, phase in phases.items():
        try:
            visibility.require_results_visible(actor, phase)
        except AccessDenied as exc:
            hidden[year] = str(exc)
    return hidden


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
    """One calibration per cycle: cycle, examiner, display_name, severity, severity_se, n_assessments;
    estimates with too little data to mean anything (scoring.committee.calibration's enough_data) are left out."""
    parts = []
    for (cycle,), rated in ratings.group_by("cycle", maintain_order=True):
        if rated.select(pl.col("submission_id").n_unique()).item() < 2:
            continue
        fitted = calibrate_examiners(rated.drop("cycle")).examiners.filter(pl.col("enough_data")).drop("enough_data")
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
