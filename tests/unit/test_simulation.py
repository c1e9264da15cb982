"""scoring.bench.simulation: synthetic cycles with known truth."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from scoring.committee.calibration import calibrate_examiners
from scoring.bench.simulation import calibration_table, leader_outcomes, simulate_cycle


def test_simulate_cycle_same_seed_same_cycle() -> None:
    first, second = simulate_cycle(seed=1), simulate_cycle(seed=1)
    assert first.ratings.equals(second.ratings)
    assert first.criterion_scores.equals(second.criterion_scores)
    assert first.units.equals(second.units)
    assert not first.ratings.equals(simulate_cycle(seed=2).ratings)


def test_simulate_cycle_frames_follow_the_data_contract() -> None:
    sim = simulate_cycle(seed=1, units_per_class=(4, 6))
    assert sim.ratings.schema == pl.Schema(
        {"submission_id": pl.Int64, "examiner": pl.String, "class_code": pl.String, "total": pl.Float64}
    )
    assert sim.criterion_scores.schema == pl.Schema(
        {
            "submission_id": pl.Int64, "examiner": pl.String, "class_code": pl.String,
            "criterion": pl.Int64, "score": pl.Float64,
        }
    )
    assert sim.units.columns == ["submission_id", "class_code", "true_quality"]
    assert sim.examiners.columns == ["examiner", "true_severity"]
    assert sim.units.group_by("class_code").len().sort("class_code")["len"].to_list() == [4, 6]


def test_simulate_cycle_scores_on_the_grid_and_totals_weighted() -> None:
    weights = (0.3, 0.2, 0.2, 0.2, 0.1)
    sim = simulate_cycle(seed=2, weights=weights)
    scores = sim.criterion_scores["score"].to_numpy()
    assert set(np.unique(scores)) <= set(np.arange(0.0, 101.0, 10.0))
    weighted = (
        sim.criterion_scores.with_columns(
            (pl.col("score") * pl.col("criterion").replace_strict(dict(enumerate(weights, 1))))
            .alias("part")
        )
        .group_by("submission_id", "examiner")
        .agg(pl.col("part").sum())
        .join(sim.ratings, on=["submission_id", "examiner"])
    )
    assert weighted["part"].to_list() == pytest.approx(weighted["total"].to_list())


def test_simulate_cycle_teams_of_three_distinct_examiners() -> None:
    sim = simulate_cycle(seed=3, units_per_class=(10, 10, 10))
    teams = sim.ratings.group_by("submission_id").agg(
        pl.len().alias("n"), pl.col("examiner").n_unique().alias("distinct")
    )
    assert set(teams["n"]) == {3}
    assert set(teams["distinct"]) == {3}


@pytest.mark.parametrize(("units", "examiners"), [((8,), 30), ((20, 20), 10), ((50,) * 4, 100)])
def test_simulate_cycle_examiner_graph_is_connected(units: tuple[int, ...], examiners: int) -> None:
    sim = simulate_cycle(seed=4, units_per_class=units, n_examiners=examiners)
    result = calibrate_examiners(sim.ratings)
    assert set(result.examiners["component"]) == {0}


def test_simulate_cycle_planted_severity_shows_in_scores() -> None:
    sim = simulate_cycle(seed=5, units_per_class=(100,) * 4, n_examiners=20, severity_sd=8.0)
    deviation = (
        sim.ratings.join(sim.units, on="submission_id")
        .group_by("examiner")
        .agg((pl.col("total") - pl.col("true_quality")).mean().alias("lean"))
        .join(sim.examiners, on="examiner")
    )
    assert np.corrcoef(deviation["lean"], deviation["true_severity"])[0, 1] > 0.9


def test_leader_outcomes_one_row_per_class() -> None:
    outcomes = leader_outcomes(n_cycles=3, seed=2)
    assert outcomes.columns == ["predicted", "truly_best"]
    assert outcomes.height >= 9
    assert outcomes["predicted"].is_between(0.0, 1.0).all()


def test_calibration_table_columns_and_counts() -> None:
    table = calibration_table(n_cycles=3, seed=2)
    assert table.columns == ["bin", "n_classes", "mean_predicted", "observed"]
    assert table["n_classes"].sum() == leader_outcomes(n_cycles=3, seed=2).height
    assert set(table["bin"]) <= {"0.0–0.3", "0.3–0.5", "0.5–0.7", "0.7–0.9", "0.9–1.0"}
