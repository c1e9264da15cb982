"""The examiner roster (kansli): who examines, in which förvaltning or bolag, trained which year, how many
submissions they can take and in which classes, and their load in a cycle. Teams are built from it in
scoring/cycle/teams.py; jäv rules are in scoring/conflicts.py."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from scoring.platform.access import User, ValidationError, require_role
from scoring.store import Store, audit
from scoring.store import teams as store


@dataclass(frozen=True)
class ExaminerInput:
    username: str
    display_name: str
    role: str                     # examiner or lead
    organisation_id: int | None
    training_year: int | None
    capacity: int
    classes: tuple[str, ...]
    email: str | None = None
    active: bool = True


def roster(db: Store, actor: User, year: int) -> pl.DataFrame:
    """Every examiner with organisation, training year, capacity, classes and load in the cycle."""
    require_role(actor, "admin")
    with db.read() as con:
        people, places = store.roster(con), store.assignments(con, year)
    load = places.group_by("examiner").agg(pl.len().alias("load"), pl.col("is_lead").sum().alias("leads"))
    return (people.join(load, left_on="username", right_on="examiner", how="left")
            .with_columns(pl.col("load").fill_null(0).cast(pl.Int64), pl.col("leads").fill_null(0).cast(pl.Int64)))


def save_examiner(db: Store, actor: User, data: ExaminerInput, password: str | None = None,
                  known_classes: Sequence[str] = ()) -> None:
    """Create (with a password) or update an examiner: account and roster record in one transaction."""
    require_role(actor, "admin")
    problems = _examiner_problems(data, known_classes)
    if problems:
        raise ValidationError(problems)
    from scoring.platform import auth

    with db.transaction() as con:
        old = store.examiner_record(con, data.username)
        if old is None:
            if password is None:
                raise ValidationError("Ange ett startlösenord för den nya examinatorn.")
            auth.add_user(db, actor.username, data.username, data.display_name.strip(), data.role, password,
                          data.organisation_id)
        elif old["role"] not in ("examiner", "lead"):
            raise ValidationError(f"Kontot {data.username} är inte en examinator.")
        else:
            store.update_account(con, data.username, data.display_name.strip(), data.role, data.organisation_id,
                                 data.active)
        store.upsert_examiner(con, data.username, data.training_year, data.capacity, list(data.classes),
                              (data.email or "").strip() or None)
        audit.record(con, actor.username, "save_examiner", "examiner", data.username,
                     old=old, new={**vars(data), "classes": list(data.classes)})


def _examiner_problems(data: ExaminerInput, known_classes: Sequence[str]) -> list[str]:
    problems = []
    if not data.display_name.strip():
        problems.append("Ange examinatorns namn.")
    if data.role not in ("examiner", "lead"):
        problems.append("Rollen måste vara examinator eller utvärderingsledare.")
    if not 0 <= data.capacity <= 100:
        problems.append("Kapaciteten måste vara mellan 0 och 100 bidrag.")
    if data.training_year is not None and not 1990 <= data.training_year <= 2100:
        problems.append("Utbildningsåret måste vara ett årtal, t.ex. 2024.")
    unknown = [c for c in data.classes if known_classes and c not in known_classes]
    if unknown:
        problems.append(f"Okända tävlingsklasser: {', '.join(unknown)}.")
    if data.email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", data.email.strip()):
        problems.append(f"E-postadressen '{data.email}' ser inte giltig ut.")
    return problems
