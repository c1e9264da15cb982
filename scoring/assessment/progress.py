"""Progress of the independent assessment, per class and per examiner, against the cycle's deadline.

Everything is derived when read. An assessment is overdue when it is not submitted and `today` is after
the cycle's assessment_deadline (the deadline day itself still counts as in time). `today` is a parameter
so that tests and reports can pin the date.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from scoring.platform.access import User, require_role
from scoring.store import Store, cycles
from scoring.store import progress as store

STATUSES = ("not_started", "draft", "submitted")
COUNT_NAMES = {"assigned": "Tilldelade", "not_started": "Ej påbörjade", "draft": "Utkast",
               "submitted": "Inskickade", "overdue": "Försenade"}


@dataclass(frozen=True)
class Progress:
    year: int
    today: dt.date
    deadline: dt.date | None
    places: pl.DataFrame          # one row per team place, with `overdue`
    by_class: pl.DataFrame
    by_examiner: pl.DataFrame
    unstaffed: pl.DataFrame       # submissions with no examiner at all

    @property
    def past_deadline(self) -> bool:
        return self.deadline is not None and self.today > self.deadline

    @property
    def days_left(self) -> int | None:
        return None if self.deadline is None else (self.deadline - self.today).days

    def totals(self) -> dict[str, int]:
        return {k: int(self.by_class[k].sum()) if self.by_class.height else 0 for k in COUNT_NAMES}


def overview(db: Store, actor: User, year: int, today: dt.date) -> Progress:
    require_role(actor, "admin")
    with db.read() as con:
        cycle = cycles.require_cycle(con, year)
        places, unstaffed = store.places(con, year), store.unstaffed(con, year)
    deadline = cycle["assessment_deadline"]
    late = deadline is not None and today > deadline
    places = places.with_columns(overdue=(pl.col("status") != "submitted") & pl.lit(late))
    return Progress(year, today, deadline, places,
                    summarise(places, ["class_position", "class_code", "class_name"]).sort("class_position"),
                    summarise(places, ["examiner", "display_name"]).sort(
                        pl.col("overdue"), pl.col("assigned") - pl.col("submitted"), "display_name",
                        descending=[True, True, False]),
                    unstaffed)


def summarise(places: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Counts per group: assigned, not_started, draft, submitted, overdue."""
    counts = [(pl.col("status") == s).sum().cast(pl.Int64).alias(s) for s in STATUSES]
    return places.group_by(keys).agg(pl.len().cast(pl.Int64).alias("assigned"), *counts,
                                     pl.col("overdue").sum().cast(pl.Int64).alias("overdue"))


def export_frames(p: Progress) -> dict[str, pl.DataFrame]:
    """Swedish-headed tables for the page and the xlsx/CSV export."""
    counts = {k: pl.col(k).alias(v) for k, v in COUNT_NAMES.items()}
    status_names = {"not_started": "Ej påbörjad", "draft": "Utkast", "submitted": "Inskickad"}
    return {
        "Per klass": p.by_class.select(pl.col("class_name").alias("Tävlingsklass"), *counts.values()),
        "Per examinator": p.by_examiner.select(pl.col("display_name").alias("Examinator"),
                                               pl.col("examiner").alias("Användarnamn"), *counts.values()),
        "Alla bedömningar": p.places.select(
            pl.col("unit_name").alias("Enhet"), pl.col("class_name").alias("Tävlingsklass"),
            pl.col("display_name").alias("Examinator"),
            pl.when(pl.col("is_lead")).then(pl.lit("Utvärderingsledare")).otherwise(pl.lit("Examinator"))
            .alias("Roll"),
            pl.col("status").replace_strict(status_names).alias("Status"),
            pl.when(pl.col("overdue")).then(pl.lit("Ja")).otherwise(pl.lit("Nej")).alias("Försenad"),
            pl.col("updated_at").alias("Senast sparad"), pl.col("submitted_at").alias("Inskickad")),
    }
