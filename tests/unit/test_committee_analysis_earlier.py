"""Pooling the model's variances with earlier cycles (scoring.committee.analysis: pool_earlier,
cycle_variances, fit_cycle(earlier=)), pinned on small worked examples."""
from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from scoring.bench.validation import REGIMES, simulate_regime
from scoring.committee.analysis import (EARLIER_AT_MOST, CycleVariances, analyse, cycle_variances, fit_cycle,
                                        pool_earlier)

SMALL = next(r for r in REGIMES if r.name.startswith("små klasser"))


def class_of_five() -> pl.DataFrame:
    """One class of five units (true levels 50, 54, …, 66), each scored by the same three examiners,
    with a little noise per criterion that is fixed by the seed."""
    rng = np.random.default_rng(3)
    rows = []
    for u in range(5):
        for e, bias in (("x", 0.0), ("y", 3.0), ("z", -3.0)):
            for c in range(5):
                rows.append({"submission_id": u + 1, "examiner": e, "class_code": "A", "criterion": c + 1,
                             "score": 50.0 + 4 * u + bias + rng.normal(0.0, 4.0), "weight": 0.2})
    return pl.DataFrame(rows)


def test_without_earlier_cycles_the_figures_are_those_of_before():
    # Pinned from the model before earlier cycles could be given (same seed, same scores).
    sim = simulate_regime(SMALL, 11)
    units = analyse(sim.scores, draws=400, seed=5, mc_error=None)
    first = units.head(2).rows(named=True)
    assert (first[0]["submission_id"], first[1]["submission_id"]) == (1, 4)
    assert first[0]["best_estimate"] == pytest.approx(59.92295813914408, abs=1e-9)
    assert (first[0]["p_first"], first[1]["p_first"]) == (0.49, 0.395)
    assert float(units["posterior_sd"].sum()) == pytest.approx(165.60980939865112, abs=1e-6)
    assert units.equals(analyse(sim.scores, draws=400, seed=5, mc_error=None, earlier=None))
    assert units.equals(analyse(sim.scores, draws=400, seed=5, mc_error=None, earlier={}))


def test_pool_earlier_adds_the_counts_and_weighs_the_means_by_them():
    a = CycleVariances({"tau": 20.0, "examiner": 10.0, "sigma": 30.0}, {"tau": 10, "examiner": 4, "sigma": 30})
    b = CycleVariances({"tau": 40.0, "examiner": 30.0, "sigma": 20.0}, {"tau": 30, "examiner": 4, "sigma": 90})
    pooled = pool_earlier([a, b])
    assert pooled["tau"] == (40.0, pytest.approx(35.0))
    assert pooled["examiner"] == (8.0, pytest.approx(20.0))
    assert pooled["sigma"] == (120.0, pytest.approx(22.5))
    assert pool_earlier([]) is None


def test_earlier_cycles_pull_a_class_of_five_toward_their_spread():
    scores = class_of_five()
    alone = fit_cycle(scores, draws=2000, seed=1)
    assert alone.variances.counts == {"tau": 5, "examiner": 3, "sigma": 15}
    assert alone.prior["tau"] == (1.0, 25.0)                     # the weak prior: 1 df, 5 points
    wide = fit_cycle(scores, draws=2000, seed=1, earlier={"tau": (50.0, 400.0)})
    narrow = fit_cycle(scores, draws=2000, seed=1, earlier={"tau": (50.0, 4.0)})
    tau = lambda fit: fit.variances.means["tau"]   # noqa: E731
    assert tau(narrow) < tau(alone) < tau(wide)
    # Capped at the cycle's own five units: the earlier cycles weigh as much as the current one, so the
    # estimate moves toward 400 (or 4) but stays between the two.
    assert wide.prior["tau"] == (EARLIER_AT_MOST * 5, 400.0)
    assert tau(alone) < tau(wide) < 400.0
    assert 4.0 < tau(narrow) < tau(alone)
    # Only tau was given: the other variances keep the weak prior.
    assert wide.prior["examiner"] == alone.prior["examiner"] and wide.prior["sigma"] == alone.prior["sigma"]
    # A wider spread between units shrinks the units less: the best estimates spread out.
    spread = lambda fit: float(fit.units["best_estimate"].std())   # noqa: E731
    assert spread(narrow) < spread(alone) < spread(wide)


def test_earlier_degrees_of_freedom_beyond_the_cap_change_nothing():
    scores = class_of_five()
    capped = fit_cycle(scores, draws=800, seed=2, earlier={"tau": (5.0, 100.0), "sigma": (15.0, 30.0)})
    more = fit_cycle(scores, draws=800, seed=2, earlier={"tau": (5000.0, 100.0), "sigma": (9999.0, 30.0)})
    assert capped.units.equals(more.units)
    assert more.prior["tau"] == (5.0, 100.0) and more.prior["sigma"] == (15.0, 30.0)


def test_earlier_refuses_an_unknown_variance():
    with pytest.raises(ValueError, match="Okänd varians"):
        fit_cycle(class_of_five(), draws=200, earlier={"spread": (10.0, 10.0)})


def test_cycle_variances_is_a_short_run_close_to_the_full_fit():
    sim = simulate_regime(REGIMES[0], 4)
    full = fit_cycle(sim.scores, draws=2000, seed=1, mc_error=None).variances
    short = cycle_variances(sim.scores, seed=1)
    assert short.counts == full.counts
    assert short.counts["sigma"] == sim.scores.select("submission_id", "examiner").unique().height
    for name in ("tau", "examiner", "sigma"):
        assert short.means[name] == pytest.approx(full.means[name], rel=0.35)
        assert short.means[name] > 1.0


def test_earlier_cycles_from_the_same_generator_give_a_prior_near_the_truth():
    # Three earlier cycles of the small-classes regime: the pooled scale lies near the generator's
    # spread between units, and the current cycle, pooled with them, is drawn with that prior.
    from scoring.bench.validation import true_variances
    earlier = pool_earlier([cycle_variances(simulate_regime(SMALL, 100 + k).scores, seed=k) for k in range(3)])
    truth = true_variances(SMALL)
    assert earlier["tau"][1] == pytest.approx(truth["tau"], rel=0.4)
    current = fit_cycle(simulate_regime(SMALL, 99).scores, draws=800, seed=1, earlier=earlier)
    assert current.prior["tau"][0] == min(earlier["tau"][0], current.variances.counts["tau"])
