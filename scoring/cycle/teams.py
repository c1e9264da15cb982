"""Examiner teams from the database: automatic assignment, hand edits and declared jäv (the roster they are
built from is scoring/cycle/rosters.py; the jäv rules themselves are scoring/conflicts.py).

Invariants:
- The rules live in scoring.cycle.assignment (no examiner from the unit's own förvaltning/bolag, no declared
  jäv, capacity, balance); this module gathers its input from the DB (one query per table), and writes
  the result back in one transaction.
- A saved proposal is exactly what the kansli saw: the DB state it was built on is fingerprinted, and a
  save after someone else changed teams, jäv or the roster is refused (make a new proposal).
- A place where the examiner has written anything (draft or submitted) is never dropped without an
  explicit confirmation; when it is dropped, the written scores go to the audit log first.
- A hand-made team passes the same conflict check; breaking a capacity needs an explicit override.
- Team building names its cycle: proposals, saves and hand edits are refused unless that cycle is in a
  phase that allows teams (registration or assessment) and every submission touched belongs to it.
- A declared jäv takes effect at once: it is recorded, the examiner leaves the team (their draft is kept
  in the audit log) and a replacement is chosen by the same rules for that one submission. The kansli
  sees every declaration and its outcome on the teams page and can change the team by hand. Waiting for
  the kansli to confirm would leave the team short while the deadline runs, and the examiner must lose
  access to the unit immediately anyway.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from scoring import rulebook
from scoring.platform import outbox
from scoring.platform.access import AccessDenied, User, ValidationError, require_phase, require_role
from scoring.cycle.assignment import AssignmentResult, ExaminerSlot, SubmissionSlot, assign_teams, check_team
from scoring.cycle.assignment import reassign_after_conflict
from scoring.store import Store, audit, cycles, units
from scoring.store import teams as store

K_DEFAULT = 3
TEAM_PHASES = ("registration", "assessment")
KEEP_MODES = {
    "all": "Behåll alla nuvarande team och fyll bara tomma platser",
    "started": "Fördela om ej påbörjade platser (påbörjade bedömningar behålls)",
    "none": "Gör en helt ny fördelning",
}
FOREIGN_SUBMISSIONS = ("Förslaget för omgången {year} innehåller bidrag som inte hör till den omgången ({ids}). "
                       "Inget sparades; gör ett nytt förslag.")
STALE = ("Team, jäv eller examinatorer har ändrats sedan förslaget togs fram. "
         "Inget sparades; gör ett nytt förslag.")
DROP_WORK = ("{count} examinatorer har redan skrivit i sina bedömningar och skulle tas bort: {places}. "
             "Bekräfta att deras utkast ska tas bort (de sparas i loggen).")
DROP_WORK_ONE = ("{count} examinator har redan skrivit i sin bedömning och skulle tas bort: {places}. "
                 "Bekräfta att utkastet ska tas bort (det sparas i loggen).")
NO_MEMBERS = "Laget måste ha minst en examinator."
LEAD_NOT_MEMBER = "Utvärderingsledaren måste vara med i laget."
CAPACITY_OVERRIDE = "Kryssa i att kapaciteten får överskridas om examinatorn har gått med på det."
NOT_ON_TEAM = "Du är inte med i laget för bidrag {submission_id}."
REASON_MISSING = "Skriv kort vad jävet består i (t.ex. släkting i ledningen, tidigare anställd)."
REASON_TOO_LONG = "Beskrivningen av jävet är för lång (högst 1 000 tecken)."
UNKNOWN_EXAMINER = "Examinatorn {username} finns inte."


@dataclass(frozen=True)
class Pool:
    """The DB state that assignment works from; gathered with one query per table."""
    year: int
    submissions: pl.DataFrame
    roster: pl.DataFrame          # active examiners and leads only
    assignments: pl.DataFrame
    conflicts: frozenset[tuple[str, str]]

    def submission_slots(self) -> list[SubmissionSlot]:
        s = self.submissions
        return [SubmissionSlot(int(i), u, o, c, oid) for i, u, o, c, oid in
                zip(s["submission_id"], s["unit_id"], s["organisation"], s["class_code"], s["organisation_id"])]

    def examiner_slots(self, load_outside: dict[str, int] | None = None, capacity: int | None = None
                       ) -> list[ExaminerSlot]:
        r, load = self.roster, load_outside or {}
        return [ExaminerSlot(u, o or "", capacity if capacity is not None else int(c), frozenset(cl or ()),
                             role == "lead", load.get(u, 0), oid)
                for u, o, c, cl, role, oid in zip(r["username"], r["organisation"], r["capacity"],
                                                  r["classes"].to_list(), r["role"], r["organisation_id"])]

    def teams(self, places: pl.DataFrame | None = None) -> dict[int, tuple[str, ...]]:
        teams: dict[int, list[str]] = {int(i): [] for i in self.submissions["submission_id"]}
        for sid, name in zip(*(places if places is not None else self.assignments)[["submission_id", "examiner"]]):
            teams.setdefault(int(sid), []).append(name)
        return {sid: tuple(sorted(t)) for sid, t in teams.items()}

    def leads(self) -> dict[int, str]:
        led = self.assignments.filter(pl.col("is_lead"))
        return {int(s): e for s, e in zip(led["submission_id"], led["examiner"])}

    def loads(self, excluding: int | None = None) -> dict[str, int]:
        places = self.assignments if excluding is None else self.assignments.filter(
            pl.col("submission_id") != excluding)
        return dict(places.group_by("examiner").len().iter_rows())

    def fingerprint(self) -> str:
        parts = [self.assignments.select("submission_id", "examiner", "is_lead").sort("submission_id", "examiner"),
                 self.roster.select("username", "organisation", "capacity", "role"),
                 self.submissions.select("submission_id", "organisation")]
        text = json.dumps([p.rows() for p in parts] + [sorted(self.conflicts)], default=str)
        return hashlib.sha256(text.encode()).hexdigest()


def gather(con, year: int) -> Pool:
    roster = store.roster(con).filter(pl.col("active"))
    c = store.conflicts(con)
    return Pool(year, store.submissions(con, year), roster, store.assignments(con, year),
                frozenset(zip(c["examiner"], c["unit_id"])))


# ---------------------------------------------------------------- automatic proposal


@dataclass(frozen=True)
class Proposal:
    year: int
    k: int
    keep: str
    fingerprint: str
    result: AssignmentResult
    added: pl.DataFrame           # submission_id, examiner
    removed: pl.DataFrame         # submission_id, examiner, status, has_work
    lead_changes: int

    @property
    def removed_with_work(self) -> pl.DataFrame:
        return self.removed.filter(pl.col("has_work") | (pl.col("status") != "not_started"))


def propose(db: Store, actor: User, year: int, k: int = K_DEFAULT, keep: str = "all") -> Proposal:
    """Run the automatic assignment over the cycle's submissions; writes nothing."""
    require_role(actor, "admin")
    require_phase(rulebook.phase(db, year), *TEAM_PHASES)
    if keep not in KEEP_MODES:
        raise ValidationError(f"Okänt läge '{keep}'.")
    if not 1 <= k <= 10:
        raise ValidationError("Antalet examinatorer per bidrag måste vara mellan 1 och 10.")
    with db.read() as con:
        pool = gather(con, year)
    kept = pool.assignments
    if keep == "started":
        kept = kept.filter(pl.col("has_work") | (pl.col("status") != "not_started"))
    elif keep == "none":
        kept = kept.clear()
    kept_places = set(zip(kept["submission_id"], kept["examiner"]))
    kept_leads = {s: e for s, e in pool.leads().items() if (s, e) in kept_places}
    result = assign_teams(pool.submission_slots(), pool.examiner_slots(), pool.conflicts, k,
                          existing={s: t for s, t in pool.teams(kept).items() if t}, existing_leads=kept_leads)
    added, removed = _diff(pool, result.teams)
    old_leads = pool.leads()
    changes = sum(1 for s, e in result.leads.items() if s in old_leads and old_leads[s] != e)
    return Proposal(year, k, keep, pool.fingerprint(), result, added, removed, changes)


def _diff(pool: Pool, teams: dict[int, Sequence[str]]) -> tuple[pl.DataFrame, pl.DataFrame]:
    wanted = pl.DataFrame([(s, e) for s, t in teams.items() for e in t], schema={"submission_id": pl.Int32,
                          "examiner": pl.String}, orient="row")
    current = pool.assignments.with_columns(pl.col("submission_id").cast(pl.Int32))
    added = wanted.join(current, on=["submission_id", "examiner"], how="anti")
    removed = current.join(wanted, on=["submission_id", "examiner"], how="anti")
    return added, removed.select("submission_id", "examiner", "status", "has_work")


def save_proposal(db: Store, actor: User, proposal: Proposal, confirm_drop: bool = False) -> dict[str, int]:
    """Write the proposal in one transaction; refused when the DB changed since it was made."""
    require_role(actor, "admin")
    require_phase(rulebook.phase(db, proposal.year), *TEAM_PHASES)
    dropping = proposal.removed_with_work
    if not dropping.is_empty() and not confirm_drop:
        raise ValidationError(_drop_message(dropping))

    def write(con) -> dict[str, int]:
        pool = gather(con, proposal.year)
        foreign = _foreign_submissions(pool, proposal)
        if foreign:
            raise ValidationError(FOREIGN_SUBMISSIONS.format(year=proposal.year, ids=", ".join(map(str, foreign))))
        if pool.fingerprint() != proposal.fingerprint:
            raise ValidationError(STALE)
        _archive_drafts(con, actor, dropping)
        store.remove_places(con, proposal.removed)
        store.add_places(con, proposal.added)
        store.set_leads(con, _frame(proposal.result.leads))
        outbox.assignment_made(con, actor.username, proposal.added)
        summary = {"added": proposal.added.height, "removed": proposal.removed.height,
                   "lead_changes": proposal.lead_changes, "unstaffed": len(proposal.result.unstaffed)}
        audit.record(con, actor.username, "assign_teams", "cycle", proposal.year,
                     old={"removed": proposal.removed.select("submission_id", "examiner").rows()},
                     new={**summary, "k": proposal.k, "keep": proposal.keep,
                          "added": proposal.added.rows(), "leads": proposal.result.leads})
        return summary

    return db.write(write)


def _foreign_submissions(pool: Pool, proposal: Proposal) -> list[int]:
    """Submission ids the proposal would touch that are not the cycle's (sorted)."""
    own = set(pool.submissions["submission_id"].to_list())
    touched = (set(proposal.added["submission_id"].to_list()) | set(proposal.removed["submission_id"].to_list())
               | set(proposal.result.leads))
    return sorted(int(s) for s in touched - own)


def _frame(leads: dict[int, str]) -> pl.DataFrame:
    return pl.DataFrame({"submission_id": list(leads), "examiner": list(leads.values())},
                        schema={"submission_id": pl.Int32, "examiner": pl.String})


def _drop_message(dropping: pl.DataFrame) -> str:
    places = ", ".join(f"{e} (bidrag {s})" for s, e in dropping.select("submission_id", "examiner").rows()[:10])
    more = f" och {dropping.height - 10} till" if dropping.height > 10 else ""
    template = DROP_WORK_ONE if dropping.height == 1 else DROP_WORK
    return template.format(count=dropping.height, places=places + more)


def _archive_drafts(con, actor: User, places: pl.DataFrame) -> None:
    """Put every dropped place's written scores in the audit log before they are deleted."""
    if places.is_empty():
        return
    written = store.scores_of(con, places)
    for (sid, examiner), rows in written.group_by(["submission_id", "examiner"], maintain_order=True):
        audit.record(con, actor.username, "remove_draft", "assessment", f"{sid}/{examiner}",
                     old={r["criterion"]: {k: r[k] for k in ("score", "strengths", "improvements")}
                          for r in rows.iter_rows(named=True)})


# ---------------------------------------------------------------- hand edits


def check_hand_team(pool: Pool, submission_id: int, members: Sequence[str]) -> tuple[list[str], list[str]]:
    """(hard reasons, capacity reasons) a hand-made team breaks the rules."""
    slot = next((s for s in pool.submission_slots() if s.submission_id == submission_id), None)
    if slot is None:
        raise LookupError(units.UNKNOWN_SUBMISSION.format(submission_id=submission_id))
    size = max(len(set(members)), 1)
    loads = pool.loads(excluding=submission_id)
    hard = check_team(slot, members, pool.examiner_slots(loads, capacity=10**9), pool.conflicts, size)
    every = check_team(slot, members, pool.examiner_slots(loads), pool.conflicts, size)
    return list(hard), [r for r in every if r not in hard]


def set_team(db: Store, actor: User, year: int, submission_id: int, members: Sequence[str], lead: str,
             confirm_drop: bool = False, allow_over_capacity: bool = False) -> None:
    """Replace one submission's team by hand (add, remove, replace a member, choose the lead). `year` is the
    cycle the kansli is working in; a submission of another cycle is refused."""
    require_role(actor, "admin")
    members = [m.strip() for m in members if m and m.strip()]
    if not members:
        raise ValidationError(NO_MEMBERS)
    if lead not in members:
        raise ValidationError(LEAD_NOT_MEMBER)

    def write(con) -> None:
        sub = _submission_row(con, submission_id)
        if sub["cycle"] != year:
            raise ValidationError(units.WRONG_CYCLE.format(submission_id=submission_id, cycle=sub["cycle"],
                                                           year=year))
        require_phase(cycles.get_cycle(con, year)["phase"], *TEAM_PHASES)
        pool = gather(con, year)
        hard, capacity = check_hand_team(pool, submission_id, members)
        if hard or (capacity and not allow_over_capacity):
            raise ValidationError(hard + capacity + ([CAPACITY_OVERRIDE] if capacity and not hard else []))
        current = pool.assignments.filter(pl.col("submission_id") == submission_id)
        removed = current.filter(~pl.col("examiner").is_in(members))
        dropping = removed.filter(pl.col("has_work") | (pl.col("status") != "not_started"))
        if not dropping.is_empty() and not confirm_drop:
            raise ValidationError(_drop_message(dropping))
        new = [m for m in dict.fromkeys(members) if m not in set(current["examiner"])]
        _archive_drafts(con, actor, dropping)
        store.remove_places(con, removed)
        store.add_places(con, pl.DataFrame({"submission_id": [submission_id] * len(new), "examiner": new},
                                           schema={"submission_id": pl.Int32, "examiner": pl.String}))
        store.set_leads(con, _frame({submission_id: lead}))
        outbox.assignment_made(con, actor.username, [(submission_id, m) for m in new])
        audit.record(con, actor.username, "set_team", "submission", submission_id,
                     old={"members": sorted(current["examiner"]), "lead": pool.leads().get(submission_id)},
                     new={"members": sorted(set(members)), "lead": lead,
                          "over_capacity": capacity if allow_over_capacity else []})

    db.write(write)


def _submission_row(con, submission_id: int) -> dict:
    row = store.submission_row(con, submission_id)
    if row is None:
        raise LookupError(units.UNKNOWN_SUBMISSION.format(submission_id=submission_id))
    return row


# ---------------------------------------------------------------- jäv


@dataclass(frozen=True)
class ConflictOutcome:
    submission_id: int
    examiner: str
    removed: bool                 # the examiner was on the team and has left it
    replacement: str | None
    lead: str | None
    unstaffed_reason: str | None


def declare_conflict(db: Store, actor: User, submission_id: int, reason: str,
                     examiner: str | None = None) -> ConflictOutcome:
    """Record a jäv on the submission's unit; if the examiner is on the team, leave it and refill the place.

    An examiner declares for themselves; the kansli may record one for any examiner.
    """
    require_role(actor, "admin", "examiner", "lead")
    examiner = examiner if actor.role == "admin" and examiner else actor.username
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(REASON_MISSING)
    if len(reason) > 1000:
        raise ValidationError(REASON_TOO_LONG)

    def write(con) -> ConflictOutcome:
        sub = _submission_row(con, submission_id)
        pool = gather(con, sub["cycle"])
        on_team = (submission_id, examiner) in set(zip(pool.assignments["submission_id"], pool.assignments["examiner"]))
        if actor.role != "admin" and not on_team:
            raise AccessDenied(NOT_ON_TEAM.format(submission_id=submission_id))
        if examiner not in set(store.roster(con)["username"]):
            raise ValidationError(UNKNOWN_EXAMINER.format(username=examiner))
        if on_team:
            require_phase(cycles.get_cycle(con, sub["cycle"])["phase"], *TEAM_PHASES)
        store.insert_conflict(con, examiner, sub["unit_id"], reason)
        outcome = _leave_and_refill(con, actor, pool, submission_id, examiner) if on_team else \
            ConflictOutcome(submission_id, examiner, False, None, None, None)
        audit.record(con, actor.username, "declare_conflict", "conflict_declaration",
                     f"{examiner}/{sub['unit_id']}",
                     new={"reason": reason, "submission_id": submission_id, "examiner": examiner,
                          "removed": outcome.removed, "replacement": outcome.replacement,
                          "lead": outcome.lead, "unstaffed": outcome.unstaffed_reason})
        return outcome

    return db.write(write)


def _leave_and_refill(con, actor: User, pool: Pool, submission_id: int, examiner: str) -> ConflictOutcome:
    team = pool.teams()[submission_id]
    slot = next(s for s in pool.submission_slots() if s.submission_id == submission_id)
    result = reassign_after_conflict({submission_id: team}, submission_id, examiner, [slot],
                                     pool.examiner_slots(pool.loads(excluding=submission_id)), pool.conflicts,
                                     k=max(len(team), 1), leads={submission_id: pool.leads().get(submission_id, "")})
    place = pool.assignments.filter((pl.col("submission_id") == submission_id) & (pl.col("examiner") == examiner))
    _archive_drafts(con, actor, place.filter(pl.col("has_work") | (pl.col("status") != "not_started")))
    store.remove_places(con, place)
    new_members = [e for e in result.teams[submission_id] if e not in team]
    store.add_places(con, pl.DataFrame({"submission_id": [submission_id] * len(new_members),
                                        "examiner": new_members},
                                       schema={"submission_id": pl.Int32, "examiner": pl.String}))
    lead = result.leads.get(submission_id)
    if lead:
        store.set_leads(con, _frame({submission_id: lead}))
    return ConflictOutcome(submission_id, examiner, True, new_members[0] if new_members else None, lead,
                           result.unstaffed.get(submission_id))


def conflict_log(db: Store, actor: User, year: int | None = None, limit: int = 200) -> pl.DataFrame:
    """Declared jäv with what happened (from the audit log), newest first: the kansli's follow-up list.
    With `year`, only declarations on that cycle's submissions."""
    require_role(actor, "admin")
    with db.read() as con:
        entries = store.conflict_entries(con, year, limit)
    rows = []
    for logged_at, by, value in zip(entries["logged_at"], entries["actor"], entries["new_value"]):
        v = json.loads(value or "{}")
        rows.append({"Anmält": logged_at, "Examinator": v.get("examiner"), "Bidrag": v.get("submission_id"),
                     "Anmält av": by, "Skäl": v.get("reason"), "Ersättare": v.get("replacement") or "",
                     "Utvärderingsledare": v.get("lead") or "", "Ej bemannat": v.get("unstaffed") or ""})
    return pl.DataFrame(rows, schema={"Anmält": pl.Datetime, "Examinator": pl.String, "Bidrag": pl.Int64,
                                      "Anmält av": pl.String, "Skäl": pl.String, "Ersättare": pl.String,
                                      "Utvärderingsledare": pl.String, "Ej bemannat": pl.String})


def team_view(db: Store, actor: User, year: int) -> pl.DataFrame:
    """One row per submission: unit, class, organisation, members (lead first) and how many places."""
    require_role(actor, "admin")
    with db.read() as con:
        pool = gather(con, year)
        names = dict(store.roster(con).select("username", "display_name").iter_rows())
    places = pool.assignments.with_columns(pl.col("examiner").replace_strict(names, default=pl.col("examiner"))
                                           .alias("name"))
    members = (places.sort(["submission_id", "is_lead", "name"], descending=[False, True, False])
               .group_by("submission_id", maintain_order=True)
               .agg(pl.col("name"), pl.col("examiner").alias("usernames"),
                    pl.col("examiner").filter(pl.col("is_lead")).first().alias("lead"),
                    pl.len().cast(pl.Int64).alias("size")))
    return (pool.submissions.join(members, on="submission_id", how="left")
            .with_columns(pl.col("size").fill_null(0))
            .sort("class_position", "unit_name"))


def candidates(db: Store, actor: User, submission_id: int) -> pl.DataFrame:
    """Every active examiner for one submission: load outside it, capacity and why they may not join."""
    require_role(actor, "admin")
    with db.read() as con:
        sub = _submission_row(con, submission_id)
        pool = gather(con, sub["cycle"])
    slot = next(s for s in pool.submission_slots() if s.submission_id == submission_id)
    loads = pool.loads(excluding=submission_id)
    slots = pool.examiner_slots(loads, capacity=10**9)
    blocked = {e.username: " ".join(check_team(slot, [e.username], slots, pool.conflicts, 1)) for e in slots}
    r = pool.roster
    return pl.DataFrame({
        "username": r["username"], "display_name": r["display_name"], "organisation": r["organisation"],
        "role": r["role"], "capacity": r["capacity"], "load": [loads.get(u, 0) for u in r["username"]],
        "blocked": [blocked[u] for u in r["username"]],
        "experienced": [slot.class_code in (c or []) for c in r["classes"].to_list()],
    })
