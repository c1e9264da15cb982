"""Examiner calibration: how severe is each examiner, and what would each unit
have scored with an average examiner?

Model (additive, fitted by least squares on the individual ratings)::

    total[unit, examiner] = unit effect + examiner effect + noise

Units and examiners form a graph (an edge wherever an examiner rated a unit).
Only differences between examiners who are linked through shared units can be
estimated, so within each connected component the examiner effects are
constrained to sum to zero. A unit effect is then "the score this unit would
get from the component's average examiner" — it is on the 0–100 scale and is
what the committee sees as *kalibrerat medel*.

Computation: the unit effects are eliminated (for fixed examiner effects each
one is just the unit's mean of ``total - examiner effect``), which leaves an
E × E system for the E examiners. Building it touches only the pairs of ratings
that share a unit, so 7,500 ratings × 400 examiners costs milliseconds.

Standard errors follow from ordinary least squares with one common noise
sigma. A unit's calibrated mean and the examiner effects are uncorrelated with
its raw mean, so ``se(unit)^2 = sigma^2 / n + w' Cov(examiner effects) w``,
where ``w`` averages the unit's own examiners.

Rows whose ``total`` is null (not yet scored) are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

__all__ = [
    "MESSAGE_NO_RATINGS",
    "MIN_ASSESSMENTS",
    "WARNING_DISCONNECTED",
    "WARNING_FEW_ASSESSMENTS",
    "AdditiveFit",
    "Calibration",
    "Design",
    "build_design",
    "calibrate_examiners",
    "compare_rankings",
    "describe",
    "examiner_system",
    "fit_additive_model",
]

MIN_ASSESSMENTS = 3

WARNING_DISCONNECTED = (
    "Examinatorerna bildar {n} separata grupper utan gemensamma bidrag. "
    "Kalibrerade värden kan bara jämföras säkert inom samma grupp."
)
WARNING_FEW_ASSESSMENTS = (
    "{examiner} har bara {n} bedömningar (minst {minimum} behövs); "
    "skattningen av stränghet är osäker."
)

MESSAGE_NO_RATINGS = "Det finns inga poängsatta bedömningar att räkna på ännu."
TOO_LITTLE_DATA = "för lite data"
_TINY = 1e-9

_RATING_COLUMNS = ("submission_id", "examiner", "class_code", "total")


@dataclass(frozen=True, eq=False)
class Design:
    """Ratings as index arrays. Ratings are sorted by unit, so each unit's
    ratings are the contiguous slice ``starts[i] : starts[i] + n_unit[i]``."""

    unit_ids: np.ndarray  # (U,) submission_id
    unit_class: np.ndarray  # (U,) class_code
    examiners: np.ndarray  # (E,) examiner names, sorted
    unit_of: np.ndarray  # (R,) unit index of each rating
    examiner_of: np.ndarray  # (R,) examiner index of each rating
    y: np.ndarray  # (R,) total
    starts: np.ndarray  # (U,)
    n_unit: np.ndarray  # (U,)
    n_examiner: np.ndarray  # (E,)
    pair_unit: np.ndarray  # (P,) every ordered pair of ratings in one unit,
    pair_a: np.ndarray  # (P,) self-pairs included: sum over units of n_i^2
    pair_b: np.ndarray  # (P,)


@dataclass(frozen=True, eq=False)
class AdditiveFit:
    design: Design
    severity: np.ndarray  # (E,) examiner effects, sum zero per component
    severity_cov: np.ndarray  # (E, E)
    unit_effect: np.ndarray  # (U,) calibrated means
    unit_se: np.ndarray  # (U,)
    sigma: float  # residual standard deviation of one rating
    component: np.ndarray  # (E,) component id of each examiner, 0-based
    n_components: int


@dataclass(frozen=True, eq=False)
class Calibration:
    """``examiners``: examiner, severity, severity_se, n_assessments, component,
    enough_data. ``units``: submission_id, class_code, calibrated_mean,
    calibrated_se, raw_mean, n_ratings, component, enough_data. ``severity`` > 0
    means the examiner scores higher than the average examiner (lenient); < 0
    means stricter. ``enough_data`` is False where the estimate means nothing
    (show TOO_LITTLE_DATA, not the number): the examiner's group of connected
    examiners leaves no rating over once its units and examiners are fitted
    (for example one unit and its team), or the standard error is missing or zero."""

    examiners: pl.DataFrame
    units: pl.DataFrame
    sigma: float
    warnings: tuple[str, ...]


def build_design(ratings: pl.DataFrame) -> Design:
    frame = (
        ratings.select(_RATING_COLUMNS)
        .drop_nulls("total")
        .sort("submission_id", "examiner")
    )
    if frame.height == 0:
        raise ValueError(MESSAGE_NO_RATINGS)
    frame = frame.with_columns(
        (pl.col("submission_id").rank("dense").cast(pl.Int64) - 1).alias("_u"),
        (pl.col("examiner").rank("dense").cast(pl.Int64) - 1).alias("_e"),
    )
    units = frame.group_by("_u", maintain_order=True).agg(
        pl.first("submission_id"), pl.first("class_code"), pl.len().alias("n")
    )
    examiners = frame.group_by("_e").agg(pl.first("examiner"), pl.len().alias("n")).sort("_e")
    unit_of = frame["_u"].to_numpy()
    n_unit = units["n"].to_numpy().astype(np.int64)
    starts = np.concatenate(([0], np.cumsum(n_unit)[:-1])).astype(np.int64)
    pair_unit, pair_a, pair_b = _rating_pairs(unit_of, starts, n_unit)
    return Design(
        unit_ids=units["submission_id"].to_numpy(),
        unit_class=units["class_code"].to_numpy(),
        examiners=examiners["examiner"].to_numpy(),
        unit_of=unit_of,
        examiner_of=frame["_e"].to_numpy(),
        y=frame["total"].cast(pl.Float64).to_numpy(),
        starts=starts,
        n_unit=n_unit,
        n_examiner=examiners["n"].to_numpy().astype(np.int64),
        pair_unit=pair_unit,
        pair_a=pair_a,
        pair_b=pair_b,
    )


def _rating_pairs(
    unit_of: np.ndarray, starts: np.ndarray, n_unit: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    # Rating r is paired with every rating of its own unit (itself included).
    repeats = n_unit[unit_of]
    a = np.repeat(np.arange(unit_of.size), repeats)
    first_of_block = np.cumsum(repeats) - repeats
    offset = np.arange(a.size) - np.repeat(first_of_block, repeats)
    b = starts[unit_of[a]] + offset
    return unit_of[a], a, b


def examiner_system(
    design: Design, unit_weight: np.ndarray, unit_offset: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Normal equations ``A b = c`` for the examiner effects after the unit
    effects are integrated or profiled out.

    With ``unit_weight = 1/n`` and ``unit_offset = 0`` this is least squares
    (unit effects free). With ``1/(n + lambda)`` and an offset of the unit's
    prior mean it is the mixed model where unit effects are N(offset, tau^2)
    and ``lambda = sigma^2 / tau^2``."""
    e = design.examiners.size
    ex = design.examiner_of
    pair_w = unit_weight[design.pair_unit]
    flat = ex[design.pair_a] * e + ex[design.pair_b]
    a = np.diag(design.n_examiner.astype(float))
    a -= np.bincount(flat, weights=pair_w, minlength=e * e).reshape(e, e)
    centred = design.y - unit_offset[design.unit_of]
    unit_sum = np.add.reduceat(centred, design.starts)
    c = np.bincount(ex, weights=centred, minlength=e)
    c -= np.bincount(ex, weights=(unit_weight * unit_sum)[design.unit_of], minlength=e)
    return a, c


def _components(design: Design) -> np.ndarray:
    # Examiners are linked when they rated the same unit.
    e = design.examiners.size
    ex = design.examiner_of
    linked = np.zeros((e, e), dtype=bool)
    linked[ex[design.pair_a], ex[design.pair_b]] = True
    component = np.full(e, -1, dtype=np.int64)
    for start in range(e):
        if component[start] >= 0:
            continue
        reached = np.zeros(e, dtype=bool)
        reached[start] = True
        frontier = reached.copy()
        while frontier.any():
            frontier = linked[frontier].any(axis=0) & ~reached
            reached |= frontier
        component[reached] = component.max() + 1
    return component


def fit_additive_model(ratings: pl.DataFrame) -> AdditiveFit:
    design = build_design(ratings)
    component = _components(design)
    n_comp = int(component.max()) + 1
    a, c = examiner_system(design, 1.0 / design.n_unit, np.zeros(design.n_unit.size))
    # Adding the component indicators' outer products makes A invertible and,
    # because c sums to zero within each component, forces those sums to zero.
    indicator = (component[None, :] == np.arange(n_comp)[:, None]).astype(float)
    g = np.linalg.inv(a + indicator.T @ indicator)
    severity = g @ c
    size = indicator.sum(axis=1)
    unscaled_cov = g - (indicator.T / size) @ (indicator / size[:, None])
    unit_effect = _unit_means(design, design.y - severity[design.examiner_of])
    resid = design.y - unit_effect[design.unit_of] - severity[design.examiner_of]
    dof = design.y.size - design.n_unit.size - design.examiners.size + n_comp
    sigma = float(np.sqrt(resid @ resid / dof)) if dof > 0 else float("nan")
    cov = sigma**2 * unscaled_cov
    shared = np.bincount(
        design.pair_unit,
        weights=cov[design.examiner_of[design.pair_a], design.examiner_of[design.pair_b]],
        minlength=design.n_unit.size,
    )
    unit_var = (sigma**2 * design.n_unit + shared) / design.n_unit**2
    return AdditiveFit(
        design, severity, cov, unit_effect, np.sqrt(unit_var), sigma, component, n_comp
    )


def _unit_means(design: Design, values: np.ndarray) -> np.ndarray:
    return np.add.reduceat(values, design.starts) / design.n_unit


def calibrate_examiners(
    ratings: pl.DataFrame, min_assessments: int = MIN_ASSESSMENTS, fit: AdditiveFit | None = None
) -> Calibration:
    """``fit``: an existing :func:`fit_additive_model` of the same ratings, to avoid fitting twice."""
    if fit is None:
        fit = fit_additive_model(ratings)
    d = fit.design
    examiners = pl.DataFrame(
        {
            "examiner": d.examiners,
            "severity": fit.severity,
            "severity_se": np.sqrt(np.clip(np.diag(fit.severity_cov), 0.0, None)),
            "n_assessments": d.n_examiner,
            "component": fit.component,
        },
        schema_overrides={"examiner": pl.Utf8, "n_assessments": pl.Int64},
    )
    units = pl.DataFrame(
        {
            "submission_id": d.unit_ids,
            "class_code": d.unit_class,
            "calibrated_mean": fit.unit_effect,
            "calibrated_se": fit.unit_se,
            "raw_mean": _unit_means(d, d.y),
            "n_ratings": d.n_unit,
            "component": fit.component[d.examiner_of[d.starts]],
        },
        schema_overrides={"submission_id": pl.Int64, "class_code": pl.Utf8},
    )
    examiners, units = _enough_data(examiners, units)
    return Calibration(examiners, units, fit.sigma, describe(examiners, min_assessments=min_assessments))


def _enough_data(examiners: pl.DataFrame, units: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Mark the estimates that mean something: in a group of connected examiners with ratings
    N, units U and examiners E, the fit leaves N - U - (E - 1) ratings to estimate the noise from;
    with none, the severities and their ± are the data restated, and the ± is 0 or missing."""
    per = (examiners.group_by("component").agg(n=pl.col("n_assessments").sum(), e=pl.len())
           .join(units.group_by("component").agg(u=pl.len()), on="component", how="left")
           .select("component", (pl.col("n") - pl.col("u").fill_null(0) - pl.col("e") + 1 > 0).alias("_free")))

    def mark(frame: pl.DataFrame, se: str) -> pl.DataFrame:
        sane = pl.col(se).is_not_null() & pl.col(se).is_finite() & (pl.col(se) > _TINY)
        return (frame.join(per, on="component", how="left")
                .with_columns(enough_data=(pl.col("_free").fill_null(False) & sane.fill_null(False)))
                .drop("_free"))

    return mark(examiners, "severity_se"), mark(units, "calibrated_se")


def describe(examiners: pl.DataFrame, name_column: str = "examiner",
             min_assessments: int = MIN_ASSESSMENTS) -> tuple[str, ...]:
    """The warnings about a calibration, naming each examiner by ``name_column`` of
    Calibration.examiners (the committee sees pseudonyms, so it passes a column of them)."""
    found = []
    n_components = examiners["component"].n_unique() if examiners.height else 0
    if n_components > 1:
        found.append(WARNING_DISCONNECTED.format(n=n_components))
    for name, n in examiners.select(name_column, "n_assessments").sort(name_column).iter_rows():
        if n < min_assessments:
            found.append(WARNING_FEW_ASSESSMENTS.format(examiner=name, n=int(n), minimum=min_assessments))
    return tuple(found)


def compare_rankings(
    units: pl.DataFrame, other: pl.DataFrame | None = None, column: str = "raw_mean"
) -> pl.DataFrame:
    """Per class, the rank by calibrated mean beside the rank by ``column``.

    ``units`` is ``Calibration.units``; ``other`` (optional) holds
    ``submission_id`` and ``column``, e.g. consensus or site-visit totals.
    Returns submission_id, class_code, calibrated_mean, other_score,
    rank_calibrated, rank_other, rank_shift (= rank_other - rank_calibrated;
    positive means the unit places lower by ``column``), moved. Rank 1 is best;
    ties share the better rank. Units missing from ``other`` get null ranks."""
    frame = units.select("submission_id", "class_code", "calibrated_mean")
    scores = units if other is None else other
    frame = frame.join(
        scores.select("submission_id", pl.col(column).cast(pl.Float64).alias("other_score")),
        on="submission_id",
        how="left",
    )
    return frame.with_columns(
        _rank_in_class("calibrated_mean").alias("rank_calibrated"),
        _rank_in_class("other_score").alias("rank_other"),
    ).with_columns(
        (pl.col("rank_other") - pl.col("rank_calibrated")).alias("rank_shift"),
    ).with_columns(
        (pl.col("rank_shift").fill_null(0) != 0).alias("moved"),
    ).sort("class_code", "rank_calibrated", "submission_id")


def _rank_in_class(column: str) -> pl.Expr:
    return pl.col(column).rank("min", descending=True).over("class_code").cast(pl.Int64)
