"""What the judging committee sees for one cycle: the ranking per class with rank confidence and
history, and the calibration and reliability of the examiners' scores.

Each view is computed for a whole cycle in a few queries and NumPy/Polars passes, so a page can
cache it per cycle (see scoring.ui.committee_data) and show one class at a time without
recomputing. The ranking itself (ranking()) reads its units and totals afresh each time; the model of the
individual ratings behind it (calibration and the 4,000 draws of the rank confidence) is kept in a small
memo keyed on the exact content of those ratings, and found without reading them while the store's data
version has not moved (_model_of), so asking again costs one query and the ranking only.
The model pools its variances (the spread between units, between examiners, of one assessment) with
the latest signed earlier cycles (at most EARLIER_CYCLES; scoring.committee.analysis, "Earlier cycles").
Their scores no longer change, so each earlier cycle's variances are fitted once per content
(scoring.store.ranking.earlier_signed gives a fingerprint without reading the rows) and kept.
The committee (committee, chair) and the kansli (admin, read-only) may read it; examiners may not,
because it shows every team's scores side by side.

Two rules for the committee and the chair, decided here and not in the pages:
- a cycle's results (totals, places, P(first), calibration) are theirs from the site-visit phase on
  (scoring.assessment.visibility.require_results_visible); earlier, closed cycles stay open to them;
- they never see which examiner scored what: the spread of one unit's scores comes without
  examiners, and severity comes under stable pseudonyms (Examinator A, B, …). Only the kansli, who
  trains the examiners, sees their names.
"""
from __future__ import annotations

import hashlib
import itertools
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Generic, TypeVar
from dataclasses import dataclass, field

import numpy as np
import polars as pl
import pyarrow as pa

from scoring.committee import ranking as rank_rules
from scoring import rulebook
from scoring.assessment import practice
from scoring.assessment import results
from scoring.assessment import visibility
from scoring.committee.analysis_input import with_practice
from scoring.platform.access import User, require_role
from scoring.committee.calibration import MESSAGE_NO_RATINGS, Calibration, calibrate_examiners, compare_rankings, describe
from scoring.committee.analysis import (DEFAULT_DRAWS, DEFAULT_SEED, EXAMINER_COLUMNS, CycleVariances, cycle_variances,
                                        fit_cycle, pool_earlier)
from scoring.committee.rank_confidence import LABEL_CLEAR, LABEL_CLOSE_CALL
from scoring.committee.reliability import largest_disagreements, reliability_by_class, reliability_by_criterion
from scoring.store import Store
from scoring.store import ranking as store

READERS = ("committee", "chair", "admin")


def require_reader(actor: User) -> None:
    require_role(actor, *READERS)


def require_results(db: Store, actor: User, year: int) -> None:
    """A reader who may see this cycle's results in its phase (the committee and the chair from the
    site-visit phase on, the kansli always); AccessDenied with the reason in Swedish otherwise."""
    require_reader(actor)
    visibility.require_results_visible(actor, rulebook.phase(db, year))


def _pseudonymous(frame: pl.DataFrame, actor: User) -> pl.DataFrame:
    """Examiner usernames replaced by their pseudonyms for all but the kansli."""
    if visibility.sees_examiner_names(actor) or frame.is_empty():
        return frame
    names = visibility.pseudonyms(frame["examiner"].unique().to_list())
    return frame.with_columns(pl.col("examiner").replace_strict(names, return_dtype=pl.String))


_UNVERSIONED = itertools.count(1)


def data_version(db: Store) -> int:
    """The store's data version (Store.data_version: it moves with every committed write, audited or not);
    pages key their cache on (db, year, this). An in-memory database has none: a new number each time, so
    nothing is answered from a cache."""
    version = db.data_version()
    return -next(_UNVERSIONED) if version is None else version


def years(db: Store, actor: User) -> list[int]:
    """Every cycle, newest first."""
    require_reader(actor)
    with db.read() as con:
        return sorted(store.cycle_years(con), reverse=True)


def ratings(db: Store, actor: User, year: int) -> pl.DataFrame:
    """submission_id, examiner, class_code, total: the input of calibration and rank confidence
    (examiner is a pseudonym for the committee and the chair)."""
    require_results(db, actor, year)
    with db.read() as con:
        return _pseudonymous(store.ratings(con, [year]).drop("cycle"), actor)


def criterion_scores(db: Store, actor: User, year: int) -> pl.DataFrame:
    """submission_id, class_code, criterion, score of every submitted assessment: who scored is left out."""
    require_results(db, actor, year)
    with db.read() as con:
        return store.criterion_scores(con, year).drop("examiner")


def analysis_scores(db: Store, actor: User, year: int) -> pl.DataFrame:
    """The input of scoring.committee.analysis.analyse for the cycle (criterion scores with weight,
    consensus_score and final_score); examiner is a pseudonym for the committee and the chair."""
    require_results(db, actor, year)
    with db.read() as con:
        return _pseudonymous(_with_practice(con, year, store.analysis_scores(con, year)), actor)


def _with_practice(con, year: int, scores: pl.DataFrame) -> pl.DataFrame:
    """The real criterion scores plus the practice case's rows (is_practice): every examiner who scored the
    practice case is linked through it in the severity model; the case itself never gets a place (issue 18)."""
    if scores.drop_nulls("score").is_empty():
        return scores
    rows = practice.model_rows(con, year, scores.select("criterion", "weight").unique())
    return with_practice(scores, rows) if not rows.is_empty() else scores


# ---------------------------------------------------------------- ranking


@dataclass(frozen=True, eq=False)
class Ranking:
    """The committee's ranking of one cycle. table: one row per unit, ranked within its class
    (scoring.committee.ranking.rank_units, with unit_name, organisation, class_name and class_position) plus
    p_first, rank_low, rank_median and rank_high; sorted by class_position and place.
    confidence: per class, leader, leader_p_first, close_call, label (empty without ratings).
    notes: Swedish messages about what could not be computed."""

    year: int
    table: pl.DataFrame
    confidence: pl.DataFrame
    notes: tuple[str, ...]


def ranking(db: Store, actor: User, year: int) -> Ranking:
    """The ranking per class with rank confidence: the final weighted totals, the calibrated means and
    the 4,000 draws. The units and their totals are read afresh each time (scoring.store.ranking.ranking_units);
    the model of the ratings is kept (_model_of), so asking again costs that read and the ranking itself."""
    require_results(db, actor, year)
    model = _model_of(db, year)
    with db.read() as con:
        units = store.ranking_units(con, year)
    table = rank_rules.rank_scored_units(units.join(model.units, on="submission_id", how="left"),
                                         classes_by=("class_position", "class_code"))
    return Ranking(year, table.select(*units.columns, "calibrated_mean", *_PLACES, *_CONFIDENCE),
                   model.classes, model.notes)


_PLACES = ("place", "shared_place", "tied", "decided_by")
_CONFIDENCE = ("p_first", "rank_low", "rank_median", "rank_high", "best_place", "calibrated_total",
               "calibrated_total_sd")

COL_CALIBRATED_TOTAL = "Kalibrerad totalpoäng"
MESSAGE_FIRST_DIFFERS = ("I klassen {klass} står {official} först i tabellen, men den bästa skattningen, justerad "
                         "för hur sträng varje examinator är, sätter {best} först.")


def first_places_differ(table: pl.DataFrame) -> pl.DataFrame:
    """Per class where the official table's first place (place 1) is not the best estimate's first
    (best_place 1): class_code, class_name, official and best (unit names, joined with " och " when
    shared), message (Swedish, plain text)."""
    def names(column: str) -> pl.DataFrame:
        return (table.filter(pl.col(column) == 1).sort("unit_name").group_by("class_code", maintain_order=True)
                .agg(pl.first("class_name"), pl.col("unit_name").str.join(" och ").alias(column),
                     pl.col("submission_id").sort().alias(f"_{column}")))
    both = names("place").join(names("best_place").drop("class_name"), on="class_code")
    return (both.filter(pl.col("_place") != pl.col("_best_place"))
            .select("class_code", "class_name", pl.col("place").alias("official"), pl.col("best_place").alias("best"))
            .with_columns(pl.format(MESSAGE_FIRST_DIFFERS.replace("{klass}", "{}").replace("{official}", "{}")
                                    .replace("{best}", "{}"), "class_name", "official", "best").alias("message")))


@dataclass(frozen=True, eq=False)
class RankingView:
    """classes: class_code, class_name, position, prize_amount, presenter.
    table: one row per unit, ranked (scoring.committee.ranking.rank_units) with unit_name, organisation,
    p_first, rank_low, rank_median, rank_high and history (a one-line summary).
    confidence: per class, leader, leader_p_first, close_call, label (empty without ratings).
    finals, criterion_scores, history: what the unit detail needs; criterion_scores is anonymous
    (submission_id, class_code, criterion, score: no examiner). criteria: criterion, title, weight.
    notes: Swedish messages about what could not be computed."""

    year: int
    classes: pl.DataFrame
    criteria: pl.DataFrame
    table: pl.DataFrame
    confidence: pl.DataFrame
    finals: pl.DataFrame
    criterion_scores: pl.DataFrame
    history: pl.DataFrame
    notes: tuple[str, ...]


def ranking_view(db: Store, actor: User, year: int) -> RankingView:
    """ranking() and what the committee's page shows beside it: classes, criteria, each unit's final
    and individual scores, and its earlier cycles."""
    ranked = ranking(db, actor, year)
    with db.read() as con:
        klasses, crit = store.classes(con, year), store.criteria(con, year)
        scores = store.criterion_scores(con, year).drop("examiner")     # the spread, never who scored
        earlier = [y for y in store.cycle_years(con) if y < year]
        parts = store.earlier_participations(con, year)
        awards = store.signed_awards(con, earlier)
    finals = results.final_scores(db, year)
    # Earlier results (total, place) are read per unit when its detail is opened: unit_history().
    history = rank_rules.unit_history(ranked.table.select("submission_id"), earlier, parts, _NO_TOTALS,
                                      awards)
    table = (ranked.table.join(rank_rules.history_summary(history), on="submission_id", how="left")
             .with_columns(pl.col("history").fill_null("–")))
    return RankingView(year, klasses, crit, table, ranked.confidence, finals, scores, history, ranked.notes)


_NO_TOTALS = pl.DataFrame(schema={"submission_id": pl.Int32, "cycle": pl.Int32, "class_code": pl.String,
                                  "total": pl.Float64})


def unit_history(db: Store, actor: User, view: RankingView, submission_id: int) -> pl.DataFrame:
    """One unit's earlier cycles with its total and place there (scoring.committee.ranking.unit_history), reading
    only the earlier classes the unit took part in."""
    require_results(db, actor, view.year)
    mine = view.history.filter(pl.col("submission_id") == submission_id)
    took = mine.filter(pl.col("took_part"))
    classes = list(zip(took["earlier_cycle"].to_list(), took["earlier_class"].to_list(), strict=True))
    earlier = mine["earlier_cycle"].to_list()
    totals = _NO_TOTALS
    if classes:
        with db.read() as con:
            totals = store.totals(con, sorted({c for c, _ in classes}), classes)
    awards = took.select(pl.col("earlier_cycle").alias("cycle"), pl.col("earlier_submission").alias("submission_id"),
                         pl.col("award").alias("kind")).drop_nulls("kind")
    parts = took.select("submission_id", "earlier_cycle", "earlier_submission", "earlier_class",
                        "earlier_class_name")
    return rank_rules.unit_history(mine.select("submission_id").unique(), earlier, parts, totals, awards)


# ---------------------------------------------------------------- the model of the ratings, kept


@dataclass(frozen=True, eq=False)
class RatingsModel:
    """units: submission_id, calibrated_mean (the best estimate of scoring.committee.analysis: shrunk
    examiner effects), p_first, rank_low, rank_median, rank_high, best_place (place by best estimate),
    calibrated_total and calibrated_total_sd of every rated unit. classes: class_code, n_units, leader
    (first by best estimate), leader_p_first, close_call, label. notes: what could not be computed.
    examiners: the shrunk severity of each examiner (committee_analysis.EXAMINER_COLUMNS, usernames);
    sigma: the noise sd of one assessment (NaN without ratings). earlier_years: the earlier cycles
    whose variances were pooled (newest first); variances: the cycle's posterior mean variances (tau,
    examiner, sigma in points²); prior: the prior each was drawn with (CycleFit.prior)."""

    units: pl.DataFrame
    classes: pl.DataFrame
    notes: tuple[str, ...]
    examiners: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=dict.fromkeys(EXAMINER_COLUMNS)))
    sigma: float = float("nan")
    earlier_years: tuple[int, ...] = ()
    variances: Mapping[str, float] | None = None
    prior: Mapping[str, tuple[float, float]] | None = None


V = TypeVar("V")


class _Memo(Generic[V]):
    """The last few values, least recently used dropped first, keyed on the exact content they were
    computed from (a model on its ratings, an earlier cycle's variances on its fingerprint): the draws use a
    fixed seed, so a changed input changes the key, and a kept value is never stale. Streamlit runs
    sessions in threads, hence the lock. It is not held while a value is computed: two sessions that miss
    at once both compute, and the later (equal) value stays."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._kept: OrderedDict[str, V] = OrderedDict()

    def peek(self, key: str) -> V | None:
        """The kept value (now the most recently used) or None; computes nothing."""
        with self._lock:
            if key not in self._kept:
                return None
            self._kept.move_to_end(key)
            return self._kept[key]

    def put(self, key: str, value: V) -> None:
        with self._lock:
            self._kept[key] = value
            self._kept.move_to_end(key)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)

    def get(self, key: str, compute: Callable[[], V]) -> V:
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
        value = compute()
        self.put(key, value)
        return value

    def keys(self) -> list[str]:
        with self._lock:
            return list(self._kept)

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()


# A handful covers the cycles the committee flips between and the state just before a change.
_MODELS: _Memo[RatingsModel] = _Memo(size=4)
# Which model a data version stands for: "path|year|version" (Store.data_version(drafts=False)) -> the
# model's key in _MODELS. A ranking asked again with no write committed in between reads no scores at all.
_MODEL_AT: _Memo[str] = _Memo(size=16)


def forget_models() -> None:
    """Empty the kept models, so that the next ranking computes its model afresh. The earlier cycles'
    variances stay kept (forget_earlier): a changed score of this cycle does not change them."""
    _MODELS.clear()
    _MODEL_AT.clear()


def _model_of(db: Store, year: int) -> RatingsModel:
    """The model of the cycle's ratings (fit_model), kept two ways:
    - per data version (Store.data_version(drafts=False); no examiner's draft enters the model): with no
      write committed since, the kept model is taken without reading anything;
    - per content (model_key of the analysis input and the earlier cycles' key): after a write that did not
      change the model's input (a comment, a phase, another cycle's submission), the input is read and
      hashed, and the kept model is taken without fitting it again."""
    version = db.data_version(drafts=False)          # taken before the read it stands for
    at = None if version is None else f"{db.path}|{year}|{version}"
    key = _MODEL_AT.peek(at) if at is not None else None
    model = _MODELS.peek(key) if key is not None else None
    if model is not None:
        return model
    with db.read() as con:
        scores = _with_practice(con, year, store.analysis_scores(con, year))
        found = _earlier_inputs(con, year)
    earlier = _earlier(found)
    key = model_key(scores) + earlier.key
    model = _MODELS.get(key, lambda: fit_model(scores, earlier))
    if at is not None:
        _MODEL_AT.put(at, key)
    return model


# ---------------------------------------------------------------- earlier cycles' variances, kept

EARLIER_CYCLES = 3      # the latest signed cycles whose variances the ranking pools (docs/method.md)


@dataclass(frozen=True)
class EarlierCycles:
    """What the ranking of a cycle pools from earlier ones: years (the latest signed cycles before it
    with scores, at most EARLIER_CYCLES, newest first), prior (scoring.committee.analysis.pool_earlier
    of their variances; None without any) and key (their content, appended to the model's memo key)."""

    years: tuple[int, ...]
    prior: Mapping[str, tuple[float, float]] | None
    key: str


_EARLIER_VARIANCES: _Memo[CycleVariances] = _Memo(size=32)   # each earlier cycle, by year and fingerprint


def forget_earlier() -> None:
    """Empty the kept variances of earlier cycles, so that the next ranking fits them afresh."""
    _EARLIER_VARIANCES.clear()


def _earlier_inputs(con, year: int) -> list[tuple[int, str, CycleVariances | pl.DataFrame]]:
    """Inside a read: per earlier cycle to pool (year, memo key, its kept CycleVariances or else its
    individual scores and practice rows, read now: store.rated_scores, what its variances are fitted on)."""
    found = []
    for cycle, rows, fingerprint in store.earlier_signed(con, year, EARLIER_CYCLES).iter_rows():
        if not rows:
            continue
        key = f"{cycle}:{fingerprint}"
        kept = _EARLIER_VARIANCES.peek(key)
        found.append((cycle, key, kept if kept is not None
                      else _with_practice(con, cycle, store.rated_scores(con, cycle))))
    return found


def _earlier(found: list[tuple[int, str, CycleVariances | pl.DataFrame]]) -> EarlierCycles:
    """The earlier cycles' prior: those not kept are fitted now (a short run, variances only) and kept."""
    fits = []
    for _, key, kept in found:
        if isinstance(kept, pl.DataFrame):
            fitted = cycle_variances(kept, seed=DEFAULT_SEED)
            _EARLIER_VARIANCES.put(key, fitted)
            kept = fitted
        fits.append(kept)
    return EarlierCycles(tuple(c for c, _, _ in found), pool_earlier(fits),
                         "".join(f"|{key}" for _, key, _ in found))


def earlier_cycles(db: Store, actor: User, year: int) -> EarlierCycles:
    """The earlier cycles the ranking of ``year`` pools its variances with, and their prior."""
    require_results(db, actor, year)
    with db.read() as con:
        found = _earlier_inputs(con, year)
    return _earlier(found)


def model_key(scores: pl.DataFrame, draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED) -> str:
    """sha256 over the analysis input (scoring.store.ranking.analysis_scores: submission_id, examiner,
    class_code, criterion, score, weight, consensus_score, final_score), sorted, and the number of draws
    and the seed: equal only for equal inputs."""
    # Single-threaded: at these sizes waking Polars' thread pool costs more than it gains.
    scores = scores.sort("submission_id", "examiner", "criterion", multithreaded=False)
    digest = hashlib.sha256(f"{scores.height}:{draws}:{seed}".encode())
    for name in _KEY_COLUMNS:
        column = scores[name] if name in scores.columns else pl.Series(name, [None] * scores.height, pl.Float64)
        for part in _content(column):
            digest.update(part)
    return digest.hexdigest()


_KEY_COLUMNS = ("submission_id", "examiner", "class_code", "criterion", "score", "weight", "consensus_score",
                "final_score", "is_practice")


def _content(column: pl.Series) -> list[bytes | memoryview]:
    """A column's values as bytes, unambiguously: where values are missing, then the numbers, or for
    text each value's length in bytes and all the bytes (read from the Arrow buffers, which is many
    times faster than Polars' string expressions)."""
    missing = column.is_null().to_numpy().tobytes() if column.null_count() else b""
    if column.dtype != pl.String:
        return [missing, column.cast(pl.Float64 if column.dtype.is_float() else pl.Int64).to_numpy().tobytes()]
    text = column.to_arrow()                     # one large_string array
    if not pa.types.is_large_string(text.type):
        text = text.cast(pa.large_string())
    _, offsets, data = text.buffers()
    ends = np.frombuffer(offsets, dtype=np.int64, count=len(text) + 1, offset=text.offset * 8)
    return [missing, np.diff(ends).tobytes(), memoryview(data)[ends[0]:ends[-1]] if len(text) else b""]


_NONE_EARLIER = EarlierCycles((), None, "")


def fit_model(scores: pl.DataFrame, earlier: EarlierCycles = _NONE_EARLIER) -> RatingsModel:
    """Best estimates and rank confidence (scoring.committee.analysis.analyse) from the criterion scores
    of the submitted assessments, its variances pooled with ``earlier`` (earlier_cycles()), or empty
    frames and a note."""
    columns = {"submission_id": pl.Int64, "calibrated_mean": pl.Float64, "posterior_sd": pl.Float64,
               "p_first": pl.Float64,
               "rank_low": pl.Int64, "rank_median": pl.Int64, "rank_high": pl.Int64, "best_place": pl.Int64,
               "calibrated_total": pl.Float64, "calibrated_total_sd": pl.Float64}
    no_classes = pl.DataFrame(schema={"class_code": pl.String, "n_units": pl.Int64, "leader": pl.Int64,
                                      "leader_p_first": pl.Float64, "close_call": pl.Boolean, "label": pl.String})
    if scores.drop_nulls("score").is_empty():
        return RatingsModel(pl.DataFrame(schema=columns), no_classes, (MESSAGE_NO_RATINGS,))
    fitted = fit_cycle(scores, earlier=earlier.prior)
    result = fitted.units
    units = result.select(pl.col("submission_id").cast(pl.Int64), pl.col("best_estimate").alias("calibrated_mean"),
                          "posterior_sd", "p_first", "rank_low", "rank_median", "rank_high", pl.col("place").alias("best_place"),
                          "calibrated_total", "calibrated_total_sd")
    leaders = (result.sort("class_code", "place", "p_first", descending=[False, False, True])
               .group_by("class_code", maintain_order=True)
               .agg(pl.len().cast(pl.Int64).alias("n_units"), pl.first("submission_id").cast(pl.Int64).alias("leader"),
                    pl.first("p_first").alias("leader_p_first"), pl.first("close_call")))
    classes = leaders.with_columns(pl.when(pl.col("close_call")).then(pl.lit(LABEL_CLOSE_CALL))
                                   .otherwise(pl.lit(LABEL_CLEAR)).alias("label"))
    groups = result["group"].n_unique()
    notes = (MESSAGE_GROUPS.format(n=groups),) if groups > 1 else ()
    return RatingsModel(units, classes, notes, fitted.examiners, fitted.sigma, earlier.years,
                        fitted.variances.means, fitted.prior)


MESSAGE_GROUPS = ("Examinatorerna bildar {n} separata grupper utan gemensamma bidrag. Skillnaden i stränghet "
                  "mellan grupperna är osäker, och den osäkerheten ingår i sannolikheterna och intervallen.")


# ---------------------------------------------------------------- calibration and reliability


@dataclass(frozen=True, eq=False)
class CalibrationView:
    """calibration: scoring.committee.calibration.Calibration (None without ratings). examiners: examiner,
    display_name, severity, severity_se, n_assessments, component, enough_data; for the committee and
    the chair both examiner and display_name are the pseudonym (Examinator A, B, …), and
    calibration.examiners is empty, so no username reaches them. comparison: compare_rankings of the
    calibrated means against the final totals, with unit_name, class_name, raw_mean, calibrated_se and
    enough_data. reliability_class / reliability_criterion: scoring.committee.reliability
    tables with class_name (and criterion title). disagreements: the largest ones, named."""

    year: int
    calibration: Calibration | None
    examiners: pl.DataFrame
    comparison: pl.DataFrame
    reliability_class: pl.DataFrame
    reliability_criterion: pl.DataFrame
    disagreements: pl.DataFrame
    notes: tuple[str, ...]
    pooled_years: tuple[int, ...] = ()     # the earlier signed cycles whose variances were pooled, newest first


def calibration_view(db: Store, actor: User, year: int, top: int = 10) -> CalibrationView:
    require_results(db, actor, year)
    with db.read() as con:
        units, klasses = store.units(con, year), store.classes(con, year)
        crit, scores = store.criteria(con, year), store.criterion_scores(con, year)
        rated = store.ratings(con, [year]).drop("cycle")
        names = store.examiner_names(con)
    if rated.is_empty():
        empty = pl.DataFrame()
        return CalibrationView(year, None, empty, empty, empty, empty, empty, (MESSAGE_NO_RATINGS,))
    calibration = calibrate_examiners(rated)        # its units' raw means; severity and sigma: the shrunk model
    model = _model_of(db, year)
    totals = results.weighted_totals(db, year)
    named = units.select("submission_id", "unit_name", "organisation", "class_code", "class_name", "class_position")
    shrunk = _shrunk(calibration.units, model)    # the ranking's best estimate, as its tie-break
    comparison = (compare_rankings(shrunk, totals.drop_nulls("total"), column="total")
                  .join(named.drop("class_code"), on="submission_id", how="left")
                  .join(shrunk.select("submission_id", "raw_mean", "calibrated_se", "enough_data"), on="submission_id")
                  .sort("class_position", "rank_calibrated", "unit_name"))
    class_names = klasses.select("class_code", "class_name", "position")
    by_class = reliability_by_class(rated).join(class_names, on="class_code", how="left").sort("position")
    by_criterion = (reliability_by_criterion(scores).join(class_names, on="class_code", how="left")
                    .join(crit.select("criterion", "title"), on="criterion", how="left")
                    .sort("position", "criterion"))
    disagreements = (largest_disagreements(scores, top=top)
                     .join(named.drop("class_code"), on="submission_id", how="left")
                     .join(crit.select("criterion", "title"), on="criterion", how="left"))
    severity = model.examiners.select("examiner", "severity", "severity_se", "n_assessments", "component", "enough_data")
    examiners = _examiners(severity, names, actor)
    notes = describe(examiners, "display_name")
    # The severities shown are the shrunk examiner effects of committee_analysis (the ranking's model).
    seen = severity if visibility.sees_examiner_names(actor) else examiners.head(0)   # usernames only for the kansli
    calibration = Calibration(seen, calibration.units, model.sigma, notes)
    return CalibrationView(year, calibration, examiners, comparison, by_class, by_criterion, disagreements, notes,
                           model.earlier_years)


def _shrunk(units: pl.DataFrame, model: RatingsModel) -> pl.DataFrame:
    """Calibration.units with calibrated_mean and calibrated_se replaced by the best estimate of
    scoring.committee.analysis and its posterior sd (the model the ranking keeps, fitted once); with
    shrunk examiner effects every such estimate means something when its sd does."""
    best = model.units.select(pl.col("submission_id").cast(units["submission_id"].dtype), "calibrated_mean",
                              pl.col("posterior_sd").alias("calibrated_se"))
    sane = pl.col("calibrated_se").is_finite() & (pl.col("calibrated_se") > 0)
    return (units.drop("calibrated_mean", "calibrated_se").join(best, on="submission_id", how="inner")
            .with_columns(enough_data=sane.fill_null(False)))


def _examiners(examiners: pl.DataFrame, names: pl.DataFrame, actor: User) -> pl.DataFrame:
    """Severity per examiner, most lenient first: named for the kansli, pseudonymous for the others."""
    if visibility.sees_examiner_names(actor):
        named = (examiners.join(names, on="examiner", how="left")
                 .with_columns(pl.col("display_name").fill_null(pl.col("examiner"))))
    else:
        named = _pseudonymous(examiners, actor).with_columns(display_name=pl.col("examiner"))
    return named.select("examiner", "display_name", *[c for c in examiners.columns if c != "examiner"]).sort(
        "severity", "display_name", descending=[True, False])
