"""Organisations, units, eligibility, registration into a cycle and board approval.

Invariants:
- Only the kansli (admin) reads or writes here. Every write is one transaction with its audit entry.
- A unit that breaks an eligibility rule (scoring.cycle.eligibility) is entered into a cycle only with the
  admin's written reason, kept in submission.eligibility_override. Registering needs the
  registration phase.
- A registration moves registered (anmäld) → board_decided (beslut i nämnd: date + protocol
  reference) → protocol_received. One board decision approves one or more units of its own
  organisation, each at most once.
- Participation against a target is derived when read, never stored.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl

from scoring.cycle import field_rules
from scoring.platform.access import User, ValidationError, require_phase, require_role
from scoring.cycle.eligibility import UnitProfile, check_eligibility
from scoring.store import Store, audit, cycles, units
from scoring.store import registration as store

KINDS = ("förvaltning", "bolag")
OPERATOR_TYPES = field_rules.OPERATOR_TYPES
STATUS_NAMES = {"registered": "Anmäld", "board_decided": "Beslut i nämnd", "protocol_received": "Protokoll inkommet"}
WARNING_DAYS = 21
MAX_TEXT = 300
MAX_REASON = 2000

UNKNOWN_UNIT = "Enheten '{unit_id}' finns inte."
NOT_REGISTERED = "Enheten '{unit_id}' är inte anmäld till omgången {year}."
CLOSED = "Omgången {year} är avslutad och kan inte ändras."


def profile(row: Mapping[str, Any]) -> UnitProfile:
    """The eligibility profile of a unit row (store or form field names)."""
    return UnitProfile(
        manager_budget_responsibility=bool(row["manager_budget_responsibility"]),
        manager_staff_responsibility=bool(row["manager_staff_responsibility"]),
        has_plan_with_goals=bool(row["has_plan_with_goals"]),
        employees=int(row["employees"]),
        operator_type=str(row["operator_type"]),
        stockholm_share=row["stockholm_share"],
        budget_kept=row.get("budget_kept"),
    )


def reasons(row: Mapping[str, Any]) -> tuple[str, ...]:
    """Why the unit may not take part, in Swedish; empty when it may."""
    return check_eligibility(profile(row))


def _open_cycle(con, year: int) -> dict[str, Any]:
    row = cycles.require_cycle(con, year)
    if row["phase"] == "closed":
        raise ValidationError(CLOSED.format(year=year))
    return row


# ---------------------------------------------------------------- organisations


def organisations(db: Store, actor: User, year: int | None = None) -> pl.DataFrame:
    """Every förvaltning and bolag by name (scoring.store.units.organisations): to register units under, to
    choose an examiner's organisation from; with a year, its participation target in that cycle."""
    require_role(actor, "admin")
    with db.read() as con:
        return units.organisations(con, year)


def save_organisation(db: Store, actor: User, name: str, kind: str, board: str, org_id: int | None = None) -> int:
    """Create an organisation (org_id None) or change one. Returns its id."""
    require_role(actor, "admin")
    name, board = (name or "").strip(), (board or "").strip()
    problems = [] if name else ["Namnet på förvaltningen eller bolaget måste fyllas i."]
    problems += [] if board else ["Ange nämnden eller styrelsen som beslutar om deltagandet."]
    problems += [] if kind in KINDS else [f"Typen måste vara förvaltning eller bolag, fick '{kind}'."]
    problems += [f"{what} är för långt (högst {MAX_TEXT} tecken)." for what, v in (("Namnet", name), ("Nämnden", board))
                 if len(v) > MAX_TEXT]
    if problems:
        raise ValidationError(problems)

    def write(con) -> int:
        if store.organisation_named(con, name, other_than=org_id) is not None:
            raise ValidationError(f"Det finns redan en förvaltning eller ett bolag som heter '{name}'.")
        if org_id is None:
            new_id = units.insert_organisation(con, name, kind, board)
            audit.record(con, actor.username, "create", "organisation", new_id,
                         new={"name": name, "kind": kind, "board": board})
            return new_id
        old = store.require_organisation(con, org_id)
        store.update_organisation(con, org_id, name, kind, board)
        audit.record(con, actor.username, "update", "organisation", org_id, old=old,
                     new={"id": org_id, "name": name, "kind": kind, "board": board})
        return org_id

    return db.write(write)


def set_target(db: Store, actor: User, year: int, org_id: int, target: int | str | None) -> None:
    """The organisation's target for how many units take part in `year` (None or blank: no target).
    A text from a table cell ('7', '–') is read by the field rule too."""
    set_targets(db, actor, year, {org_id: target})


def set_targets(db: Store, actor: User, year: int, targets: Mapping[int, int | str | None]) -> int:
    """Several organisations' targets in one transaction: every value is checked first, and one bad value or
    unknown organisation writes none of them. Returns how many targets changed."""
    require_role(actor, "admin")
    read: dict[int, int | None] = {}
    problems = []
    for org_id, target in targets.items():
        if isinstance(target, str) and target.strip() in ("", "–", "-"):
            target = None
        problem = field_rules.PARTICIPATION_TARGET.check(target)
        if problem:
            problems.append(problem)
        else:
            read[org_id] = field_rules.PARTICIPATION_TARGET.value(target)
    if problems:
        raise ValidationError(problems)

    def write(con) -> int:
        _open_cycle(con, year)
        changed = 0
        for org_id, target in read.items():
            store.require_organisation(con, org_id)
            old = store.target(con, year, org_id)
            if old != target:
                store.set_target(con, year, org_id, target)
                audit.record(con, actor.username, "set_target", "participation_target", f"{year}/{org_id}",
                             old={"target": old}, new={"target": target})
                changed += 1
        return changed

    return db.write(write)


# ---------------------------------------------------------------- units


UNIT_FIELDS = {
    "id": field_rules.UNIT_ID, "name": field_rules.UNIT_NAME, "employees": field_rules.EMPLOYEES,
    "operator_type": field_rules.OPERATOR, "stockholm_share": field_rules.STOCKHOLM_SHARE,
    "manager_budget_responsibility": field_rules.MANAGER_BUDGET,
    "manager_staff_responsibility": field_rules.MANAGER_STAFF, "has_plan_with_goals": field_rules.HAS_PLAN,
}
NO_ORGANISATION = field_rules.ORGANISATION.check(None)


def unit_problems(values: Mapping[str, Any]) -> list[str]:
    """Every field rule a unit's values break (scoring.cycle.field_rules: the same rules as the import)."""
    problems = [p for key, rule in UNIT_FIELDS.items() if (p := rule.check(values.get(key))) is not None]
    if values.get("organisation_id") is None:
        problems.append(NO_ORGANISATION)
    return problems


def parse_unit(values: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a unit's fields (from the form); raise one ValidationError with every problem."""
    problems = unit_problems(values)
    if problems:
        raise ValidationError(problems)
    budget_kept = values.get("budget_kept")
    return {"id": field_rules.UNIT_ID.clean(values["id"]), "name": field_rules.UNIT_NAME.clean(values["name"]),
            "organisation_id": int(values["organisation_id"]),
            **{key: UNIT_FIELDS[key].value(values.get(key)) for key in (
                "manager_budget_responsibility", "manager_staff_responsibility", "has_plan_with_goals",
                "employees", "operator_type", "stockholm_share")},
            "budget_kept": None if budget_kept is None else bool(budget_kept)}


def save_unit(db: Store, actor: User, values: Mapping[str, Any], new: bool) -> tuple[str, ...]:
    """Create (new=True) or update a unit. Returns its eligibility reasons (empty: eligible)."""
    require_role(actor, "admin")
    unit = parse_unit(values)

    def write(con) -> tuple[str, ...]:
        if store.organisation(con, unit["organisation_id"]) is None:
            raise ValidationError(store.UNKNOWN_ORGANISATION.format(organisation_id=unit["organisation_id"]))
        existing = store.unit_ids(con).get(unit["id"].lower())
        if new and existing is not None:
            raise ValidationError(f"Enhets-id '{unit['id']}' används redan av en annan enhet.")
        if not new and existing is None:
            raise LookupError(UNKNOWN_UNIT.format(unit_id=unit["id"]))
        old = None if new else store.unit(con, existing)
        store.upsert_unit(con, {**unit, "id": existing or unit["id"]})
        audit.record(con, actor.username, "create" if new else "update", "unit", unit["id"], old=old, new=unit)
        return reasons(unit)

    return db.write(write)


def units_overview(db: Store, actor: User, year: int) -> pl.DataFrame:
    """Every unit with its eligibility reasons (list), `eligible`, and its registration in `year`."""
    require_role(actor, "admin")
    with db.read() as con:
        rows = store.units(con, year)
    found = [list(reasons(r)) for r in rows.iter_rows(named=True)]
    return rows.with_columns(pl.Series("reasons", found, dtype=pl.List(pl.String)),
                             pl.Series("eligible", [not r for r in found], dtype=pl.Boolean))


# ---------------------------------------------------------------- registration


def register(db: Store, actor: User, year: int, unit_id: str, class_code: str, override_reason: str = "",
             today: dt.date | None = None) -> int:
    """Enter a unit into the cycle (anmäld). An ineligible unit needs the admin's written reason."""
    require_role(actor, "admin")
    override_reason = (override_reason or "").strip()
    if len(override_reason) > MAX_REASON:
        raise ValidationError(f"Motiveringen är för lång (högst {MAX_REASON} tecken).")

    def write(con) -> int:
        require_phase(_open_cycle(con, year)["phase"], "registration")
        return _register(con, actor, year, unit_id, class_code, override_reason, today or dt.date.today())

    return db.write(write)


def _register(con, actor: User, year: int, unit_id: str, class_code: str, override_reason: str,
              today: dt.date) -> int:
    """The registration itself, inside the caller's transaction (also used by the import)."""
    unit = store.unit(con, unit_id)
    if unit is None:
        raise LookupError(UNKNOWN_UNIT.format(unit_id=unit_id))
    if class_code not in set(cycles.classes(con, year)["code"]):
        raise ValidationError(cycles.UNKNOWN_CLASS.format(code=class_code, year=year))
    if store.registration(con, year, unit_id) is not None:
        raise ValidationError(f"{unit['name']} är redan anmäld till omgången {year}.")
    why_not = reasons(unit)
    if why_not and not override_reason:
        raise ValidationError([f"{unit['name']} uppfyller inte villkoren för att delta:", *why_not,
                               "Skriv en motivering om enheten ändå ska anmälas."])
    override = override_reason if why_not else None
    sid = store.insert_registration(con, year, unit_id, class_code, override, today)
    audit.record(con, actor.username, "register", "submission", sid,
                 new={"cycle": year, "unit_id": unit_id, "class_code": class_code,
                      "ineligible_reasons": list(why_not) or None, "eligibility_override": override})
    return sid


def change_class(db: Store, actor: User, year: int, unit_id: str, class_code: str) -> None:
    """Move a registered unit to another class (registration phase only)."""
    require_role(actor, "admin")

    def write(con) -> None:
        require_phase(_open_cycle(con, year)["phase"], "registration")
        reg = store.registration(con, year, unit_id)
        if reg is None:
            raise ValidationError(NOT_REGISTERED.format(unit_id=unit_id, year=year))
        if class_code not in set(cycles.classes(con, year)["code"]):
            raise ValidationError(cycles.UNKNOWN_CLASS.format(code=class_code, year=year))
        store.set_class(con, reg["id"], class_code)
        audit.record(con, actor.username, "change_class", "submission", reg["id"],
                     old={"class_code": reg["class_code"]}, new={"class_code": class_code})

    db.write(write)


def withdraw(db: Store, actor: User, year: int, unit_id: str, reason: str) -> None:
    """Take back a registration that has no team and no document yet (registration phase only)."""
    require_role(actor, "admin")
    if not (reason or "").strip():
        raise ValidationError("Skriv varför anmälan tas tillbaka.")

    def write(con) -> None:
        require_phase(_open_cycle(con, year)["phase"], "registration")
        reg = store.registration(con, year, unit_id)
        if reg is None:
            raise ValidationError(NOT_REGISTERED.format(unit_id=unit_id, year=year))
        if store.work_on(con, reg["id"]):
            raise ValidationError("Bidraget har redan examinatorer eller ett inlämnat dokument och kan inte "
                                  "tas bort. Ta bort teamet och dokumentet först.")
        store.delete_registration(con, reg["id"])
        audit.record(con, actor.username, "withdraw", "submission", reg["id"], old=reg,
                     new={"reason": reason.strip()})

    db.write(write)


# ---------------------------------------------------------------- board decisions


def record_board_decision(db: Store, actor: User, year: int, org_id: int, decided_on: dt.date, protocol_ref: str,
                          unit_ids: Iterable[str], received_on: dt.date | None = None,
                          today: dt.date | None = None) -> int:
    """One decision by the organisation's nämnd or styrelse approving one or more of its registered units."""
    require_role(actor, "admin")
    unit_ids, protocol_ref = list(dict.fromkeys(unit_ids)), (protocol_ref or "").strip()
    problems = _check_decision(decided_on, protocol_ref, unit_ids, received_on, today or dt.date.today())
    if problems:
        raise ValidationError(problems)

    def write(con) -> int:
        _open_cycle(con, year)
        org = store.require_organisation(con, org_id)
        regs = [_approvable(con, year, uid, org) for uid in unit_ids]
        status = "protocol_received" if received_on else "board_decided"
        decision_id = store.insert_board_decision(con, year, org_id, decided_on, protocol_ref, received_on)
        store.approve(con, [r["id"] for r in regs], decision_id, status)
        audit.record(con, actor.username, "create", "board_decision", decision_id,
                     new={"cycle": year, "organisation": org["name"], "decided_on": decided_on,
                          "protocol_ref": protocol_ref, "protocol_received_on": received_on, "units": unit_ids})
        return decision_id

    return db.write(write)


def _check_decision(decided_on, protocol_ref: str, unit_ids: list[str], received_on, today: dt.date) -> list[str]:
    problems = []
    if not isinstance(decided_on, dt.date):
        problems.append("Ange datum för nämndens eller styrelsens beslut.")
    elif decided_on > today:
        problems.append(f"Beslutsdatumet {decided_on:%Y-%m-%d} ligger i framtiden.")
    if not protocol_ref:
        problems.append("Ange protokollets paragraf eller diarienummer.")
    elif len(protocol_ref) > MAX_TEXT:
        problems.append(f"Protokollhänvisningen är för lång (högst {MAX_TEXT} tecken).")
    if not unit_ids:
        problems.append("Välj minst en anmäld enhet som beslutet gäller.")
    if received_on is not None and isinstance(decided_on, dt.date) and received_on < decided_on:
        problems.append("Protokollet kan inte ha kommit in före beslutet.")
    return problems


def _approvable(con, year: int, unit_id: str, org: dict[str, Any]) -> dict[str, Any]:
    unit = store.unit(con, unit_id)
    reg = store.registration(con, year, unit_id)
    if unit is None or reg is None:
        raise ValidationError(NOT_REGISTERED.format(unit_id=unit_id, year=year))
    if unit["organisation_id"] != org["id"]:
        raise ValidationError(f"{unit['name']} hör inte till {org['name']}; {org['board']} kan inte besluta om den.")
    if reg["board_decision_id"] is not None:
        raise ValidationError(f"{unit['name']} har redan ett beslut i nämnd eller styrelse.")
    return reg


def mark_protocol_received(db: Store, actor: User, decision_id: int, received_on: dt.date,
                           today: dt.date | None = None) -> None:
    """The förvaltning has sent the minutes: every unit of the decision becomes 'protokoll inkommet'."""
    require_role(actor, "admin")
    if not isinstance(received_on, dt.date) or received_on > (today or dt.date.today()):
        raise ValidationError("Ange dagens eller ett tidigare datum för när protokollet kom in.")

    def write(con) -> None:
        decision = store.board_decision(con, decision_id)
        if decision is None:
            raise LookupError(f"Beslut {decision_id} finns inte.")
        _open_cycle(con, decision["cycle"])
        if received_on < decision["decided_on"]:
            raise ValidationError("Protokollet kan inte ha kommit in före beslutet.")
        store.mark_received(con, decision_id, received_on)
        audit.record(con, actor.username, "protocol_received", "board_decision", decision_id,
                     old={"protocol_received_on": decision["protocol_received_on"]},
                     new={"protocol_received_on": received_on})

    db.write(write)


def board_decisions(db: Store, actor: User, year: int) -> pl.DataFrame:
    require_role(actor, "admin")
    with db.read() as con:
        return store.board_decisions(con, year)


# ---------------------------------------------------------------- deadline and participation


@dataclass(frozen=True)
class ApprovalStatus:
    """Where the cycle stands against its approval deadline (30 June)."""
    deadline: dt.date
    days_left: int
    level: str                      # 'calm', 'soon' (within WARNING_DAYS) or 'late' (after the deadline)
    unapproved: pl.DataFrame        # registered, no board decision yet
    awaiting_protocol: pl.DataFrame  # board decided, minutes not yet received


def approval_status(db: Store, actor: User, year: int, today: dt.date | None = None,
                    window_days: int = WARNING_DAYS) -> ApprovalStatus:
    require_role(actor, "admin")
    today = today or dt.date.today()
    with db.read() as con:
        row = cycles.require_cycle(con, year)
        rows = store.units(con, year).filter(pl.col("submission_id").is_not_null())
    deadline = row["approval_deadline"]
    days_left = (deadline - today).days
    level = "late" if days_left < 0 else "soon" if days_left <= window_days else "calm"
    keep = ["id", "name", "organisation", "class_name", "registered_on", "decided_on", "protocol_ref"]
    return ApprovalStatus(deadline, days_left, level,
                          rows.filter(pl.col("registration_status") == "registered").select(keep),
                          rows.filter(pl.col("registration_status") == "board_decided").select(keep))


def participation(db: Store, actor: User, year: int) -> pl.DataFrame:
    """Per organisation: target, registered, approved, and how far from the target (missing ≥ 0)."""
    require_role(actor, "admin")
    with db.read() as con:
        rows = store.participation(con, year)
    return rows.with_columns(
        missing=pl.when(pl.col("target").is_null()).then(None)
        .otherwise((pl.col("target") - pl.col("registered")).clip(lower_bound=0)),
    )
