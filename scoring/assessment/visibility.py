"""Who may see a team's individual scores, and who may work on its consensus.

The rules (pure functions over plain facts, so they can be tested as a table):

- Consensus is *open* for a team when every member has submitted their
  assessment, or when the kansli (admin) has opened it anyway
  (submission.consensus_opened_by_admin). Before the cycle reaches the
  assessment phase nothing is open.
- An examiner on the team sees the teammates' scores and texts only once they
  have submitted their own assessment AND consensus is open for the team. This
  holds for the lead too: a lead whose own assessment is not submitted would
  otherwise score after seeing the others. Missing assessments are shown as
  missing, never as zero.
- Consensus *work* (the lead editing the consensus) is allowed in the phases
  'assessment' (for teams that are open) and 'consensus'; later phases show the
  consensus read-only (the site visit adjusts it, it is not re-negotiated).
- The kansli sees every team's view once it is open, to follow up and to
  help; it never scores. The committee and the chair never see individual
  examiners' scores or texts: they work from consensus and final scores
  (scoring.assessment.results), which are open to them from the site-visit phase on.
- Examiners outside the team see nothing of it.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from scoring.platform.access import PHASE_NAMES, AccessDenied, User
from scoring.store import Store, units
from scoring.store import consensus as store

EDIT_PHASES = ("assessment", "consensus")
VIEW_PHASES = ("assessment", "consensus", "site_visit", "decision", "closed")
RESULT_PHASES_FOR_COMMITTEE = ("site_visit", "decision", "closed")

NOT_MEMBER = "Du ingår inte i teamet för det här bidraget."
OWN_NOT_SUBMITTED = "Du ser teamets bedömningar först när du har skickat in din egen bedömning."
NOT_OPEN = ("Teamets bedömningar visas när alla i teamet har skickat in, "
            "eller när kansliet öppnar konsensus för teamet.")
WRONG_PHASE = "Omgången är i fasen {phase}; teamets bedömningar visas från fasen individuell bedömning."
COMMITTEE_NO_INDIVIDUAL = ("Domarkommittén ser inte enskilda examinatorers bedömningar, "
                           "bara konsensus och slutliga poäng.")
NOT_LEAD = "Bara teamets utvärderingsledare kan ändra konsensus."
EDIT_PHASE = "Omgången är i fasen {phase}; konsensus kan bara ändras i fasen individuell bedömning eller konsensus."
CONSENSUS_DONE = "Konsensus är markerad som klar och låst. Kansliet kan öppna den igen."


@dataclass(frozen=True)
class TeamFacts:
    """Everything the rules need about one actor and one team."""
    role: str                 # the actor's account role
    phase: str                # the cycle's phase
    is_member: bool = False   # the actor is on this submission's team
    is_lead: bool = False     # ... and leads it (assignment.is_lead)
    own_status: str | None = None   # the actor's own assessment status
    all_submitted: bool = False
    opened_by_admin: bool = False
    consensus_done: bool = False


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""

    def require(self) -> None:
        if not self.allowed:
            raise AccessDenied(self.reason)


def consensus_open(facts: TeamFacts) -> bool:
    return facts.phase in VIEW_PHASES and (facts.all_submitted or facts.opened_by_admin)


def team_view(facts: TeamFacts) -> Decision:
    """May the actor see the team members' individual scores and texts?"""
    if facts.role in ("committee", "chair"):
        return Decision(False, COMMITTEE_NO_INDIVIDUAL)
    if facts.phase not in VIEW_PHASES:
        return Decision(False, WRONG_PHASE.format(phase=PHASE_NAMES[facts.phase].lower()))
    if facts.role == "admin":
        return Decision(True) if consensus_open(facts) else Decision(False, NOT_OPEN)
    if not facts.is_member:
        return Decision(False, NOT_MEMBER)
    if facts.own_status != "submitted":
        return Decision(False, OWN_NOT_SUBMITTED)
    if not consensus_open(facts):
        return Decision(False, NOT_OPEN)
    return Decision(True)


def consensus_edit(facts: TeamFacts) -> Decision:
    """May the actor change the team's consensus now?"""
    seen = team_view(facts)
    if not seen.allowed:
        return seen
    if not (facts.is_member and facts.is_lead):
        return Decision(False, NOT_LEAD)
    if facts.phase not in EDIT_PHASES:
        return Decision(False, EDIT_PHASE.format(phase=PHASE_NAMES[facts.phase].lower()))
    if facts.consensus_done:
        return Decision(False, CONSENSUS_DONE)
    return Decision(True)


def committee_sees_results(phase: str) -> bool:
    """The committee and chair see consensus and final scores from the site-visit phase on."""
    return phase in RESULT_PHASES_FOR_COMMITTEE


COMMITTEE_NO_RESULTS_FOR_EXAMINERS = ("Omgångens resultat visas för domarkommittén och kansliet, "
                                      "inte för examinatorer.")
RESULTS_TOO_EARLY = ("Omgången är i fasen {phase}. Domarkommittén och ordföranden ser omgångens resultat "
                     "(totalpoäng, placeringar, kalibrering och statistik) från fasen platsbesök.")


def results_visible(actor: User, phase: str) -> Decision:
    """May the actor see a cycle's results (totals, places, P(first), calibration, statistics) in this
    phase? The committee and the chair only from the site-visit phase on, so that nothing they see
    can steer the examiners' work; the kansli always; examiners never (they see their own team's
    work through team_view)."""
    if actor.role == "admin":
        return Decision(True)
    if actor.role in ("committee", "chair"):
        if committee_sees_results(phase):
            return Decision(True)
        name = PHASE_NAMES[phase].lower() if phase in PHASE_NAMES else str(phase)
        return Decision(False, RESULTS_TOO_EARLY.format(phase=name))
    return Decision(False, COMMITTEE_NO_RESULTS_FOR_EXAMINERS)


def require_results_visible(actor: User, phase: str) -> None:
    """Raise AccessDenied (Swedish) unless the actor may see the cycle's results in this phase:
    the committee and the chair from the site-visit phase on, the kansli always."""
    results_visible(actor, phase).require()


# -- examiners under pseudonyms -------------------------------------------------

PSEUDONYM = "Examinator {letter}"


def sees_examiner_names(actor: User) -> bool:
    """Only the kansli, who trains the examiners, sees which examiner scored what; the committee and
    the chair see severity and spread under pseudonyms or anonymously."""
    return actor.role == "admin"


def pseudonyms(usernames: Iterable[str]) -> dict[str, str]:
    """username → "Examinator A", "B", … "Z", "AA", …: letters handed out in the order of a hash of
    the username, so the same examiners get the same letters on every rerun and the letter says
    nothing about the examiner's rating or their name's place in the alphabet."""
    ordered = sorted(set(usernames), key=lambda u: (hashlib.sha256(u.encode()).hexdigest(), u))
    return {u: PSEUDONYM.format(letter=_letters(i)) for i, u in enumerate(ordered)}


def _letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


# -- from the database ---------------------------------------------------------

def facts_for(db: Store, actor: User, submission_id: int) -> TeamFacts:
    """Collect the facts for `actor` and one submission's team (LookupError if it does not exist)."""
    with db.read() as con:
        sub = units.require_submission(con, submission_id)
        team = store.team_state(con, submission_id)
        done = store.state(con, submission_id)
        phase = store.cycle_phase(con, sub["cycle"])
    mine = [m for m in team if m["examiner"] == actor.username]
    return TeamFacts(
        role=actor.role, phase=phase, is_member=bool(mine), is_lead=bool(mine and mine[0]["is_lead"]),
        own_status=mine[0]["status"] if mine else None,
        all_submitted=bool(team) and all(m["status"] == "submitted" for m in team),
        opened_by_admin=bool(sub["consensus_opened_by_admin"]),
        consensus_done=done is not None and done["status"] == "done",
    )


def require_team_view(db: Store, actor: User, submission_id: int) -> TeamFacts:
    facts = facts_for(db, actor, submission_id)
    team_view(facts).require()
    return facts
