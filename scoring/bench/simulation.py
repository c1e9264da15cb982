"""Synthetic award cycles with known truth, for tests and for checking that
the rank probabilities are honest.

One simulated cycle:

* Each class has a level (N(55, 5)) and each unit a true quality around it
  (N(level, quality_sd)). Each unit also has a profile over the five criteria
  (N(0, profile_sd) per criterion, centred so that the weighted profile is
  zero): the weighted true criterion quality is exactly the true quality.
* Each examiner has a planted severity N(0, severity_sd); positive means
  lenient, the sign convention of :mod:`scoring.committee.calibration`. By default
  there is one examiner per six assessments.
* Teams of ``team_size`` examiners. Examiners are put in a random circular
  order and unit t gets examiners t and t+1 of that order plus a random
  further one, so every examiner who takes part is linked to every other
  through shared units (the graph is connected) and workloads are even.
* An examiner's score for one criterion is true criterion quality + severity
  + an impression shared by that examiner's five criterion scores for the unit
  (N(0, impression_sd)) + criterion noise (N(0, criterion_noise_sd)), rounded
  to the 0–100 grid in steps of 10. ``total`` is the weighted sum of the five
  rounded scores, as in the real cycle.

A class's truly best unit is the one with the highest true quality.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from scoring.committee.rank_confidence import DEFAULT_DRAWS, rank_confidence

__all__ = [
    "CALIBRATION_BINS",
    "DEFAULT_WEIGHTS",
    "SimulatedCycle",
    "calibration_table",
    "leader_outcomes",
    "simulate_cycle",
]

DEFAULT_WEIGHTS = (0.2, 0.2, 0.2, 0.2, 0.2)
CALIBRATION_BINS = (0.0, 0.3, 0.5, 0.7, 0.9, 1.0)
_SCALE_STEP = 10.0


@dataclass(frozen=True, eq=False)
class SimulatedCycle:
    """``ratings``: submission_id, examiner, class_code, total.
    ``criterion_scores``: submission_id, examiner, class_code, criterion, score.
    ``units``: submission_id, class_code, true_quality.
    ``examiners``: examiner, true_severity."""

    ratings: pl.DataFrame
    criterion_scores: pl.DataFrame
    units: pl.DataFrame
    examiners: pl.DataFrame


def simulate_cycle(
    seed: int,
    units_per_class: Sequence[int] = (20, 20, 20, 20, 20),
    n_examiners: int | None = None,
    quality_sd: float = 10.0,
    severity_sd: float = 6.0,
    impression_sd: float = 5.0,
    criterion_noise_sd: float = 8.0,
    profile_sd: float = 6.0,
    weights: Sequence[float] = DEFAULT_WEIGHTS,
    team_size: int = 3,
) -> SimulatedCycle:
    rng = np.random.default_rng(seed)
    sizes = np.asarray(units_per_class, dtype=np.int64)
    class_of = np.repeat(np.arange(sizes.size), sizes)
    n_units = class_of.size
    n_examiners = n_examiners or max(team_size + 1, round(team_size * n_units / 6))
    w = np.asarray(weights, dtype=float) / np.sum(weights)
    quality = rng.normal(55.0, 5.0, sizes.size)[class_of] + rng.normal(0.0, quality_sd, n_units)
    profile = rng.normal(0.0, profile_sd, (n_units, w.size))
    profile -= (profile @ w)[:, None]
    severity = rng.normal(0.0, severity_sd, n_examiners)
    teams = _draw_teams(rng, n_units, n_examiners, team_size)
    unit = np.repeat(np.arange(n_units), team_size)
    examiner = teams.ravel()
    impression = quality[unit] + severity[examiner] + rng.normal(0.0, impression_sd, unit.size)
    noise = rng.normal(0.0, criterion_noise_sd, (unit.size, w.size))
    latent = impression[:, None] + profile[unit] + noise
    scores = np.clip(np.round(latent / _SCALE_STEP) * _SCALE_STEP, 0.0, 100.0)
    return _as_frames(class_of, quality, severity, unit, examiner, scores, w)


def _draw_teams(
    rng: np.random.Generator, n_units: int, n_examiners: int, team_size: int
) -> np.ndarray:
    # Consecutive examiners in a random circle share a unit, which chains
    # everyone into one connected graph; the rest of the team is random.
    if not 2 <= team_size <= n_examiners:
        raise ValueError("team_size must be at least 2 and at most n_examiners")
    circle = rng.permutation(n_examiners)
    t = np.arange(n_units)
    teams = np.empty((n_units, team_size), dtype=np.int64)
    teams[:, 0] = circle[t % n_examiners]
    teams[:, 1] = circle[(t + 1) % n_examiners]
    for slot in range(2, team_size):
        taken = teams[:, :slot]
        pick = rng.random((n_units, n_examiners))
        pick[np.arange(n_units)[:, None], taken] = np.inf
        teams[:, slot] = np.argmin(pick, axis=1)
    return teams[rng.permutation(n_units)]


def _as_frames(
    class_of: np.ndarray,
    quality: np.ndarray,
    severity: np.ndarray,
    unit: np.ndarray,
    examiner: np.ndarray,
    scores: np.ndarray,
    w: np.ndarray,
) -> SimulatedCycle:
    names = np.array([f"E{j:03d}" for j in range(severity.size)])
    codes = np.array([f"klass_{k + 1}" for k in range(class_of.max() + 1)])
    base = {
        "submission_id": unit + 1,
        "examiner": names[examiner],
        "class_code": codes[class_of[unit]],
    }
    n_crit = w.size
    criterion = pl.DataFrame(
        {key: np.repeat(value, n_crit) for key, value in base.items()}
        | {"criterion": np.tile(np.arange(1, n_crit + 1), unit.size), "score": scores.ravel()}
    )
    return SimulatedCycle(
        ratings=pl.DataFrame(base | {"total": scores @ w}),
        criterion_scores=criterion,
        units=pl.DataFrame(
            {
                "submission_id": np.arange(1, class_of.size + 1),
                "class_code": codes[class_of],
                "true_quality": quality,
            }
        ),
        examiners=pl.DataFrame({"examiner": names, "true_severity": severity}),
    )


def leader_outcomes(n_cycles: int, seed: int, draws: int = DEFAULT_DRAWS) -> pl.DataFrame:
    """One row per simulated class: predicted (the leader's P(first)) and
    truly_best (was the leader the unit of highest true quality?). Cycle
    settings vary (class sizes 4–30, spread, severity, noise) so that leaders
    of every degree of certainty occur."""
    rng = np.random.default_rng(seed)
    rows = []
    for cycle in range(n_cycles):
        sim = simulate_cycle(
            seed=int(rng.integers(2**31)),
            units_per_class=rng.integers(4, 31, size=int(rng.integers(3, 7))),
            quality_sd=float(rng.uniform(3.0, 12.0)),
            severity_sd=float(rng.uniform(2.0, 8.0)),
            impression_sd=float(rng.uniform(3.0, 7.0)),
            criterion_noise_sd=float(rng.uniform(5.0, 10.0)),
        )
        result = rank_confidence(sim.ratings, draws=draws, seed=cycle)
        best = sim.units.sort("true_quality", descending=True).group_by(
            "class_code", maintain_order=True
        ).agg(pl.first("submission_id").alias("best"))
        rows.append(
            result.classes.join(best, on="class_code").select(
                pl.col("leader_p_first").alias("predicted"),
                (pl.col("leader") == pl.col("best")).alias("truly_best"),
            )
        )
    return pl.concat(rows)


def calibration_table(
    n_cycles: int = 200, seed: int = 1, draws: int = DEFAULT_DRAWS
) -> pl.DataFrame:
    """Reliability table for the leaders' P(first): bin, n_classes,
    mean_predicted, observed (share of those leaders that are truly best).
    Bins are left-closed; the last one includes 1.0. Empty bins are left out."""
    outcomes = leader_outcomes(n_cycles, seed, draws)
    edges = np.asarray(CALIBRATION_BINS)
    labels = [f"{lo:.1f}–{hi:.1f}" for lo, hi in zip(edges, edges[1:])]
    index = np.clip(np.digitize(outcomes["predicted"].to_numpy(), edges) - 1, 0, len(labels) - 1)
    return (
        outcomes.with_columns(pl.Series("bin", np.asarray(labels)[index]))
        .group_by("bin")
        .agg(
            pl.len().cast(pl.Int64).alias("n_classes"),
            pl.col("predicted").mean().alias("mean_predicted"),
            pl.col("truly_best").mean().alias("observed"),
        )
        .sort("bin")
    )
