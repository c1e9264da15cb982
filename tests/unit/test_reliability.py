"""scoring.committee.reliability: published worked examples and the per-class tables."""

from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.committee.reliability import (
    ALPHA,
    EXPLANATIONS,
    ICC1,
    ICC1K,
    METHOD_NAMES,
    icc_oneway,
    krippendorff_alpha_interval,
    largest_disagreements,
    measure_reliability,
    reliability_by_class,
    reliability_by_criterion,
)
from scoring.bench.simulation import simulate_cycle

NAN = math.nan

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C:
# 4 observers x 12 units with missing values. Published: interval alpha = 0.849.
KRIPPENDORFF_2011 = np.array(
    [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
        [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
    ]
)

# Shrout & Fleiss (1979), Table 2: 6 targets x 4 judges.
# Published: ICC(1,1) = .17 and ICC(1,4) = .44.
SHROUT_FLEISS_1979 = np.array(
    [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]],
    dtype=float,
)


def test_krippendorff_alpha_interval_matches_published_example() -> None:
    units = np.tile(np.arange(12), 4)
    assert krippendorff_alpha_interval(KRIPPENDORFF_2011.ravel(), units) == pytest.approx(
        0.849, abs=5e-4
    )


def test_icc_oneway_matches_shrout_fleiss_table() -> None:
    targets = np.repeat(np.arange(6), 4)
    single, mean_of_four = icc_oneway(SHROUT_FLEISS_1979.ravel(), targets)
    assert round(single, 2) == 0.17
    assert round(mean_of_four, 2) == 0.44


def test_measure_reliability_names_and_explains_the_method() -> None:
    targets = np.repeat(np.arange(6), 4)
    result = measure_reliability(SHROUT_FLEISS_1979.ravel(), targets, ICC1K)
    assert result.method == METHOD_NAMES[ICC1K] == "ICC(1,k), envägs slumpeffekt, medel av k examinatorer"
    assert result.explanation == EXPLANATIONS[ICC1K]
    assert (result.n_submissions, result.n_ratings) == (6, 24)
    assert round(result.value, 2) == 0.44


def test_alpha_perfect_agreement_is_one() -> None:
    values = np.array([40.0, 40.0, 40.0, 70.0, 70.0, 90.0, 90.0, 90.0])
    groups = np.array([1, 1, 1, 2, 2, 3, 3, 3])
    assert krippendorff_alpha_interval(values, groups) == 1.0


def test_alpha_single_scores_carry_no_agreement() -> None:
    values = np.array([40.0, 70.0, 90.0])
    assert math.isnan(krippendorff_alpha_interval(values, np.array([1, 2, 3])))
    result = measure_reliability(values, np.array([1, 2, 3]), ALPHA)
    assert (result.n_submissions, result.n_ratings) == (0, 0)


def test_alpha_no_variation_is_undefined() -> None:
    values = np.array([50.0, 50.0, 50.0, 50.0])
    assert math.isnan(krippendorff_alpha_interval(values, np.array([1, 1, 2, 2])))


def test_alpha_close_to_icc1_on_a_large_cycle() -> None:
    # With many submissions the two one-way measures agree (alpha -> ICC(1)).
    sim = simulate_cycle(seed=3, units_per_class=(300,))
    values, groups = sim.ratings["total"].to_numpy(), sim.ratings["submission_id"].to_numpy()
    alpha = krippendorff_alpha_interval(values, groups)
    assert alpha == pytest.approx(icc_oneway(values, groups)[0], abs=0.01)
    assert 0.2 < alpha < 0.9


@settings(max_examples=40, deadline=None)
@given(
    scale=st.floats(0.1, 10.0),
    shift=st.floats(-100.0, 100.0),
    seed=st.integers(0, 2**32 - 1),
)
def test_alpha_unchanged_by_rescaling_and_reordering(scale: float, shift: float, seed: int) -> None:
    # Interval alpha depends only on differences relative to their spread,
    # and not on the order in which the scores are listed.
    values, units = KRIPPENDORFF_2011.ravel(), np.tile(np.arange(12), 4)
    order = np.random.default_rng(seed).permutation(values.size)
    moved = krippendorff_alpha_interval(values[order] * scale + shift, units[order] + 100)
    assert moved == pytest.approx(0.849, abs=5e-4)


def test_measure_reliability_unknown_method_raises() -> None:
    with pytest.raises(ValueError):
        measure_reliability(np.array([1.0, 2.0]), np.array([1, 1]), "kappa")


def test_reliability_by_criterion_one_row_per_class_and_criterion() -> None:
    sim = simulate_cycle(seed=4, units_per_class=(12, 15))
    table = reliability_by_criterion(sim.criterion_scores)
    assert table.columns == [
        "class_code", "criterion", "method", "value", "n_submissions", "n_ratings", "explanation", "enough_data",
    ]
    assert table.select("class_code", "criterion").rows() == [
        (code, c) for code in ("klass_1", "klass_2") for c in range(1, 6)
    ]
    assert table["n_submissions"].to_list() == [12] * 5 + [15] * 5
    assert table["n_ratings"].to_list() == [36] * 5 + [45] * 5
    assert set(table["method"]) == {METHOD_NAMES[ALPHA]}
    first = sim.criterion_scores.filter(
        (pl.col("class_code") == "klass_1") & (pl.col("criterion") == 1)
    )
    expected = krippendorff_alpha_interval(first["score"].to_numpy(), first["submission_id"].to_numpy())
    assert table["value"][0] == pytest.approx(expected)


def test_reliability_by_class_uses_totals() -> None:
    sim = simulate_cycle(seed=4, units_per_class=(12, 15))
    table = reliability_by_class(sim.ratings, ICC1)
    assert table.columns == [
        "class_code", "method", "value", "n_submissions", "n_ratings", "explanation", "enough_data",
    ]
    part = sim.ratings.filter(pl.col("class_code") == "klass_2")
    expected = icc_oneway(part["total"].to_numpy(), part["submission_id"].to_numpy())[0]
    assert table["value"][1] == pytest.approx(expected)
    assert table["explanation"][1] == EXPLANATIONS[ICC1]


def test_largest_disagreements_sorted_by_range_then_spread() -> None:
    scores = pl.DataFrame(
        {
            "submission_id": [1, 1, 1, 1, 1, 1, 2, 2, 2, 3],
            "examiner": ["A", "B", "C", "A", "B", "C", "A", "B", "C", "A"],
            "class_code": ["FSK"] * 6 + ["SKO"] * 3 + ["SKO"],
            "criterion": [1, 1, 1, 2, 2, 2, 1, 1, 1, 1],
            "score": [40.0, 50.0, 80.0, 60.0, 60.0, 70.0, 30.0, 70.0, 70.0, 100.0],
        }
    )
    table = largest_disagreements(scores, top=2)
    assert table.columns == [
        "submission_id", "class_code", "criterion", "n_ratings",
        "min_score", "max_score", "score_range", "score_sd",
    ]
    assert table.select("submission_id", "criterion", "score_range").rows() == [
        (2, 1, 40.0),  # same range as (1, 1), larger spread
        (1, 1, 40.0),
    ]
    assert table["score_sd"][0] == pytest.approx(np.std([30, 70, 70], ddof=1))
    assert largest_disagreements(scores).height == 3  # submission 3 has one score


def test_a_class_with_one_unit_is_too_little_data_not_alpha_zero():
    # One unit with two scores: alpha would be exactly 0 whatever the scores, which means nothing.
    from scoring.committee.reliability import MIN_SUBMISSIONS
    one = pl.DataFrame({"submission_id": [1, 1], "examiner": ["a", "b"], "class_code": ["SKO", "SKO"],
                        "total": [70.0, 80.0]})
    row = reliability_by_class(one).row(0, named=True)
    assert row["enough_data"] is False and math.isnan(row["value"]) and row["n_submissions"] == 1
    many = pl.DataFrame({"submission_id": [u for u in range(1, MIN_SUBMISSIONS + 1) for _ in "ab"],
                         "examiner": ["a", "b"] * MIN_SUBMISSIONS, "class_code": ["SKO"] * 2 * MIN_SUBMISSIONS,
                         "total": [50.0, 52.0, 70.0, 69.0, 90.0, 88.0][: 2 * MIN_SUBMISSIONS]})
    row = reliability_by_class(many).row(0, named=True)
    assert row["enough_data"] is True and row["value"] > 0.9
