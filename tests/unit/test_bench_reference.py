"""scoring.bench.reference: the Bayes reference of `kvalitet simulate` is the posterior mean it claims to
be, checked against an independent computation from the generator's covariances, and its Gibbs parts
(rounding intervals, heavy tails) do what they say."""
import numpy as np
import polars as pl
import pytest

from scoring.bench.reference import GENERATOR, _changed_inverse_times, _truncated_normal, bayes_reference
from scoring.bench.validation import REGIMES, WEIGHTS, Regime, simulate_regime

REGIME = {r.name: r for r in REGIMES}


def direct_posterior_mean(scores: pl.DataFrame) -> dict[int, float]:
    """E[true quality | scores] from Cov(y) written out score by score from the generator's structure
    (no design matrix): the best linear estimate, the rounding error as noise of variance step²/12."""
    g = GENERATOR
    s = scores.drop_nulls("score")
    practice = s["is_practice"].to_numpy() if "is_practice" in s.columns else np.zeros(s.height, bool)
    unit, klass = s["submission_id"].to_numpy(), s["class_code"].to_numpy()
    examiner, crit = s["examiner"].to_numpy(), s["criterion"].to_numpy() - 1
    w = WEIGHTS / WEIGHTS.sum()
    c = np.eye(w.size) - np.ones((w.size, 1)) * w[None, :]
    profile = g.profile_sd**2 * c @ c.T
    same_unit, same_exam = unit[:, None] == unit[None, :], examiner[:, None] == examiner[None, :]
    same_class = (klass[:, None] == klass[None, :]) & ~practice[:, None] & ~practice[None, :]
    cov = (g.class_sd**2 * same_class + same_unit * (g.unit_sd**2 + profile[crit][:, crit])
           + same_exam * (g.severity_sd**2 + g.by_criterion_sd**2 * (crit[:, None] == crit[None, :]))
           + g.impression_sd**2 * same_unit * same_exam + (g.noise_sd**2 + g.step**2 / 12) * np.eye(s.height))
    solved = np.linalg.solve(cov, s["score"].to_numpy() - g.mean)
    out = {}
    for u in np.unique(unit[~practice]):
        k = klass[unit == u][0]
        cross = g.class_sd**2 * ((klass == k) & ~practice) + g.unit_sd**2 * (unit == u)
        out[int(u)] = g.mean + float(cross @ solved)
    return out


@pytest.mark.parametrize("regime", [Regime("små", class_sizes=(4, 5), n_classes=2, missing=0.2),
                                    Regime("övning", class_sizes=(4, 4), n_classes=2, teams="fixed", practice=1)])
def test_linear_reference_is_the_posterior_mean_from_the_generators_covariances(regime):
    sim = simulate_regime(regime, seed=11)
    found = bayes_reference(sim.scores, seed=1)
    expected = direct_posterior_mean(sim.scores)
    assert sorted(found["submission_id"].to_list()) == sorted(expected)        # real units only, each once
    for sid, value in found.select("submission_id", "reference").iter_rows():
        assert value == pytest.approx(expected[sid], abs=1e-6)
    sums = found.group_by("class_code").agg(pl.col("reference_p_first").sum())["reference_p_first"]
    assert np.allclose(sums.to_numpy(), 1.0)


def test_exact_reference_is_near_the_linear_one_and_not_the_same():
    sim = simulate_regime(REGIME["blandade team"], seed=3)
    linear = bayes_reference(sim.scores, seed=1)
    exact = bayes_reference(sim.scores, exact=True, seed=1)
    both = linear.join(exact, on=["submission_id", "class_code"], suffix="_exact")
    gap = (both["reference"] - both["reference_exact"]).abs()
    assert 0.0 < gap.max() < 1.5                     # rounding to steps of 10 moves a unit's estimate little
    assert np.corrcoef(both["reference_p_first"], both["reference_p_first_exact"])[0, 1] > 0.95


def test_heavy_tailed_reference_lets_an_extreme_examiner_be_extreme():
    # One examiner 40 points more lenient than the generator made them: under a normal prior (sd 5)
    # most of it is left in the units' estimates; under the true 3·t₂ prior it is taken off.
    errors = {"linear": [], "heavy": []}
    for seed in (1, 2, 3):
        sim = simulate_regime(REGIME["blandade team"], seed=seed)
        lenient = sim.scores["examiner"][0]
        scores = sim.scores.with_columns(
            pl.when(pl.col("examiner") == lenient).then((pl.col("score") + 40).clip(0, 100)).otherwise(pl.col("score"))
            .alias("score"))
        seen = scores.filter(pl.col("examiner") == lenient)["submission_id"].unique()
        truth = sim.truth.select("submission_id", "true_quality")
        for name, heavy in (("linear", False), ("heavy", True)):
            ref = bayes_reference(scores, heavy_tails=heavy, seed=seed).join(truth, on="submission_id")
            errors[name].append(ref.filter(pl.col("submission_id").is_in(seen.implode()))
                                .select((pl.col("reference") - pl.col("true_quality")).mean()).item())
    assert np.mean(errors["linear"]) > np.mean(errors["heavy"]) + 3.0


def test_truncated_normal_draws_stay_in_their_interval_with_the_right_mean():
    rng = np.random.default_rng(5)
    n = 40_000
    grid = np.linspace(-6.0, 6.0, 200_001)
    density = np.exp(-grid**2 / 2)
    for low, high in ((1.0, 2.0), (-np.inf, -3.0), (2.5, np.inf), (-0.5, 0.5)):
        z = _truncated_normal(rng, np.zeros(n), 1.0, np.full(n, low), np.full(n, high))
        assert ((z >= low) & (z <= high)).all()
        inside = (grid >= low) & (grid <= high)
        expected = (grid * density)[inside].sum() / density[inside].sum()
        assert z.mean() == pytest.approx(expected, abs=0.02)
    shifted = _truncated_normal(rng, np.full(n, 50.0), 7.0, np.full(n, 55.0), np.full(n, 65.0))
    assert ((shifted >= 55.0) & (shifted <= 65.0)).all() and 55.0 < shifted.mean() < 60.0   # more mass near 55



def test_woodbury_update_applies_the_inverse_of_the_changed_precision():
    rng = np.random.default_rng(2)
    a = rng.normal(size=(30, 12))
    precision = a.T @ a + np.eye(12)
    index, delta = np.array([1, 4, 7]), np.array([0.5, -0.3, 2.0])
    changed = precision.copy()
    changed[index, index] += delta
    v = rng.normal(size=(12, 2))
    assert np.allclose(_changed_inverse_times(np.linalg.inv(precision), index, delta, v), np.linalg.solve(changed, v))
