"""An examiner's independent assessment: draft, save, submit (lock) and reopen.

Invariants:
- An examiner reads and writes only assessments they are assigned to, and only
  their own: the independent step never exposes a teammate's scores.
- A save is one transaction: every criterion is validated first, and either all
  of them are written or none is.
- Each save names the version it started from; a save from a stale tab is
  refused and the newer values are returned, so neither edit is lost.
- A submitted assessment is locked; only the kansli (admin) can reopen it.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl

from criteria import Criterion, Rulebook, Scale
from scoring import conflicts, swedish
from scoring.platform import outbox
from scoring import rulebook as rulebooks
from scoring.platform.access import AccessDenied, User, ValidationError, require_phase, require_role
from scoring.store import Store, assessments, audit, units

MAX_TEXT_LENGTH = 100_000
STATUS_NAMES = {"not_started": "ej påbörjad", "draft": "utkast", "submitted": "inskickad"}

NOT_ASSIGNED = "Du är inte tilldelad bidrag {submission_id}."
CONFLICT_OF_INTEREST = conflicts.EXAMINER_CONFLICT
ALREADY_SUBMITTED = "Bedömningen är redan inskickad och låst. Kansliet kan öppna den igen."
STALE = ("Bedömningen har sparats i en annan flik eller session sedan du öppnade den. "
         "De nyare värdena visas nedan; dina ändringar har inte sparats. För över dem och spara igen.")


@dataclass(frozen=True)
class ScoreEntry:
    score: int | None
    strengths: str
    improvements: str


@dataclass(frozen=True)
class AssessmentView:
    """What the scoring page shows: the submission, the rulebook and the examiner's own scores only."""
    submission: dict[str, Any]
    rulebook: Rulebook
    status: str
    version: int
    is_lead: bool
    entries: dict[int, ScoreEntry]

    @property
    def locked(self) -> bool:
        return self.status == "submitted"


class StaleVersion(ValidationError):
    """Someone saved this assessment after the caller loaded it."""

    def __init__(self, current: AssessmentView):
        self.current = current
        super().__init__(STALE)


def my_assessments(db: Store, actor: User, year: int) -> pl.DataFrame:
    """The actor's assigned submissions in a cycle, with status and scored-criteria count."""
    require_role(actor, "examiner", "lead")
    with db.read() as con:
        return assessments.for_examiner(con, actor.username, year)


def progress(mine: pl.DataFrame) -> dict[str, int]:
    counts = {status: 0 for status in STATUS_NAMES}
    for status, n in mine.group_by("status").len().iter_rows():
        counts[status] = n
    counts["total"] = mine.height
    return counts


def open_assessment(db: Store, actor: User, submission_id: int) -> AssessmentView:
    require_role(actor, "examiner", "lead")
    with db.read() as con:
        sub = units.require_submission(con, submission_id)
        place = assessments.assignment(con, submission_id, actor.username)
        if place is None:
            raise AccessDenied(NOT_ASSIGNED.format(submission_id=submission_id))
        conflicts.refuse_examiner(con, actor, sub["unit_id"], sub["organisation_id"], sub["unit_name"])
        _refuse_before_practice(con, sub["cycle"], actor.username)
        state = assessments.state(con, submission_id, actor.username) or {"status": "not_started", "version": 0}
        stored = assessments.scores(con, submission_id, actor.username)
    book = rulebooks.load(db, sub["cycle"])
    entries = {
        c.number: ScoreEntry(**stored[c.number]) if c.number in stored else ScoreEntry(None, "", "")
        for c in book.criteria
    }
    return AssessmentView(sub, book, state["status"], state["version"], place["is_lead"], entries)


def parse_entries(raw: Mapping[int, Mapping[str, Any]], book: Rulebook | ScoringRules) -> dict[int, ScoreEntry]:
    """Validate every criterion's input; raise one ValidationError listing all problems."""
    problems: list[str] = []
    parsed: dict[int, ScoreEntry] = {}
    for criterion in book.criteria:
        item = raw.get(criterion.number, {})
        score, problem = _parse_score(item.get("score"), criterion.number, book)
        if problem:
            problems.append(problem)
        texts = {}
        for field, label in (("strengths", "styrkor"), ("improvements", "förbättringsområden")):
            value = item.get(field) or ""
            if not isinstance(value, str):
                value = str(value)
            if len(value) > MAX_TEXT_LENGTH:
                problems.append(f"Kriterium {criterion.number}: texten för {label} är för lång "
                                f"({_thousands(len(value))} tecken, högst {_thousands(MAX_TEXT_LENGTH)}).")
            texts[field] = value
        parsed[criterion.number] = ScoreEntry(score, texts["strengths"], texts["improvements"])
    if problems:
        raise ValidationError(problems)
    return parsed


_thousands = swedish.thousands    # 100001 -> '100 001' (Swedish digit grouping, no-break space)


def _parse_score(value: Any, number: int, book: Rulebook | ScoringRules) -> tuple[int | None, str | None]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    scale = book.scale
    rule = f"en av {scale.min}, {scale.min + scale.step}, … {scale.max} (steg om {scale.step})"
    try:
        number_value = float(str(value).strip().replace(",", ".")) if not isinstance(value, (int, float)) else value
    except ValueError:
        return None, f"Kriterium {number}: poängen måste vara ett tal, fick '{value}'. Ange {rule}."
    if isinstance(number_value, bool) or number_value != number_value:  # bool, NaN
        return None, f"Kriterium {number}: poängen måste vara ett tal, fick '{value}'. Ange {rule}."
    if number_value != int(number_value) or int(number_value) not in scale.values():
        return None, f"Kriterium {number}: poängen {value} finns inte på skalan. Ange {rule}."
    return int(number_value), None


def missing_for_submit(entries: Mapping[int, ScoreEntry], book: Rulebook | ScoringRules) -> list[str]:
    """What keeps an assessment from being submitted: every criterion needs a score and both texts."""
    problems = []
    for c in book.criteria:
        e = entries.get(c.number, ScoreEntry(None, "", ""))
        lacks = [what for what, ok in (("poäng", e.score is not None), ("styrkor", e.strengths.strip()),
                                        ("förbättringsområden", e.improvements.strip())) if not ok]
        if lacks:
            problems.append(f"Kriterium {c.number} ({c.title}) saknar {' och '.join(lacks)}.")
    return problems


def save_draft(db: Store, actor: User, submission_id: int, raw: Mapping[int, Mapping[str, Any]],
               expected_version: int) -> int:
    """Save the examiner's current values as a draft. Returns the new version."""
    return _save(db, actor, submission_id, raw, expected_version, submit=False)


def submit(db: Store, actor: User, submission_id: int, raw: Mapping[int, Mapping[str, Any]],
           expected_version: int) -> int:
    """Save and lock: refused unless all criteria have a score, strengths and improvement areas."""
    return _save(db, actor, submission_id, raw, expected_version, submit=True)


def _save(db: Store, actor: User, submission_id: int, raw: Mapping[int, Mapping[str, Any]],
          expected_version: int, submit: bool) -> int:
    book = _check_save(db, actor, submission_id)
    entries = parse_entries(raw, book)
    if submit and (missing := missing_for_submit(entries, book)):
        raise ValidationError(missing)

    def write(con) -> int:
        new_version = assessments.bump_version(con, submission_id, actor.username, expected_version,
                                               "submitted" if submit else "draft")
        if new_version is None:
            raise StaleVersion(open_assessment(db, actor, submission_id))
        old = assessments.scores(con, submission_id, actor.username)
        rows = [(n, e.score, e.strengths, e.improvements) for n, e in entries.items()]
        write_rows = assessments.update_scores if set(entries) <= set(old) else assessments.upsert_scores
        write_rows(con, submission_id, actor.username, rows)
        audit.record(con, actor.username, "submit" if submit else "save_draft", "assessment",
                     f"{submission_id}/{actor.username}", old=old,
                     new={n: vars(e) for n, e in entries.items()})
        if submit:
            outbox.consensus_open_if_ready(con, actor.username, submission_id)
        return new_version

    # A draft changes only the examiner's own assessment: other examiners' cached reads stay (Store.data_version).
    # A submission is everyone's news (consensus, progress, the mail queue).
    return db.write(write, draft_of=None if submit else actor.username)


@dataclass(frozen=True)
class ScoringRules:
    """The part of a rulebook a save validates against (criteria and scale), read in one query."""
    criteria: tuple[Criterion, ...]
    scale: Scale


def _refuse_before_practice(con, year: int, examiner: str) -> None:
    """A cycle may keep real assignments locked until the examiner's practice case is submitted."""
    from scoring.assessment import practice   # practice builds on this module; imported at call time
    practice.refuse_real_work(con, year, examiner)


def _check_save(db: Store, actor: User, submission_id: int) -> ScoringRules:
    """The same checks as open_assessment, then phase and lock, from two point reads: saving is the hot
    path, so it does not load the whole rulebook or the stored scores first."""
    require_role(actor, "examiner", "lead")
    with db.read() as con:
        ctx = assessments.save_context(con, submission_id, actor.username)
        if ctx is None:
            raise LookupError(units.UNKNOWN_SUBMISSION.format(submission_id=submission_id))
        if not ctx["assigned"]:
            raise AccessDenied(NOT_ASSIGNED.format(submission_id=submission_id))
        conflicts.refuse_examiner(con, actor, ctx["unit_id"], ctx["organisation_id"], ctx["unit_name"])
        _refuse_before_practice(con, ctx["cycle"], actor.username)
        require_phase(ctx["phase"], "assessment")
        if ctx["status"] == "submitted":
            raise ValidationError(ALREADY_SUBMITTED)
        rows = assessments.criteria(con, ctx["cycle"])
    return ScoringRules(tuple(Criterion(n, title, description, weight, tuple(guidance or ()))
                              for n, title, description, weight, guidance in rows),
                        Scale(ctx["scale_min"], ctx["scale_max"], ctx["scale_step"], ()))


def reopen(db: Store, actor: User, submission_id: int, examiner: str, reason: str) -> None:
    """The kansli unlocks a submitted assessment so the examiner can correct it."""
    require_role(actor, "admin")
    if not reason.strip():
        raise ValidationError("Ange varför bedömningen öppnas igen.")
    with db.read() as con:
        sub = units.require_submission(con, submission_id)
    require_phase(rulebooks.phase(db, sub["cycle"]), "assessment", "consensus")

    def write(con) -> None:
        state = assessments.state(con, submission_id, examiner)
        if state is None or state["status"] != "submitted":
            raise ValidationError("Bara en inskickad bedömning kan öppnas igen.")
        assessments.bump_version(con, submission_id, examiner, state["version"], "draft")
        audit.record(con, actor.username, "reopen", "assessment", f"{submission_id}/{examiner}",
                     old={"status": "submitted"}, new={"status": "draft", "reason": reason.strip()})

    db.write(write)


def cycle_overview(db: Store, actor: User, year: int) -> pl.DataFrame:
    """All assessments in a cycle with their status: the kansli's view (never shows scores)."""
    require_role(actor, "admin")
    with db.read() as con:
        return assessments.for_cycle(con, year)
