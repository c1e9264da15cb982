"""A Bayes reference for ``kvalitet simulate``: the best any estimator can do on the validation's
generator, to set beside the product's best estimate and the oracle.

The oracle knows every examiner's true bias, which no data can reveal. This reference knows only
what a perfect statistician could know: the generator's *true* structure and variances
(:data:`GENERATOR`) — class level, unit level, unit profile over the criteria, examiner severity,
examiner bias per criterion, a shared impression per assessment and criterion noise — and the observed
scores. Its estimate of a unit's quality is the posterior mean given the scores, one solve of the
linear-Gaussian model in which every one of those effects is a variable of its own::

    score[u, e, c] = mean + class[k(u)] + unit[u] + profile[u, c] + severity[e] + bias[e, c]
                     + impression[u, e] + noise[u, e, c]

with ``profile[u] = (I - 1 w') raw[u]``, raw ~ N(0, profile_sd² I), so the weighted profile is 0 as
in the generator. The practice submission is a unit with no class (level N(mean, practice_sd²)).

Two things in the generator are not Gaussian:

* scores are rounded to the 0–100 grid in steps of 10 and clipped. The *linear* reference
  (``exact=False``) treats the rounding error as independent noise of variance step²/12 (Sheppard):
  it is then the best linear estimate, not the exact posterior mean. The *exact* reference
  (``exact=True``) treats each score as the interval it stands for ([s − 5, s + 5), open-ended at 0
  and 100) and draws the latent scores in a Gibbs sampler (truncated normal), so it is the exact
  posterior mean up to Monte Carlo error;
* in the heavy-tailed regime examiner severity is 3 · t₂, which has no variance at all, so no best
  linear estimate exists. There the reference is always the exact one: t₂ is a scale mixture of
  normals (severity | λ ~ N(0, 9/λ), λ ~ Gamma(1, 1)) and λ is drawn in the same Gibbs sampler.

Besides the posterior mean the reference gives each unit's posterior probability of being first in its
class (draws from the posterior), so the hit rate of the Bayes decision for "pick the true winner"
(the highest probability) can be set beside that of the highest posterior mean.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

__all__ = ["GENERATOR", "Generator", "bayes_reference"]


@dataclass(frozen=True)
class Generator:
    """The validation generator's true parameters (scoring.bench.validation draws from these)."""

    mean: float = 55.0
    class_sd: float = 4.0
    unit_sd: float = 8.0
    profile_sd: float = 6.0
    severity_sd: float = 5.0
    heavy_scale: float = 3.0      # heavy tails: severity = heavy_scale · t(heavy_df)
    heavy_df: float = 2.0
    by_criterion_sd: float = 3.0
    impression_sd: float = 4.0
    noise_sd: float = 7.0
    step: float = 10.0
    practice_sd: float = 8.0


GENERATOR = Generator()
_DRAWS = 2000           # posterior draws for the reference's P(first)
_BURN_IN = 30
_SWEEPS = 200           # exact reference: Gibbs sweeps kept (Rao-Blackwellised mean over them)


@dataclass(frozen=True, eq=False)
class _Design:
    a: np.ndarray               # (scores, variables) design matrix
    y: np.ndarray               # (scores,) observed score
    prior_var: np.ndarray       # (variables,) prior variance (severity: the normal case)
    severity: slice             # the examiners' severity columns
    quality: np.ndarray         # (real units, variables) 0/1: class level + unit level
    unit_ids: np.ndarray        # (real units,) submission_id
    unit_class: np.ndarray      # (real units,) class index
    class_codes: np.ndarray


def bayes_reference(scores: pl.DataFrame, *, heavy_tails: bool = False, exact: bool = False, seed: int = 0,
                    generator: Generator = GENERATOR) -> pl.DataFrame:
    """One row per real (non-practice) submission: submission_id, class_code, reference (posterior
    mean of the true quality, the class level included) and reference_p_first (posterior P(first in
    its class)). ``scores``: analyse()'s input (is_practice optional). heavy_tails or exact: the Gibbs
    sampler described in the module's docstring; otherwise one solve (the best linear estimate)."""
    d = _design(scores, generator)
    rng = np.random.default_rng(seed)
    if heavy_tails or exact:
        mean, draws = _gibbs(d, generator, heavy_tails, exact, rng)
    else:
        mean, draws = _linear(d, generator, rng)
    return pl.DataFrame({
        "submission_id": d.unit_ids, "class_code": d.class_codes[d.unit_class],
        "reference": generator.mean + mean, "reference_p_first": _p_first(draws, d.unit_class),
    }, schema_overrides={"class_code": pl.String})


def _design(scores: pl.DataFrame, g: Generator) -> _Design:
    practice = (pl.col("is_practice").cast(pl.Boolean).fill_null(False) if "is_practice" in scores.columns
                else pl.lit(False))
    frame = (scores.with_columns(practice.alias("_p")).drop_nulls("score")
             .with_columns((pl.col("submission_id").rank("dense") - 1).cast(pl.Int64).alias("_u"),
                           (pl.col("examiner").rank("dense") - 1).cast(pl.Int64).alias("_e"),
                           (pl.col("criterion").rank("dense") - 1).cast(pl.Int64).alias("_c"))
             .with_columns((pl.struct("_u", "_e").rank("dense") - 1).cast(pl.Int64).alias("_r")))
    weights = frame.group_by("_c").agg(pl.col("weight").first()).sort("_c")["weight"].to_numpy()
    w = weights / weights.sum()
    units = frame.group_by("_u").agg(pl.first("submission_id"), pl.first("class_code"), pl.first("_p")).sort("_u")
    is_practice = units["_p"].to_numpy()
    class_codes, unit_class = np.unique(units["class_code"].to_numpy().astype(str), return_inverse=True)
    real_codes = np.unique(unit_class[~is_practice])
    class_col = np.full(class_codes.size, -1)
    class_col[real_codes] = np.arange(real_codes.size)
    n_k, n_u, n_c = real_codes.size, units.height, w.size
    n_e, n_r = int(frame["_e"].max()) + 1, int(frame["_r"].max()) + 1
    off_q, off_raw = n_k, n_k + n_u
    off_s = off_raw + n_u * n_c
    off_b = off_s + n_e
    off_i = off_b + n_e * n_c
    u, e, c, r = (frame[name].to_numpy() for name in ("_u", "_e", "_c", "_r"))
    rows = np.arange(frame.height)
    a = np.zeros((frame.height, off_i + n_r))
    real = ~is_practice[u]
    a[rows[real], class_col[unit_class[u[real]]]] = 1.0
    a[rows, off_q + u] = 1.0
    profile = np.eye(n_c) - w[None, :]                         # profile[c] = raw[c] - w·raw
    a[rows[:, None], off_raw + u[:, None] * n_c + np.arange(n_c)[None, :]] = profile[c]
    a[rows, off_s + e] = 1.0
    a[rows, off_b + e * n_c + c] = 1.0
    a[rows, off_i + r] = 1.0
    prior_var = np.concatenate([
        np.full(n_k, g.class_sd**2), np.where(is_practice, g.practice_sd**2, g.unit_sd**2),
        np.full(n_u * n_c, g.profile_sd**2), np.full(n_e, g.severity_sd**2),
        np.full(n_e * n_c, g.by_criterion_sd**2), np.full(n_r, g.impression_sd**2)])
    real_units = np.flatnonzero(~is_practice)
    quality = np.zeros((real_units.size, a.shape[1]))
    quality[np.arange(real_units.size), class_col[unit_class[real_units]]] = 1.0
    quality[np.arange(real_units.size), off_q + real_units] = 1.0
    kept_classes, real_class = np.unique(unit_class[real_units], return_inverse=True)
    return _Design(a, frame["score"].to_numpy().astype(float), prior_var, slice(off_s, off_b), quality,
                   units["submission_id"].to_numpy()[real_units], real_class, class_codes[kept_classes])


def _linear(d: _Design, g: Generator, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Posterior mean and draws of the real units' quality, the rounding error taken as noise."""
    noise = g.noise_sd**2 + g.step**2 / 12.0
    precision = d.a.T @ d.a / noise + np.diag(1.0 / d.prior_var)
    cov = np.linalg.inv(precision)
    mean = cov @ (d.a.T @ (d.y - g.mean)) / noise
    q_cov = d.quality @ cov @ d.quality.T
    draws = d.quality @ mean
    draws = draws[:, None] + np.linalg.cholesky(q_cov + 1e-9 * np.eye(q_cov.shape[0])) @ rng.standard_normal(
        (q_cov.shape[0], _DRAWS))
    return d.quality @ mean, draws


def _gibbs(d: _Design, g: Generator, heavy: bool, exact: bool,
           rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """The exact posterior by Gibbs sampling: latent scores inside their rounding intervals (exact),
    severity scales λ (heavy), then all effects jointly given them. The precision changes only on the
    severity diagonal, so one inverse is taken and updated by Woodbury each sweep. The kept sweeps give
    the Rao-Blackwellised posterior mean and draws of the quality from each sweep's conditional."""
    noise = g.noise_sd**2 if exact else g.noise_sd**2 + g.step**2 / 12.0
    prior_prec = 1.0 / d.prior_var
    if heavy:
        prior_prec[d.severity] = 1.0 / g.heavy_scale**2
    base_cov = np.linalg.inv(d.a.T @ d.a / noise + np.diag(prior_prec))
    sev = np.arange(prior_prec.size)[d.severity]
    cu, q_cu = base_cov[:, sev], d.quality @ base_cov[:, sev]
    q_base = d.quality @ base_cov @ d.quality.T
    lam = np.ones(sev.size)
    low, high = d.y - g.step / 2, d.y + g.step / 2
    low[d.y <= 0.0], high[d.y >= 100.0] = -np.inf, np.inf
    latent = d.y - g.mean
    per_sweep = max(1, -(-_DRAWS // _SWEEPS))
    mean_sum, draws = np.zeros(d.quality.shape[0]), []
    factor = np.linalg.cholesky(q_base + 1e-9 * np.eye(q_base.shape[0]))
    for sweep in range(_BURN_IN + _SWEEPS):
        delta = (lam - 1.0) / g.heavy_scale**2
        inner = np.eye(sev.size) + cu[sev] * delta[None, :]

        def cov_times(v: np.ndarray) -> np.ndarray:       # (P + diag delta on severity)^-1 v
            return _changed_inverse_times(base_cov, sev, delta, v, cu, inner) if heavy else base_cov @ v

        scale = np.sqrt(prior_prec)
        scale[sev] = np.sqrt(prior_prec[sev] + delta)
        centre = cov_times(d.a.T @ latent / noise)
        # One joint draw: cov (A' eps / sd + sqrt(prior precision) zeta) has covariance cov.
        x = centre + cov_times(d.a.T @ rng.standard_normal(d.a.shape[0]) / np.sqrt(noise)
                               + scale * rng.standard_normal(scale.size))
        if sweep >= _BURN_IN:
            q_centre = d.quality @ centre
            mean_sum += q_centre
            if heavy:
                q_cov = q_base - (q_cu * delta[None, :]) @ np.linalg.solve(inner, q_cu.T)
                factor = np.linalg.cholesky(q_cov + 1e-9 * np.eye(q_cov.shape[0]))
            draws.append(q_centre[:, None] + factor @ rng.standard_normal((q_centre.size, per_sweep)))
        if exact:
            latent = _truncated_normal(rng, d.a @ x, np.sqrt(noise), low - g.mean, high - g.mean)
        if heavy:
            lam = rng.gamma((g.heavy_df + 1) / 2, 2.0 / (g.heavy_df + x[sev] ** 2 / g.heavy_scale**2))
    return mean_sum / _SWEEPS, np.hstack(draws)


def _changed_inverse_times(cov: np.ndarray, index: np.ndarray, delta: np.ndarray, v: np.ndarray,
                           cu: np.ndarray | None = None, inner: np.ndarray | None = None) -> np.ndarray:
    """(P + diag over ``index`` of ``delta``)^-1 v from cov = P^-1, by Woodbury: cov v - cov_I delta
    (I + cov_II delta)^-1 cov_I' v (cu = cov[:, index] and inner may be passed in when known)."""
    cu = cov[:, index] if cu is None else cu
    inner = np.eye(index.size) + cu[index] * delta[None, :] if inner is None else inner
    return cov @ v - (cu * delta[None, :]) @ np.linalg.solve(inner, cu.T @ v)


def _truncated_normal(rng: np.random.Generator, mu: np.ndarray, sd: float, low: np.ndarray,
                      high: np.ndarray) -> np.ndarray:
    """One draw of N(mu, sd²) restricted to [low, high) per element (either end may be infinite)."""
    a, b = (low - mu) / sd, (high - mu) / sd
    flip = np.isfinite(b) & ~np.isfinite(a)           # (-inf, b]: draw from [-b, inf) and negate
    a2, b2 = np.where(flip, -b, a), np.where(flip, np.inf, b)
    z = np.empty(mu.size)
    todo = np.arange(mu.size)
    while todo.size:
        lo, hi = a2[todo], b2[todo]
        bounded = np.isfinite(hi)
        prop = np.empty(todo.size)
        ok = np.zeros(todo.size, dtype=bool)
        # Bounded: a uniform proposal, accepted by the normal density relative to its peak in [lo, hi].
        peak = np.clip(0.0, lo, hi)
        prop[bounded] = rng.uniform(lo[bounded], hi[bounded])
        ok[bounded] = rng.random(bounded.sum()) < np.exp((peak[bounded] ** 2 - prop[bounded] ** 2) / 2)
        # [lo, inf): plain rejection when lo <= 0, else Robert's exponential proposal.
        plain = ~bounded & (lo <= 0)
        prop[plain] = rng.standard_normal(plain.sum())
        ok[plain] = prop[plain] >= lo[plain]
        tail = ~bounded & (lo > 0)
        rate = (lo[tail] + np.sqrt(lo[tail] ** 2 + 4)) / 2
        prop[tail] = lo[tail] + rng.exponential(1.0 / rate)
        ok[tail] = rng.random(tail.sum()) < np.exp(-((prop[tail] - rate) ** 2) / 2)
        z[todo[ok]] = prop[ok]
        todo = todo[~ok]
    z = np.where(flip, -z, z)
    return mu + sd * z


def _p_first(draws: np.ndarray, unit_class: np.ndarray) -> np.ndarray:
    """Share of the draws in which each unit is the highest of its class."""
    wins = np.zeros(unit_class.size)
    for k in np.unique(unit_class):
        members = np.flatnonzero(unit_class == k)
        best = members[np.argmax(draws[members], axis=0)]
        wins += np.bincount(best, minlength=unit_class.size)
    return wins / draws.shape[1]
