"""scoring.bench.validation: the generator makes what each regime says, and on a few simulated
cycles the analysis beats the raw mean where examiners differ most and its probabilities are honest."""
import numpy as np
import polars as pl

import pytest

from scoring.bench.validation import (REGIMES, calibration, evaluate, gap_closed, per_cycle_hits, selected,
                                      simulate_regime, summary, true_variances)

REGIME = {r.name: r for r in REGIMES}


def test_regimes_make_what_they_say():
    mixed = simulate_regime(REGIME["blandade team"], seed=1).scores
    assert set(mixed["score"].drop_nulls().unique()) <= set(np.arange(0.0, 101.0, 10.0))
    assert mixed["score"].null_count() == 0
    missing = simulate_regime(REGIME["20 % saknade kriteriepoäng"], seed=1).scores
    assert 0.15 < missing["score"].null_count() / missing.height < 0.22
    small = simulate_regime(REGIME["små klasser (5–8)"], seed=1).truth.group_by("class_code").len()
    assert small["len"].is_between(5, 8).all()
    apart = simulate_regime(REGIME["fasta team, helt åtskilda"], seed=1).scores
    teams = apart.group_by("submission_id").agg(pl.col("examiner").unique().sort().str.join(","))
    per_examiner = apart.group_by("examiner").agg(pl.col("submission_id").n_unique())
    assert teams["examiner"].n_unique() * 3 == per_examiner.height     # each examiner in exactly one team


def test_analysis_beats_the_raw_mean_and_is_honest_on_heavy_tailed_examiners():
    outcomes = evaluate(REGIME["tunga svansar i stränghet"], n_cycles=40, seed=5, draws=1000)
    found = summary(outcomes)
    assert found["classes"] == 200
    assert found["best"] > found["raw"]
    assert 0.85 <= found["coverage"] <= 0.99
    assert found["brier"] < 0.06
    confident = outcomes.filter(pl.col("p_first") >= 0.5)
    assert abs(confident["p_first"].mean() - confident["truly_best"].mean()) < 0.1
    table = calibration(outcomes)
    assert table["units"].sum() == outcomes.height


def test_kvalitet_simulate_prints_a_row_and_a_calibration_table_per_regime(capsys):
    from scoring import cli
    assert cli.main(["simulate", "--cycles", "2", "--draws", "300"]) == 0
    out = capsys.readouterr().out
    assert "| regim | klasser | grupper | rått medel | bästa skattning | orakel |" in out
    assert "| utan övningsfall |" in out and "| med övningsfall | 1.0 |" in out
    for regime in REGIMES:
        assert f"| {regime.name} |" in out
        assert f"P(först) för alla enheter, {regime.name}:" in out
    assert "| regim | omgångar | rått medel | bästa skattning | produkten, sanna varianser | Bayes-referens |" in out
    assert out.count("| tunga svansar i stränghet | 2 |") == 1           # the reference table: cycles, no classes


def test_kvalitet_simulate_runs_the_named_regimes_only(capsys):
    from scoring import cli
    assert cli.main(["simulate", "--cycles", "2", "--draws", "300", "--regime", "blandade team",
                     "--reference", "none"]) == 0
    out = capsys.readouterr().out
    assert "| blandade team | 10 |" in out
    assert "18 bedömningar" not in out and "fasta team" not in out.split("Fasta team utan")[0]
    assert "Bayes-referens" not in out
    with pytest.raises(ValueError, match="Okänd regim: ingen sådan"):
        selected(("ingen sådan",))
    assert [r.name for r in selected(("fasta team",))] == [r.name for r in REGIMES if r.name.startswith("fasta team")]


def test_practice_regime_is_the_same_cycle_plus_a_practice_case_that_links_every_team():
    apart = simulate_regime(REGIME["fasta team, helt åtskilda"], seed=4)
    linked = simulate_regime(REGIME["fasta team + övningsfall"], seed=4)
    practice = linked.scores.filter(pl.col("is_practice"))
    assert practice["submission_id"].n_unique() == 1
    assert set(practice["examiner"]) == set(apart.scores["examiner"])       # every examiner scores it
    assert linked.scores.filter(~pl.col("is_practice")).drop("is_practice").equals(apart.scores)
    assert linked.truth.sort("submission_id").equals(apart.truth.sort("submission_id"))


def test_gap_closed_is_the_ratio_of_mean_gains_with_its_delta_method_error():
    share, se = gap_closed(np.array([0.65, 0.70]), np.array([0.5, 0.6]), np.array([0.7, 0.8]))
    assert share == pytest.approx(0.625)                 # gains 0.15 and 0.10 over gaps of 0.2
    assert se == pytest.approx(0.05 / np.sqrt(2) / np.sqrt(2) / 0.2)   # sd of (0.025, -0.025) / sqrt(2) / 0.2


def test_per_cycle_hits_counts_a_shared_first_place_by_its_share():
    outcomes = pl.DataFrame({
        "cycle": [0, 0, 0, 0, 1, 1],
        "class_code": ["A", "A", "B", "B", "A", "A"],
        "truly_best": [True, False, False, True, True, False],
        "placed_x": [True, True, True, False, False, True],    # A: tie with the best, B: wrong; cycle 1: wrong
    })
    assert per_cycle_hits(outcomes, "placed_x").tolist() == [0.25, 0.0]


def test_evaluate_sets_the_bayes_reference_and_the_true_variance_fit_beside_the_product():
    mixed = summary(evaluate(REGIME["blandade team"], n_cycles=6, seed=2, draws=300))
    assert mixed["cycles"] == 6
    for key in ("reference", "reference_p", "known", "gap_best", "gap_reference", "best_minus_reference"):
        assert np.isfinite(mixed[key]) and np.isfinite(mixed[f"{key}_se"])
    assert 0.0 < mixed["brier_reference"] < 0.08
    heavy = evaluate(REGIME["tunga svansar i stränghet"], n_cycles=2, seed=2, draws=300)
    assert heavy["placed_reference"].any() and heavy["placed_known"].null_count() == heavy.height   # no variance
    assert true_variances(REGIME["tunga svansar i stränghet"]) is None
    known = true_variances(REGIME["blandade team"])
    h = float((np.array([0.3, 0.2, 0.2, 0.15, 0.15]) ** 2).sum())
    assert known == pytest.approx({"tau": 64.0, "examiner": 25.0 + 9.0 * h, "sigma": 16.0 + h * (49.0 + 100 / 12)})


def test_evaluate_with_earlier_cycles_pools_their_variances_beside_the_product():
    small = REGIME["små klasser (5–8)"]
    alone = evaluate(small, n_cycles=3, seed=4, draws=300)
    pooled = evaluate(small, n_cycles=3, seed=4, draws=300, earlier=2)
    assert "p_first_earlier" not in alone.columns
    # The product's own columns are those of a run without earlier cycles; the pooled fit sits beside them.
    assert pooled.select(alone.columns).equals(alone)
    assert not pooled["p_first_earlier"].equals(pooled["p_first"])
    found = summary(pooled)
    for key in ("earlier", "earlier_minus_best", "earlier_minus_reference"):
        assert np.isfinite(found[key]) and np.isfinite(found[f"{key}_se"])
    assert 0.0 < found["brier_earlier"] < 0.2 and 0.5 < found["coverage_earlier"] <= 1.0
    # The earlier cycles are new cycles of the same generator, not the current one again.
    from scoring.bench.validation import earlier_prior
    prior = earlier_prior(small, 123, 2)
    assert prior["tau"][0] == sum(simulate_regime(small, 2**40 + 123 * 64 + k).scores["submission_id"].n_unique()
                                  for k in range(2))


def test_kvalitet_simulate_earlier_prints_the_pooled_table(capsys):
    from scoring import cli
    assert cli.main(["simulate", "--cycles", "2", "--draws", "300", "--regime", "små", "--earlier", "2",
                     "--reference", "none"]) == 0
    out = capsys.readouterr().out
    assert "| regim | omgångar | rått medel | produkten | produkten + 2 tidigare |" in out
    assert "| små klasser (5–8) | 2 |" in out
    assert "P(först) för alla enheter, små klasser (5–8), med 2 tidigare omgångar:" in out
