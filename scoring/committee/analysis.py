"""The committee's analysis of one cycle: a best estimate per unit, P(first), a 90 % rank interval,
the connected group of examiners, and a close-call flag per class — one function, :func:`analyse`.

Model (additive, at the level of the criterion score, so a partly scored assessment counts)::

    score[unit, examiner, criterion] = class mean + unit effect + examiner effect
                                       + criterion offset + rating impression + criterion noise

* unit effect ~ N(0, tau^2), one tau pooled over all classes (never floored per class);
* examiner effect ~ N(0, s_b^2): a *random* effect, shrunk toward 0, s_b^2 estimated from the whole
  cycle. Groups of examiners that share no unit are therefore linked only through that prior, and
  the offset between them is uncertain with variance ~ s_b^2 / group size, not fixed at 0;
* criterion offsets (how much higher criterion c is scored in general) are estimated once, so a
  rating that lacks a criterion is put on the scale of a complete one;
* an assessment's criterion scores share an impression (their noise is correlated), and a unit has a
  profile over the criteria that all its examiners see. A full assessment enters as its weighted mean
  (variance sigma^2). A partly scored one is completed from the unit's profile as its other examiners
  scored it (:mod:`scoring.committee.partial_ratings`: the best linear unbiased prediction of its full
  weighted total); the unit's assessments then have error covariance ``sigma^2 I + E_u``, E_u from that
  prediction (larger for fewer criteria, and tied to the other assessments it borrowed from), so the
  unit's ratings enter with the full precision matrix (sigma^2 I + E_u)^-1.

Computation. Given the variances the model is Gaussian. The unit effects are integrated out, which
leaves a system of (examiners + classes) equations; its exact posterior is drawn jointly (Cholesky),
then each unit given it. The variances (tau^2, s_b^2, sigma^2) are drawn by a blocked Gibbs sampler:
one exact joint draw of all effects, then each variance from its inverse-gamma full conditional
(weak priors, ``_PRIOR``, unless earlier cycles say more: below). After ``_BURN_IN`` sweeps, ``_KEPT`` sweeps each contribute draws/_KEPT
draws, so P(first) and rank intervals carry the uncertainty of the variances too.

best_estimate is the posterior mean of ``class mean + unit effect``: the unit's weighted total from an
average examiner of the cycle. ``p_first_se`` is the Monte Carlo standard error of p_first: the
independent-draws error inflated by the cycle's batch-means factor over the Gibbs sweeps; when it
exceeds MC_ERROR (0.01) anywhere, the run is repeated with enough draws (at most 4 × draws). Optional ``consensus_score``/``final_score`` give ``official_total``
(weighted over the criteria that have one; final before consensus) and ``calibrated_total``: the
official total minus the mean examiner effect of the unit's team, with its posterior sd.

Earlier cycles. The three variances are properties of the programme more than of one cycle, and a
small cycle (classes of 5–8 units, a few dozen examiners) estimates them poorly. ``fit_cycle(earlier=)``
takes what earlier cycles say: per variance a scaled-inverse-chi^2 prior (degrees of freedom nu0,
scale s0^2) that replaces the weak ``_PRIOR``. The rule (:func:`pool_earlier`, then fit_cycle):

* each earlier cycle is fitted on its own, with the weak priors (:func:`cycle_variances`: a short
  Gibbs run, variances only), and reports each variance's posterior mean v_j and the count it rests on
  n_j (tau: units, examiner: examiners, sigma: assessments) — ``CycleFit.variances`` of a full fit;
* pooled: nu0 = sum n_j, s0^2 = sum n_j v_j / sum n_j (the earlier cycles' sums of squares);
* bounded: fit_cycle caps nu0 at ``EARLIER_AT_MOST`` (1) times the current cycle's own count, so the
  earlier cycles together weigh at most as much as the current one and a real change of the programme
  still moves the estimate at least halfway. The prior used is ``CycleFit.prior``.

Without ``earlier`` nothing changes: the same seed gives the same figures as before.

Practice case: rows with ``is_practice`` true belong to submissions every examiner scores. Each such
submission is a unit of its own class inside the model (so it informs the examiner effects and links
groups), and is dropped from the output, the ranks and P(first).

Pure: NumPy and Polars only; a fixed seed gives the same figures for the same scores.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from scoring.committee.partial_ratings import Block, complete
from scoring.committee.rank_confidence import CLOSE_CALL_BELOW, first_by_batch, rank_summary

__all__ = ["DEFAULT_DRAWS", "DEFAULT_SEED", "EARLIER_AT_MOST", "EXAMINER_COLUMNS", "INPUT_COLUMNS", "OUTPUT_COLUMNS",
           "MESSAGE_NO_SCORES", "VARIANCES", "CycleFit", "CycleVariances", "analyse", "cycle_variances", "fit_cycle",
           "pool_earlier"]

DEFAULT_DRAWS = 4000
DEFAULT_SEED = 20261204
MC_ERROR = 0.01          # the Monte Carlo error of P(first) that fit_cycle draws more for
INPUT_COLUMNS = ("submission_id", "examiner", "class_code", "criterion", "score", "weight")
OUTPUT_COLUMNS = ("class_code", "submission_id", "best_estimate", "posterior_sd", "p_first", "p_first_se",
                  "rank_low", "rank_median", "rank_high", "place", "group", "close_call", "raw_mean", "n_ratings",
                  "official_total", "calibrated_total", "calibrated_total_sd")
EXAMINER_COLUMNS = ("examiner", "severity", "severity_se", "n_assessments", "n_practice", "component", "enough_data")
PRACTICE_COLUMN = "is_practice"
_PRACTICE_CLASS = "\x00övningsfall"     # the practice submissions' own class inside the model; never output
MESSAGE_NO_SCORES = "Det finns inga poängsatta kriterier att räkna på."
MESSAGE_MISSING_COLUMNS = "Poängfilen saknar kolumnerna: {columns}."

_BURN_IN = 5
_KEPT = 40           # Gibbs sweeps kept; draws/_KEPT draws each (batch means give the Monte Carlo error)
_COV_SWEEPS = 10     # sweeps whose exact conditional covariance enters the severity and team-effect sd
# Weak scaled-inverse-chi^2 priors (degrees of freedom, scale in points): a few points of spread,
# worth one or two observations; with a real cycle the data decide.
_PRIOR = {"tau": (1.0, 5.0), "examiner": (2.0, 3.0), "sigma": (1.0, 5.0)}
_VAR_FLOOR = 1e-4
VARIANCES = ("tau", "examiner", "sigma")
EARLIER_AT_MOST = 1.0    # earlier cycles' degrees of freedom: at most this times the current cycle's own count
_EARLIER_KEPT = 20       # sweeps kept when an earlier cycle is fitted for its variances only
_SHORTEST = True
_NEAREST = True      # the rank interval holds the share of the draws nearest 90 % (scoring.committee.rank_confidence)


@dataclass(frozen=True, eq=False)
class _Ratings:
    """One row per assessment (unit, examiner) with at least one criterion score, sorted by unit."""

    unit_of: np.ndarray  # (R,)
    examiner_of: np.ndarray  # (R,)
    z: np.ndarray  # (R,) predicted full weighted total (partial ones completed, scoring.committee.partial_ratings)
    z_raw: np.ndarray  # (R,) criterion-adjusted weighted mean of the scores it has
    extra: np.ndarray  # (R,) error variance beyond a full assessment's (diagonal of the blocks' E)
    blocks: tuple[Block, ...]  # units with a partial assessment: their error covariance beyond sigma^2 I
    sigma_floor: float  # the noise variance of a full assessment is at least its criterion noise h v_eps
    starts: np.ndarray  # (U,)
    unit_ids: np.ndarray  # (U,)
    unit_class: np.ndarray  # (U,) class index
    class_codes: np.ndarray  # (K,)
    n_examiners: int
    examiner_ids: np.ndarray  # (E,)
    practice: np.ndarray  # (U,) bool: a practice submission (informs examiner effects only)
    practice_rating: np.ndarray  # (R,) bool


@dataclass(frozen=True)
class CycleVariances:
    """What one cycle says about the model's variances, for a later cycle to pool (pool_earlier):
    means, the posterior mean of each of VARIANCES in points²; counts, what each rests on (tau: units,
    examiner: examiners, sigma: assessments; practice submissions and their assessments included)."""

    means: Mapping[str, float]
    counts: Mapping[str, int]


@dataclass(frozen=True, eq=False)
class CycleFit:
    """units: analyse()'s output. examiners: EXAMINER_COLUMNS, one row per examiner: severity is the
    posterior mean of the shrunk examiner effect (> 0 lenient, the sign of scoring.committee.calibration),
    severity_se its posterior sd (the variances' uncertainty included), n_assessments the real
    assessments, n_practice the practice ones, component the connected group (practice links count).
    sigma: posterior mean sd of one full assessment's weighted score around unit + examiner.
    variances: this cycle's posterior mean variances and counts (for a later cycle's ``earlier``).
    prior: the scaled-inverse-chi^2 prior (degrees of freedom, scale²) each variance was drawn with —
    the weak one, or the earlier cycles' after the cap; empty when the variances were given as known."""

    units: pl.DataFrame
    examiners: pl.DataFrame
    sigma: float
    variances: CycleVariances | None = None
    prior: Mapping[str, tuple[float, float]] | None = None


def analyse(scores: pl.DataFrame, *, draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED,
            close_call_below: float = CLOSE_CALL_BELOW, mc_error: float | None = MC_ERROR,
            earlier: Mapping[str, tuple[float, float]] | None = None) -> pl.DataFrame:
    """One row per submission with at least one criterion score: the columns of OUTPUT_COLUMNS,
    sorted by class_code and place. close_call: the class's first place by best estimate has
    P(first) below ``close_call_below``. ``scores``: one row per criterion score with INPUT_COLUMNS
    (score on 0–100, null = not scored) and optionally consensus_score and final_score, and
    ``is_practice``: rows of a practice case that every examiner scores. Those inform the examiner
    effects (they link otherwise separate groups) but their submissions are never output, and take
    part in no class's P(first) or ranks. mc_error, earlier: see fit_cycle."""
    return fit_cycle(scores, draws=draws, seed=seed, close_call_below=close_call_below, mc_error=mc_error,
                     earlier=earlier).units


def fit_cycle(scores: pl.DataFrame, *, draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED,
              close_call_below: float = CLOSE_CALL_BELOW, mc_error: float | None = MC_ERROR,
              variances: Mapping[str, float] | None = None,
              earlier: Mapping[str, tuple[float, float]] | None = None) -> CycleFit:
    """analyse()'s units plus each examiner's shrunk severity and the noise sd, from one run. When
    some unit's p_first_se exceeds ``mc_error`` the run is repeated once with enough draws for it
    (at most 4 × draws); None: never. ``variances``: {"tau", "examiner", "sigma"} in points² (the
    spread between units, between examiners' effects on the weighted total, and of one full
    assessment's weighted total) to use as known instead of drawing them — for a statistician's check
    (``kvalitet simulate`` gives the generator's). ``earlier``: what earlier cycles say about the
    variances, {name: (degrees of freedom, scale²)} as pool_earlier() gives it; it replaces the weak
    prior of each variance named, its degrees of freedom capped at EARLIER_AT_MOST times this cycle's
    own count (see the module docstring)."""
    fitted = _fit_cycle(scores, draws, seed, close_call_below, variances, earlier)
    worst = float(fitted.units["p_first_se"].max() or 0.0)
    if mc_error is None or worst <= mc_error:
        return fitted
    more = min(4 * draws, int(np.ceil(draws * 1.3 * (worst / mc_error) ** 2)))
    return _fit_cycle(scores, more, seed, close_call_below, variances, earlier)


def pool_earlier(cycles: Sequence[CycleVariances]) -> dict[str, tuple[float, float]] | None:
    """The earlier cycles' prior for fit_cycle(earlier=): per variance (sum of the counts, the
    count-weighted mean of the posterior means), i.e. their pooled sums of squares. None without cycles."""
    if not cycles:
        return None
    pooled = {}
    for name in VARIANCES:
        n = np.array([c.counts[name] for c in cycles], dtype=float)
        v = np.array([c.means[name] for c in cycles], dtype=float)
        pooled[name] = (float(n.sum()), float((n * v).sum() / n.sum()))
    return pooled


def cycle_variances(scores: pl.DataFrame, *, seed: int = DEFAULT_SEED) -> CycleVariances:
    """What this cycle says about the variances, for a later cycle: a short Gibbs run (weak priors, one
    draw per sweep, _EARLIER_KEPT sweeps kept, no ranks) — the posterior means and their counts.
    Close to fit_cycle(...).variances at a fraction of its cost."""
    data = _prepared(scores)
    return _sample(data, 1, np.random.default_rng(seed), None, _priors(None, data), _EARLIER_KEPT, covariances=False)[5]


def _prepared(scores: pl.DataFrame) -> _Ratings:
    missing = [c for c in INPUT_COLUMNS if c not in scores.columns]
    if missing:
        raise ValueError(MESSAGE_MISSING_COLUMNS.format(columns=", ".join(missing)))
    frame = _clean(scores)
    if frame.filter(~pl.col(PRACTICE_COLUMN)).height == 0:
        raise ValueError(MESSAGE_NO_SCORES)
    return _ratings(frame)


def _counts(d: _Ratings) -> dict[str, int]:
    return {"tau": int(d.starts.size), "examiner": int(d.n_examiners), "sigma": int(d.z.size)}


def _priors(earlier: Mapping[str, tuple[float, float]] | None, d: _Ratings) -> dict[str, tuple[float, float]]:
    """(degrees of freedom, scale²) per variance: the weak _PRIOR, or the earlier cycles' with their degrees
    of freedom capped at EARLIER_AT_MOST times this cycle's own count."""
    priors = {name: (nu0, s0**2) for name, (nu0, s0) in _PRIOR.items()}
    counts = _counts(d)
    for name, (nu0, scale2) in (earlier or {}).items():
        if name not in priors:
            raise ValueError(f"Okänd varians: {name}")
        if nu0 > 0 and scale2 > 0:
            priors[name] = (min(float(nu0), EARLIER_AT_MOST * counts[name]), float(scale2))
    return priors


def _fit_cycle(scores: pl.DataFrame, draws: int, seed: int, close_call_below: float,
               variances: Mapping[str, float] | None = None,
               earlier: Mapping[str, tuple[float, float]] | None = None) -> CycleFit:
    data = _prepared(scores)
    rng = np.random.default_rng(seed)
    per_sweep = max(1, -(-draws // _KEPT))
    prior = _priors(earlier, data)
    sample, team_effect, cond_mean, severity, sigma, summary = _sample(data, per_sweep, rng, variances, prior)
    real = ~data.practice
    p_first, bounds = rank_summary(sample, data.unit_class[real], shortest=_SHORTEST, nearest=_NEAREST)
    counts = np.diff(np.append(data.starts, data.z.size))
    unit_group, examiner_group = _groups(data)
    result = pl.DataFrame({
        "class_code": data.class_codes[data.unit_class][real],
        "submission_id": data.unit_ids[real],
        "best_estimate": cond_mean[real],
        "posterior_sd": _row_sd(sample),
        "p_first": p_first,
        "p_first_se": _p_first_se(sample, data.unit_class[real], p_first),
        "rank_low": bounds[:, 0],
        "rank_median": bounds[:, 1],
        "rank_high": bounds[:, 2],
        "group": unit_group[real],
        "raw_mean": (np.add.reduceat(data.z_raw, data.starts) / counts)[real],
        "n_ratings": counts[real],
    }, schema_overrides={"class_code": pl.String})
    result = result.with_columns(
        pl.col("best_estimate").rank("min", descending=True).over("class_code").cast(pl.Int64).alias("place"))
    # The class's leader is its first place by best estimate (of several, the likeliest to be first).
    leader_p = pl.col("p_first").sort_by(["place", "p_first"], descending=[False, True]).first().over("class_code")
    result = result.with_columns((leader_p < close_call_below).alias("close_call"))
    official = _official(scores.filter(~pl.col(PRACTICE_COLUMN).fill_null(False)) if PRACTICE_COLUMN in scores.columns
                         else scores, data.unit_ids[real], (team_effect[0][real], team_effect[1][real]))
    result = result.join(official, on="submission_id", how="left")
    units = result.select(OUTPUT_COLUMNS).sort("class_code", "place", "submission_id")
    n_real = np.bincount(data.examiner_of[~data.practice_rating], minlength=data.n_examiners)
    n_all = np.bincount(data.examiner_of, minlength=data.n_examiners)
    examiners = pl.DataFrame({
        "examiner": data.examiner_ids, "severity": severity[0], "severity_se": severity[1],
        "n_assessments": n_real, "n_practice": n_all - n_real, "component": examiner_group,
        "enough_data": np.isfinite(severity[1]) & (severity[1] > 0),
    }, schema_overrides={"examiner": pl.String, "n_assessments": pl.Int64, "n_practice": pl.Int64,
                         "component": pl.Int64})
    return CycleFit(units, examiners.select(EXAMINER_COLUMNS), sigma, summary, {} if variances is not None else prior)


def _row_sd(sample: np.ndarray, rows: int = 256) -> np.ndarray:
    """Each unit's sd over its draws, a few hundred units at a time: sample.std(axis=1) at once holds a
    second copy of the whole (units, draws) sample (40 MB at ten times Stockholm's size)."""
    out = np.empty(sample.shape[0])
    for start in range(0, sample.shape[0], rows):
        out[start:start + rows] = sample[start:start + rows].std(axis=1)
    return out


def _p_first_se(sample: np.ndarray, unit_class: np.ndarray, p_first: np.ndarray) -> np.ndarray:
    """Monte Carlo error of P(first): the independent-draws error sqrt(p(1 - p)/draws) times one
    inflation factor for the cycle (at least 1), from batch means over the _KEPT Gibbs sweeps — the
    draws of one sweep share its variances, so they are not independent. One factor for the cycle,
    the ratio of the batch-means variance to the independent one pooled over the units with 0.05 ≤ p
    ≤ 0.95, is far steadier than a batch-means error per unit from _KEPT batches."""
    binomial = p_first * (1 - p_first) / sample.shape[1]
    batch = first_by_batch(sample, unit_class, _KEPT).var(axis=1, ddof=1) / _KEPT
    middle = (p_first >= 0.05) & (p_first <= 0.95)
    inflation = batch[middle].sum() / binomial[middle].sum() if middle.any() else 1.0
    return np.sqrt(binomial * max(float(inflation), 1.0))


def _clean(scores: pl.DataFrame) -> pl.DataFrame:
    """The scored rows; a practice submission (any of its rows is_practice) gets the practice class."""
    flag = (pl.col(PRACTICE_COLUMN).cast(pl.Boolean).fill_null(False) if PRACTICE_COLUMN in scores.columns
            else pl.lit(False))
    frame = scores.select(pl.col("submission_id"), pl.col("examiner").cast(pl.String),
                          pl.col("class_code").cast(pl.String), pl.col("criterion"),
                          pl.col("score").cast(pl.Float64), pl.col("weight").cast(pl.Float64),
                          flag.alias(PRACTICE_COLUMN))
    practice = pl.col(PRACTICE_COLUMN).any().over("submission_id")
    return (frame.with_columns(practice.alias(PRACTICE_COLUMN))
            .with_columns(pl.when(pl.col(PRACTICE_COLUMN)).then(pl.lit(_PRACTICE_CLASS))
                          .otherwise(pl.col("class_code")).alias("class_code"))
            .drop_nulls(["submission_id", "examiner", "class_code", "criterion", "score", "weight"]).filter(pl.col("weight") > 0)
            .sort("submission_id", "examiner", "criterion"))


def _ratings(frame: pl.DataFrame) -> _Ratings:
    weights = frame.group_by("criterion").agg(pl.col("weight").first()).sort("criterion")
    w_all = weights["weight"].to_numpy()
    h_full = float((w_all**2).sum() / w_all.sum() ** 2)
    frame = frame.with_columns(
        (pl.col("submission_id").rank("dense") - 1).cast(pl.Int64).alias("_u"),
        (pl.col("examiner").rank("dense") - 1).cast(pl.Int64).alias("_e"),
        (pl.col("criterion").rank("dense") - 1).cast(pl.Int64).alias("_c"),
    )
    key = ["_u", "_e"]
    # Criterion offsets: a criterion's mean deviation from its assessment's mean, weighted to sum 0.
    # Only assessments with two or more criteria say anything about it.
    dev = (frame.with_columns((pl.col("score") - pl.col("score").mean().over(key)).alias("_d"),
                              pl.len().over(key).alias("_k"))
           .filter(pl.col("_k") > 1))
    offset = np.zeros(w_all.size)
    found = dev.group_by("_c").agg(pl.col("_d").mean())
    offset[found["_c"].to_numpy()] = found["_d"].to_numpy()
    offset = offset - (offset * w_all).sum() / w_all.sum()
    frame = frame.with_columns(pl.Series("_y", frame["score"].to_numpy() - offset[frame["_c"].to_numpy()]))
    within = frame.with_columns((pl.col("_y") - pl.col("_y").mean().over(key)).alias("_r"))
    spread = within.group_by(key).agg((pl.col("_r") ** 2).sum().alias("ss"), (pl.len() - 1).alias("dof"))
    s_c2 = float(spread["ss"].sum() / max(int(spread["dof"].sum()), 1))
    rated = (frame.group_by(key).agg(
        ((pl.col("_y") * pl.col("weight")).sum() / pl.col("weight").sum()).alias("z"),
        ((pl.col("weight") ** 2).sum() / pl.col("weight").sum() ** 2).alias("h"),
        pl.first("submission_id"), pl.first("class_code"), pl.first(PRACTICE_COLUMN))
        .sort(key))
    unit_of = rated["_u"].to_numpy()
    starts = np.flatnonzero(np.r_[True, np.diff(unit_of) != 0])
    class_codes, unit_class = np.unique(rated["class_code"].to_numpy()[starts].astype(str), return_inverse=True)
    examiner_ids = frame.select("_e", "examiner").unique("_e").sort("_e")["examiner"].to_numpy()
    practice_rating = rated[PRACTICE_COLUMN].to_numpy().astype(bool)
    z_raw = rated["z"].to_numpy()
    if (rated["h"].to_numpy() > h_full + 1e-12).any():       # some assessment lacks a criterion
        n_e = int(frame["_e"].max()) + 1
        scored = frame.with_columns(((pl.col("_u") * n_e + pl.col("_e")).rank("dense") - 1).cast(pl.Int64).alias("_r"))
        done = complete(scored["_y"].to_numpy(), scored["_r"].to_numpy(), scored["_c"].to_numpy(), starts,
                        w_all / w_all.sum(), z_raw, max(s_c2, _VAR_FLOOR))
        z, extra, blocks, floor = done.z, done.extra, done.blocks, done.h_full * done.v_eps
    else:
        z, extra, blocks, floor = z_raw, np.zeros(z_raw.size), (), _VAR_FLOOR
    return _Ratings(unit_of, rated["_e"].to_numpy(), z, z_raw, extra, blocks, floor, starts,
                    rated["submission_id"].to_numpy()[starts], unit_class, class_codes,
                    int(frame["_e"].max()) + 1, examiner_ids, practice_rating[starts], practice_rating)


def _sample(d: _Ratings, per_sweep: int, rng: np.random.Generator, known: Mapping[str, float] | None = None,
            prior: Mapping[str, tuple[float, float]] | None = None, kept_sweeps: int = _KEPT,
            covariances: bool = True):
    """Blocked Gibbs: (examiner effects, class means) jointly and exactly, units given them, then the
    three variances (unless ``known``) from their priors (degrees of freedom, scale²). Returns (U, draws)
    float32 qualities of the real units (practice submissions left out), the posterior mean and sd of each
    unit's mean team effect, the Rao-Blackwellised posterior mean of each unit's quality, the posterior
    mean and sd of each examiner effect, the posterior mean noise sd, and the CycleVariances (posterior
    mean variances, counts).
    ``covariances`` False skips the conditional covariances (the sds; the draws are the same)."""
    prior = prior if prior is not None else {name: (nu0, s0**2) for name, (nu0, s0) in _PRIOR.items()}
    e, k = d.n_examiners, d.class_codes.size
    var = _start_values(d) if known is None else {name: float(known[name]) for name in ("tau", "examiner", "sigma")}
    pairs = _pairs(d)
    real = np.flatnonzero(~d.practice)        # practice submissions (rated by many) are added one by one
    team, slot_ok = _team_matrix(d, real)
    team_size = slot_ok.sum(axis=1)
    ends = np.append(d.starts[1:], d.z.size)
    practice = [(u, slice(d.starts[u], ends[u])) for u in np.flatnonzero(d.practice)]
    n_units = d.starts.size
    samples = np.empty((real.size, per_sweep * kept_sweeps), dtype=np.float32)   # real units only
    means, team_m1, team_m2, team_v = np.zeros(n_units), np.zeros(real.size), np.zeros(real.size), np.zeros(real.size)
    b_m1, b_m2, b_v, sigma = np.zeros(e), np.zeros(e), np.zeros(e), 0.0
    var_mean = dict.fromkeys(VARIANCES, 0.0)
    cov_pad = np.zeros((e + 1, e + 1))                  # row and column e: an empty team place
    with_cov = set(range(_BURN_IN, _BURN_IN + kept_sweeps, max(1, kept_sweeps // _COV_SWEEPS))) if covariances else set()
    block_pairs = _block_pairs(d)
    for sweep in range(_BURN_IN + kept_sweeps):
        # w: each assessment's row sum of its unit's precision matrix (1/sigma^2 for a full one)
        p, w = _precisions(d, var["sigma"], pairs, block_pairs)
        m, c, s_unit = _system(d, p, w, var, pairs)
        kept = sweep >= _BURN_IN
        n = per_sweep if kept else 1
        # theta = M^-1 (c + L z) with M = L L': mean M^-1 c, covariance M^-1 L L' M^-1 = M^-1.
        rhs = np.linalg.cholesky(m) @ rng.standard_normal((e + k, n + 1))
        rhs[:, 0] = 0.0
        rhs += c[:, None]
        solved = np.linalg.solve(m, rhs)
        centre_theta, theta = solved[:, 0], solved[:, 1:].astype(np.float32)
        b = np.vstack([theta[:e], np.zeros((1, n), dtype=np.float32)])
        w_team = np.zeros(team.shape)
        w_team[slot_ok] = w[~d.practice_rating]
        inv_s = 1.0 / s_unit
        wy = np.add.reduceat(w * d.z, d.starts)
        # quality = (sum w (y - b) + mu / tau) / S + N(0, 1/S), in place in float32
        quality = rng.standard_normal((n_units, n), dtype=np.float32)
        quality *= np.sqrt(inv_s).astype(np.float32)[:, None]
        quality += (wy * inv_s).astype(np.float32)[:, None]
        quality += theta[e:][d.unit_class] * (inv_s / var["tau"]).astype(np.float32)[:, None]
        inv_real = inv_s[real]
        if practice:
            shift = np.zeros((real.size, n), dtype=np.float32)
            for slot in range(team.shape[1]):
                shift += b[team[:, slot]] * (w_team[:, slot] * inv_real).astype(np.float32)[:, None]
            quality[real] -= shift
        else:                                            # every unit is real: in place
            for slot in range(team.shape[1]):
                quality -= b[team[:, slot]] * (w_team[:, slot] * inv_real).astype(np.float32)[:, None]
        for u, rows in practice:
            quality[u] -= (w[rows] * inv_s[u]).astype(np.float32) @ b[d.examiner_of[rows]]
        if kept:
            into = slice((sweep - _BURN_IN) * per_sweep, (sweep - _BURN_IN + 1) * per_sweep)
            samples[:, into] = quality[real] if practice else quality
            b_mean = np.append(centre_theta[:e], 0.0)
            means += (wy + centre_theta[e:][d.unit_class] / var["tau"]
                      - np.add.reduceat(w * b_mean[d.examiner_of], d.starts)) * inv_s / kept_sweeps
            mean_t = b_mean[team].sum(axis=1) / team_size
            team_m1 += mean_t / kept_sweeps
            team_m2 += mean_t**2 / kept_sweeps
            b_m1 += centre_theta[:e] / kept_sweeps
            b_m2 += centre_theta[:e] ** 2 / kept_sweeps
            sigma += np.sqrt(var["sigma"]) / kept_sweeps
            for name in VARIANCES:
                var_mean[name] += var[name] / kept_sweeps
            if sweep in with_cov:      # the conditional variances, averaged over a few sweeps
                cov_pad[:e, :e] = np.linalg.inv(m)[:e, :e]
                team_v += sum(cov_pad[team[:, i], team[:, j]] for i in range(team.shape[1])
                              for j in range(team.shape[1])) / team_size**2 / len(with_cov)
                b_v += np.diag(cov_pad)[:e] / len(with_cov)
        if known is None:
            var = _draw_variances(d, theta[:e, 0].astype(float), theta[e:, 0].astype(float),
                                  quality[:, 0].astype(float), var, rng, prior)
    team_mean, team_sd = np.zeros(n_units), np.zeros(n_units)
    team_mean[real], team_sd[real] = team_m1, np.sqrt(team_v + np.maximum(team_m2 - team_m1**2, 0.0))
    return (samples, (team_mean, team_sd), means,
            (b_m1, np.sqrt(b_v + np.maximum(b_m2 - b_m1**2, 0.0))), float(sigma),
            CycleVariances({name: float(v) for name, v in var_mean.items()}, _counts(d)))


def _team_matrix(d: _Ratings, units: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(len(units), largest team) examiner index of each rating of those units (padding: index E) and
    where a rating is."""
    counts = np.diff(np.append(d.starts, d.z.size))
    row = np.full(d.starts.size, -1)
    row[units] = np.arange(units.size)
    rated = np.flatnonzero(row[d.unit_of] >= 0)
    slot = rated - d.starts[d.unit_of[rated]]
    team = np.full((units.size, int(counts[units].max()) if units.size else 1), d.n_examiners)
    team[row[d.unit_of[rated]], slot] = d.examiner_of[rated]
    return team, team < d.n_examiners


def _start_values(d: _Ratings) -> dict[str, float]:
    counts = np.diff(np.append(d.starts, d.z.size))
    unit_mean = np.add.reduceat(d.z, d.starts) / counts
    resid = d.z - unit_mean[d.unit_of]
    sigma = float((resid**2).sum() / max(d.z.size - d.starts.size, 1)) if d.z.size > d.starts.size else 25.0
    class_mean = np.bincount(d.unit_class, unit_mean) / np.bincount(d.unit_class)
    tau = float(np.var(unit_mean - class_mean[d.unit_class])) if d.starts.size > 1 else 25.0
    return {"sigma": max(sigma, 1.0), "tau": max(tau, 1.0), "examiner": max(sigma / 4, 1.0)}


def _pairs(d: _Ratings) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    # Every ordered pair of ratings of one unit, self-pairs included.
    counts = np.diff(np.append(d.starts, d.z.size))
    repeats = counts[d.unit_of]
    a = np.repeat(np.arange(d.z.size), repeats)
    first = np.cumsum(repeats) - repeats
    b = d.starts[d.unit_of[a]] + (np.arange(a.size) - np.repeat(first, repeats))
    return d.unit_of[a], a, b


def _block_pairs(d: _Ratings) -> list[np.ndarray]:
    """For each block of d.blocks, (G, n*n) the positions of its units' pairs in _pairs(d) (a unit's
    n*n ordered pairs are consecutive, row-major)."""
    counts = np.diff(np.append(d.starts, d.z.size))
    first = np.cumsum(counts**2) - counts**2
    return [first[b.units][:, None] + np.arange(b.ratings.shape[1] ** 2)[None, :] for b in d.blocks]


def _precisions(d: _Ratings, sigma2: float, pairs, block_pairs) -> tuple[np.ndarray, np.ndarray]:
    """Each unit's precision matrix P_u of its assessments' errors, (sigma^2 I + E_u)^-1, as one entry
    per ordered pair of _pairs (E_u = 0 unless the unit has a partial assessment), and each
    assessment's row sum of it."""
    _, pa, pb = pairs
    p = np.where(pa == pb, 1.0 / sigma2, 0.0)
    for block, at in zip(d.blocks, block_pairs, strict=True):
        inv = 1.0 / np.maximum(sigma2 + block.values, _VAR_FLOOR)
        p[at] = np.einsum("gij,gj,gkj->gik", block.vectors, inv, block.vectors).reshape(at.shape)
    return p, np.bincount(pa, p, minlength=d.z.size)


def _system(d: _Ratings, p: np.ndarray, w: np.ndarray, var: dict[str, float], pairs):
    """Normal equations M theta = c for theta = (examiner effects, class means), with the unit effects
    integrated out: unit u's ratings have precision P_u - w w' / S_u, w = P_u 1, S_u = sum w + 1/tau^2
    (p: P_u's entries per pair of _pairs)."""
    e, k = d.n_examiners, d.class_codes.size
    size = e + k
    s_unit = np.add.reduceat(w, d.starts) + 1.0 / var["tau"]
    pu, pa, pb = pairs
    ex = d.examiner_of
    m = np.zeros((size, size))
    m[:e, :e] = np.bincount(ex[pa] * e + ex[pb], p, minlength=e * e).reshape(e, e)
    m[np.arange(e), np.arange(e)] += 1.0 / var["examiner"]
    m[:e, :e] -= np.bincount(ex[pa] * e + ex[pb], w[pa] * w[pb] / s_unit[pu], minlength=e * e).reshape(e, e)
    cls = d.unit_class[d.unit_of]
    cross = np.bincount(ex * k + cls, w / (var["tau"] * s_unit[d.unit_of]), minlength=e * k).reshape(e, k)
    m[:e, e:] = cross
    m[e:, :e] = cross.T
    w_unit = np.add.reduceat(w, d.starts)
    m[e:, e:] = np.diag(np.bincount(d.unit_class, w_unit / (var["tau"] * s_unit), minlength=k) + 1e-10)
    wy = np.add.reduceat(w * d.z, d.starts)
    c = np.empty(size)
    pz = np.bincount(pa, p * d.z[pb], minlength=d.z.size)           # P_u z, per assessment
    c[:e] = np.bincount(ex, pz - w * (wy / s_unit)[d.unit_of], minlength=e)
    c[e:] = np.bincount(d.unit_class, wy / (var["tau"] * s_unit), minlength=k)
    return m, c, s_unit


def _draw_variances(d: _Ratings, b, mu, quality, var, rng, prior) -> dict[str, float]:
    resid = d.z - quality[d.unit_of] - b[d.examiner_of]
    # sigma^2 scales the rating variance sigma^2 + E_aa; divide the residuals accordingly.
    v = np.maximum(var["sigma"] + d.extra, _VAR_FLOOR)
    scaled = (resid**2 * var["sigma"] / v).sum()
    return {
        "sigma": max(_inv_chi2(rng, prior["sigma"], d.z.size, scaled), d.sigma_floor),
        "tau": _inv_chi2(rng, prior["tau"], quality.size, float(((quality - mu[d.unit_class]) ** 2).sum())),
        "examiner": _inv_chi2(rng, prior["examiner"], b.size, float((b**2).sum())),
    }


def _inv_chi2(rng: np.random.Generator, prior: tuple[float, float], n: int, ss: float) -> float:
    nu0, s02 = prior
    return max((nu0 * s02 + ss) / rng.chisquare(nu0 + n), _VAR_FLOOR)


def _groups(d: _Ratings) -> tuple[np.ndarray, np.ndarray]:
    """Connected group (0-based, numbered by first real unit) of each unit and of each examiner:
    examiners and units linked through shared units, practice submissions included."""
    label = np.arange(d.n_examiners)
    while True:
        unit_label = np.minimum.reduceat(label[d.examiner_of], d.starts)
        new = label.copy()
        np.minimum.at(new, d.examiner_of, unit_label[d.unit_of])
        if np.array_equal(new, label):
            break
        label = new
    unit_label = np.minimum.reduceat(label[d.examiner_of], d.starts)
    order = np.concatenate([unit_label[~d.practice], unit_label[d.practice], label])
    seen, first = np.unique(order, return_index=True)
    renumber = np.empty(seen.size, dtype=np.int64)
    renumber[np.argsort(first)] = np.arange(seen.size)
    return renumber[np.searchsorted(seen, unit_label)], renumber[np.searchsorted(seen, label)]


def _official(scores: pl.DataFrame, unit_ids: np.ndarray, team_effect: tuple[np.ndarray, np.ndarray]) -> pl.DataFrame:
    """official_total (final_score, else consensus_score, weighted over the criteria that have one)
    and calibrated_total = official - the team's mean examiner effect, with its sd."""
    present = [c for c in ("final_score", "consensus_score") if c in scores.columns]
    empty = pl.DataFrame({"submission_id": unit_ids}).with_columns(
        pl.lit(None, pl.Float64).alias(c) for c in ("official_total", "calibrated_total", "calibrated_total_sd"))
    if not present:
        return empty
    per = (scores.select("submission_id", "criterion", "weight",
                         pl.coalesce([pl.col(c).cast(pl.Float64) for c in present]).alias("_o"))
           .drop_nulls("_o").unique(["submission_id", "criterion"], keep="first"))
    if per.is_empty():
        return empty
    official = per.group_by("submission_id").agg(
        ((pl.col("_o") * pl.col("weight")).sum() / pl.col("weight").sum()).alias("official_total"))
    team = pl.DataFrame({"submission_id": unit_ids, "_team": team_effect[0], "calibrated_total_sd": team_effect[1]})
    return (team.join(official, on="submission_id", how="left")
            .with_columns((pl.col("official_total") - pl.col("_team")).alias("calibrated_total"))
            .with_columns(pl.when(pl.col("official_total").is_null()).then(None)
                          .otherwise(pl.col("calibrated_total_sd")).alias("calibrated_total_sd"))
            .select("submission_id", "official_total", "calibrated_total", "calibrated_total_sd"))
