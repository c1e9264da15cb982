"""Setting up and running a cycle: copy the previous year, edit dates, classes and criteria, move phases.

Invariants:
- Only the kansli (admin) changes a cycle. Every change is one transaction with its audit entry.
- A cycle always has exactly the five criteria, numbered 1–5, with weights > 0 that sum to 100;
  a save that would break this is refused whole (nothing is written).
- A class with submissions cannot be removed. A closed cycle cannot be edited at all.
- Weights change only in the registration phase: once examiners score, the weights behind the
  totals stay put. Texts (titles, descriptions, guidance) may be corrected until the cycle closes.
- The phase moves forward one step at a time. Going back is one step too, admin only, with a
  written reason that is kept in the audit log.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
import datetime as dt
import json
import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import polars as pl

import criteria as rulebook_files
from criteria import CRITERIA_COUNT, WEIGHT_TOTAL, Rulebook, RulebookError
from scoring import rulebook, swedish
from scoring.platform.access import PHASE_NAMES, PHASES, ROLES, User, ValidationError, require_role
from scoring.store import Store, audit, cycles, setup
from scoring.store import decisions as decision_store

DATE_LABELS = {
    "submission_deadline": "Inlämning av tävlingsbidrag",
    "approval_deadline": "Nämndens protokoll senast",
    "assessment_deadline": "Individuell bedömning klar",
    "consensus_deadline": "Konsensus klar",
    "decision_date": "Domarkommitténs beslut",
    "ceremony_date": "Prisutdelning",
}
REQUIRED_DATES = ("approval_deadline", "submission_deadline", "ceremony_date")
# Each date must not come before the one before it (missing ones are skipped).
DATE_ORDER = ("submission_deadline", "assessment_deadline", "consensus_deadline", "decision_date", "ceremony_date")
TEXT_LABELS = {"title": "Rubrik", "ceremony_place": "Plats för prisutdelningen", "chair_title": "Ordförandens titel"}
CLASS_CODE = re.compile(r"^[\w-]{1,40}$")
MAX_NAME = 300

CLOSED = "Omgången {year} är avslutad och kan inte ändras."
EXISTS = "Omgången {year} finns redan."
BAD_YEAR = "Året måste vara mellan 2000 och 2100, fick {year}."
UNSIGNED_CLOSE = ("Omgången {year} kan inte avslutas: domarkommitténs beslut är inte signerade av ordföranden. "
                  "Ordföranden signerar besluten på sidan Beslut; därefter kan omgången avslutas.")


def cycles_overview(db: Store, actor: User) -> pl.DataFrame:
    require_role(actor, "admin")
    with db.read() as con:
        return setup.cycle_table(con)


def cycle_phases(db: Store, actor: User) -> list[tuple[int, str]]:
    """(year, phase) of every cycle, newest first: the cycle picker's choices, which every role may see."""
    require_role(actor, *ROLES)
    with db.read() as con:
        return cycles.phases(con)


def cycle_details(db: Store, actor: User, year: int) -> dict[str, Any]:
    require_role(actor, "admin")
    with db.read() as con:
        row = cycles.require_cycle(con, year)
    return row


def _editable(con, year: int) -> dict[str, Any]:
    row = cycles.require_cycle(con, year)
    if row["phase"] == "closed":
        raise ValidationError(CLOSED.format(year=year))
    return row


# ---------------------------------------------------------------- copy


def shift_year(day: dt.date | None, years: int) -> dt.date | None:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def copy_cycle(db: Store, actor: User, source: int, new_year: int | None = None) -> int:
    """A new cycle in the registration phase: classes, criteria, weights, scale, targets and
    key dates of `source`, with every date moved to the new year. Returns the new year."""
    require_role(actor, "admin")
    new_year = source + 1 if new_year is None else int(new_year)
    if not 2000 <= new_year <= 2100:
        raise ValidationError(BAD_YEAR.format(year=new_year))

    def write(con) -> int:
        row = cycles.require_cycle(con, source)
        if cycles.get_cycle(con, new_year) is not None:
            raise ValidationError(EXISTS.format(year=new_year))
        shift = new_year - source
        values = {**row, "year": new_year, "phase": "registration", "title": _new_title(row["title"], source, new_year)}
        for field in DATE_LABELS:
            values[field] = shift_year(row[field], shift)
        cycles.insert_cycle(con, values)
        setup.copy_classes(con, source, new_year)
        setup.copy_criteria(con, source, new_year)
        setup.copy_bands(con, source, new_year)
        targets = setup.copy_targets(con, source, new_year)
        audit.record(con, actor.username, "copy", "cycle", new_year,
                     new={"from": source, "title": values["title"], "targets": targets})
        return new_year

    return db.write(write)


def _new_title(title: str, source: int, new_year: int) -> str:
    return title.replace(str(source), str(new_year)) if str(source) in title else f"{title} {new_year}"


# ---------------------------------------------------------------- a new cycle from a rulebook file


def bundled_rulebooks() -> dict[str, Path]:
    """The rulebook files shipped in criteria/, newest first: 'criteria/2026.toml' → path."""
    return {f"criteria/{year}.toml": rulebook_files.FOLDER / f"{year}.toml"
            for year in sorted(rulebook_files.available_years(), reverse=True)}


def bundled_rulebook(name: str) -> Rulebook:
    """One of bundled_rulebooks(), read and validated."""
    path = bundled_rulebooks().get(name)
    if path is None:
        raise ValidationError(f"Det finns ingen regelbok som heter '{name}'.")
    return read_rulebook(path.read_bytes(), name)


def read_rulebook(data: bytes | str, name: str) -> Rulebook:
    """A rulebook file's contents, validated; a broken file raises ValidationError naming the field."""
    try:
        raw = tomllib.loads(data.decode("utf-8") if isinstance(data, bytes) else data)
        return rulebook_files.parse(raw, name)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ValidationError(f"{name}: filen är inte giltig TOML ({exc}).") from exc
    except RulebookError as exc:
        raise ValidationError(str(exc)) from exc


def rulebook_for_year(book: Rulebook, year: int) -> Rulebook:
    """The same rulebook moved to `year`: every date shifted by whole years, the year in the title replaced."""
    shift = year - book.year
    return dataclasses.replace(book, year=year, title=_new_title(book.title, book.year, year),
                               dates={k: shift_year(v, shift) for k, v in book.dates.items()})


def create_from_rulebook(db: Store, actor: User, year: int, book: Rulebook, source: str) -> int:
    """A new cycle `year` in the registration phase from a rulebook file (`source` names it in the audit log):
    its classes, criteria, weights, scale and dates (moved to `year`). Refuses a year that exists."""
    require_role(actor, "admin")
    year = _checked_year(year)
    book = rulebook_for_year(book, year)
    details = {"title": book.title, "ceremony_place": book.ceremony_place, "chair_title": book.chair_title,
               **{key: book.dates["ceremony" if key == "ceremony_date" else key] for key in DATE_LABELS}}
    problems = check_details(details)
    if problems:
        raise ValidationError(problems)

    def write(con) -> int:
        if cycles.get_cycle(con, year) is not None:
            raise ValidationError(EXISTS.format(year=year))
        rulebook.install(con, book, phase="registration")
        audit.record(con, actor.username, "create", "cycle", year,
                     new={"from": source, "title": book.title, "classes": [c.code for c in book.classes],
                          "weights": {c.number: c.weight for c in book.criteria}})
        return year

    return db.write(write)


def new_cycle(db: Store, actor: User, year: int, source_file: str | Path | None = None) -> tuple[int, str]:
    """`kvalitet new-cycle`: the cycle `year` from a rulebook file, or else a copy of the newest cycle before it,
    or (in an empty database) from the newest rulebook shipped in criteria/. Returns (year, what it came from)."""
    require_role(actor, "admin")
    year = _checked_year(year)
    if source_file is not None:
        path = Path(source_file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ValidationError(f"Filen {path} går inte att läsa ({exc.strerror or exc}).") from exc
        create_from_rulebook(db, actor, year, read_rulebook(data, path.name), str(path))
        return year, str(path)
    with db.read() as con:
        existing = cycles.years(con)
    if year in existing:
        raise ValidationError(EXISTS.format(year=year))
    if existing:
        source = max([y for y in existing if y < year] or existing)
        copy_cycle(db, actor, source, year)
        return year, f"omgången {source}"
    name = next(iter(bundled_rulebooks()))
    create_from_rulebook(db, actor, year, bundled_rulebook(name), name)
    return year, name


@dataclass(frozen=True)
class FirstSteps:
    """The year's first steps for the kansli (Översikt), for `year` (None: the database has no cycle yet)."""
    year: int | None
    done: dict[str, bool]            # step key → done, in the order of FIRST_STEPS
    counts: dict[str, int]           # see store.setup.first_steps


FIRST_STEPS = ("cycle", "units", "decided", "examiners", "passwords", "documents", "teams", "started")


def first_steps(db: Store, actor: User) -> FirstSteps | None:
    """What the kansli has done of the year's first steps: for the newest cycle while it is in registration,
    or for an empty database. None once the newest cycle is past registration (the year is under way)."""
    require_role(actor, "admin")
    with db.read() as con:
        phases = cycles.phases(con)
        year, phase = phases[0] if phases else (None, None)
        if phase not in (None, "registration"):
            return None
        n = setup.first_steps(con, year)
    subs = n["submissions"]
    done = {"cycle": year is not None, "units": subs > 0, "decided": 0 < subs == n["decided"],
            "examiners": n["examiners"] > 0, "passwords": 0 < n["examiners"] == n["with_password"],
            "documents": 0 < subs == n["documents"],
            "teams": 0 < subs == n["staffed"], "started": False}
    return FirstSteps(year, done, n)


def _checked_year(year: Any) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError(f"Året måste vara ett årtal, fick '{year}'.") from None
    if not 2000 <= year <= 2100:
        raise ValidationError(BAD_YEAR.format(year=year))
    return year


# ---------------------------------------------------------------- dates and texts


def update_details(db: Store, actor: User, year: int, values: Mapping[str, Any]) -> None:
    """Change the title, key dates, ceremony place or chair's title (all checked together)."""
    require_role(actor, "admin")

    def write(con) -> None:
        old = _editable(con, year)
        new = {k: old[k] for k in setup.EDITABLE_FIELDS}
        new.update({k: v for k, v in values.items() if k in setup.EDITABLE_FIELDS})
        for key in TEXT_LABELS:
            new[key] = str(new[key] or "").strip()
        problems = check_details(new)
        if problems:
            raise ValidationError(problems)
        changed = {k: new[k] for k in setup.EDITABLE_FIELDS if new[k] != old[k]}
        if changed:
            setup.update_cycle(con, year, changed)
            audit.record(con, actor.username, "update", "cycle", year,
                         old={k: old[k] for k in changed}, new=changed)

    db.write(write)


def check_details(values: Mapping[str, Any]) -> list[str]:
    problems = [f"{label} måste fyllas i." for key, label in TEXT_LABELS.items() if not values.get(key)]
    problems += [f"{label} är för lång (högst {MAX_NAME} tecken)." for key, label in TEXT_LABELS.items()
                 if len(values.get(key) or "") > MAX_NAME]
    for key, label in DATE_LABELS.items():
        day = values.get(key)
        if day is None and key in REQUIRED_DATES:
            problems.append(f"Datumet för {label.lower()} måste fyllas i.")
        elif day is not None and (not isinstance(day, dt.date) or isinstance(day, dt.datetime)):
            problems.append(f"{label}: '{day}' är inte ett datum.")
    if problems:
        return problems
    present = [k for k in DATE_ORDER if values.get(k) is not None]
    for before, after in zip(present, present[1:]):
        if values[after] < values[before]:
            problems.append(f"{DATE_LABELS[after]} ({values[after]:%Y-%m-%d}) kan inte ligga före "
                            f"{DATE_LABELS[before].lower()} ({values[before]:%Y-%m-%d}).")
    approval, last = values["approval_deadline"], values.get("decision_date") or values["ceremony_date"]
    if approval > last:
        problems.append(f"{DATE_LABELS['approval_deadline']} ({approval:%Y-%m-%d}) måste ligga före "
                        f"domarkommitténs beslut och prisutdelningen.")
    return problems


# ---------------------------------------------------------------- classes


def class_usage(db: Store, actor: User, year: int) -> dict[str, int]:
    """Registered submissions per class code (a class in use cannot be removed)."""
    require_role(actor, "admin")
    with db.read() as con:
        return setup.class_usage(con, year)


def save_classes(db: Store, actor: User, year: int, rows: Sequence[Mapping[str, Any]]) -> None:
    """Replace the cycle's class list: add, rename, reorder (list order) and remove classes.

    A class that has submissions cannot be removed (nor lose its code)."""
    require_role(actor, "admin")
    classes = parse_classes(rows)

    def write(con) -> None:
        _editable(con, year)
        old = cycles.classes(con, year)
        old_codes = set(old["code"])
        usage = setup.class_usage(con, year)
        kept = {c["code"] for c in classes}
        blocked = [f"Klassen '{code}' har {usage[code]} anmälda bidrag och kan inte tas bort. "
                   "Flytta eller avanmäl bidragen först." for code in sorted(old_codes - kept) if usage.get(code)]
        if blocked:
            raise ValidationError(blocked)
        for code in sorted(old_codes - kept):
            setup.delete_class(con, year, code)
        for position, c in enumerate(classes, start=1):
            setup.upsert_class(con, year, c["code"], c["name"], position, c["prize_amount"])
        audit.record(con, actor.username, "update_classes", "cycle", year,
                     old=old.select("code", "name", "prize_amount").to_dicts(), new=classes)

    db.write(write)


def parse_classes(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Validate the edited class list (blank rows are skipped); raise one ValidationError with every problem."""
    problems: list[str] = []
    classes: list[dict[str, Any]] = []
    for i, row in enumerate(rows, start=1):
        code, name = str(row.get("code") or "").strip(), str(row.get("name") or "").strip()
        prize = row.get("prize_amount")
        if not code and not name and prize in (None, ""):
            continue
        where = f"Klass {i}"
        if not CLASS_CODE.match(code):
            problems.append(f"{where}: koden '{code}' får bara innehålla bokstäver, siffror, _ och - (1–40 tecken).")
        if not name:
            problems.append(f"{where}: namnet måste fyllas i.")
        elif len(name) > MAX_NAME:
            problems.append(f"{where}: namnet är för långt (högst {MAX_NAME} tecken).")
        amount, problem = _prize(prize, where)
        if problem:
            problems.append(problem)
        classes.append({"code": code, "name": name, "prize_amount": amount})
    if not classes:
        problems.append("Omgången måste ha minst en tävlingsklass.")
    for field, label in (("code", "koden"), ("name", "namnet")):
        seen: set[str] = set()
        for c in classes:
            key = c[field].casefold()
            if key and key in seen:
                problems.append(f"Två klasser har {label} '{c[field]}'.")
            seen.add(key)
    if problems:
        raise ValidationError(problems)
    return classes


def _prize(value: Any, where: str) -> tuple[int | None, str | None]:
    if value is None or (isinstance(value, str) and not value.strip()) or value != value:  # NaN from an editor
        return None, None
    try:
        amount = float(str(value).replace(" ", "").replace(",", "."))
    except ValueError:
        return None, f"{where}: prissumman måste vara ett heltal i kronor, fick '{value}'."
    if amount < 0 or amount != int(amount):
        return None, f"{where}: prissumman måste vara ett heltal ≥ 0 i kronor, fick '{value}'."
    return int(amount), None


# ---------------------------------------------------------------- criteria


def save_criteria(db: Store, actor: User, year: int, rows: Sequence[Mapping[str, Any]]) -> None:
    """Save the five criteria's texts and weights. Weights change only during registration."""
    require_role(actor, "admin")
    criteria = parse_criteria(rows)

    def write(con) -> None:
        row = _editable(con, year)
        old = {r["number"]: r for r in cycles.criteria(con, year).iter_rows(named=True)}
        reweighted = [c["number"] for c in criteria if abs(c["weight"] - old[c["number"]]["weight"]) > 1e-9]
        if reweighted and row["phase"] != "registration":
            raise ValidationError(
                f"Vikterna kan bara ändras i fasen anmälan; omgången är i fasen {PHASE_NAMES[row['phase']].lower()}"
                " och examinatorerna poängsätter redan. Texterna går att rätta.")
        for c in criteria:
            setup.update_criterion(con, year, c["number"], c["title"], c["description"], c["guidance"], c["weight"])
        audit.record(con, actor.username, "update_criteria", "cycle", year,
                     old=[{k: o[k] for k in ("number", "title", "description", "guidance", "weight")}
                          for o in old.values()], new=criteria)

    db.write(write)


def parse_criteria(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Exactly criteria 1–5, each with a title and description, weights > 0 summing to 100."""
    problems: list[str] = []
    out: list[dict[str, Any]] = []
    for row in rows:
        number = row.get("number")
        where = f"Kriterium {number}"
        title, description = str(row.get("title") or "").strip(), str(row.get("description") or "").strip()
        if not title:
            problems.append(f"{where}: rubriken måste fyllas i.")
        if not description:
            problems.append(f"{where}: beskrivningen måste fyllas i.")
        weight = _weight(row.get("weight"))
        if weight is None:
            problems.append(f"{where}: vikten måste vara ett tal större än 0, fick '{row.get('weight')}'.")
        out.append({"number": number, "title": title, "description": description,
                    "guidance": _guidance(row.get("guidance")), "weight": weight})
    numbers = sorted(c["number"] for c in out if isinstance(c["number"], int))
    if numbers != list(range(1, CRITERIA_COUNT + 1)) or len(out) != CRITERIA_COUNT:
        problems.append(f"Omgången måste ha kriterierna 1–{CRITERIA_COUNT}, vart och ett en gång; "
                        "inget kriterium får tas bort eller läggas till.")
    weights = [c["weight"] for c in out if c["weight"] is not None]
    if len(weights) == len(out) and abs(sum(weights) - WEIGHT_TOTAL) > 1e-6:
        problems.append(f"Vikterna måste summera till 100 %; nu summerar de till {swedish.number(sum(weights), 2)} %.")
    if problems:
        raise ValidationError(problems)
    return sorted(out, key=lambda c: c["number"])


def _weight(value: Any) -> float | None:
    try:
        weight = float(str(value).replace(",", ".")) if not isinstance(value, (int, float)) else float(value)
    except ValueError:
        return None
    return weight if weight == weight and weight > 0 and not isinstance(value, bool) else None


def _guidance(value: Any) -> list[str]:
    """Guidance questions: a list, or text with one question per line."""
    items = value.splitlines() if isinstance(value, str) else list(value or [])
    return [str(q).strip() for q in items if str(q).strip()]


# ---------------------------------------------------------------- phases


def next_phase(phase: str) -> str | None:
    i = PHASES.index(phase)
    return PHASES[i + 1] if i + 1 < len(PHASES) else None


def previous_phase(phase: str) -> str | None:
    i = PHASES.index(phase)
    return PHASES[i - 1] if i > 0 else None


def move_phase(db: Store, actor: User, year: int, target: str, reason: str = "") -> None:
    """Forward one step; or back one step with a reason (kept in the audit log)."""
    require_role(actor, "admin")
    if target not in PHASES:
        raise ValidationError(f"Okänd fas '{target}'.")
    reason = (reason or "").strip()

    def write(con) -> None:
        row = cycles.require_cycle(con, year)
        current = row["phase"]
        backwards = target == previous_phase(current)
        if target != next_phase(current) and not backwards:
            raise ValidationError(
                f"Omgången är i fasen {PHASE_NAMES[current].lower()}. Den kan bara flyttas ett steg i taget: "
                f"framåt till {_name(next_phase(current))} eller bakåt till {_name(previous_phase(current))}.")
        if backwards and not reason:
            raise ValidationError("Skriv varför omgången flyttas tillbaka till en tidigare fas.")
        if target == "closed" and not _signed(con, year):
            raise ValidationError(UNSIGNED_CLOSE.format(year=year))
        cycles.set_phase(con, year, target)
        audit.record(con, actor.username, "phase_back" if backwards else "phase_forward", "cycle", year,
                     old={"phase": current}, new={"phase": target, "reason": reason or None})

    db.write(write)


def _signed(con, year: int) -> bool:
    return (decision_store.signature(con, year) or {}).get("status") == "signed"


def phase_blockers(db: Store, actor: User, year: int) -> list[str]:
    """What refuses the next phase outright (move_phase raises it): closing while the decisions are unsigned."""
    require_role(actor, "admin")
    with db.read() as con:
        row = cycles.require_cycle(con, year)
        unsigned = next_phase(row["phase"]) == "closed" and not _signed(con, year)
    return [UNSIGNED_CLOSE.format(year=year)] if unsigned else []


def _name(phase: str | None) -> str:
    return PHASE_NAMES[phase].lower() if phase else "–"


def phase_history(db: Store, actor: User, year: int) -> pl.DataFrame:
    """Every phase move in the cycle, newest first (from the audit log): when, who, from, to, reason."""
    require_role(actor, "admin")
    with db.read() as con:
        log = audit.entries(con, entity="cycle")
    moves = log.filter(pl.col("entity_key") == str(year), pl.col("action").is_in(["phase_forward", "phase_back"]))
    olds = [json.loads(v or "{}") for v in moves["old_value"]]
    news = [json.loads(v or "{}") for v in moves["new_value"]]
    return pl.DataFrame({
        "logged_at": moves["logged_at"], "actor": moves["actor"], "action": moves["action"],
        "from_phase": [o.get("phase") for o in olds], "to_phase": [n.get("phase") for n in news],
        "reason": [n.get("reason") for n in news],
    }, schema_overrides={"from_phase": pl.String, "to_phase": pl.String, "reason": pl.String})


def phase_warnings(db: Store, actor: User, year: int) -> list[str]:
    """What is still open before the cycle moves to the next phase (advice, not a block)."""
    require_role(actor, "admin")
    with db.read() as con:
        row = cycles.require_cycle(con, year)
        counts = setup.open_work(con, year)
    phase = row["phase"]
    checks = {
        "registration": [(0 if counts["submissions"] else 1, "Inga enheter är anmälda till omgången."),
                         (counts["unapproved"], "{n} anmälningar saknar beslut i nämnd eller styrelse."),
                         (counts["unstaffed"], "{n} bidrag har inget examinatorsteam.")],
        "assessment": [(counts["open_assessments"], "{n} individuella bedömningar är inte inskickade.")],
        "consensus": [(counts["open_consensus"], "{n} bidrag saknar avslutad konsensus.")],
    }
    return [message.format(n=n) for n, message in checks.get(phase, []) if n]
