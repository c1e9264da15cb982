"""scoring.committee.partial_ratings: a partial assessment is completed from the unit's profile that its
other examiners saw — checked against plain Gaussian conditioning, on worked examples and on the
moment estimates."""
import numpy as np
import pytest

from scoring.committee.partial_ratings import _blup, complete, moments

W = np.array([0.3, 0.2, 0.2, 0.15, 0.15])


def by_conditioning(y: np.ndarray, mask: np.ndarray, n: int, v_eps: float, v_p: float):
    """E[T_r + w·eps_r | observed scores] and the error covariance, from the joint Gaussian of
    (levels T ~ N(0, 1e8): nearly flat, raw profile, all n×5 eps) written out in full."""
    c = W.size
    seen = np.flatnonzero(mask)
    rating, crit = np.divmod(np.arange(n * c), c)
    profile = np.eye(c) - np.ones((c, 1)) * W[None, :]
    # latent = (T (n), raw profile (c), eps (n*c)); score = T[r] + (profile raw)[c] + eps
    load = np.hstack([np.eye(n)[rating], profile[crit], np.eye(n * c)])[seen]
    prior = np.diag(np.r_[np.full(n, 1e8), np.full(c, v_p), np.full(n * c, v_eps)])
    target = np.hstack([np.eye(n), np.zeros((n, c)), np.kron(np.eye(n), W[None, :])])
    gain = target @ prior @ load.T @ np.linalg.inv(load @ prior @ load.T)
    no_level = prior.copy()
    no_level[:n, :n] = 0.0
    return gain @ y[seen], gain @ load @ no_level @ load.T @ gain.T


def test_completion_is_gaussian_conditioning_on_the_units_scores():
    rng = np.random.default_rng(4)
    n = 3
    y = rng.normal(0.0, 10.0, n * W.size)
    mask = np.ones(n * W.size)
    mask[[0, 3, 4, 7, 13, 14]] = 0.0              # assessment 0 lacks three criteria, 1 one, 2 two
    predicted, omega = _blup((y * mask)[None], mask[None], n, W, 40.0, 25.0)
    expected, expected_omega = by_conditioning(y, mask.astype(bool), n, 40.0, 25.0)
    assert predicted[0] == pytest.approx(expected, abs=1e-3)
    assert omega[0] == pytest.approx(expected_omega, abs=1e-3)


def test_a_full_assessment_keeps_its_weighted_mean_and_a_partial_one_borrows_the_profile():
    # Two full assessments see criterion 1 26 points above the rest (weighted total 67.8); the third
    # has only criterion 1 (86, 18.2 above). Its prediction is pulled most of the way down to the others'.
    n = 3
    full = np.array([86.0, 60, 60, 60, 60]) - 67.8
    y = np.concatenate([full, full, [86.0 - 67.8, 0, 0, 0, 0]])
    mask = np.r_[np.ones(10), 1.0, np.zeros(4)]
    predicted, omega = _blup((y * mask)[None], mask[None], n, W, 40.0, 100.0)
    assert predicted[0, :2] == pytest.approx([0.0, 0.0], abs=1e-9)     # full: w·y exactly
    assert -2.0 < predicted[0, 2] < 6.0                                # not 18.2
    h = float(W @ W)
    assert omega[0, 0, 0] < omega[0, 2, 2] and omega[0, 2, 2] > h * 40.0    # the partial one is less sure
    assert abs(omega[0, 0, 2]) > 0.1                                         # and tied to the others


def test_moments_recover_the_criterion_noise_and_the_profile_spread():
    rng = np.random.default_rng(9)
    units, per, c = 400, 3, W.size
    raw = rng.normal(0.0, np.sqrt(30.0), (units, c))
    profile = raw - (raw @ W)[:, None]
    level = rng.normal(50.0, 8.0, (units, per))
    y = level[:, :, None] + profile[:, None, :] + rng.normal(0.0, np.sqrt(50.0), (units, per, c))
    rating = np.repeat(np.arange(units * per), c)
    v_eps, v_p = moments(y.ravel(), rating, np.tile(np.arange(c), units * per), np.repeat(np.arange(units), per), W,
                         np.ones(units * per, bool), fallback=1.0)
    assert v_eps == pytest.approx(50.0, rel=0.08)
    assert v_p == pytest.approx(30.0, rel=0.2)
    assert moments(y.ravel()[:30], rating[:30], np.tile(np.arange(c), 6), np.repeat(np.arange(2), 3), W,
                   np.ones(6, bool), fallback=77.0)[0] == 77.0                 # too few units: the fallback


def test_complete_leaves_units_with_only_full_assessments_alone():
    rng = np.random.default_rng(1)
    units, per, c = 8, 3, W.size
    y = rng.normal(0.0, 10.0, (units * per, c))
    keep = np.ones_like(y, bool)
    keep[22, 1:] = False                                      # the last unit's second assessment: one criterion
    rating = np.repeat(np.arange(units * per), c)[keep.ravel()]
    crit = np.tile(np.arange(c), units * per)[keep.ravel()]
    z = np.array([(W[keep[r]] @ y[r][keep[r]]) / W[keep[r]].sum() for r in range(units * per)])
    done = complete(y.ravel()[keep.ravel()], rating, crit, np.arange(0, units * per, per), W, z, fallback=50.0)
    assert np.array_equal(done.z[:21], z[:21]) and not np.isclose(done.z[22], z[22])
    assert [b.units.tolist() for b in done.blocks] == [[7]]
    assert np.array_equal(done.blocks[0].ratings, [[21, 22, 23]])
    assert (done.extra[:21] == 0).all() and done.extra[22] > 0
