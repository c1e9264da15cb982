"""scoring.bench.validation: the generator makes what each regime says, and on a few simulated
cycles the analysis beats the raw mean where examiners differ most and its probabilities are honest."""
import numpy as np
import polars as pl

from scoring.bench.validation import REGIMES, calibration, evaluate, simulate_regime, summary

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


def test_practice_regime_is_the_same_cycle_plus_a_practice_case_that_links_every_team():
    apart = simulate_regime(REGIME["fasta team, helt åtskilda"], seed=4)
    linked = simulate_regime(REGIME["fasta team + övningsfall"], seed=4)
    practice = linked.scores.filter(pl.col("is_practice"))
    assert practice["submission_id"].n_unique() == 1
    assert set(practice["examiner"]) == set(apart.scores["examiner"])       # every examiner scores it
    assert linked.scores.filter(~pl.col("is_practice")).drop("is_practice").equals(apart.scores)
    assert linked.truth.sort("submission_id").equals(apart.truth.sort("submission_id"))
