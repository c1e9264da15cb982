"""Validation of :func:`scoring.committee.analysis.analyse` on synthetic cycles drawn from a generator
that is *not* the model: examiner biases that differ per criterion and may be heavy-tailed, a shared
impression per assessment, unit profiles over the criteria, scores rounded to the 0–100 grid in steps
of 10, fixed teams with rare guest seats (or none), small classes, missing criterion scores, and team
members who never submit. ``kvalitet simulate`` prints the table that docs/method.md shows.

Per regime: how often the unit placed first is the true best, by the raw mean, by the best estimate
and by an oracle that knows every examiner's true biases; the P(first) calibration table over all
units; the Brier score of P(first); and the coverage of the 90 % rank interval. Beside them a Bayes
reference (:mod:`scoring.bench.reference`): the posterior mean given the generator's *true* variances
and structure — what the best possible estimator reaches on these data, where the oracle knows more
than the data can tell — and the product refitted with the true variances, so that a shortfall can be
put down to the model's structure or to estimating its variances. Hit rates carry standard errors over
cycles (the cycles are independent; the classes of one cycle share examiners).

With ``earlier`` = K > 0 (``kvalitet simulate --earlier K``) each cycle also gets K earlier cycles from the
same generator (the same true variances, new units and examiners): each is fitted for its variances
alone (scoring.committee.analysis.cycle_variances), they are pooled (pool_earlier) and the cycle is
fitted again with them (fit_cycle(earlier=)), as the product does with the programme's signed cycles.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from scoring.bench.reference import GENERATOR, bayes_reference
from scoring.committee.analysis import analyse, cycle_variances, fit_cycle, pool_earlier

__all__ = ["BINS", "REGIMES", "Regime", "evaluate", "simulate_regime", "summary_table"]

BINS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
WEIGHTS = np.array([0.3, 0.2, 0.2, 0.15, 0.15])


@dataclass(frozen=True)
class Regime:
    name: str
    class_sizes: tuple[int, int] = (8, 20)   # units per class, drawn uniformly in [lo, hi]
    n_classes: int = 5
    teams: str = "mixed"                     # mixed | fixed
    guest_rate: float = 0.0                  # fixed teams: share of units with one seat swapped
    heavy_tails: bool = False
    missing: float = 0.0                     # share of criterion scores left blank
    absent: float = 0.0                      # share of examiners who never submit
    workload: int = 6                        # mixed teams: assessments per examiner
    practice: int = 0                        # practice submissions that every examiner scores


REGIMES = (
    Regime("blandade team"),
    Regime("blandade team, 18 bedömningar per examinator", workload=18),
    Regime("fasta team, 10 % gäster", teams="fixed", guest_rate=0.10),
    Regime("fasta team, helt åtskilda", teams="fixed", guest_rate=0.0),
    Regime("fasta team + övningsfall", teams="fixed", guest_rate=0.0, practice=1),
    Regime("tunga svansar i stränghet", heavy_tails=True),
    Regime("små klasser (5–8)", class_sizes=(5, 8), n_classes=8, teams="fixed", guest_rate=0.10),
    Regime("20 % saknade kriteriepoäng", missing=0.20),
    Regime("en teammedlem lämnar aldrig in", teams="fixed", guest_rate=0.10, absent=0.12),
)


@dataclass(frozen=True, eq=False)
class Synthetic:
    scores: pl.DataFrame        # analyse()'s input
    truth: pl.DataFrame         # submission_id, class_code, true_quality, raw, oracle


def simulate_regime(regime: Regime, seed: int) -> Synthetic:
    rng = np.random.default_rng(seed)
    sizes = rng.integers(regime.class_sizes[0], regime.class_sizes[1] + 1, regime.n_classes)
    class_of = np.repeat(np.arange(sizes.size), sizes)
    n_units, n_crit = class_of.size, WEIGHTS.size
    g = GENERATOR
    quality = rng.normal(g.mean, g.class_sd, sizes.size)[class_of] + rng.normal(0.0, g.unit_sd, n_units)
    profile = rng.normal(0.0, g.profile_sd, (n_units, n_crit))
    profile -= (profile @ WEIGHTS)[:, None]
    teams, n_examiners = _teams(rng, regime, n_units)
    if regime.heavy_tails:   # most examiners mild, a few extreme
        severity = rng.standard_t(g.heavy_df, n_examiners) * g.heavy_scale
    else:
        severity = rng.normal(0.0, g.severity_sd, n_examiners)
    by_criterion = rng.normal(0.0, g.by_criterion_sd, (n_examiners, n_crit))      # not in the model
    unit = np.repeat(np.arange(n_units), teams.shape[1])
    examiner = teams.ravel()
    keep = ~np.isin(examiner, np.flatnonzero(rng.random(n_examiners) < regime.absent))
    keep[np.arange(0, unit.size, teams.shape[1])] = True             # every unit keeps one rating
    unit, examiner = unit[keep], examiner[keep]
    bias = severity[examiner][:, None] + by_criterion[examiner]
    impression = rng.normal(0.0, g.impression_sd, unit.size)[:, None]
    latent = (quality[unit][:, None] + profile[unit] + bias + impression
              + rng.normal(0.0, g.noise_sd, (unit.size, n_crit)))
    scores = np.clip(np.round(latent / g.step) * g.step, 0.0, 100.0)
    blank = rng.random(scores.shape) < regime.missing
    blank[np.arange(unit.size), rng.integers(0, n_crit, unit.size)] = False   # at least one scored
    scores[blank] = np.nan
    if regime.practice:   # the same cycle as without, plus practice submissions every taking part examiner scores
        unit, examiner, bias, scores = _practice(np.random.default_rng([seed, 1]), regime.practice, n_units,
                                                 unit, examiner, severity, by_criterion, bias, scores)
        class_of = np.append(class_of, np.full(regime.practice, sizes.size))
    frame = pl.DataFrame({
        "submission_id": np.repeat(unit + 1, n_crit),
        "examiner": np.repeat(np.array([f"E{j:03d}" for j in range(n_examiners)])[examiner], n_crit),
        "class_code": np.repeat(np.array([f"K{k}" for k in range(sizes.size)] + ["ÖVN"])[class_of[unit]], n_crit),
        "criterion": np.tile(np.arange(1, n_crit + 1), unit.size),
        "score": scores.ravel(),
        "weight": np.tile(WEIGHTS, unit.size),
        "_true_bias": bias.ravel(),
        "is_practice": np.repeat(unit >= n_units, n_crit),
    }).with_columns(pl.col("score").fill_nan(None))
    truth = (frame.filter(~pl.col("is_practice")).drop_nulls("score").group_by("submission_id", "class_code")
             .agg(((pl.col("score") * pl.col("weight")).sum() / pl.col("weight").sum()).alias("raw"),
                  (((pl.col("score") - pl.col("_true_bias")) * pl.col("weight")).sum()
                   / pl.col("weight").sum()).alias("oracle"))
             .join(pl.DataFrame({"submission_id": np.arange(1, n_units + 1), "true_quality": quality[:n_units]}),
                   on="submission_id"))
    scores = frame.drop("_true_bias")
    return Synthetic(scores if regime.practice else scores.drop("is_practice"), truth)


def _practice(rng: np.random.Generator, count: int, n_units: int, unit, examiner, severity, by_criterion, bias, scores):
    """unit, examiner, bias and scores with the practice assessments appended (units n_units, n_units + 1, …)."""
    takers = np.unique(examiner)
    p_unit = np.repeat(n_units + np.arange(count), takers.size)
    p_examiner = np.tile(takers, count)
    g = GENERATOR
    profile = rng.normal(0.0, g.profile_sd, (count, WEIGHTS.size))
    profile -= (profile @ WEIGHTS)[:, None]
    level = rng.normal(g.mean, g.practice_sd, count)[:, None] + profile
    p_bias = severity[p_examiner][:, None] + by_criterion[p_examiner]
    latent = (level[p_unit - n_units] + p_bias + rng.normal(0.0, g.impression_sd, (p_unit.size, 1))
              + rng.normal(0.0, g.noise_sd, (p_unit.size, WEIGHTS.size)))
    p_scores = np.clip(np.round(latent / g.step) * g.step, 0.0, 100.0)
    return (np.concatenate([unit, p_unit]), np.concatenate([examiner, p_examiner]),
            np.vstack([bias, p_bias]), np.vstack([scores, p_scores]))


def _teams(rng: np.random.Generator, regime: Regime, n_units: int) -> tuple[np.ndarray, int]:
    if regime.teams == "mixed":
        n_examiners = max(6, round(3 * n_units / regime.workload))
        circle = rng.permutation(n_examiners)
        t = np.arange(n_units)
        teams = np.stack([circle[t % n_examiners], circle[(t + 1) % n_examiners],
                          circle[(t + 2 + rng.integers(0, n_examiners - 2, n_units)) % n_examiners]], axis=1)
        return teams[rng.permutation(n_units)], n_examiners
    n_teams = max(2, round(n_units / 6))
    n_examiners = 3 * n_teams
    team_of = rng.permutation(np.arange(n_units) % n_teams)          # about six units per team, any class
    teams = (3 * team_of)[:, None] + np.arange(3)[None, :]
    guest = np.flatnonzero(rng.random(n_units) < regime.guest_rate)
    for u in guest:
        others = np.setdiff1d(np.arange(n_examiners), teams[u])
        teams[u, rng.integers(0, 3)] = rng.choice(others)
    return teams, n_examiners


REFERENCES = ("linear", "exact", "none")


def true_variances(regime: Regime) -> dict[str, float] | None:
    """The generator's variances in the product model's terms (fit_cycle's ``variances``): the spread
    of units within a class, of an examiner's effect on the weighted total (severity and bias per
    criterion), and of one full assessment's weighted total around unit + examiner (impression, noise
    and rounding). None for heavy tails: 3 · t₂ has no variance."""
    if regime.heavy_tails:
        return None
    g, h = GENERATOR, float((WEIGHTS**2).sum() / WEIGHTS.sum() ** 2)
    return {"tau": g.unit_sd**2, "examiner": g.severity_sd**2 + h * g.by_criterion_sd**2,
            "sigma": g.impression_sd**2 + h * (g.noise_sd**2 + g.step**2 / 12.0)}


def earlier_prior(regime: Regime, cycle_seed: int, count: int) -> dict[str, tuple[float, float]] | None:
    """The prior that ``count`` earlier cycles of the regime give (pool_earlier of their cycle_variances):
    new cycles from the same generator, seeds apart from every current cycle's."""
    fits = [cycle_variances(simulate_regime(regime, 2**40 + cycle_seed * 64 + k).scores, seed=k)
            for k in range(count)]
    return pool_earlier(fits)


def evaluate(regime: Regime, n_cycles: int, seed: int = 1, draws: int = 2000,
             reference: str = "linear", earlier: int = 0) -> pl.DataFrame:
    """One row per simulated unit: class, p_first, truly_best, rank interval covers, and which unit each
    method placed first (placed_raw, placed_best, placed_oracle: is this unit the method's first).
    With a reference ("linear": the best linear estimate, "exact": the exact posterior, see
    scoring.bench.reference; heavy tails are always exact) also placed_reference (highest posterior
    mean), placed_reference_p (highest posterior P(first)), reference_p_first and placed_known (the
    product with the generator's true variances; null for heavy tails). With ``earlier`` > 0 also
    p_first_earlier, covered_earlier and placed_earlier: the product pooled with that many earlier cycles."""
    if reference not in REFERENCES:
        raise ValueError(f"reference must be one of {REFERENCES}")
    known = true_variances(regime)
    rows = []
    for cycle in range(n_cycles):
        sim = simulate_regime(regime, seed * 100_003 + cycle)
        result = analyse(sim.scores, draws=draws, seed=cycle, mc_error=None)   # calibration, not MC error
        if earlier:
            prior = earlier_prior(regime, seed * 100_003 + cycle, earlier)
            pooled = analyse(sim.scores, draws=draws, seed=cycle, mc_error=None, earlier=prior)
            result = result.join(pooled.select("submission_id", pl.col("p_first").alias("p_first_earlier"),
                                               pl.col("place").alias("place_earlier"),
                                               pl.col("rank_low").alias("rank_low_earlier"),
                                               pl.col("rank_high").alias("rank_high_earlier")), on="submission_id")
        joined = result.join(sim.truth, on=["submission_id", "class_code"]).with_columns(
            pl.lit(cycle).alias("cycle"))
        rank = pl.col("true_quality").rank("ordinal", descending=True).over("class_code")
        top = lambda c: pl.col(c) == pl.col(c).max().over("class_code")   # noqa: E731
        extra = []
        if reference != "none":
            joined = joined.join(bayes_reference(sim.scores, heavy_tails=regime.heavy_tails,
                                                 exact=reference == "exact", seed=cycle),
                                 on=["submission_id", "class_code"])
            if known is not None:
                fitted = fit_cycle(sim.scores, draws=draws, seed=cycle, mc_error=None, variances=known).units
                joined = joined.join(fitted.select("submission_id", pl.col("best_estimate").alias("known")),
                                     on="submission_id")
            else:
                joined = joined.with_columns(pl.lit(None, pl.Float64).alias("known"))
            extra = [top("reference").alias("placed_reference"), top("reference_p_first").alias("placed_reference_p"),
                     "reference_p_first", top("known").alias("placed_known")]
        if earlier:
            extra += ["p_first_earlier", (pl.col("place_earlier") == 1).alias("placed_earlier"),
                      ((pl.col("rank_low_earlier") <= rank) & (rank <= pl.col("rank_high_earlier"))).alias("covered_earlier")]
        rows.append(joined.select(
            "cycle", "class_code", "p_first", pl.lit(result["group"].n_unique()).alias("groups"), (rank == 1).alias("truly_best"),
            ((pl.col("rank_low") <= rank) & (rank <= pl.col("rank_high"))).alias("covered"),
            top("raw").alias("placed_raw"), (pl.col("place") == 1).alias("placed_best"),
            top("oracle").alias("placed_oracle"), *extra))
    return pl.concat(rows)


def per_cycle_hits(outcomes: pl.DataFrame, column: str) -> np.ndarray:
    """Per cycle (in cycle order): the share of its classes whose true best unit the method placed
    first (a first place shared by k units counts 1/k). NaN where the method has no placement."""
    per = (outcomes.group_by("cycle", "class_code")
           .agg(((pl.col(column) & pl.col("truly_best")).sum() / pl.col(column).sum()).alias("h"))
           .group_by("cycle").agg(pl.col("h").mean()).sort("cycle"))
    return per["h"].fill_null(float("nan")).to_numpy().astype(float)


def gap_closed(method: np.ndarray, raw: np.ndarray, oracle: np.ndarray) -> tuple[float, float]:
    """(share of the raw→oracle gap the method closes, its standard error): the ratio of the mean
    per-cycle gains, with the delta-method error over cycles (cycles are independent, classes in one
    cycle share examiners)."""
    num, den = method - raw, oracle - raw
    ratio = float(num.mean() / den.mean())
    return ratio, float(np.std(num - ratio * den, ddof=1) / (np.sqrt(num.size) * den.mean()))


def _mean_se(values: np.ndarray) -> tuple[float, float]:
    return float(values.mean()), float(values.std(ddof=1) / np.sqrt(values.size))


def summary(outcomes: pl.DataFrame) -> dict[str, float]:
    """Hit rates (true best placed first; a shared first place counts as its share) with their
    standard errors over cycles, Brier score, coverage and the largest calibration error over bins
    with at least 30 units. With a reference also: its hit rates, the product's with true variances,
    the share of the raw→oracle gap closed by the product and by the reference (± se), the paired
    difference product − reference (± se) and the reference's Brier score."""
    table = calibration(outcomes)
    big = table.filter(pl.col("units") >= 30)
    hits = {name: per_cycle_hits(outcomes, f"placed_{name}") for name in ("raw", "best", "oracle")}
    found = {
        "cycles": outcomes["cycle"].n_unique(),
        "classes": outcomes.select("cycle", "class_code").unique().height,
        "groups": float(outcomes.unique("cycle")["groups"].mean()),
        "brier": float(((outcomes["p_first"] - outcomes["truly_best"].cast(pl.Float64)) ** 2).mean()),
        "coverage": float(outcomes["covered"].mean()),
        "max_calibration_error": float((big["mean_p_first"] - big["observed"]).abs().max()),
    }
    if "placed_reference" in outcomes.columns:
        for name in ("reference", "reference_p", "known"):
            hits[name] = per_cycle_hits(outcomes, f"placed_{name}")
        found["brier_reference"] = float(((outcomes["reference_p_first"]
                                           - outcomes["truly_best"].cast(pl.Float64)) ** 2).mean())
        found["gap_best"], found["gap_best_se"] = gap_closed(hits["best"], hits["raw"], hits["oracle"])
        found["gap_reference"], found["gap_reference_se"] = gap_closed(hits["reference"], hits["raw"], hits["oracle"])
        found["best_minus_reference"], found["best_minus_reference_se"] = _mean_se(hits["best"] - hits["reference"])
    if "placed_earlier" in outcomes.columns:
        hits["earlier"] = per_cycle_hits(outcomes, "placed_earlier")
        pooled = outcomes.with_columns(pl.col("p_first_earlier").alias("p_first"))
        big_pooled = calibration(pooled).filter(pl.col("units") >= 30)
        found["brier_earlier"] = float(((outcomes["p_first_earlier"] - outcomes["truly_best"].cast(pl.Float64)) ** 2).mean())
        found["coverage_earlier"] = float(outcomes["covered_earlier"].mean())
        found["max_calibration_error_earlier"] = float((big_pooled["mean_p_first"] - big_pooled["observed"]).abs().max())
        found["earlier_minus_best"], found["earlier_minus_best_se"] = _mean_se(hits["earlier"] - hits["best"])
        if "reference" in hits:
            found["earlier_minus_reference"], found["earlier_minus_reference_se"] = _mean_se(
                hits["earlier"] - hits["reference"])
    for name, values in hits.items():
        found[name], found[f"{name}_se"] = _mean_se(values)
    return found


def calibration(outcomes: pl.DataFrame) -> pl.DataFrame:
    edges = np.asarray(BINS)
    labels = np.array([f"{lo:.1f}–{hi:.1f}" for lo, hi in zip(edges, edges[1:])])
    index = np.clip(np.digitize(outcomes["p_first"].to_numpy(), edges) - 1, 0, labels.size - 1)
    return (outcomes.with_columns(pl.Series("bin", labels[index]))
            .group_by("bin").agg(pl.len().alias("units"), pl.col("p_first").mean().alias("mean_p_first"),
                                 pl.col("truly_best").mean().alias("observed"))
            .sort("bin"))


def selected(names: tuple[str, ...] = ()) -> tuple[Regime, ...]:
    """The regimes named in ``names`` (a whole name picks that regime, otherwise every regime whose name
    starts with it; all when none); an unknown name is refused."""
    if not names:
        return REGIMES
    unknown = [n for n in names if not any(r.name.startswith(n) for r in REGIMES)]
    if unknown:
        raise ValueError(f"Okänd regim: {', '.join(unknown)}. Regimerna är: {'; '.join(r.name for r in REGIMES)}.")
    return tuple(r for r in REGIMES if r.name in names
                 or any(r.name.startswith(n) and n not in {q.name for q in REGIMES} for n in names))


def summary_table(n_cycles: int, seed: int = 1, draws: int = 2000, reference: str = "linear",
                  regimes: tuple[Regime, ...] = REGIMES, earlier: int = 0) -> tuple[pl.DataFrame, dict[str, pl.DataFrame]]:
    """(one row per regime with summary(), calibration table per regime; with ``earlier`` also the
    pooled fit's, keyed "<regime> + tidigare")."""
    rows, tables = [], {}
    for regime in regimes:
        outcomes = evaluate(regime, n_cycles, seed, draws, reference, earlier)
        rows.append({"regime": regime.name} | summary(outcomes))
        tables[regime.name] = calibration(outcomes)
        if earlier:
            tables[f"{regime.name}, med {earlier} tidigare omgångar"] = calibration(
                outcomes.with_columns(pl.col("p_first_earlier").alias("p_first")))
    return pl.DataFrame(rows), tables


PRACTICE_PAIR = ("fasta team, helt åtskilda", "fasta team + övningsfall")


def practice_table(table: pl.DataFrame) -> list[str]:
    """Markdown lines: the same fixed-team cycles without and with the practice case (issue 18)."""
    lines = ["Fasta team utan och med övningsfall (samma omgångar; övningsfallet bedöms av alla examinatorer):", "",
             "| | examinatorgrupper per omgång | störst kalibreringsfel (fack ≥ 30) | Brier | verkligt bästa först "
             "(bästa skattning) | rått medel | orakel |", "|---|---:|---:|---:|---:|---:|---:|"]
    for name, label in zip(PRACTICE_PAIR, ("utan övningsfall", "med övningsfall"), strict=True):
        found = table.filter(pl.col("regime") == name)
        if found.height:
            r = found.row(0, named=True)
            lines.append(f"| {label} | {r['groups']:.1f} | {r['max_calibration_error']:.3f} | {r['brier']:.4f} "
                         f"| {r['best']:.3f} | {r['raw']:.3f} | {r['oracle']:.3f} |")
    return lines


def reference_table(table: pl.DataFrame, reference: str) -> list[str]:
    """Markdown lines: hit rates ± standard error over cycles, the product with the generator's true
    variances, the Bayes reference and the share of the raw→oracle gap each closes."""
    kind = ("bästa linjära skattning (avrundningen som brus)" if reference == "linear"
            else "exakt a posteriori-medelvärde (Gibbs, avrundningen som intervall)")
    lines = [f"Bayes-referens: {kind}, med generatorns sanna varianser och struktur; tunga svansar: exakt "
             "(t₂ som skalblandning). ± är medelfelet över omgångar.", "",
             "| regim | omgångar | rått medel | bästa skattning | produkten, sanna varianser | Bayes-referens "
             "| referens, högst P(först) | orakel | andel av glappet: produkten | andel av glappet: referensen "
             "| produkten − referensen | Brier: produkten / referensen |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    pm = lambda r, k: f"{r[k]:.3f} ± {r[k + '_se']:.3f}"   # noqa: E731
    share = lambda r, k: (f"{r[k]:.0%} ± {abs(r[k + '_se']):.0%}"   # noqa: E731
                          if r["oracle"] - r["raw"] > 0.005 else "–")
    for r in table.iter_rows(named=True):
        known = "–" if not np.isfinite(r["known"]) else pm(r, "known")
        lines.append(
            f"| {r['regime']} | {r['cycles']} | {pm(r, 'raw')} | {pm(r, 'best')} | {known} | {pm(r, 'reference')} "
            f"| {pm(r, 'reference_p')} | {pm(r, 'oracle')} | {share(r, 'gap_best')} | {share(r, 'gap_reference')} "
            f"| {r['best_minus_reference']:+.3f} ± {r['best_minus_reference_se']:.3f} "
            f"| {r['brier']:.4f} / {r['brier_reference']:.4f} |")
    return lines


def earlier_table(table: pl.DataFrame, earlier: int) -> list[str]:
    """Markdown lines: the product alone and pooled with ``earlier`` earlier cycles of the same generator,
    beside the product with the true variances, the Bayes reference and the oracle."""
    lines = [f"Med {earlier} tidigare omgångar från samma generator (samma sanna varianser, nya enheter och "
             "examinatorer): varianserna vägs samman med deras (scoring.committee.analysis.pool_earlier). "
             "± är medelfelet över omgångar.", "",
             f"| regim | omgångar | rått medel | produkten | produkten + {earlier} tidigare | produkten, sanna varianser "
             "| Bayes-referens | orakel | + tidigare − produkten | + tidigare − referensen "
             "| störst kalibreringsfel: produkten / + tidigare | Brier: produkten / + tidigare / referensen "
             "| 90 %-intervall täcker: produkten / + tidigare |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    pm = lambda r, k: (f"{r[k]:.3f} ± {r[k + '_se']:.3f}" if k in r and r[k] is not None   # noqa: E731
                       and np.isfinite(r[k]) else "–")
    signed = lambda r, k: (f"{r[k]:+.3f} ± {r[k + '_se']:.3f}" if k in r and r[k] is not None else "–")   # noqa: E731
    for r in table.iter_rows(named=True):
        brier_ref = f" / {r['brier_reference']:.4f}" if r.get("brier_reference") is not None else ""
        lines.append(
            f"| {r['regime']} | {r['cycles']} | {pm(r, 'raw')} | {pm(r, 'best')} | {pm(r, 'earlier')} | {pm(r, 'known')} "
            f"| {pm(r, 'reference')} | {pm(r, 'oracle')} | {signed(r, 'earlier_minus_best')} "
            f"| {signed(r, 'earlier_minus_reference')} "
            f"| {r['max_calibration_error']:.3f} / {r['max_calibration_error_earlier']:.3f} "
            f"| {r['brier']:.4f} / {r['brier_earlier']:.4f}{brier_ref} "
            f"| {r['coverage']:.3f} / {r['coverage_earlier']:.3f} |")
    return lines


def report(n_cycles: int, seed: int = 1, draws: int = 2000, reference: str = "linear",
           regimes: tuple[Regime, ...] = REGIMES, earlier: int = 0) -> str:
    """Markdown: the summary per regime, the Bayes reference beside the product (unless reference is
    "none"), then each regime's calibration table (as in docs/method.md)."""
    table, tables = summary_table(n_cycles, seed, draws, reference, regimes, earlier)
    lines = [f"{n_cycles} simulerade omgångar per regim (frö {seed}, {draws} dragningar).", "",
             "| regim | klasser | grupper | rått medel | bästa skattning | orakel | andel av glappet | Brier "
             "| 90 %-intervall täcker | störst kalibreringsfel (fack ≥ 30) |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in table.iter_rows(named=True):
        gap = r["oracle"] - r["raw"]
        closed = f"{(r['best'] - r['raw']) / gap:.0%}" if gap > 0.005 else "–"
        lines.append(f"| {r['regime']} | {r['classes']} | {r['groups']:.1f} | {r['raw']:.3f} | {r['best']:.3f} | {r['oracle']:.3f} "
                     f"| {closed} | {r['brier']:.4f} | {r['coverage']:.3f} | {r['max_calibration_error']:.3f} |")
    lines += ["", *practice_table(table)]
    if reference != "none":
        lines += ["", *reference_table(table, reference)]
    if earlier:
        lines += ["", *earlier_table(table, earlier)]
    for name, cal in tables.items():
        lines += ["", f"P(först) för alla enheter, {name}:", "", "| fack | enheter | medel P(först) | verkligen bäst |",
                  "|---|---:|---:|---:|"]
        lines += [f"| {b} | {n} | {p:.3f} | {o:.3f} |" for b, n, p, o in cal.iter_rows()]
    return "\n".join(lines)
