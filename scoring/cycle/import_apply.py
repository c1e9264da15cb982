"""Importing units and examiners from the kansli's CSV/Excel files into the database.

Reading and row validation are done by scoring.cycle.import_files and scoring.cycle.import_checks; this module adds the
checks that need the database and does the write.

Invariants:
- All or nothing: a file with any bad row (file, cell or database problem) writes nothing. The
  checks run again inside the write's transaction, so a preview that has gone stale cannot slip
  a bad row through.
- Every problem is a RowError on the spreadsheet's own row number (header = row 1).
- Units whose id exists (any case) are updated; new ids are created. With a 'tavlingsklass'
  column the units are also registered (anmälda) into the cycle, which must be in the
  registration phase. An ineligible unit is imported but not registered: the preview names it with
  its reasons (an exception needs the admin's written reason, given by hand on the units page).
- Examiners: a new username becomes an account with role examiner and an unusable password
  (hash starting with '!': log-in is refused until the kansli sets a password with
  `kvalitet set-password`). An existing examiner or lead keeps role and password; name,
  organisation and roster row are updated. A username held by another role is refused.
"""
from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from scoring.cycle import field_rules
from scoring.cycle import registration
from scoring.platform.access import PHASE_NAMES, User, require_role
from scoring.cycle.import_checks import (
    EXAMINER_COLUMNS,
    UNIT_COLUMNS,
    ImportResult,
    RowError,
    validate_examiners,
    validate_units,
)
from scoring.store import Store, audit, cycles
from scoring.store import registration as store
from scoring.cycle.import_files import TableError, read_table

UNUSABLE_PREFIX = "!"
EXAMINING = ("examiner", "lead")
MESSAGES = {
    "no_cycle": "Det finns ingen omgång {year} att anmäla enheterna till.",
    "no_cycle_at_all": ("Det finns ingen omgång att anmäla enheterna till. Skapa omgången först, eller töm "
                        "kolumnen tavlingsklass för att bara läsa in enheterna."),
    "wrong_phase": ("Omgången {year} är i fasen {phase}. Enheter anmäls till en tävlingsklass bara i fasen "
                    "anmälan; töm kolumnen tavlingsklass för att bara läsa in enheterna."),
    "registered_elsewhere": "enheten är redan anmäld till omgången {year} i klassen '{old}'.",
    "ineligible": ("Rad {row}: {name} ({unit_id}) uppfyller inte villkoren och anmäls inte: {reasons} "
                   "Anmäl enheten för hand med en motivering om den ändå ska delta."),
    "taken_username": "användarnamnet '{v}' tillhör ett konto med rollen {role} och kan inte bli examinator.",
    "already_registered": "{n} enheter är redan anmälda i samma klass och lämnas som de är.",
    "already_registered_one": "1 enhet är redan anmäld i samma klass och lämnas som den är.",
    "registered": "{units} {done} till omgången {year}",
}
EXAMINER_FIELDS = {"anvandarnamn": field_rules.USERNAME, "namn": field_rules.EXAMINER_NAME,
                   "utbildningsar": field_rules.TRAINING_YEAR, "kapacitet": field_rules.CAPACITY,
                   "e_post": field_rules.EMAIL}
ROLE_WORDS = {"admin": "kansli", "committee": "domarkommitté", "chair": "ordförande"}


@dataclass(frozen=True)
class ImportPlan:
    """What a file would do (or did): the table read, the validation result and the counts."""
    kind: str                                    # 'units' or 'examiners'
    filename: str
    table: pl.DataFrame | None                   # the file as read (None: unreadable)
    result: ImportResult
    created: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    registered: tuple[str, ...] = ()
    year: int | None = None
    extra_notices: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.result.ok

    @property
    def errors(self) -> tuple[RowError, ...]:
        return self.result.errors

    @property
    def notices(self) -> tuple[str, ...]:
        return self.result.notices + self.extra_notices


NOUNS = {"units": ("enhet", "enheter"), "examiners": ("examinator", "examinatorer")}


def plural(n: int, one: str, many: str) -> str:
    """'1 examinator', '4 examinatorer'."""
    return f"{n} {one if n == 1 else many}"


def summary(plan: ImportPlan) -> str:
    """What the file brings, in Swedish: '4 nya examinatorer och 1 uppdaterad', '1 ny enhet och 0 uppdaterade'."""
    one, many = NOUNS[plan.kind]
    return (f"{plural(len(plan.created), 'ny ' + one, 'nya ' + many)} och "
            f"{plural(len(plan.updated), 'uppdaterad', 'uppdaterade')}")


def registered_summary(plan: ImportPlan) -> str:
    """'2 enheter anmälda till omgången 2027' ('' when the file registers none)."""
    if not plan.registered:
        return ""
    return MESSAGES["registered"].format(units=plural(len(plan.registered), "enhet", "enheter"),
                                         done="anmäld" if len(plan.registered) == 1 else "anmälda", year=plan.year)


def _refused(kind: str, filename: str, table: pl.DataFrame | None, result: ImportResult,
             errors: list[RowError]) -> ImportPlan:
    errors = sorted(errors, key=lambda e: e.row_number)  # stable: keeps column order within a row
    return ImportPlan(kind, filename, table, ImportResult(result.rows.clear(), tuple(errors), result.notices))


def _read(kind: str, data: bytes, filename: str) -> tuple[pl.DataFrame | None, ImportPlan | None]:
    try:
        return read_table(data, filename), None
    except TableError as exc:
        empty = ImportResult(pl.DataFrame(), (RowError(1, None, str(exc)),))
        return None, ImportPlan(kind, filename, None, empty)


def _all_or_nothing(db: Store, plan_of: Callable[[Any], ImportPlan],
                    write: Callable[[Any, ImportPlan], None]) -> ImportPlan:
    """Check the file again inside the write's transaction and write every row only if every row is good."""
    def work(con) -> ImportPlan:
        plan = plan_of(con)
        if plan.ok:
            write(con, plan)
        return plan
    return db.write(work)


def _class_names(con, year: int | None) -> dict[str, str] | None:
    """code → name of `year`'s classes; None without that cycle (the file's classes are then not checked)."""
    if year is None or cycles.get_cycle(con, year) is None:
        return None
    classes = cycles.classes(con, year)
    return dict(zip(classes["code"], classes["name"]))


# ---------------------------------------------------------------- units


def check_units(db: Store, actor: User, data: bytes, filename: str, year: int | None) -> ImportPlan:
    """The preview: what importing this units file would do. Writes nothing."""
    require_role(actor, "admin")
    with db.read() as con:
        return _plan_units(con, data, filename, year)


def import_units(db: Store, actor: User, data: bytes, filename: str, year: int | None,
                 today: dt.date | None = None) -> ImportPlan:
    """Check again and, only if every row is good, write all units (and registrations) at once."""
    require_role(actor, "admin")
    return _all_or_nothing(db, lambda con: _plan_units(con, data, filename, year),
                           lambda con, plan: _write_units(con, actor, plan, today or dt.date.today()))


def _plan_units(con, data: bytes, filename: str, year: int | None) -> ImportPlan:
    table, unreadable = _read("units", data, filename)
    if unreadable:
        return unreadable
    cycle = cycles.get_cycle(con, year) if year is not None else None
    class_codes = _class_names(con, year)
    orgs = store.organisation_ids(con)
    result = validate_units(table, list(orgs), class_codes)
    if not result.ok:
        return ImportPlan("units", filename, table, result)
    rows = result.rows
    core = _core_problems(rows)  # the form's own validator: nothing the form refuses gets in
    if core:
        return _refused("units", filename, table, result, core)
    existing = store.unit_ids(con)
    ids = [existing.get(uid.lower(), uid) for uid in rows["enhets_id"]]
    rows = rows.with_columns(pl.Series("enhets_id", ids, dtype=pl.String))
    errors, to_register, notices = _registration_checks(con, rows, year, cycle)
    if errors:
        return _refused("units", filename, table, result, errors)
    created = tuple(uid for uid in ids if uid.lower() not in existing)
    updated = tuple(uid for uid in ids if uid.lower() in existing)
    return ImportPlan("units", filename, table, result, created, updated, tuple(to_register), year,
                      tuple(notices))


def _core_problems(rows: pl.DataFrame) -> list[RowError]:
    """Each typed row through registration.unit_problems, the check the units form's save runs."""
    return [RowError(row["rad"], None, problem) for row in rows.iter_rows(named=True)
            for problem in registration.unit_problems({**_unit_values(row), "organisation_id": row["organisation"]})]


def _registration_checks(con, rows: pl.DataFrame, year: int | None, cycle) -> tuple[list[RowError], list[str], list[str]]:
    """Rows that name a class: the cycle must be in registration and each unit eligible and not yet
    registered in another class. Returns (errors, unit ids to register, notices)."""
    wanted = rows.filter(pl.col("tavlingsklass").is_not_null())
    if wanted.is_empty():
        return [], [], []
    if cycle is None:
        message = MESSAGES["no_cycle_at_all"] if year is None else MESSAGES["no_cycle"].format(year=year)
        return [RowError(1, None, message)], [], []
    if cycle["phase"] != "registration":
        phase = PHASE_NAMES[cycle["phase"]].lower()
        return [RowError(1, None, MESSAGES["wrong_phase"].format(year=year, phase=phase))], [], []
    registered = store.registrations(con, year)
    errors, to_register, notices, same = [], [], [], 0
    for row in wanted.iter_rows(named=True):
        uid, old = row["enhets_id"], registered.get(row["enhets_id"])
        if old == row["tavlingsklass"]:
            same += 1
            continue
        if old is not None:
            errors.append(RowError(row["rad"], "tavlingsklass",
                                   MESSAGES["registered_elsewhere"].format(year=year, old=old)))
            continue
        why_not = registration.reasons(_unit_values(row))
        if why_not:
            notices.append(MESSAGES["ineligible"].format(row=row["rad"], name=row["namn"], unit_id=uid,
                                                         reasons=" ".join(why_not)))
            continue
        to_register.append(uid)
    if same:
        notices.append(MESSAGES["already_registered_one"] if same == 1 else
                       MESSAGES["already_registered"].format(n=same))
    return errors, to_register, notices


def _unit_values(row: dict) -> dict:
    return {"id": row["enhets_id"], "name": row["namn"], "manager_budget_responsibility": row["chef_budgetansvar"],
            "manager_staff_responsibility": row["chef_personalansvar"],
            "has_plan_with_goals": row["verksamhetsplan_med_mal"], "employees": row["antal_anstallda"],
            "operator_type": row["driftform"], "stockholm_share": row["andel_stockholmare"], "budget_kept": None}


def _write_units(con, actor: User, plan: ImportPlan, today: dt.date) -> None:
    orgs = store.organisation_ids(con)
    rows = plan.result.rows
    old = store.units_by_id(con, list(plan.updated))
    frame = pl.DataFrame({
        "id": rows["enhets_id"], "name": rows["namn"],
        "organisation_id": [orgs[o] for o in rows["organisation"]],
        "manager_budget_responsibility": rows["chef_budgetansvar"],
        "manager_staff_responsibility": rows["chef_personalansvar"],
        "has_plan_with_goals": rows["verksamhetsplan_med_mal"], "employees": rows["antal_anstallda"],
        "operator_type": rows["driftform"], "stockholm_share": rows["andel_stockholmare"],
    }).with_columns(budget_kept=pl.lit(None, pl.Boolean))
    if old:  # an import does not know ILS figures: keep the ones already recorded
        kept = {o["id"]: o["budget_kept"] for o in old}
        frame = frame.with_columns(pl.Series("budget_kept", [kept.get(i) for i in frame["id"]], dtype=pl.Boolean))
    store.upsert_units(con, frame)
    if plan.registered:
        wanted = set(plan.registered)
        regs = rows.filter(pl.col("enhets_id").is_in(wanted)).select(
            pl.col("enhets_id").alias("unit_id"), pl.col("tavlingsklass").alias("class_code"))
        store.insert_registrations(con, plan.year, regs, today)
    audit.record(con, actor.username, "import", "unit", plan.filename, old={"updated": old},
                 new={"created": list(plan.created), "updated": list(plan.updated),
                      "registered": {"cycle": plan.year, "units": list(plan.registered)}})


# ---------------------------------------------------------------- examiners


def check_examiners(db: Store, actor: User, data: bytes, filename: str, year: int | None) -> ImportPlan:
    """The preview for an examiners file; classes are checked against `year`'s classes."""
    require_role(actor, "admin")
    with db.read() as con:
        return _plan_examiners(con, data, filename, year)


def import_examiners(db: Store, actor: User, data: bytes, filename: str, year: int | None) -> ImportPlan:
    require_role(actor, "admin")
    return _all_or_nothing(db, lambda con: _plan_examiners(con, data, filename, year),
                           lambda con, plan: _write_examiners(con, actor, plan))


def _plan_examiners(con, data: bytes, filename: str, year: int | None) -> ImportPlan:
    table, unreadable = _read("examiners", data, filename)
    if unreadable:
        return unreadable
    result = validate_examiners(table, list(store.organisation_ids(con)), _class_names(con, year))
    if not result.ok:
        return ImportPlan("examiners", filename, table, result)
    core = [RowError(r["rad"], column, problem) for r in result.rows.iter_rows(named=True)
            for column, rule in EXAMINER_FIELDS.items() if (problem := rule.check(r[column])) is not None]
    if core:  # the account's own rules (auth.add_user checks the same): nothing it refuses gets in
        return _refused("examiners", filename, table, result, core)
    roles = store.account_roles(con)
    errors = [RowError(r["rad"], "anvandarnamn", MESSAGES["taken_username"].format(
                  v=r["anvandarnamn"], role=ROLE_WORDS.get(roles[r["anvandarnamn"]], roles[r["anvandarnamn"]])))
              for r in result.rows.iter_rows(named=True)
              if roles.get(r["anvandarnamn"]) not in (None, *EXAMINING)]
    if errors:
        return _refused("examiners", filename, table, result, errors)
    names = list(result.rows["anvandarnamn"])
    return ImportPlan("examiners", filename, table, result, tuple(n for n in names if n not in roles),
                      tuple(n for n in names if n in roles), (), year)


def _write_examiners(con, actor: User, plan: ImportPlan) -> None:
    orgs = store.organisation_ids(con)
    rows = plan.result.rows
    people = pl.DataFrame({
        "username": rows["anvandarnamn"], "display_name": rows["namn"],
        "organisation_id": [orgs[o] for o in rows["organisation"]],
        "password_hash": [UNUSABLE_PREFIX + secrets.token_urlsafe(24) for _ in range(rows.height)],
    })
    store.upsert_examiner_accounts(con, people)
    store.upsert_examiners(con, pl.DataFrame({
        "username": rows["anvandarnamn"], "training_year": rows["utbildningsar"], "capacity": rows["kapacitet"],
        "classes": rows["erfarenhet_klasser"], "email": rows["e_post"],
    }))
    audit.record(con, actor.username, "import", "examiner", plan.filename,
                 new={"created": list(plan.created), "updated": list(plan.updated)})


def examiner_roster(db: Store, actor: User) -> pl.DataFrame:
    require_role(actor, "admin")
    with db.read() as con:
        return store.examiner_roster(con)


# ---------------------------------------------------------------- templates

TEMPLATE_SHEETS = {"units": "Enheter", "examiners": "Examinatorer"}
VALID_SHEET = "Giltiga värden"
VALID_COLUMNS = ("kolumn", "värde", "förklaring")


def template(db: Store, actor: User, kind: str, year: int | None) -> dict[str, pl.DataFrame]:
    """The file to fill in: the columns with one example row (a sheet of its own), and the values the
    cycle accepts — its classes and the förvaltningar and bolag — on a second sheet. The example row
    imports as it stands, so the template is known to be right (it names a class only when the cycle
    takes registrations)."""
    require_role(actor, "admin")
    with db.read() as con:
        orgs = sorted(store.organisation_ids(con))
        cycle = cycles.get_cycle(con, year) if year is not None else None
        classes = cycles.classes(con, year).select("code", "name") if cycle else None
    codes = [] if classes is None else classes["code"].to_list()
    org = orgs[0] if orgs else ""
    if kind == "units":
        example = dict(zip(UNIT_COLUMNS, ["EX001", "Förskolan Exempel", org, "ja", "ja", "ja", "12", "kommunal", "",
                                          codes[0] if codes and cycle["phase"] == "registration" else ""]))
        fixed = [("driftform", v, "") for v in field_rules.OPERATOR_TYPES] + [
            ("andel_stockholmare", "0–100", "krävs för att en enskilt driven enhet ska få delta (minst 51 %)")]
        class_column = "tavlingsklass"
    else:
        example = dict(zip(EXAMINER_COLUMNS, ["anna.exempel", "Anna Exempel", org, str(dt.date.today().year), "3",
                                              ", ".join(codes[:2]), "anna.exempel@stockholm.se"]))
        fixed, class_column = [], "erfarenhet_klasser"
    rows = ([(class_column, c, n) for c, n in zip(codes, classes["name"])] if classes is not None else []) + [
        ("organisation", o, "") for o in orgs] + fixed
    valid = pl.DataFrame(rows, schema=list(VALID_COLUMNS), orient="row")
    return {TEMPLATE_SHEETS[kind]: pl.DataFrame([example]), VALID_SHEET: valid}
