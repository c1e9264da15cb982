"""scoring.committee.analysis.analyse pinned on small worked examples."""
from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from scoring.committee.analysis import OUTPUT_COLUMNS, analyse, fit_cycle
from scoring.bench.validation import REGIMES, simulate_regime

WEIGHTS = (0.2, 0.2, 0.2, 0.2, 0.2)


def rows(unit: int, examiner: str, scores, klass: str = "A", noise: float = 3.0) -> list[dict]:
    """One assessment: a score per criterion (None = blank), plus a little noise that is fixed by the
    unit and examiner (as real criterion scores never sit exactly on the assessment's mean)."""
    rng = np.random.default_rng([unit, sum(map(ord, examiner))])
    jitter = rng.normal(0.0, noise, len(scores))
    return [{"submission_id": unit, "examiner": examiner, "class_code": klass, "criterion": c + 1,
             "score": None if s is None else float(s + jitter[c]), "weight": WEIGHTS[c]}
            for c, s in enumerate(scores)]


def frame(*assessments: list[dict]) -> pl.DataFrame:
    return pl.DataFrame([r for a in assessments for r in a])


def severity_example() -> pl.DataFrame:
    """Examiner L scores 20 above examiner S on the ten units they share (true levels 50..68). Unit 100
    is seen by L alone (80: an average examiner would say 60), unit 200 by S alone (70)."""
    shared = [a for u in range(10) for a in (rows(u, "L", [70 + 2 * u] * 5), rows(u, "S", [50 + 2 * u] * 5))]
    shared += [rows(u, "M", [50 + 2 * u + (-3 if u % 2 else 3)] * 5) for u in range(10)]
    return frame(*shared, rows(100, "L", [80] * 5), rows(200, "S", [70] * 5))


def test_analyse_output_follows_the_contract():
    result = analyse(severity_example(), draws=2000, seed=1)
    assert tuple(result.columns) == OUTPUT_COLUMNS
    assert result.height == 12 and result["submission_id"].n_unique() == 12
    assert result["place"].sort().to_list() == list(range(1, 13))              # no ties in these data
    assert result["p_first"].sum() == pytest.approx(1.0)
    assert (result["rank_low"] <= result["rank_median"]).all() and (result["rank_median"] <= result["rank_high"]).all()
    assert result["p_first_se"].max() <= 0.02                                 # 2,000 draws: binomial 0.011, inflated
    assert result.equals(analyse(severity_example(), draws=2000, seed=1))     # a fixed seed: the same figures


def test_analyse_corrects_a_lenient_examiner():
    result = analyse(severity_example(), draws=2000, seed=2)
    by_id = {r["submission_id"]: r for r in result.iter_rows(named=True)}
    assert by_id[100]["raw_mean"] > by_id[200]["raw_mean"]          # raw: the lenient examiner's unit ahead
    assert by_id[200]["best_estimate"] > by_id[100]["best_estimate"]  # corrected: 70 from S beats 60
    # L is about 13 above the average of L, S and M, S about 7 below: 80 - 13 against 70 + 7, less
    # the pull of one rating toward the class mean.
    assert 2.0 < by_id[200]["best_estimate"] - by_id[100]["best_estimate"] < 12.0
    assert by_id[100]["best_estimate"] < 80.0 - 8
    assert by_id[200]["place"] < by_id[100]["place"]


def test_analyse_puts_a_partial_assessment_on_the_scale_of_a_full_one():
    # In every full assessment criterion 1 is 10 above the other four, so an assessment with only
    # criterion 1 (80) says about 80 - 8 = 72 for the weighted total, and one with only criterion 2
    # (70) says 70 + 2 = 72.
    full = [rows(u, e, [60 + u + 10, 60 + u, 60 + u, 60 + u, 60 + u], noise=0.0) for u in range(8) for e in "XY"]
    partial = rows(50, "X", [80, None, None, None, None], noise=0.0)
    result = analyse(frame(*full, partial, rows(50, "Y", [None, 70, None, None, None], noise=0.0)), draws=1000)
    unit = result.filter(pl.col("submission_id") == 50).row(0, named=True)
    assert unit["n_ratings"] == 2
    assert unit["raw_mean"] == pytest.approx(72.0, abs=0.5)


def test_analyse_a_partial_assessment_weighs_less_than_a_full_one():
    base = [rows(u, e, [50 + 3 * u + d] * 5) for u in range(10) for e, d in (("X", 2), ("Y", -2), ("Z", 0))]
    one = analyse(frame(*base, rows(60, "X", [90, None, None, None, None]), rows(61, "X", [90] * 5)), draws=2000)
    sd = dict(one.select("submission_id", "posterior_sd").iter_rows())
    assert sd[60] > sd[61]


def disconnected(bridge: bool) -> pl.DataFrame:
    """Two teams in one class who share no unit (unless bridge): team 1 sees units 0-5, team 2 units
    10-15, both at the same levels, team 2 ten points more lenient."""
    teams = {1: ("a", "b", "c"), 2: ("d", "e", "f")}
    parts = []
    for team, offset, lift in ((1, 0, 0), (2, 10, 10)):
        for u in range(6):
            for i, e in enumerate(teams[team]):
                parts.append(rows(u + offset, e, [50 + 4 * u + lift + (i - 1) * 6] * 5))
    if bridge:
        parts += [rows(u, "d", [50 + 4 * u + 10] * 5) for u in range(6)]
    return frame(*parts)


def test_analyse_disconnected_groups_are_uncertain_not_zero():
    apart, joined = analyse(disconnected(False), draws=2000), analyse(disconnected(True), draws=2000)
    assert apart["group"].n_unique() == 2 and joined["group"].n_unique() == 1
    top = lambda r, sid: r.filter(pl.col("submission_id") == sid).row(0, named=True)   # noqa: E731
    # Apart, the lenient team's best unit (15, raw 80) and the other team's (5, raw 70) cannot be told
    # apart with confidence; once team 2 also rated team 1's units, its leniency is measured.
    assert top(apart, 15)["p_first"] < 0.97
    assert top(joined, 15)["p_first"] < top(apart, 15)["p_first"]


def test_analyse_small_classes_keep_a_spread_pooled_over_the_cycle():
    # Five classes of five units; in class E the units are nearly equal, elsewhere well apart. Class E
    # still gets a leader that is the unit with the highest scores, not a random one.
    parts = []
    for k, klass in enumerate("ABCDE"):
        for u in range(5):
            level = 60 + (u * 0.5 if klass == "E" else u * 6)
            for e, d in (("x", 0), ("y", 2), ("z", -2)):
                parts.append(rows(10 * k + u, f"{e}{k % 2}", [level + d] * 5, klass))
    result = analyse(frame(*parts), draws=2000)
    e = result.filter(pl.col("class_code") == "E").sort("place")
    assert e["submission_id"][0] == 44
    assert e["p_first"].max() > e["p_first"].min()       # not flat
    assert e["close_call"].all()


def test_analyse_calibrated_total_removes_the_teams_severity():
    agreed = {100: 80.0, 200: 70.0}
    data = severity_example().with_columns(
        consensus_score=pl.col("submission_id").replace_strict(agreed, default=None, return_dtype=pl.Float64))
    result = analyse(data, draws=2000)
    by_id = {r["submission_id"]: r for r in result.iter_rows(named=True)}
    assert by_id[100]["official_total"] == pytest.approx(80.0)
    assert by_id[100]["calibrated_total"] < 80.0 - 5            # L's leniency taken off
    assert by_id[200]["calibrated_total"] > 70.0 + 2            # S is strict
    assert by_id[100]["calibrated_total_sd"] > 0
    assert by_id[0]["official_total"] is None and by_id[0]["calibrated_total"] is None


def test_analyse_refuses_missing_columns_and_no_scores():
    with pytest.raises(ValueError, match="saknar kolumnerna: weight"):
        analyse(severity_example().drop("weight"))
    with pytest.raises(ValueError, match="inga poängsatta"):
        analyse(severity_example().with_columns(score=pl.lit(None, pl.Float64)))


def test_analyse_on_a_synthetic_cycle_ranks_near_the_truth():
    sim = simulate_regime(REGIMES[0], seed=3)
    result = analyse(sim.scores, draws=1000).join(sim.truth, on=["submission_id", "class_code"])
    # Across the cycle the best estimate tracks true quality more closely than the raw mean.
    corr = result.select(pl.corr("best_estimate", "true_quality"), pl.corr("raw", "true_quality")).row(0)
    assert corr[0] > corr[1] > 0.5


def profile_example() -> pl.DataFrame:
    """Ten units seen in full by X, Y and Z, with profiles over the criteria; units 50 and 51 are strong
    on criterion 1 only (86 there, 60 elsewhere: weighted total 65.2) in X's and Y's full assessments.
    Z scores 51 in full, but of 50 only criterion 1."""
    rng = np.random.default_rng(7)
    base = []
    for u in range(10):
        level, profile = 50 + 2 * u, rng.normal(0.0, 6.0, 5)
        base += [rows(u, e, list(level + d + profile - profile.mean())) for e, d in (("X", 2), ("Y", -2), ("Z", 0))]
    strong = [86, 60, 60, 60, 60]
    units = [rows(u, e, strong) for u in (50, 51) for e in "XY"]
    return frame(*base, *units, rows(51, "Z", strong), rows(50, "Z", [86, None, None, None, None]))


def test_analyse_a_partial_assessment_borrows_the_units_profile_from_its_other_examiners():
    result = analyse(profile_example(), draws=2000, seed=3)
    by_id = {r["submission_id"]: r for r in result.iter_rows(named=True)}
    # Z's lone 86 on criterion 1 says 86 on the scale of a full assessment; the unit's other examiners
    # show that 50 is strong on criterion 1 only, so it is taken as about what they say (65).
    assert by_id[50]["raw_mean"] > by_id[51]["raw_mean"] + 5
    assert abs(by_id[50]["best_estimate"] - by_id[51]["best_estimate"]) < 2.0
    assert by_id[50]["posterior_sd"] > by_id[51]["posterior_sd"]          # still a little less sure


def test_fit_cycle_with_known_variances_uses_them():
    scores = severity_example()
    spread = {"tau": 100.0, "sigma": 4.0}
    same = fit_cycle(scores, draws=1000, seed=1, variances=spread | {"examiner": 1e-4}).units
    apart = fit_cycle(scores, draws=1000, seed=1, variances=spread | {"examiner": 400.0}).units
    est = lambda r, sid: r.filter(pl.col("submission_id") == sid)["best_estimate"].item()   # noqa: E731
    # With no room for examiners to differ, L's 80 stays above S's 70; with much room, they are corrected.
    assert est(same, 100) > est(same, 200) + 8
    assert est(apart, 200) > est(apart, 100)
