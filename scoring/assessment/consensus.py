"""The team's consensus: every member's scores side by side, one agreed score and text per criterion.

Invariants:
- Who sees the team's individual scores, and who may edit, is decided by
  scoring.assessment.visibility on every call; the UI only mirrors it.
- Only submitted assessments count. A member who has not submitted is shown as
  missing (never as zero) and is left out of the mean and spread.
- A save is one transaction with an audit entry, and names the version it
  started from: a save from a stale tab is refused with the newer values.
- Marking the consensus done requires a score and both texts for every
  criterion, and locks it; only the kansli can reopen it (with a reason).
"""
from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl

from criteria import Criterion, Rulebook
from scoring import rulebook as rulebooks
from scoring.platform import outbox
from scoring.assessment import visibility
from scoring.platform.access import AccessDenied, User, ValidationError, require_phase, require_role
from scoring.assessment.individual import ScoreEntry, missing_for_submit, parse_entries
from scoring.store import Store, audit, cycles, units
from scoring.store import consensus as store

STALE = ("Konsensus har sparats i en annan flik eller session sedan du öppnade den. "
         "De nyare värdena visas nedan; dina ändringar har inte sparats. För över dem och spara igen.")
REOPEN_NEEDS_REASON = "Ange varför konsensus öppnas igen."
REOPEN_ONLY_DONE = "Bara en konsensus som är markerad som klar kan öppnas igen."
OPEN_NEEDS_REASON = "Ange varför konsensus öppnas innan alla i teamet har skickat in."
ALREADY_OPEN = "Konsensus är redan öppen för teamet: alla har skickat in eller kansliet har öppnat den."


@dataclass(frozen=True)
class MemberEntry:
    """One member's submitted score and texts for one criterion; `missing` when not submitted."""
    examiner: str
    display_name: str
    is_lead: bool
    status: str
    score: int | None
    strengths: str
    improvements: str

    @property
    def missing(self) -> bool:
        return self.status != "submitted"


@dataclass(frozen=True)
class Spread:
    """Mean and spread of the submitted scores for one criterion."""
    n: int
    mean: float | None
    low: int | None
    high: int | None
    sd: float | None          # sample standard deviation (n − 1); None below two scores
    flagged: bool             # range ≥ the cycle's disagreement threshold

    @property
    def range(self) -> int | None:
        return None if self.low is None else self.high - self.low


@dataclass(frozen=True)
class CriterionRow:
    criterion: Criterion
    members: tuple[MemberEntry, ...]
    spread: Spread
    consensus: ScoreEntry     # what is saved, or the members' texts pre-filled when nothing is saved yet
    saved: bool

    @property
    def moved(self) -> float | None:
        """How far the consensus score moved from the mean of the individual scores."""
        if self.consensus.score is None or self.spread.mean is None:
            return None
        return self.consensus.score - self.spread.mean


@dataclass(frozen=True)
class ConsensusView:
    submission: dict[str, Any]
    rulebook: Rulebook
    team: tuple[dict[str, Any], ...]
    status: str               # 'none' (nothing saved), 'open' (draft) or 'done'
    version: int
    done_by: str | None
    threshold: int
    rows: tuple[CriterionRow, ...]   # flagged criteria first, then by number
    edit: visibility.Decision

    @property
    def locked(self) -> bool:
        return self.status == "done"

    @property
    def missing_members(self) -> list[str]:
        return [m["display_name"] for m in self.team if m["status"] != "submitted"]


class StaleConsensus(ValidationError):
    def __init__(self, current: ConsensusView):
        self.current = current
        super().__init__(STALE)


def spread(scores: list[int | None], threshold: int) -> Spread:
    """Mean, range and SD of the scores that exist; flagged when the range reaches the threshold."""
    given = [s for s in scores if s is not None]
    if not given:
        return Spread(0, None, None, None, None, False)
    low, high = min(given), max(given)
    sd = statistics.stdev(given) if len(given) > 1 else None
    return Spread(len(given), statistics.fmean(given), low, high, sd, len(given) > 1 and high - low >= threshold)


def prefill(texts: list[str]) -> str:
    """The members' texts for the lead to edit: each distinct text once, in team order."""
    seen: list[str] = []
    for text in texts:
        if text.strip() and text.strip() not in seen:
            seen.append(text.strip())
    return "\n\n".join(seen)


def team_view(db: Store, actor: User, submission_id: int) -> ConsensusView:
    """The consensus page's content; AccessDenied unless the visibility rules allow it."""
    facts = visibility.require_team_view(db, actor, submission_id)
    with db.read() as con:
        sub = units.submission(con, submission_id)
        team = store.team_state(con, submission_id)
        given = store.member_scores(con, submission_id)
        state = store.state(con, submission_id) or {"status": "none", "version": 0, "done_by": None}
        saved = store.scores(con, submission_id)
        threshold = _threshold(con, sub["cycle"])
    book = rulebooks.load(db, sub["cycle"])
    rows = [_row(c, team, given, saved.get(c.number), threshold) for c in book.criteria]
    rows.sort(key=lambda r: (not r.spread.flagged, r.criterion.number))
    return ConsensusView(sub, book, tuple(team), state["status"], state["version"], state["done_by"],
                         threshold, tuple(rows), visibility.consensus_edit(facts))


def _threshold(con, year: int) -> int:
    return cycles.get_cycle(con, year)["disagreement_threshold"]


def _row(c: Criterion, team: list[dict], given: pl.DataFrame, saved: dict | None, threshold: int) -> CriterionRow:
    mine = {r["examiner"]: r for r in given.filter(pl.col("criterion") == c.number).iter_rows(named=True)}
    members = []
    for m in team:
        entry = mine.get(m["examiner"], {}) if m["status"] == "submitted" else {}
        members.append(MemberEntry(m["examiner"], m["display_name"], m["is_lead"], m["status"],
                                   entry.get("score"), entry.get("strengths", ""), entry.get("improvements", "")))
    present = [m for m in members if not m.missing]
    if saved is not None:
        consensus = ScoreEntry(saved["score"], saved["strengths"], saved["improvements"])
    else:
        consensus = ScoreEntry(None, prefill([m.strengths for m in present]),
                               prefill([m.improvements for m in present]))
    return CriterionRow(c, tuple(members), spread([m.score for m in present], threshold), consensus,
                        saved is not None)


def save_draft(db: Store, actor: User, submission_id: int, raw: Mapping[int, Mapping[str, Any]],
               expected_version: int) -> int:
    """Save the lead's consensus as a draft. Returns the new version."""
    return _save(db, actor, submission_id, raw, expected_version, done=False)


def mark_done(db: Store, actor: User, submission_id: int, raw: Mapping[int, Mapping[str, Any]],
              expected_version: int) -> int:
    """Save and lock: refused unless every criterion has a score, strengths and improvement areas."""
    return _save(db, actor, submission_id, raw, expected_version, done=True)


def _save(db: Store, actor: User, submission_id: int, raw: Mapping[int, Mapping[str, Any]],
          expected_version: int, done: bool) -> int:
    view = team_view(db, actor, submission_id)
    view.edit.require()
    entries = parse_entries(raw, view.rulebook)
    if done and (missing := missing_for_submit(entries, view.rulebook)):
        raise ValidationError(missing)

    def write(con) -> int:
        new_version = store.bump_version(con, submission_id, expected_version, "done" if done else "open",
                                         actor.username)
        if new_version is None:
            raise StaleConsensus(team_view(db, actor, submission_id))
        old = store.scores(con, submission_id)
        for number, e in entries.items():
            store.upsert_score(con, submission_id, number, e.score, e.strengths, e.improvements)
        audit.record(con, actor.username, "done" if done else "save_draft", "consensus", submission_id,
                     old=old, new={n: vars(e) for n, e in entries.items()})
        return new_version

    return db.write(write)


def reopen(db: Store, actor: User, submission_id: int, reason: str) -> None:
    """The kansli unlocks a done consensus so the lead can change it."""
    require_role(actor, "admin")
    if not reason.strip():
        raise ValidationError(REOPEN_NEEDS_REASON)

    def write(con) -> None:
        state = store.state(con, submission_id)
        if state is None or state["status"] != "done":
            raise ValidationError(REOPEN_ONLY_DONE)
        store.bump_version(con, submission_id, state["version"], "open", actor.username)
        audit.record(con, actor.username, "reopen", "consensus", submission_id,
                     old={"status": "done"}, new={"status": "open", "reason": reason.strip()})

    db.write(write)


def open_for_team(db: Store, actor: User, submission_id: int, reason: str) -> None:
    """The kansli opens consensus before every member has submitted (e.g. a member is ill)."""
    require_role(actor, "admin")
    facts = visibility.facts_for(db, actor, submission_id)
    require_phase(facts.phase, *visibility.EDIT_PHASES)
    if visibility.consensus_open(facts):
        raise ValidationError(ALREADY_OPEN)
    if not reason.strip():
        raise ValidationError(OPEN_NEEDS_REASON)

    def write(con) -> None:
        store.set_opened_by_admin(con, submission_id, True)
        audit.record(con, actor.username, "open_consensus", "submission", submission_id,
                     old={"consensus_opened_by_admin": False},
                     new={"consensus_opened_by_admin": True, "reason": reason.strip()})
        outbox.consensus_open(con, actor.username, submission_id)

    db.write(write)


def my_teams(db: Store, actor: User, year: int) -> pl.DataFrame:
    """The actor's teams in a cycle, with whether the team view is open to them and why not."""
    if not actor.is_examining:
        raise AccessDenied(visibility.NOT_MEMBER)
    with db.read() as con:
        teams = store.overview_for_examiner(con, actor.username, year)
        phase = store.cycle_phase(con, year)
    decisions = [visibility.team_view(_facts(actor, phase, r)) for r in teams.iter_rows(named=True)]
    return teams.with_columns(may_view=pl.Series([d.allowed for d in decisions], dtype=pl.Boolean),
                              why_not=pl.Series([d.reason for d in decisions], dtype=pl.String))


def _facts(actor: User, phase: str, row: dict) -> visibility.TeamFacts:
    return visibility.TeamFacts(
        role=actor.role, phase=phase, is_member=True, is_lead=row["is_lead"], own_status=row["own_status"],
        all_submitted=row["members"] > 0 and row["submitted"] == row["members"],
        opened_by_admin=row["opened_by_admin"], consensus_done=row["consensus_status"] == "done")


def cycle_overview(db: Store, actor: User, year: int) -> pl.DataFrame:
    """Every submission's team progress and consensus status: the kansli's view (no scores)."""
    require_role(actor, "admin")
    with db.read() as con:
        return store.overview_for_cycle(con, year)
