"""analyse()'s optional is_practice rows (a practice case every examiner scores) and fit_cycle()'s
shrunk examiner severities, the figures behind Kalibrering's severity table."""
from __future__ import annotations

import polars as pl
import pytest

from scoring.committee.analysis import EXAMINER_COLUMNS, analyse, fit_cycle
from tests.unit.test_committee_analysis import disconnected, frame, rows, severity_example


def with_practice(scores: pl.DataFrame, examiners: str, lift: dict[str, float], unit: int = 900) -> pl.DataFrame:
    """scores plus one practice submission (class "ÖVN", which analyse ignores) that every examiner
    scores: true level 60, each examiner ``lift`` points above it."""
    practice = frame(*[rows(unit, e, [60 + lift.get(e, 0.0)] * 5, klass="ÖVN") for e in examiners])
    return pl.concat([scores.with_columns(is_practice=pl.lit(False)),
                      practice.with_columns(is_practice=pl.lit(True))], how="diagonal_relaxed")


def test_practice_rows_link_separate_groups_into_one():
    apart = disconnected(False)
    assert analyse(apart, draws=500)["group"].n_unique() == 2
    linked = analyse(with_practice(apart, "abcdef", {"d": 10, "e": 10, "f": 10}), draws=500)
    assert linked["group"].n_unique() == 1
    examiners = fit_cycle(with_practice(apart, "abcdef", {"d": 10, "e": 10, "f": 10}), draws=500).examiners
    assert examiners["component"].n_unique() == 1 and examiners["n_practice"].to_list() == [1] * 6


def test_practice_submissions_never_appear_in_the_output():
    result = analyse(with_practice(disconnected(False), "abcdef", {}), draws=500)
    assert 900 not in result["submission_id"].to_list()
    assert "ÖVN" not in result["class_code"].to_list()
    assert sorted(result["submission_id"].to_list()) == [*range(6), *range(10, 16)]
    # P(first) sums to 1 over the real class alone: the practice submission takes no share of it.
    assert result["p_first"].sum() == pytest.approx(1.0, abs=1e-6)
    assert result["rank_high"].max() <= 12


def test_practice_case_measures_the_lenient_team_of_a_separate_group():
    # Team 2 (d, e, f) is ten points more lenient, but apart its units look ten points better. With the
    # practice case, where d, e, f also score ten above a, b, c, the leniency is measured and taken off.
    apart = analyse(disconnected(False), draws=2000)
    linked = analyse(with_practice(disconnected(False), "abcdef", {"d": 10, "e": 10, "f": 10}), draws=2000)
    gap = lambda r: (r.filter(pl.col("submission_id") == 15)["best_estimate"][0]   # noqa: E731
                     - r.filter(pl.col("submission_id") == 5)["best_estimate"][0])
    assert gap(linked) < 0.6 * gap(apart)
    assert abs(gap(linked)) < 4
    top = lambda r: r.filter(pl.col("submission_id") == 15)["p_first"][0]   # noqa: E731
    assert top(linked) < top(apart)


def test_fit_cycle_severity_is_shrunk_and_signed_lenient_positive():
    fit = fit_cycle(severity_example(), draws=1000)
    assert fit.examiners.columns == list(EXAMINER_COLUMNS)
    sev = dict(fit.examiners.select("examiner", "severity").iter_rows())
    # L scores 20 above S and M (who agree); the shrunk effects keep most of the gap, pulled toward 0.
    assert sev["L"] > 0 > sev["S"] and abs(sev["M"] - sev["S"]) < 3
    assert 12 < sev["L"] - sev["S"] <= 20.5
    assert fit.examiners["severity_se"].min() > 0 and fit.examiners["enough_data"].all()
    assert dict(fit.examiners.select("examiner", "n_assessments").iter_rows()) == {"L": 11, "M": 10, "S": 11}
    assert 0 < fit.sigma < 10
    assert fit.units.equals(analyse(severity_example(), draws=1000))


def test_analyse_draws_more_when_the_monte_carlo_error_of_p_first_exceeds_001():
    few = analyse(severity_example(), draws=1000, mc_error=None)
    assert few["p_first_se"].max() > 0.015
    enough = analyse(severity_example(), draws=1000)
    assert enough["p_first_se"].max() < 0.0125 < few["p_first_se"].max()
    # The error counts the draws sharing a Gibbs sweep: never below the independent-draws error.
    p = few["p_first"]
    assert ((p * (1 - p) / 1000).sqrt() <= few["p_first_se"] + 1e-12).all()
