"""The practice case (övningsfall, issue 18): a fictional submission every examiner scores before the real work,
with feedback against a reference the kansli locked, and a calibration table of every examiner's deviation.

Invariants:
- Practice scores are kept in their own tables (scoring.store.practice) and never enter a unit's score, rank,
  feedback report, ceremony or archive.
- The reference is locked before the exercise opens, and an examiner sees it only after submitting their own
  practice assessment.
- No examiner sees another's practice scores by name: the group's distribution is shown without names, and only
  when at least MIN_GROUP examiners have submitted. The kansli sees names; the committee pseudonyms.
- A re-score the kansli asks for is a new attempt beside the old; the old one is kept.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl

from scoring.assessment import individual as assessment
from scoring.assessment import visibility
from scoring import rulebook as rulebooks
from scoring import swedish
from scoring.platform.access import AccessDenied, User, ValidationError, require_phase, require_role
from scoring.assessment.individual import AssessmentView, ScoreEntry
from scoring.store import Store, audit
from scoring.store import practice as store
from scoring.store import ranking as ranking_store

MIN_GROUP = 3                      # the group's distribution is shown from this many submitted examiners on
DEFAULT_THRESHOLD = 15
PRACTICE_CLASS = "övningsfall"          # the class code of the practice case's rows in the severity model
OPEN_PHASES = ("registration", "assessment", "consensus", "site_visit")
EDIT_PHASES = ("registration", "assessment", "consensus", "site_visit", "decision")

NO_CASE = "Omgången {year} har inget övningsfall."
NOT_OPEN = "Övningsfallet är inte öppnat än: kansliet låser referensen innan övningen öppnas."
LOCKED = "Referensen är låst och övningen öppen; övningsfallet kan inte ändras längre."
HIDDEN = "Referensen och avvikelserna visas först när du har skickat in din egen bedömning av övningsfallet."
ALREADY_SUBMITTED = "Din bedömning av övningsfallet är redan inskickad. Kansliet kan be dig bedöma det igen."
STALE = ("Övningsbedömningen har sparats i en annan flik eller session sedan du öppnade den. "
         "Ladda om sidan och för över dina ändringar.")
REAL_WORK_LOCKED = ("Omgången kräver att du bedömer övningsfallet innan du börjar med dina tilldelade bidrag. "
                    "Skicka in övningsfallet först.")


@dataclass(frozen=True)
class Deviation:
    criterion: int
    score: int
    reference: int

    @property
    def diff(self) -> int:
        return self.score - self.reference

    @property
    def text(self) -> str:
        return deviation_text(self.criterion, self.diff)


def deviation_text(criterion: int, diff: float) -> str:
    """'+20 på kriterium 3: du är mildare än referensen' (Swedish minus sign for the stricter side)."""
    if diff == 0:
        return f"±0 på kriterium {criterion}: samma poäng som referensen"
    amount = swedish.number(abs(diff))
    if diff > 0:
        return f"+{amount} på kriterium {criterion}: du är mildare än referensen"
    return f"−{amount} på kriterium {criterion}: du är strängare än referensen"


def deviations(own: Mapping[int, int | None], reference: Mapping[int, int]) -> list[Deviation]:
    return [Deviation(n, own[n], reference[n]) for n in sorted(reference) if own.get(n) is not None]


def mean_absolute(devs: Iterable[Deviation]) -> float | None:
    values = [abs(d.diff) for d in devs]
    return sum(values) / len(values) if values else None


def weighted_total(devs: Iterable[Deviation], weights: Mapping[int, float]) -> float | None:
    """The deviation of the weighted total: positive when the examiner is milder than the reference overall."""
    devs = list(devs)
    total = sum(weights[d.criterion] for d in devs)
    return sum(d.diff * weights[d.criterion] for d in devs) / total if devs and total else None


def flagged(devs: Iterable[Deviation], threshold: float) -> bool:
    """A large deviation: the mean absolute deviation per criterion reaches the cycle's threshold."""
    mad = mean_absolute(devs)
    return mad is not None and mad >= threshold


def components(pairs: Iterable[tuple[Any, str]], practiced: Iterable[str] = ()) -> int:
    """How many separate groups the examiners form, linked by the units they share (pairs of (submission,
    examiner)); everyone in `practiced` shares the practice case as one more unit."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    by_unit: dict[Any, list[str]] = {}
    for unit, examiner in pairs:
        by_unit.setdefault(unit, []).append(examiner)
        find(examiner)
    by_unit[("practice",)] = list(practiced)
    for members in by_unit.values():
        for other in members[1:]:
            parent[find(other)] = find(members[0])
    return len({find(x) for x in parent})


def distribution(scores: pl.DataFrame) -> pl.DataFrame:
    """Per criterion and score, how many examiners gave it (no names): the latest submitted attempt of each."""
    latest = scores.filter(pl.col("attempt") == pl.col("attempt").max().over("examiner"))
    return latest.group_by("criterion", "score").len("examiners").sort("criterion", "score")


# -- the kansli prepares the case ----------------------------------------------------------------------------

def case(db: Store, actor: User, year: int) -> dict[str, Any] | None:
    """The case and its reference as the kansli edits it (the reference only for the kansli)."""
    require_role(actor, "admin")
    with db.read() as con:
        found = store.case(con, year)
        if found is not None:
            found["reference"] = store.reference(con, year)
            found["has_document"] = store.document(con, year) is not None
    return found


def reusable_cycles(db: Store, actor: User, year: int) -> list[int]:
    require_role(actor, "admin")
    with db.read() as con:
        return [y for y in store.cycles_with_case(con) if y != year]


def _editable_case(con, year: int) -> dict[str, Any] | None:
    found = store.case(con, year)
    if found is not None and found["locked_at"] is not None:
        raise ValidationError(LOCKED)
    return found


def prepare(db: Store, actor: User, year: int, title: str, text: str,
            pdf: tuple[str, bytes] | None = None) -> None:
    """Create or change the case: its title, text and optionally a PDF (refused once locked)."""
    require_role(actor, "admin")
    require_phase(rulebooks.phase(db, year), *EDIT_PHASES)
    problems = [m for ok, m in ((title.strip(), "Ge övningsfallet en rubrik."),
                                (text.strip(), "Klistra in övningsfallets text."),
                                (pdf is None or pdf[1].startswith(b"%PDF"), "Filen är ingen PDF.")) if not ok]
    if problems:
        raise ValidationError(problems)

    def write(con) -> None:
        old = _editable_case(con, year)
        store.upsert_case(con, year, title.strip(), text.strip(), actor.username,
                          old["source_cycle"] if old else None)
        if pdf is not None:
            store.set_document(con, year, pdf[0], pdf[1])
        audit.record(con, actor.username, "practice_prepare", "practice_case", year,
                     old={"title": old["title"]} if old else None,
                     new={"title": title.strip(), "pdf": pdf[0] if pdf else None})

    db.write(write)


def reuse(db: Store, actor: User, year: int, from_year: int) -> None:
    """Copy an earlier cycle's case, PDF and reference into this cycle (unlocked, to be checked and locked)."""
    require_role(actor, "admin")
    require_phase(rulebooks.phase(db, year), *EDIT_PHASES)
    if from_year == year:
        raise ValidationError("Välj en annan omgångs övningsfall.")

    def write(con) -> None:
        _editable_case(con, year)
        source = store.case(con, from_year)
        if source is None:
            raise ValidationError(NO_CASE.format(year=from_year))
        store.upsert_case(con, year, source["title"], source["text"], actor.username, from_year)
        doc = store.document(con, from_year)
        store.set_document(con, year, *(doc or (None, None)))
        ref = store.reference(con, from_year)
        store.replace_reference(con, year, [(n, r["score"], r["rationale"]) for n, r in ref.items()],
                                actor.username)
        audit.record(con, actor.username, "practice_reuse", "practice_case", year, new={"from": from_year})

    db.write(write)


NOT_REFEREE = "Bara kansliet och de seniora examinatorer som kansliet har utsett får sätta referensen."


def _require_referee(con, actor: User, year: int) -> None:
    """The kansli, or a senior examiner the kansli named for this cycle's reference."""
    if actor.role != "admin" and actor.username not in store.referees(con, year):
        raise AccessDenied(NOT_REFEREE)


def may_set_reference(db: Store, actor: User, year: int) -> bool:
    with db.read() as con:
        return actor.role == "admin" or (actor.is_examining and actor.username in store.referees(con, year))


def referees(db: Store, actor: User, year: int) -> list[str]:
    require_role(actor, "admin")
    with db.read() as con:
        return store.referees(con, year)


def set_referees(db: Store, actor: User, year: int, examiners: Iterable[str]) -> None:
    """Name the senior examiners who may set the reference with the kansli (refused once locked)."""
    require_role(actor, "admin")
    chosen = sorted(set(examiners))

    def write(con) -> None:
        if _editable_case(con, year) is None:
            raise ValidationError(NO_CASE.format(year=year))
        known = set(store.examiners(con, year)["examiner"])
        if unknown := [e for e in chosen if e not in known]:
            raise ValidationError(f"{', '.join(unknown)} är inte examinator.")
        old = store.referees(con, year)
        store.replace_referees(con, year, chosen)
        audit.record(con, actor.username, "practice_referees", "practice_case", year, old=old, new=chosen)

    db.write(write)


def reference_for_referee(db: Store, actor: User, year: int) -> dict[str, Any]:
    """The case and its reference for a named senior examiner (or the kansli), to set it before it is locked."""
    require_role(actor, "admin", "examiner", "lead")
    with db.read() as con:
        _require_referee(con, actor, year)
        found = store.case(con, year)
        if found is None:
            raise AccessDenied(NO_CASE.format(year=year))
        found["reference"] = store.reference(con, year)
        found["has_document"] = store.document(con, year) is not None
    return found


def set_reference(db: Store, actor: User, year: int, raw: Mapping[int, Mapping[str, Any]]) -> None:
    """Reference score and rationale per criterion, on the cycle's scale (refused once locked): by the kansli
    or a named senior examiner."""
    require_role(actor, "admin", "examiner", "lead")
    with db.read() as con:
        _require_referee(con, actor, year)
    book = rulebooks.load(db, year)
    parsed = assessment.parse_entries({n: {"score": v.get("score")} for n, v in raw.items()}, book)
    rows = [(n, e.score, str(raw.get(n, {}).get("rationale") or "").strip()) for n, e in parsed.items()
            if e.score is not None]
    if len(rows) > len({r[0] for r in rows}) or any(len(r[2]) > assessment.MAX_TEXT_LENGTH for r in rows):
        raise ValidationError("En motivering är för lång.")

    def write(con) -> None:
        _require_referee(con, actor, year)
        if _editable_case(con, year) is None:
            raise ValidationError(NO_CASE.format(year=year))
        old = store.reference(con, year)
        store.replace_reference(con, year, rows, actor.username)
        audit.record(con, actor.username, "practice_reference", "practice_case", year,
                     old={n: r["score"] for n, r in old.items()}, new={n: s for n, s, _ in rows})

    db.write(write)


def set_settings(db: Store, actor: User, year: int, lock_real: bool, threshold: int) -> None:
    """Whether real assignments wait for the practice case, and the deviation that is flagged."""
    require_role(actor, "admin")
    if not isinstance(threshold, int) or isinstance(threshold, bool) or not 1 <= threshold <= 100:
        raise ValidationError("Gränsen för stor avvikelse ska vara ett heltal mellan 1 och 100.")

    def write(con) -> None:
        old = store.case(con, year)
        if old is None:
            raise ValidationError(NO_CASE.format(year=year))
        store.set_settings(con, year, bool(lock_real), threshold)
        audit.record(con, actor.username, "practice_settings", "practice_case", year,
                     old={"lock_real": old["lock_real"], "threshold": old["threshold"]},
                     new={"lock_real": bool(lock_real), "threshold": threshold})

    db.write(write)


def lock(db: Store, actor: User, year: int) -> None:
    """Lock the reference and open the exercise: every criterion needs a reference score and rationale."""
    require_role(actor, "admin")
    book = rulebooks.load(db, year)

    def write(con) -> None:
        if _editable_case(con, year) is None:
            raise ValidationError(NO_CASE.format(year=year))
        ref = store.reference(con, year)
        missing = [f"Kriterium {c.number} saknar referenspoäng eller motivering." for c in book.criteria
                   if c.number not in ref or not ref[c.number]["rationale"].strip()]
        if missing:
            raise ValidationError(missing)
        store.lock(con, year, actor.username)
        audit.record(con, actor.username, "practice_lock", "practice_case", year,
                     new={n: r["score"] for n, r in ref.items()})

    db.write(write)


# -- the examiner scores it ----------------------------------------------------------------------------------

def form_id(year: int) -> int:
    """The scoring form's key for the practice case: negative, so it never meets a real submission's id."""
    return -year


@dataclass(frozen=True)
class PracticeView:
    """What the examiner's practice page shows: the case, the attempt being worked on and whether any attempt
    is submitted (then the feedback may be read)."""
    form: AssessmentView
    attempt: int
    has_document: bool
    submitted_before: bool
    requested_by: str | None

    @property
    def locked(self) -> bool:
        return self.form.locked


def _open_case(con, year: int) -> dict[str, Any]:
    found = store.case(con, year)
    if found is None:
        raise AccessDenied(NO_CASE.format(year=year))
    if found["locked_at"] is None:
        raise AccessDenied(NOT_OPEN)
    return found


def open_practice(db: Store, actor: User, year: int) -> PracticeView:
    """The examiner's own current attempt (empty until first saved); never anyone else's."""
    require_role(actor, "examiner", "lead")
    with db.read() as con:
        found = _open_case(con, year)
        tries = store.attempts(con, year, actor.username)
        current = tries[-1] if tries else {"attempt": 1, "status": "not_started", "version": 0,
                                           "requested_by": None}
        stored = store.scores(con, year, actor.username, current["attempt"])
        has_document = store.document(con, year) is not None
    book = rulebooks.load(db, year)
    entries = {c.number: ScoreEntry(**stored[c.number]) if c.number in stored else ScoreEntry(None, "", "")
               for c in book.criteria}
    submission = {"id": form_id(year), "unit_name": found["title"], "text": found["text"], "cycle": year,
                  "class_name": "Övningsfall", "organisation": "–"}
    form = AssessmentView(submission, book, current["status"], current["version"], False, entries)
    return PracticeView(form, current["attempt"], has_document,
                        any(t["status"] == "submitted" for t in tries), current["requested_by"])


def document(db: Store, actor: User, year: int) -> tuple[str, bytes] | None:
    """The case's PDF: for the kansli and the named senior examiners always, for others once it is open."""
    require_role(actor, "admin", "examiner", "lead")
    with db.read() as con:
        if actor.role != "admin" and actor.username not in store.referees(con, year):
            _open_case(con, year)
        return store.document(con, year)


def save_draft(db: Store, actor: User, year: int, raw: Mapping[int, Mapping[str, Any]], expected: int) -> int:
    return _save(db, actor, year, raw, expected, submit=False)


def submit(db: Store, actor: User, year: int, raw: Mapping[int, Mapping[str, Any]], expected: int) -> int:
    return _save(db, actor, year, raw, expected, submit=True)


def _save(db: Store, actor: User, year: int, raw: Mapping[int, Mapping[str, Any]], expected: int,
          submit: bool) -> int:
    require_role(actor, "examiner", "lead")
    require_phase(rulebooks.phase(db, year), *OPEN_PHASES)
    book = rulebooks.load(db, year)
    entries = assessment.parse_entries(raw, book)
    if submit and (missing := assessment.missing_for_submit(entries, book)):
        raise ValidationError(missing)

    def write(con) -> int:
        _open_case(con, year)
        tries = store.attempts(con, year, actor.username)
        if not tries:
            store.open_attempt(con, year, actor.username, 1)
            tries = store.attempts(con, year, actor.username)
        current = tries[-1]
        if current["status"] == "submitted":
            raise ValidationError(ALREADY_SUBMITTED)
        version = store.bump_version(con, year, actor.username, current["attempt"], expected,
                                     "submitted" if submit else "draft")
        if version is None:
            raise ValidationError(STALE)
        rows = [(n, e.score, e.strengths, e.improvements) for n, e in entries.items()]
        store.write_scores(con, year, actor.username, current["attempt"], rows)
        audit.record(con, actor.username, "practice_submit" if submit else "practice_save", "practice_attempt",
                     f"{year}/{actor.username}/{current['attempt']}", new={n: e.score for n, e in entries.items()})
        return version

    return db.write(write)


@dataclass(frozen=True)
class Feedback:
    """After submitting: the examiner's deviations, the reference and its rationale, the group's distribution."""
    attempt: int
    deviations: list[Deviation]
    rationale: dict[int, str]
    total: float | None
    flagged: bool
    distribution: pl.DataFrame          # criterion, score, examiners (no names); empty below MIN_GROUP
    submitted: int                      # how many examiners have submitted
    threshold: int                      # the cycle's flag threshold


def feedback(db: Store, actor: User, year: int) -> Feedback:
    """The examiner's own feedback: refused (AccessDenied) until their own attempt is submitted."""
    require_role(actor, "examiner", "lead")
    book = rulebooks.load(db, year)
    with db.read() as con:
        found = _open_case(con, year)
        done = [t for t in store.attempts(con, year, actor.username) if t["status"] == "submitted"]
        if not done:
            raise AccessDenied(HIDDEN)
        own = store.scores(con, year, actor.username, done[-1]["attempt"])
        ref = store.reference(con, year)
        everyone = store.submitted_scores(con, year)
    devs = deviations({n: v["score"] for n, v in own.items()}, {n: r["score"] for n, r in ref.items()})
    n_submitted = everyone["examiner"].n_unique()
    dist = distribution(everyone) if n_submitted >= MIN_GROUP else distribution(everyone.clear())
    weights = {c.number: c.weight for c in book.criteria}
    return Feedback(done[-1]["attempt"], devs, {n: r["rationale"] for n, r in ref.items()},
                    weighted_total(devs, weights), flagged(devs, found["threshold"]), dist, n_submitted,
                    found["threshold"])


def real_work_status(db: Store, actor: User, year: int) -> str:
    """'none' (no open exercise), 'done' (submitted), 'suggest' (not done yet) or 'block' (the cycle locks real
    assignments until it is submitted)."""
    require_role(actor, "examiner", "lead")
    with db.read() as con:
        return real_work_state(con, year, actor.username)


def real_work_state(con: Any, year: int, examiner: str) -> str:
    """real_work_status inside a read the caller already holds (the assessment's own checks use it)."""
    found = store.case(con, year)
    if found is None or found["locked_at"] is None:
        return "none"
    if any(t["status"] == "submitted" for t in store.attempts(con, year, examiner)):
        return "done"
    return "block" if found["lock_real"] else "suggest"


def require_real_work_open(db: Store, actor: User, year: int) -> None:
    """AccessDenied when the cycle keeps real assignments locked until the practice case is submitted.
    assessment.open_assessment and every save check the same rule (refuse_real_work), so it binds."""
    if actor.role in ("examiner", "lead") and real_work_status(db, actor, year) == "block":
        raise AccessDenied(REAL_WORK_LOCKED)


def refuse_real_work(con: Any, year: int, examiner: str) -> None:
    if real_work_state(con, year, examiner) == "block":
        raise AccessDenied(REAL_WORK_LOCKED)


# -- the calibration table and re-scores ---------------------------------------------------------------------

def calibration_table(db: Store, actor: User, year: int) -> pl.DataFrame:
    """One row per examiner and attempt: status, deviation per criterion (d1…d5), mean absolute deviation,
    total deviation and the flag. Named for the kansli, pseudonyms for the committee and the chair."""
    require_role(actor, "admin", "committee", "chair")
    book = rulebooks.load(db, year)
    with db.read() as con:
        found = store.case(con, year)
        if found is None:
            raise AccessDenied(NO_CASE.format(year=year))
        ref = {n: r["score"] for n, r in store.reference(con, year).items()}
        people, states = store.examiners(con, year), store.attempt_states(con, year)
        scores = store.submitted_scores(con, year)
    weights = {c.number: c.weight for c in book.criteria}
    rows = []
    for examiner, name in people.iter_rows():
        tries = states.filter(pl.col("examiner") == examiner).to_dicts() or [
            {"attempt": None, "status": "not_started", "requested_by": None}]
        for t in tries:
            devs = []
            if t["status"] == "submitted":
                own = scores.filter((pl.col("examiner") == examiner) & (pl.col("attempt") == t["attempt"]))
                devs = deviations(dict(zip(own["criterion"], own["score"])), ref)
            rows.append({"examiner": examiner, "display_name": name, "attempt": t["attempt"],
                         "status": t["status"], "rescore_requested": t["requested_by"] is not None,
                         **{f"d{n}": next((d.diff for d in devs if d.criterion == n), None) for n in sorted(weights)},
                         "mean_abs": mean_absolute(devs), "total": weighted_total(devs, weights),
                         "flagged": flagged(devs, found["threshold"])})
    table = pl.DataFrame(rows, schema_overrides={f"d{n}": pl.Int64 for n in weights} | {
        "attempt": pl.Int64, "mean_abs": pl.Float64, "total": pl.Float64})
    named = _named_for(table, actor)
    if named.is_empty():
        return named
    # flagged examiners first, then by name in natural order (Examinator 2 before Examinator 10), attempts in order
    return named.sort(pl.col("flagged").any().over("examiner"), pl.col("display_name").str.len_chars(),
                      "display_name", "attempt", descending=[True, False, False, False], nulls_last=True)


def _named_for(table: pl.DataFrame, actor: User) -> pl.DataFrame:
    if visibility.sees_examiner_names(actor) or table.is_empty():
        return table
    names = visibility.pseudonyms(table["examiner"].unique().to_list())
    return table.with_columns(examiner=pl.col("examiner").replace_strict(names, return_dtype=pl.String)) \
        .with_columns(display_name=pl.col("examiner"))


def request_rescore(db: Store, actor: User, year: int, examiner: str) -> int:
    """The kansli asks an examiner to score the case again: a new attempt beside the submitted one."""
    require_role(actor, "admin")
    require_phase(rulebooks.phase(db, year), *OPEN_PHASES)

    def write(con) -> int:
        _open_case(con, year)
        tries = store.attempts(con, year, examiner)
        if not tries or tries[-1]["status"] != "submitted":
            raise ValidationError(f"{examiner} har ingen inskickad övningsbedömning att göra om.")
        attempt = tries[-1]["attempt"] + 1
        store.open_attempt(con, year, examiner, attempt, actor.username)
        audit.record(con, actor.username, "practice_rescore", "practice_attempt", f"{year}/{examiner}/{attempt}",
                     new={"attempt": attempt})
        return attempt

    return db.write(write)


def group_counts(db: Store, actor: User, year: int) -> tuple[int, int]:
    """How many separate examiner groups there are, without and with the practice case: linked by the submitted
    ratings the committee's model reads (as its note "N separata grupper"), or by the teams before any rating."""
    require_role(actor, "admin", "committee", "chair")
    with db.read() as con:
        rated = ranking_store.analysis_scores(con, year).drop_nulls("score")
        pairs = (rated.select("submission_id", "examiner").unique() if not rated.is_empty()
                 else store.assigned_pairs(con, year))
        done = store.submitted_scores(con, year)["examiner"].unique().to_list()
    linked = list(pairs.iter_rows())
    return components(linked), components(linked, [e for e in done if e in set(pairs["examiner"])])


def analysis_rows(db: Store, actor: User, year: int) -> pl.DataFrame:
    """The practice case as rows for the committee's examiner-severity model (committee_analysis.analyse):
    INPUT_COLUMNS plus is_practice = true, one row per examiner and criterion of their latest submitted attempt,
    the case as one shared submission (id form_id(year), class 'övningsfall'). analyse() lets these rows inform
    the examiner effects only; they are never a unit's score or rank. Named rows: the kansli only (the committee's
    pseudonyms are given after its scores and these are joined, so the letters match)."""
    require_role(actor, "admin")
    book = rulebooks.load(db, year)
    weights = pl.DataFrame({"criterion": [c.number for c in book.criteria],
                            "weight": [float(c.weight) for c in book.criteria]})
    with db.read() as con:
        return model_rows(con, year, weights)


def model_rows(con: Any, year: int, weights: pl.DataFrame) -> pl.DataFrame:
    """analysis_rows inside a read the caller holds, with the criteria's weights given (criterion, weight): the
    committee's model reads them beside the real scores (scoring.committee.views), before any pseudonym is given."""
    scores = store.submitted_scores(con, year)
    latest = scores.filter(pl.col("attempt") == pl.col("attempt").max().over("examiner"))
    return latest.with_columns(pl.col("criterion").cast(pl.Int64)).join(weights, on="criterion").select(
        pl.lit(form_id(year), pl.Int64).alias("submission_id"), "examiner",
        pl.lit(PRACTICE_CLASS).alias("class_code"), "criterion", pl.col("score").cast(pl.Float64), "weight",
        pl.lit(True).alias("is_practice"))
