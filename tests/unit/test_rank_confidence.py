"""scoring.committee.rank_confidence: honest P(first) and rank intervals per class."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from scoring.committee import rank_confidence as ranks
from scoring.committee.calibration import fit_additive_model
from scoring.committee.rank_confidence import (
    LABEL_CLEAR,
    LABEL_CLOSE_CALL,
    MESSAGE_TOO_FEW_RATINGS,
    posterior_draws,
    rank_confidence,
    unit_posterior,
)
from scoring.bench.simulation import calibration_table, simulate_cycle

RATING_SCHEMA = {
    "submission_id": pl.Int64,
    "examiner": pl.Utf8,
    "class_code": pl.Utf8,
    "total": pl.Float64,
}


def _p_first(result_units: pl.DataFrame) -> dict[int, float]:
    return dict(zip(result_units["submission_id"], result_units["p_first"], strict=True))


def test_rank_confidence_clear_winner_gets_high_probability() -> None:
    # Unit 1 gets 95 from each of its examiners; the best of the rest has a
    # calibrated mean near 73.
    sim = simulate_cycle(seed=21, units_per_class=(12, 12))
    ratings = sim.ratings.with_columns(
        pl.when(pl.col("submission_id") == 1)
        .then(pl.lit(95.0))
        .otherwise(pl.col("total"))
        .alias("total")
    )
    result = rank_confidence(ratings)
    assert _p_first(result.units)[1] >= 0.95
    leader = result.classes.filter(pl.col("class_code") == "klass_1").row(0, named=True)
    assert (leader["leader"], leader["close_call"], leader["label"]) == (1, False, LABEL_CLEAR)


def test_rank_confidence_identical_units_split_evenly() -> None:
    # Units 1 and 2 get the same scores from the same examiners and stand well
    # above the rest; nothing in the evidence separates them.
    rows = [(u, e, "FSK", t) for u in (1, 2) for e, t in zip("ABC", (80.0, 74.0, 86.0))]
    rng = np.random.default_rng(0)
    examiners = np.array(list("ABCDEF"))
    for unit in range(3, 13):
        team = rng.choice(examiners, 3, replace=False)
        rows += [(unit, str(e), "FSK", float(rng.normal(50.0, 8.0))) for e in team]
    result = rank_confidence(pl.DataFrame(rows, schema=RATING_SCHEMA, orient="row"))
    p = _p_first(result.units)
    assert p[1] == pytest.approx(0.5, abs=0.05)
    assert p[2] == pytest.approx(0.5, abs=0.05)
    assert p[1] + p[2] >= 0.95
    summary = result.classes.row(0, named=True)
    assert (summary["close_call"], summary["label"]) == (True, LABEL_CLOSE_CALL)


def test_rank_confidence_is_calibrated_on_simulated_cycles() -> None:
    # About 900 simulated classes with known truth: in every bin with enough
    # classes, the leaders' mean P(first) matches how often they are truly best.
    table = calibration_table(n_cycles=200, seed=1)
    populated = table.filter(pl.col("n_classes") >= 50)
    assert populated.height >= 4
    gaps = (populated["observed"] - populated["mean_predicted"]).abs().to_list()
    assert all(gap <= 0.1 for gap in gaps), table


def test_rank_confidence_same_seed_same_result() -> None:
    ratings = simulate_cycle(seed=8).ratings
    first, second = rank_confidence(ratings, seed=3), rank_confidence(ratings, seed=3)
    assert first.units.equals(second.units)
    assert first.classes.equals(second.classes)


def test_rank_confidence_probabilities_and_intervals_are_consistent() -> None:
    result = rank_confidence(simulate_cycle(seed=9, units_per_class=(5, 20, 9)).ratings)
    units = result.units.join(result.classes.select("class_code", "n_units"), on="class_code")
    sums = units.group_by("class_code").agg(pl.col("p_first").sum())
    assert sums["p_first"].to_list() == pytest.approx([1.0] * 3)
    assert units.filter(
        (pl.col("rank_low") < 1)
        | (pl.col("rank_low") > pl.col("rank_median"))
        | (pl.col("rank_median") > pl.col("rank_high"))
        | (pl.col("rank_high") > pl.col("n_units"))
    ).height == 0
    assert result.classes["n_units"].to_list() == [5, 20, 9]


def test_rank_confidence_leader_and_close_call_follow_p_first() -> None:
    result = rank_confidence(simulate_cycle(seed=10).ratings, close_call_below=0.6)
    best = result.units.group_by("class_code").agg(pl.col("p_first").max().alias("top"))
    classes = result.classes.join(best, on="class_code")
    assert classes["leader_p_first"].to_list() == classes["top"].to_list()
    assert classes["close_call"].to_list() == [p < 0.6 for p in classes["leader_p_first"]]
    assert classes["label"].to_list() == [
        LABEL_CLOSE_CALL if close else LABEL_CLEAR for close in classes["close_call"]
    ]


def test_posterior_draws_match_analytic_moments() -> None:
    fit = fit_additive_model(simulate_cycle(seed=12).ratings)
    _, class_of = np.unique(fit.design.unit_class, return_inverse=True)
    posterior = unit_posterior(fit, class_of)
    sample = posterior_draws(posterior, 20_000, np.random.default_rng(1))
    # Monte Carlo error of a mean is about sd / 141, of an sd about 0.5 %.
    assert np.abs(sample.mean(axis=1) - posterior.mean).max() < 5 * posterior.sd.max() / 141
    assert np.abs(sample.std(axis=1) / posterior.sd - 1.0).max() < 0.03


def test_posterior_shrinks_toward_class_mean() -> None:
    # Shrinkage narrows each class's spread of means. (Not every single unit
    # moves inward: the severities are re-estimated under the mixed model.)
    fit = fit_additive_model(simulate_cycle(seed=13).ratings)
    _, class_of = np.unique(fit.design.unit_class, return_inverse=True)
    posterior = unit_posterior(fit, class_of)
    for k in range(class_of.max() + 1):
        members = class_of == k
        assert posterior.mean[members].std() < 0.95 * fit.unit_effect[members].std()
    assert np.all(posterior.sd < fit.unit_se)


def test_rank_confidence_without_any_second_rating_raises() -> None:
    ratings = pl.DataFrame(
        [(1, "A", "FSK", 50.0), (2, "B", "FSK", 60.0)], schema=RATING_SCHEMA, orient="row"
    )
    with pytest.raises(ValueError, match=MESSAGE_TOO_FEW_RATINGS):
        rank_confidence(ratings)


def test_rank_confidence_output_columns() -> None:
    result = rank_confidence(simulate_cycle(seed=14, units_per_class=(6,)).ratings)
    assert result.units.columns == [
        "submission_id", "class_code", "posterior_mean", "posterior_sd",
        "p_first", "rank_low", "rank_median", "rank_high",
    ]
    assert result.classes.columns == [
        "class_code", "n_units", "leader", "leader_p_first", "close_call", "label",
    ]


def test_rank_summary_shortest_trims_the_less_likely_end_while_90_percent_remain():
    from scoring.committee.rank_confidence import _narrowed
    pmf = np.array([[0.05, 0.10, 0.70, 0.10, 0.05],     # quantile interval 1–4 (95 %): drop rank 1
                    [0.00, 0.00, 0.02, 0.08, 0.90],     # 4–5 holds 98 %; 5 alone only 90 %: keep 5 alone
                    [0.20, 0.20, 0.20, 0.20, 0.20]])    # flat: 1–5, nothing can go
    low, high = _narrowed(pmf, np.array([0, 3, 0]), np.array([3, 4, 4]))
    assert low.tolist() == [2, 5, 1] and high.tolist() == [4, 5, 5]
    for row, lo, hi in zip(pmf, low, high, strict=True):
        assert row[lo - 1:hi].sum() >= 0.9 - 1e-9


def test_rank_summary_nearest_trims_while_the_share_comes_nearer_to_90_percent():
    from scoring.committee.rank_confidence import _narrowed
    pmf = np.array([[0.00, 0.03, 0.55, 0.42, 0.00],     # 2–4 holds 100 %, 3–4 97 %: 97 % is the nearest
                    [0.06, 0.10, 0.70, 0.10, 0.04],     # 1–4 holds 96 %; 2–4 90 %: trimmed to 2–4
                    [0.00, 0.12, 0.40, 0.40, 0.08],     # 2–5: dropping 5 leaves 92 %, then 2 leaves 80 %: stop
                    [0.20, 0.20, 0.20, 0.20, 0.20]])    # flat: 80 % is farther from 90 % than 100 %
    low, high = _narrowed(pmf, np.array([1, 0, 1, 0]), np.array([3, 3, 4, 4]), nearest=True)
    assert low.tolist() == [3, 2, 2, 1] and high.tolist() == [4, 4, 4, 5]
    for row, lo, hi in zip(pmf, low, high, strict=True):
        assert row[lo - 1:hi].sum() >= 0.8 - 1e-9


def test_ranks_counted_in_slices_of_draws_equal_ranks_counted_at_once(monkeypatch):
    rng = np.random.default_rng(7)
    classes = np.repeat([0, 1, 2], [300, 70, 9])
    sample = (rng.standard_normal((classes.size, 2000)) * 3
              + rng.standard_normal(classes.size)[:, None] * 5).astype(np.float32)
    sliced = ranks.rank_summary(sample, classes, shortest=True, nearest=True)
    monkeypatch.setattr(ranks, "_CELLS_AT_ONCE", 1 << 40)          # one slice per class
    whole = ranks.rank_summary(sample, classes, shortest=True, nearest=True)
    assert np.array_equal(sliced[0], whole[0]) and np.array_equal(sliced[1], whole[1])
    assert sliced[0][classes == 0].sum() == pytest.approx(1.0)
