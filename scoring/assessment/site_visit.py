"""Site visits (platsbesök): the committee picks units from a shortlist per class; the lead records the visit.

Invariants:
- Only the committee or the chair picks or drops a unit, only in the
  site-visit phase, and only a unit whose consensus is done.
- Only the lead of the unit's team records the visit (date, visitors, notes and
  adjusted scores), in the site-visit phase. Every adjusted score needs a
  written reason. An adjusted score overrides the consensus score in the final
  result (scoring.assessment.results); clearing it restores the consensus score.
- A unit whose visit is already recorded cannot be dropped from the list.
- Every change lands in one transaction with its audit entry.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl

from criteria import Rulebook
from scoring.platform import outbox
from scoring.assessment import results
from scoring.assessment import visibility
from scoring import rulebook as rulebooks
from scoring.platform.access import AccessDenied, User, ValidationError, require_phase, require_role
from scoring.assessment.individual import parse_entries
from scoring.store import Store, assessments, audit, units
from scoring.store import consensus as consensus_store
from scoring.store import results as results_store
from scoring.store import site_visits as store

PICKERS = ("committee", "chair")
MAX_TEXT = 20_000
NOT_SELECTED = "Bidraget är inte utvalt för platsbesök."
ALREADY_SELECTED = "Bidraget är redan utvalt för platsbesök."
NEEDS_CONSENSUS = "Bara bidrag med klar konsensus kan väljas för platsbesök."
ALREADY_RECORDED = "Besöket är redan registrerat och kan inte tas bort från listan."
NOT_LEAD = "Bara utvärderingsledaren för bidragets team registrerar platsbesöket."
TOO_EARLY = "Domarkommittén ser resultaten från fasen platsbesök."


@dataclass(frozen=True)
class Adjustment:
    score: int
    reason: str


@dataclass(frozen=True)
class VisitView:
    submission: dict[str, Any]
    rulebook: Rulebook
    visit: dict[str, Any]
    consensus: dict[int, int | None]        # criterion → consensus score (done consensus)
    adjustments: dict[int, Adjustment]
    may_record: visibility.Decision


def shortlist(db: Store, actor: User, year: int, top_n: int | None = None) -> pl.DataFrame:
    """Units with a done consensus per class, best consensus total first; `top_n` per class.

    Already selected units are always listed. Columns: submission_id, unit_name,
    organisation, class_code, class_name, class_position, total, rank (in class),
    site_visit_source, selected.
    """
    _require_reader(db, actor, year)
    with db.read() as con:
        subs = results_store.submissions(con, year)
        overview = consensus_store.overview_for_cycle(con, year).select("submission_id", "consensus_status")
        picked = store.for_cycle(con, year).select("submission_id")
    totals = results.weighted_totals(db, year).select("submission_id", "total", "site_visit")
    ranked = (subs.join(overview, on="submission_id").join(totals, on="submission_id")
              .filter(pl.col("consensus_status") == "done")
              .with_columns(rank=pl.col("total").rank("min", descending=True).over("class_code").cast(pl.Int32),
                            selected=pl.col("submission_id").is_in(picked["submission_id"].implode())))
    if top_n is not None:
        ranked = ranked.filter((pl.col("rank") <= top_n) | pl.col("selected"))
    return (ranked.sort("class_position", "rank", "unit_name")
            .select("submission_id", "unit_name", "organisation", "class_code", "class_name", "class_position",
                    "total", "rank", "site_visit", "selected"))


def _require_reader(db: Store, actor: User, year: int) -> str:
    require_role(actor, "admin", *PICKERS)
    phase = rulebooks.phase(db, year)
    if actor.role in PICKERS and not visibility.committee_sees_results(phase):
        raise AccessDenied(TOO_EARLY)
    return phase


def select(db: Store, actor: User, submission_id: int) -> None:
    require_role(actor, *PICKERS)
    sub = _submission(db, submission_id)
    require_phase(rulebooks.phase(db, sub["cycle"]), "site_visit")

    def write(con) -> None:
        if store.get(con, submission_id) is not None:
            raise ValidationError(ALREADY_SELECTED)
        state = consensus_store.state(con, submission_id)
        if state is None or state["status"] != "done":
            raise ValidationError(NEEDS_CONSENSUS)
        store.select(con, submission_id, actor.username)
        audit.record(con, actor.username, "select", "site_visit", submission_id, new={"selected": True})
        outbox.site_visit_chosen(con, actor.username, submission_id)

    db.write(write)


def unselect(db: Store, actor: User, submission_id: int) -> None:
    require_role(actor, *PICKERS)
    sub = _submission(db, submission_id)
    require_phase(rulebooks.phase(db, sub["cycle"]), "site_visit")

    def write(con) -> None:
        visit = store.get(con, submission_id)
        if visit is None:
            raise ValidationError(NOT_SELECTED)
        if visit["visit_date"] is not None or store.scores(con, submission_id):
            raise ValidationError(ALREADY_RECORDED)
        store.unselect(con, submission_id)
        audit.record(con, actor.username, "unselect", "site_visit", submission_id, old={"selected": True})

    db.write(write)


def _submission(db: Store, submission_id: int) -> dict[str, Any]:
    with db.read() as con:
        return units.require_submission(con, submission_id)


def visit_view(db: Store, actor: User, submission_id: int) -> VisitView:
    """One selected visit with the consensus scores it starts from; for its lead, the committee and the kansli."""
    sub = _submission(db, submission_id)
    phase = rulebooks.phase(db, sub["cycle"])
    with db.read() as con:
        place = assessments.assignment(con, submission_id, actor.username)
        visit = store.get(con, submission_id)
        adjusted = store.scores(con, submission_id)
        agreed = consensus_store.scores(con, submission_id)
    is_lead = bool(place and place["is_lead"])
    if not is_lead:
        _require_reader(db, actor, sub["cycle"])
    if visit is None:
        raise ValidationError(NOT_SELECTED)
    may = (visibility.Decision(False, NOT_LEAD) if not is_lead
           else visibility.Decision(phase == "site_visit", "" if phase == "site_visit" else
                                    "Platsbesöket kan bara registreras i fasen platsbesök."))
    return VisitView(sub, rulebooks.load(db, sub["cycle"]), visit,
                     {n: e["score"] for n, e in agreed.items()},
                     {n: Adjustment(e["score"], e["reason"]) for n, e in adjusted.items()}, may)


def parse_record(raw_adjustments: Mapping[int, Mapping[str, Any]], visit_date: dt.date | None, visitors: str,
                 notes: str, book: Rulebook) -> dict[int, Adjustment]:
    """Validate a visit record; raise one ValidationError listing every problem."""
    problems: list[str] = []
    adjustments: dict[int, Adjustment] = {}
    wants_score = False
    for n, item in sorted(raw_adjustments.items()):
        reason = str(item.get("reason") or "").strip()
        try:
            score = parse_entries({n: {"score": item.get("score")}}, book)[n].score
        except ValidationError as exc:
            problems.extend(exc.messages)
            continue
        wants_score = wants_score or score is not None
        if score is not None and not reason:
            problems.append(f"Kriterium {n}: ange skälet till den justerade poängen.")
        elif score is None and reason:
            problems.append(f"Kriterium {n}: ange en justerad poäng eller ta bort skälet.")
        elif score is not None:
            adjustments[n] = Adjustment(score, reason)
    if wants_score and visit_date is None:
        problems.append("Ange besöksdatum när poäng justeras.")
    for label, value in (("Besökare", visitors), ("Anteckningar", notes)):
        if len(value) > MAX_TEXT:
            problems.append(f"{label}: texten är för lång (högst {MAX_TEXT} tecken).")
    if problems:
        raise ValidationError(problems)
    return adjustments


def record(db: Store, actor: User, submission_id: int, visit_date: dt.date | None, visitors: str, notes: str,
           raw_adjustments: Mapping[int, Mapping[str, Any]]) -> None:
    """The lead saves the visit: date, visitors, notes and the adjusted scores (each with its reason)."""
    view = visit_view(db, actor, submission_id)
    view.may_record.require()
    adjustments = parse_record(raw_adjustments, visit_date, visitors.strip(), notes, view.rulebook)

    def write(con) -> None:
        old = {"visit": store.get(con, submission_id), "scores": store.scores(con, submission_id)}
        store.record(con, submission_id, visit_date, visitors.strip(), notes)
        for c in view.rulebook.criteria:
            if c.number in adjustments:
                store.set_score(con, submission_id, c.number, adjustments[c.number].score,
                                adjustments[c.number].reason)
            else:
                store.delete_score(con, submission_id, c.number)
        audit.record(con, actor.username, "record", "site_visit", submission_id, old=old,
                     new={"visit_date": visit_date, "visitors": visitors.strip(), "notes": notes,
                          "scores": {n: vars(a) for n, a in adjustments.items()}})

    db.write(write)


def visits(db: Store, actor: User, year: int) -> pl.DataFrame:
    """Selected visits: every one for the committee and the kansli, the lead's own teams for a lead."""
    with db.read() as con:
        found = store.for_cycle(con, year)
    if actor.role in ("examiner", "lead"):
        return found.filter(pl.col("lead") == actor.username)
    _require_reader(db, actor, year)
    return found
