"""The committee's ranking within each class, with a documented tie-break, and what each unit's
detail view shows: its criterion profile against the class median, the spread of its examiners'
scores and its earlier cycles. Pure functions on Polars frames; no database, no streamlit.

Tie-break rule (shown in the UI as TIE_BREAK_RULES):

1. the higher final weighted total (site visit > consensus > mean of the individual scores);
2. if equal: the higher lowest criterion score (a more even profile goes first);
3. if still equal: the higher calibrated mean of the examiners' individual scores
   (scoring.committee.calibration, i.e. corrected for how severe each examiner is);
4. if still equal: the unit's name in alphabetical order. The order is then only a way to list
   the units; the UI says that the committee itself decides such a tie.

Totals are compared at six decimals, so floating-point noise never decides a place. Units
without a complete total come last, in the same order of rules.
"""
from __future__ import annotations

import numpy as np
import polars as pl

from scoring.assessment.results import SITE_VISIT

TIE_BREAK_RULES = (
    "Högst slutlig viktad totalpoäng (platsbesök före konsensus före medel av individuella bedömningar).",
    "Vid lika totalpoäng: högst lägsta kriteriepoäng – den jämnare profilen går före.",
    "Vid fortfarande lika: högst kalibrerat medel av examinatorernas individuella bedömningar "
    "(justerat för hur sträng varje examinator är).",
    "Vid fortfarande lika: enhetens namn i bokstavsordning. Då är det i praktiken oavgjort och "
    "kommittén avgör själv.",
)
DECIDED_BY = {2: "lägsta kriteriepoäng", 3: "kalibrerat medel", 4: "namnordning – kommittén avgör"}
_DIGITS = 6


def rank_units(totals: pl.DataFrame, finals: pl.DataFrame, calibrated: pl.DataFrame,
               units: pl.DataFrame) -> pl.DataFrame:
    """Every unit ranked within its class by the tie-break rule.

    totals: submission_id, total, source, site_visit (scoring.assessment.results.weighted_totals);
    finals: submission_id, criterion, score; calibrated: submission_id, calibrated_mean;
    units: submission_id, unit_name, class_code (and any other columns, which are kept).
    Returns the units' columns plus total, source, site_visit, min_criterion, calibrated_mean,
    place (1 = best, unique), shared_place (the place by total alone; equal for tied units),
    tied (shares its total with another unit in the class) and decided_by (which rule put it
    before or after the unit it is tied with; null when not tied)."""
    lowest = finals.group_by("submission_id").agg(min_criterion=pl.col("score").min())
    scored = (units.join(totals.select("submission_id", "total", "source", "site_visit"), on="submission_id",
                         how="left")
              .join(lowest, on="submission_id", how="left")
              .join(calibrated.select("submission_id", "calibrated_mean"), on="submission_id", how="left"))
    return rank_scored_units(scored)


def rank_scored_units(scored: pl.DataFrame, classes_by: tuple[str, ...] = ("class_code",)) -> pl.DataFrame:
    """rank_units() of units whose keys are already at hand: scored holds the units' columns and
    total, source, site_visit, min_criterion (the lowest final criterion score) and calibrated_mean.
    Adds place, shared_place, tied and decided_by. Sorted by classes_by (which must keep each class
    together, e.g. class_position and class_code) and place."""
    rounded = [pl.col(key).round(_DIGITS) for key in _KEYS]
    frame = scored.sort([*classes_by, *rounded, "unit_name", "submission_id"],
                        descending=[False] * len(classes_by) + [True] * len(_KEYS) + [False, False], nulls_last=True,
                        multithreaded=False)   # a few thousand rows: Polars' thread pool costs more than it gains
    keys = frame.select(rounded)
    return frame.hstack(_places(frame["class_code"].rle_id().to_numpy(),
                                *(keys[key].cast(pl.Float64).to_numpy() for key in _KEYS)))


_KEYS = ("total", "min_criterion", "calibrated_mean")   # rules 1–3, compared at _DIGITS decimals


def _places(klass: np.ndarray, total: np.ndarray, lowest: np.ndarray, calibrated: np.ndarray) -> list[pl.Series]:
    """place, shared_place, tied and decided_by of units sorted by the rule within each class. klass
    numbers the classes' runs; the keys are rounded, NaN where missing. Array arithmetic on the sorted
    rows, because the committee asks for the ranking again and again and window expressions per class
    cost many times as much."""
    row = np.arange(klass.size)
    class_start = np.maximum.accumulate(np.where(_new_run(klass), row, 0))
    # Each unit against the one just above it in the same class: tied when both have the same total
    # (a missing total ties with nothing), and then separated by the first rule whose key differs.
    tied_above = ~_new_run(klass) & (total == np.roll(total, 1))
    rule = np.where(_differs(lowest), 2, np.where(_differs(calibrated), 3, 4))
    above = np.where(tied_above, rule, 0)
    below = np.append(above[1:], 0)
    tie_start = np.maximum.accumulate(np.where(tied_above, 0, row))
    return [
        pl.Series("place", row - class_start + 1, dtype=pl.Int64),
        pl.Series("shared_place", tie_start - class_start + 1, dtype=pl.Int64).set(pl.Series(np.isnan(total)), None),
        pl.Series("tied", (above > 0) | (below > 0)),
        _DECIDED_BY_RULE.gather(np.where(above > 0, above, below)),
    ]


# decided_by by the number of the rule (0: not tied, no rule).
_DECIDED_BY_RULE = pl.Series("decided_by", [DECIDED_BY.get(rule) for rule in range(max(DECIDED_BY) + 1)],
                             dtype=pl.String)


def _new_run(values: np.ndarray) -> np.ndarray:
    """True where a row starts a new run of equal values (always on the first row)."""
    out = np.ones(values.size, dtype=bool)
    out[1:] = values[1:] != values[:-1]
    return out


def _differs(values: np.ndarray) -> np.ndarray:
    """values[i] differs from values[i - 1]; a missing value equals only another missing one."""
    before = np.roll(values, 1)
    return ~((values == before) | (np.isnan(values) & np.isnan(before)))


def source_label(source: str | None, site_visit: bool | None) -> str:
    """How the UI names where a unit's total comes from."""
    if site_visit:
        return "platsbesök"
    return source or "saknas"


def radar_data(finals: pl.DataFrame, submission_id: int, criteria: pl.DataFrame) -> pl.DataFrame:
    """criterion, title, score (the unit's final score) and median (the class median) for one unit.
    criteria: criterion, title."""
    unit = finals.filter(pl.col("submission_id") == submission_id)
    if unit.is_empty():
        return pl.DataFrame(schema={"criterion": pl.Int64, "title": pl.String, "score": pl.Float64,
                                    "median": pl.Float64})
    klass = unit["class_code"][0]
    medians = (finals.filter((pl.col("class_code") == klass) & pl.col("score").is_not_null())
               .group_by("criterion").agg(median=pl.col("score").median()))
    return (criteria.select(pl.col("criterion").cast(pl.Int64), "title")
            .join(unit.select(pl.col("criterion").cast(pl.Int64), "score"), on="criterion", how="left")
            .join(medians.with_columns(pl.col("criterion").cast(pl.Int64)), on="criterion", how="left")
            .sort("criterion"))


def examiner_spread(criterion_scores: pl.DataFrame, submission_id: int) -> pl.DataFrame:
    """Per criterion of one unit: n, mean, lowest, highest, range and standard deviation of the
    examiners' submitted scores."""
    return (criterion_scores.filter(pl.col("submission_id") == submission_id)
            .group_by("criterion")
            .agg(n=pl.len().cast(pl.Int64), mean=pl.col("score").mean(), lowest=pl.col("score").min(),
                 highest=pl.col("score").max(), sd=pl.col("score").std())
            .with_columns(range=pl.col("highest") - pl.col("lowest"), criterion=pl.col("criterion").cast(pl.Int64))
            .sort("criterion"))


def unit_history(submissions: pl.DataFrame, earlier_years: list[int], participations: pl.DataFrame,
                 earlier_totals: pl.DataFrame, awards: pl.DataFrame) -> pl.DataFrame:
    """Every submission × every earlier cycle: took_part, earlier_class_name, total, place, of (units
    in that class), award ('winner' / 'honourable' / null; only signed decisions count).

    submissions: submission_id; participations: scoring.store.ranking.earlier_participations;
    earlier_totals: submission_id, cycle, class_code, total; awards: cycle, submission_id, kind."""
    placed = earlier_totals.with_columns(
        place=pl.col("total").round(_DIGITS).rank("min", descending=True).over("cycle", "class_code")
        .cast(pl.Int64),
        of=pl.len().over("cycle", "class_code").cast(pl.Int64))
    grid = submissions.select("submission_id").join(
        pl.DataFrame({"earlier_cycle": earlier_years}, schema={"earlier_cycle": pl.Int64}), how="cross")
    parts = participations.with_columns(pl.col("earlier_cycle").cast(pl.Int64))
    return (grid.join(parts, on=["submission_id", "earlier_cycle"], how="left")
            .join(placed.select(pl.col("submission_id").alias("earlier_submission"), "total", "place", "of"),
                  on="earlier_submission", how="left")
            .join(awards.select(pl.col("submission_id").alias("earlier_submission"), pl.col("kind").alias("award")),
                  on="earlier_submission", how="left")
            .with_columns(took_part=pl.col("earlier_submission").is_not_null())
            .sort("submission_id", "earlier_cycle", descending=[False, True]))


AWARD_NAMES = {"winner": "vinnare", "honourable": "hedersomnämnande"}


def history_summary(history: pl.DataFrame) -> pl.DataFrame:
    """submission_id, history: one short Swedish line per unit, newest first, e.g.
    '2022: vinnare · 2018: plats 3 av 9' ('2018: deltog' when no place is known; '–' when the unit
    never took part before)."""
    year = pl.col("earlier_cycle").cast(pl.String) + pl.lit(": ")
    line = (pl.when(pl.col("award").is_not_null())
            .then(year + pl.col("award").replace_strict(AWARD_NAMES, default="utmärkelse"))
            .when(pl.col("place").is_not_null())
            .then(year + pl.lit("plats ") + pl.col("place").cast(pl.String) + pl.lit(" av ")
                  + pl.col("of").cast(pl.String))
            .otherwise(year + pl.lit("deltog")))
    # The line is formatted on the flat rows first: a when/then inside agg() runs per group.
    lines = (history.filter(pl.col("took_part")).sort("submission_id", "earlier_cycle", descending=[False, True])
             .select("submission_id", line.alias("_line"))
             .group_by("submission_id", maintain_order=True).agg(history=pl.col("_line").str.join(" · ")))
    return (history.select(pl.col("submission_id")).unique()
            .join(lines, on="submission_id", how="left")
            .with_columns(pl.col("history").fill_null("–")))


__all__ = ["AWARD_NAMES", "DECIDED_BY", "SITE_VISIT", "TIE_BREAK_RULES", "examiner_spread", "history_summary",
           "radar_data", "rank_units", "source_label", "unit_history"]
