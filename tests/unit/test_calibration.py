"""scoring.committee.calibration: the additive examiner model on planted and hand-made data."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.committee.calibration import (
    MESSAGE_NO_RATINGS,
    WARNING_DISCONNECTED,
    WARNING_FEW_ASSESSMENTS,
    calibrate_examiners,
    compare_rankings,
)
from scoring.bench.simulation import simulate_cycle

RATING_SCHEMA = {
    "submission_id": pl.Int64,
    "examiner": pl.Utf8,
    "class_code": pl.Utf8,
    "total": pl.Float64,
}


def _ratings(rows: list[tuple[int, str, str, float | None]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=RATING_SCHEMA, orient="row")


def _exact_ratings() -> tuple[pl.DataFrame, dict[int, float], dict[str, float]]:
    # Four examiners in overlapping teams of three; total = quality + severity.
    quality = {1: 60.0, 2: 70.0, 3: 50.0, 4: 80.0, 5: 40.0}
    severity = {"A": 6.0, "B": -2.0, "C": 0.0, "D": -4.0}
    teams = {1: "ABC", 2: "BCD", 3: "CDA", 4: "DAB", 5: "ABD"}
    rows = [
        (unit, e, "FSK", quality[unit] + severity[e]) for unit, team in teams.items() for e in team
    ]
    return _ratings(rows), quality, severity


def test_calibration_exact_additive_data_recovered() -> None:
    ratings, quality, severity = _exact_ratings()
    result = calibrate_examiners(ratings)
    assert result.examiners["severity"].to_list() == pytest.approx(
        [s for s in severity.values()], abs=1e-9
    )
    assert result.units["calibrated_mean"].to_list() == pytest.approx(
        [q for q in quality.values()], abs=1e-9
    )
    assert result.sigma == pytest.approx(0.0, abs=1e-9)
    assert result.warnings == ()


def test_calibration_severity_sums_to_zero_per_component() -> None:
    sim = simulate_cycle(seed=11, units_per_class=(15, 15))
    result = calibrate_examiners(sim.ratings)
    sums = result.examiners.group_by("component").agg(pl.col("severity").sum())
    assert sums["severity"].to_list() == pytest.approx([0.0] * sums.height, abs=1e-9)


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_calibration_planted_severity_recovered(seed: int) -> None:
    sim = simulate_cycle(seed=seed, units_per_class=(40,) * 5, n_examiners=40)
    joined = calibrate_examiners(sim.ratings).examiners.join(sim.examiners, on="examiner")
    correlation = np.corrcoef(joined["severity"], joined["true_severity"])[0, 1]
    assert correlation > 0.9


def _spearman_by_class(units: pl.DataFrame, column: str) -> float:
    per_class = units.group_by("class_code").agg(
        pl.corr(column, "true_quality", method="spearman").alias("rho")
    )
    return float(per_class["rho"].mean())


def test_calibration_ranking_beats_raw_means() -> None:
    calibrated, raw = [], []
    for seed in range(1, 6):
        sim = simulate_cycle(seed=seed, units_per_class=(40,) * 5, n_examiners=40)
        units = calibrate_examiners(sim.ratings).units.join(sim.units, on="submission_id")
        calibrated.append(_spearman_by_class(units, "calibrated_mean"))
        raw.append(_spearman_by_class(units, "raw_mean"))
    assert all(c > r for c, r in zip(calibrated, raw, strict=True))
    assert np.mean(calibrated) > np.mean(raw) + 0.02


def _mean_squared_z(sim_ratings: pl.DataFrame, rng: np.random.Generator) -> tuple[float, float]:
    # Gaussian additive data on fixed teams; returns mean z^2 of the unit and
    # examiner estimates against the truth (sum-zero convention).
    units, unit_of = np.unique(sim_ratings["submission_id"].to_numpy(), return_inverse=True)
    names, examiner_of = np.unique(sim_ratings["examiner"].to_numpy(), return_inverse=True)
    quality = rng.normal(60.0, 10.0, units.size)
    severity = rng.normal(0.0, 5.0, names.size)
    totals = quality[unit_of] + severity[examiner_of] + rng.normal(0.0, 7.0, unit_of.size)
    result = calibrate_examiners(sim_ratings.with_columns(pl.Series("total", totals)))
    unit_z = (result.units["calibrated_mean"].to_numpy() - quality - severity.mean()) / (
        result.units["calibrated_se"].to_numpy()
    )
    examiner_z = (result.examiners["severity"].to_numpy() - severity + severity.mean()) / (
        result.examiners["severity_se"].to_numpy()
    )
    return float(np.mean(unit_z**2)), float(np.mean(examiner_z**2))


def test_calibration_standard_errors_match_spread_of_errors() -> None:
    # Examiner errors are correlated (they share units), so one replicate's
    # mean z^2 varies by about 0.17; twenty replicates pin it to about 0.04.
    teams = simulate_cycle(seed=5, units_per_class=(100,) * 5, n_examiners=80).ratings
    rng = np.random.default_rng(5)
    unit_z2, examiner_z2 = np.mean([_mean_squared_z(teams, rng) for _ in range(20)], axis=0)
    assert unit_z2 == pytest.approx(1.0, abs=0.1)
    assert examiner_z2 == pytest.approx(1.0, abs=0.12)


@settings(max_examples=25, deadline=None)
@given(
    examiner=st.integers(0, 9),
    shift=st.floats(-20.0, 20.0, allow_nan=False).filter(lambda x: abs(x) > 0.01),
)
def test_calibration_lenient_examiner_changes_no_calibrated_gap(examiner: int, shift: float) -> None:
    # One examiner scoring everything `shift` points higher moves every
    # calibrated mean by the same amount (shift / number of examiners), so no
    # gap between units and no ranking changes; only that examiner's
    # severity moves relative to the others.
    ratings = simulate_cycle(seed=6, units_per_class=(10, 10), n_examiners=10).ratings
    name = f"E{examiner:03d}"
    shifted = ratings.with_columns(
        pl.when(pl.col("examiner") == name)
        .then(pl.col("total") + shift)
        .otherwise(pl.col("total"))
        .alias("total")
    )
    before, after = calibrate_examiners(ratings), calibrate_examiners(shifted)
    moved = after.units["calibrated_mean"] - before.units["calibrated_mean"]
    assert moved.to_list() == pytest.approx([shift / 10] * moved.len(), abs=1e-9)
    gap = after.examiners["severity"] - before.examiners["severity"]
    expected = [shift * ((e == name) - 0.1) for e in before.examiners["examiner"]]
    assert gap.to_list() == pytest.approx(expected, abs=1e-9)


def test_calibration_warns_when_graph_falls_apart() -> None:
    rows = [(u, e, "FSK", 50.0 + u + (e in "AD")) for u in (1, 2, 3) for e in "ABC"]
    rows += [(u, e, "FSK", 60.0 + u - (e == "F")) for u in (4, 5, 6) for e in "DEF"]
    result = calibrate_examiners(_ratings(rows))
    assert result.warnings == (WARNING_DISCONNECTED.format(n=2),)
    assert result.examiners["component"].to_list() == [0, 0, 0, 1, 1, 1]
    assert result.units["component"].to_list() == [0, 0, 0, 1, 1, 1]
    sums = result.examiners.group_by("component").agg(pl.col("severity").sum())
    assert sums["severity"].to_list() == pytest.approx([0.0, 0.0], abs=1e-9)


def test_calibration_warns_about_examiner_with_few_assessments() -> None:
    ratings, _, _ = _exact_ratings()
    ratings = ratings.vstack(_ratings([(1, "E", "FSK", 61.0), (2, "E", "FSK", 70.0)]))
    result = calibrate_examiners(ratings)
    assert result.warnings == (WARNING_FEW_ASSESSMENTS.format(examiner="E", n=2, minimum=3),)
    assert result.examiners.filter(pl.col("examiner") == "E")["n_assessments"].to_list() == [2]


def test_calibration_ignores_null_totals() -> None:
    ratings, quality, _ = _exact_ratings()
    with_gap = ratings.vstack(_ratings([(1, "D", "FSK", None)]))
    result = calibrate_examiners(with_gap)
    assert result.units["n_ratings"].to_list() == [3, 3, 3, 3, 3]
    assert result.units["calibrated_mean"].to_list() == pytest.approx(list(quality.values()))


@pytest.mark.parametrize("rows", [[], [(1, "A", "FSK", None)]])
def test_calibration_without_scored_ratings_raises(rows: list[tuple]) -> None:
    with pytest.raises(ValueError, match=MESSAGE_NO_RATINGS):
        calibrate_examiners(_ratings(rows))


def test_calibration_output_columns() -> None:
    result = calibrate_examiners(_exact_ratings()[0])
    assert result.examiners.columns == [
        "examiner", "severity", "severity_se", "n_assessments", "component", "enough_data",
    ]
    assert result.units.columns == [
        "submission_id", "class_code", "calibrated_mean", "calibrated_se",
        "raw_mean", "n_ratings", "component", "enough_data",
    ]


def test_compare_rankings_flags_units_whose_rank_moves() -> None:
    units = pl.DataFrame(
        {
            "submission_id": [1, 2, 3, 4],
            "class_code": ["FSK", "FSK", "FSK", "SKO"],
            "calibrated_mean": [70.0, 65.0, 50.0, 40.0],
        }
    )
    consensus = pl.DataFrame({"submission_id": [1, 2, 3, 4], "consensus": [60, 68, 40, 55]})
    table = compare_rankings(units, consensus, "consensus")
    assert table.select("submission_id", "rank_calibrated", "rank_other", "rank_shift", "moved").rows() == [
        (1, 1, 2, 1, True),
        (2, 2, 1, -1, True),
        (3, 3, 3, 0, False),
        (4, 1, 1, 0, False),
    ]


def test_compare_rankings_defaults_to_raw_mean_and_missing_scores_are_null() -> None:
    result = calibrate_examiners(_exact_ratings()[0])
    table = compare_rankings(result.units)
    assert table["other_score"].to_list() == result.units.sort(
        "calibrated_mean", descending=True
    )["raw_mean"].to_list()
    partial = compare_rankings(result.units, pl.DataFrame({"submission_id": [4], "x": [1.0]}), "x")
    assert partial.filter(pl.col("submission_id") == 1)["rank_other"].to_list() == [None]
    assert partial.filter(pl.col("submission_id") == 1)["moved"].to_list() == [False]


def test_one_unit_and_its_team_is_too_little_data() -> None:
    # One unit scored by its team of three: nothing is left to estimate the noise from, so the
    # severities are the scores restated and their ± is missing: "för lite data", not ±0,0.
    result = calibrate_examiners(_ratings([(1, "A", "FSK", 70.0), (1, "B", "FSK", 80.0), (1, "C", "FSK", 75.0)]))
    assert result.examiners["enough_data"].to_list() == [False, False, False]
    assert result.units["enough_data"].to_list() == [False]


def test_a_group_with_a_single_unit_is_too_little_data_beside_a_group_with_enough() -> None:
    rows = [(1, "A", "SKO", 70.0), (1, "B", "SKO", 80.0)]                 # one unit, its own two examiners
    noise = {(3, "C"): 1.5, (4, "D"): -2.0}
    rows += [(u, e, "FSK", 50.0 + 5 * u + (2.0 if e == "C" else -1.0) + noise.get((u, e), 0.0))
             for u in (2, 3, 4) for e in ("C", "D")]
    result = calibrate_examiners(_ratings(rows))
    enough = dict(zip(result.examiners["examiner"], result.examiners["enough_data"], strict=True))
    assert enough == {"A": False, "B": False, "C": True, "D": True}
    units = dict(zip(result.units["submission_id"], result.units["enough_data"], strict=True))
    assert units == {1: False, 2: True, 3: True, 4: True}


def test_warnings_name_examiners_by_the_given_column() -> None:
    from scoring.committee.calibration import describe
    result = calibrate_examiners(_ratings([(1, "anna", "FSK", 70.0), (1, "bo", "FSK", 80.0),
                                           (2, "anna", "FSK", 60.0), (2, "bo", "FSK", 62.0)]))
    named = result.examiners.with_columns(alias=pl.Series(["Examinator A", "Examinator B"]))
    warnings = describe(named, "alias")
    assert any(w.startswith("Examinator A har bara 2 bedömningar") for w in warnings)
    assert not any("anna" in w or "bo " in w for w in warnings)
