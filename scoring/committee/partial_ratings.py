"""Partly scored assessments, completed from what the unit's other examiners said.

An assessment that lacks a criterion says less about its weighted total, and what it lacks is not
random noise alone: a unit has a *profile* over the criteria (strong on one, weaker on another) that all
its examiners see. Per unit the criterion scores (after the cycle's criterion offsets) are modelled as::

    score[r, c] = T[r] + profile[c] + eps[r, c]

with T[r] the assessment's level (free), profile ~ N(0, v_p (I - 1w')(I - w1')) — weighted to sum 0, so a
full assessment's weighted total is T[r] + w·eps[r] whatever the profile — and eps ~ N(0, v_eps)
independent (criterion noise and an examiner's bias on one criterion). ``complete`` gives, for each
assessment of a unit that has a partly scored one, the best linear unbiased prediction of its full
weighted total T[r] + w·eps[r] and the covariance Omega of the prediction's error around T[r] (for a
full assessment exactly its w·eps: variance h·v_eps with h = sum of squared relative weights, and
then the prediction is its weighted mean). A partial assessment borrows the unit's profile on the
criteria it lacks from the other examiners' scores; its errors are correlated with theirs, which Omega
keeps. Units whose assessments are all full are left as they are.

v_eps and v_p are moment estimates from units with two or more full assessments (the spread of a
criterion's deviation from the weighted mean across a unit's examiners, and what remains of the
unit's mean deviation beyond it).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Block", "Completed", "complete", "moments"]

_MIN_UNITS = 5        # units with two or more full assessments needed for the moment estimates
_FLOOR = 1e-2         # points², the smallest variance either component is given


@dataclass(frozen=True, eq=False)
class Block:
    """Units of the same number of assessments n that hold a partial one. ratings (G, n): the global
    indices of their assessments, in order; values (G, n), vectors (G, n, n): the eigen-decomposition of
    E = Omega - h v_eps I, the error covariance beyond that of a full assessment."""

    units: np.ndarray
    ratings: np.ndarray
    values: np.ndarray
    vectors: np.ndarray


@dataclass(frozen=True, eq=False)
class Completed:
    z: np.ndarray           # (R,) predicted full weighted total of each assessment
    extra: np.ndarray       # (R,) diagonal of E (0 outside the blocks)
    blocks: tuple[Block, ...]
    v_eps: float
    v_p: float
    h_full: float


def moments(y: np.ndarray, rating: np.ndarray, criterion: np.ndarray, unit_of: np.ndarray, w: np.ndarray,
            full: np.ndarray, fallback: float) -> tuple[float, float]:
    """(v_eps, v_p) from the full assessments of units with two or more of them; (fallback, 0) when
    fewer than _MIN_UNITS such units exist. y, rating, criterion: one per score; unit_of, full: one per
    assessment; w: relative weights summing to 1."""
    h = float(w @ w)
    a = 1.0 - 2.0 * w + h                  # variance factor of (eps_c - w·eps), and of the profile
    n_units, n_c = int(unit_of.max()) + 1, w.size
    n_full = np.bincount(unit_of[full], minlength=n_units)
    use = full[rating] & (n_full[unit_of[rating]] >= 2)
    units = np.flatnonzero(n_full >= 2)
    if units.size < _MIN_UNITS:
        return max(fallback, _FLOOR), _FLOOR
    level = np.bincount(rating[use], (w[criterion] * y)[use], minlength=rating.max() + 1)
    dev = y[use] - level[rating[use]]
    key = unit_of[rating[use]] * n_c + criterion[use]
    mean = np.bincount(key, dev, minlength=n_units * n_c) / np.maximum(np.bincount(key, minlength=n_units * n_c), 1)
    within = float(((dev - mean[key]) ** 2).sum())
    count = n_full[units].astype(float)
    v_eps = within / ((count - 1).sum() * a.sum())
    between = float((mean.reshape(n_units, n_c)[units] ** 2).sum())
    v_p = (between - v_eps * (a[None, :] / count[:, None]).sum()) / (a.sum() * units.size)
    return max(v_eps, _FLOOR), max(v_p, _FLOOR)


def complete(y: np.ndarray, rating: np.ndarray, criterion: np.ndarray, starts: np.ndarray, w: np.ndarray,
             z: np.ndarray, fallback: float) -> Completed:
    """Complete the partial assessments. y, rating, criterion: one per score, sorted by assessment;
    assessments sorted by unit, unit u's from starts[u]; w: relative weights (sum 1); z: each
    assessment's weighted mean of what it has (kept for units without a partial assessment);
    fallback: v_eps when the moments cannot be estimated."""
    n_r, n_c = z.size, w.size
    counts = np.diff(np.append(starts, n_r))
    unit_of = np.repeat(np.arange(starts.size), counts)
    scored = np.bincount(rating, minlength=n_r)
    full = scored == n_c
    v_eps, v_p = moments(y, rating, criterion, unit_of, w, full, fallback)
    h = float(w @ w)
    new_z, extra, blocks = z.copy(), np.zeros(n_r), []
    partial_units = np.unique(unit_of[~full])
    for n in np.unique(counts[partial_units]):
        units = partial_units[counts[partial_units] == n]
        ratings = starts[units][:, None] + np.arange(n)[None, :]
        grid = np.zeros((units.size, n * n_c))
        mask = np.zeros((units.size, n * n_c))
        local = rating - starts[unit_of[rating]]
        at = np.flatnonzero(np.isin(unit_of[rating], units))
        row = np.searchsorted(units, unit_of[rating[at]])
        grid[row, local[at] * n_c + criterion[at]] = y[at]
        mask[row, local[at] * n_c + criterion[at]] = 1.0
        predicted, omega = _blup(grid, mask, n, w, v_eps, v_p)
        new_z[ratings] = predicted
        e = omega - h * v_eps * np.eye(n)[None]
        values, vectors = np.linalg.eigh(e)
        extra[ratings] = np.diagonal(e, axis1=1, axis2=2)
        blocks.append(Block(units, ratings, values, vectors))
    return Completed(new_z, extra, tuple(blocks), v_eps, v_p, h)


def _blup(y: np.ndarray, mask: np.ndarray, n: int, w: np.ndarray, v_eps: float,
          v_p: float) -> tuple[np.ndarray, np.ndarray]:
    """Per unit (batched, G units of n assessments; slot j = assessment j // C, criterion j % C; mask 0
    where not scored — such a slot has no row and drops out exactly): the prediction of each full
    weighted total (G, n) and the covariance of its error around T (G, n, n)."""
    n_c = w.size
    slot_r, slot_c = np.divmod(np.arange(n * n_c), n_c)
    xc = (np.eye(n_c)[slot_c] - w[None, :])[None] * mask[:, :, None]               # (G, nC, C): profile
    d = np.eye(n)[slot_r][None] * mask[:, :, None]                                 # (G, nC, n): level
    ht = (np.eye(n)[slot_r] * w[slot_c][:, None])[None] * mask[:, :, None]         # (G, nC, n): w·eps
    kinv = np.linalg.inv((v_eps / v_p) * np.eye(n_c)[None] + _t(xc) @ xc)

    def sigma_inv(m: np.ndarray) -> np.ndarray:        # Sigma^-1 m, Sigma = v_eps I + v_p xc xc'
        return (m - xc @ (kinv @ (_t(xc) @ m))) / v_eps

    sd = sigma_inv(d)
    g = np.linalg.solve(_t(d) @ sd, _t(sd))             # (G, n, nC): GLS of the levels T
    hs = _t(sigma_inv(ht))                             # (G, n, nC): H Sigma^-1
    a = g + v_eps * (hs - (hs @ d) @ g)                # prediction = a y; a d = I
    ax = a @ xc
    omega = v_eps * a @ _t(a) + v_p * ax @ _t(ax)
    return (a @ y[:, :, None])[:, :, 0], omega


def _t(m: np.ndarray) -> np.ndarray:
    return np.swapaxes(m, -1, -2)
