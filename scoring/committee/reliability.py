"""Inter-rater reliability: do the examiners of a submission agree?

Design: every submission is scored by its own team of about three examiners
drawn from a pool, so the raters differ between submissions and a few scores
may be missing. The default measure is therefore **Krippendorff's alpha for
interval data**, which needs no complete rater × submission table and uses
every submission with at least two scores. For comparison the one-way random
intraclass correlations of Shrout & Fleiss (1979) are offered: **ICC(1)** for
one examiner's score and **ICC(1,k)** for the mean of a team of k (with
unequal team sizes, k is the ANOVA "average group size" k0). The two-way forms
ICC(2,1) and ICC(3,1) assume the same raters rate every submission, which
does not hold here, so they are not offered.

Submissions with fewer than two scores carry no information on agreement and
are left out. When there is no variation at all the measure is undefined and
the value is NaN. With fewer than MIN_SUBMISSIONS submissions that have two
scores the measure means nothing (with one, alpha is 0 whatever the scores):
the value is NaN and ``enough_data`` is False, shown as TOO_LITTLE_DATA.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

__all__ = [
    "ALPHA",
    "EXPLANATIONS",
    "ICC1",
    "ICC1K",
    "METHOD_NAMES",
    "MIN_SUBMISSIONS",
    "TOO_LITTLE_DATA",
    "Reliability",
    "icc_oneway",
    "krippendorff_alpha_interval",
    "largest_disagreements",
    "measure_reliability",
    "reliability_by_class",
    "reliability_by_criterion",
]

ALPHA = "alpha"
MIN_SUBMISSIONS = 3
TOO_LITTLE_DATA = "för lite data"
ICC1 = "icc1"
ICC1K = "icc1k"

METHOD_NAMES = {
    ALPHA: "Krippendorffs α (intervallskala)",
    ICC1: "ICC(1), envägs slumpeffekt, en examinator",
    ICC1K: "ICC(1,k), envägs slumpeffekt, medel av k examinatorer",
}
EXPLANATIONS = {
    ALPHA: (
        "Krippendorffs α mäter hur väl examinatorernas poäng stämmer överens utöver "
        "slumpen; 1 är full överensstämmelse och 0 är som om poängen delats ut på måfå."
    ),
    ICC1: (
        "ICC(1) anger hur stor del av skillnaderna i poäng som beror på verkliga "
        "skillnader mellan bidragen och inte på vilken examinator som bedömde; "
        "1 är full överensstämmelse och 0 är ingen."
    ),
    ICC1K: (
        "ICC(1,k) anger hur tillförlitligt teamets medelpoäng är, alltså hur väl ett "
        "annat team med lika många examinatorer skulle komma fram till samma rangordning."
    ),
}


@dataclass(frozen=True)
class Reliability:
    value: float
    method: str  # human-readable name, METHOD_NAMES[...]
    explanation: str
    n_submissions: int  # submissions with at least two scores
    n_ratings: int  # scores on those submissions

    @property
    def enough_data(self) -> bool:
        return self.n_submissions >= MIN_SUBMISSIONS


def krippendorff_alpha_interval(values: np.ndarray, groups: np.ndarray) -> float:
    """Alpha = 1 - D_o / D_e with the squared-difference metric.

    Sums of squared differences over all pairs are rewritten through sums of
    squares: within a submission of m values, sum over ordered pairs of
    (a - b)^2 = 2 m SS_within, and likewise across all n pairable values."""
    x, g = _pairable(values, groups)
    n = x.size
    if n < 2:
        return float("nan")
    m = np.bincount(g).astype(float)
    within = np.bincount(g, weights=(x - _group_means(x, g)[g]) ** 2)
    total = np.sum((x - x.mean()) ** 2)
    if total == 0.0:
        return float("nan")
    return float(1.0 - (n - 1) * np.sum(m * within / (m - 1)) / (n * total))


def icc_oneway(values: np.ndarray, groups: np.ndarray) -> tuple[float, float]:
    """(ICC(1), ICC(1,k)) from the one-way ANOVA mean squares."""
    x, g = _pairable(values, groups)
    n_groups = int(g.max()) + 1 if g.size else 0
    if n_groups < 2 or x.size <= n_groups:
        return float("nan"), float("nan")
    m = np.bincount(g).astype(float)
    means = _group_means(x, g)
    msb = np.sum(m * (means - x.mean()) ** 2) / (n_groups - 1)
    msw = np.sum((x - means[g]) ** 2) / (x.size - n_groups)
    k0 = (x.size - np.sum(m**2) / x.size) / (n_groups - 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        single = (msb - msw) / (msb + (k0 - 1) * msw)
        mean_of_k = (msb - msw) / msb
    return float(single), float(mean_of_k)


def _pairable(values: np.ndarray, groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    # Keep finite values of groups with >= 2 of them; renumber groups 0..G-1.
    x = np.asarray(values, dtype=float)
    keep = np.isfinite(x)
    _, g = np.unique(np.asarray(groups)[keep], return_inverse=True)
    x = x[keep]
    pairable = np.bincount(g)[g] >= 2 if g.size else np.zeros(0, dtype=bool)
    _, g = np.unique(g[pairable], return_inverse=True)
    return x[pairable], g


def _group_means(x: np.ndarray, g: np.ndarray) -> np.ndarray:
    return np.bincount(g, weights=x) / np.bincount(g)


def measure_reliability(values: np.ndarray, groups: np.ndarray, method: str = ALPHA) -> Reliability:
    x, g = _pairable(values, groups)
    if method == ALPHA:
        value = krippendorff_alpha_interval(x, g)
    elif method in (ICC1, ICC1K):
        value = icc_oneway(x, g)[0 if method == ICC1 else 1]
    else:
        raise ValueError(f"unknown reliability method {method!r}")
    n_groups = int(g.max()) + 1 if g.size else 0
    if n_groups < MIN_SUBMISSIONS:
        value = float("nan")
    return Reliability(value, METHOD_NAMES[method], EXPLANATIONS[method], n_groups, int(x.size))


def reliability_by_criterion(scores: pl.DataFrame, method: str = ALPHA) -> pl.DataFrame:
    """``scores``: submission_id, examiner, class_code, criterion, score.
    Returns class_code, criterion, method, value, n_submissions, n_ratings,
    explanation; one row per (class, criterion)."""
    return _reliability_table(scores, ["class_code", "criterion"], "score", method)


def reliability_by_class(ratings: pl.DataFrame, method: str = ALPHA) -> pl.DataFrame:
    """Agreement on the weighted totals. ``ratings``: submission_id, examiner,
    class_code, total. Returns class_code, method, value, n_submissions,
    n_ratings, explanation."""
    return _reliability_table(ratings, ["class_code"], "total", method)


def _reliability_table(
    frame: pl.DataFrame, keys: list[str], column: str, method: str
) -> pl.DataFrame:
    rows = []
    for key, part in frame.drop_nulls(column).sort(keys).group_by(keys, maintain_order=True):
        result = measure_reliability(
            part[column].to_numpy(), part["submission_id"].to_numpy(), method
        )
        rows.append(dict(zip(keys, key, strict=True)) | _as_row(result))
    schema = {k: frame.schema[k] for k in keys} | {
        "method": pl.Utf8,
        "value": pl.Float64,
        "n_submissions": pl.Int64,
        "n_ratings": pl.Int64,
        "explanation": pl.Utf8,
        "enough_data": pl.Boolean,
    }
    return pl.DataFrame(rows, schema=schema)


def _as_row(result: Reliability) -> dict[str, object]:
    return {
        "method": result.method,
        "value": result.value,
        "n_submissions": result.n_submissions,
        "n_ratings": result.n_ratings,
        "explanation": result.explanation,
        "enough_data": result.enough_data,
    }


def largest_disagreements(scores: pl.DataFrame, top: int = 10) -> pl.DataFrame:
    """The (submission, criterion) pairs where the examiners differ most:
    submission_id, class_code, criterion, n_ratings, min_score, max_score,
    score_range, score_sd; sorted by range, then standard deviation. Pairs
    with fewer than two scores are left out."""
    return (
        scores.drop_nulls("score")
        .group_by("submission_id", "criterion")
        .agg(
            pl.first("class_code"),
            pl.len().cast(pl.Int64).alias("n_ratings"),
            pl.col("score").min().alias("min_score"),
            pl.col("score").max().alias("max_score"),
            pl.col("score").std().alias("score_sd"),
        )
        .filter(pl.col("n_ratings") >= 2)
        .with_columns((pl.col("max_score") - pl.col("min_score")).alias("score_range"))
        .select(
            "submission_id", "class_code", "criterion", "n_ratings",
            "min_score", "max_score", "score_range", "score_sd",
        )
        .sort(
            ["score_range", "score_sd", "submission_id", "criterion"],
            descending=[True, True, False, False],
        )
        .head(top)
    )
