"""Jäv (conflict of interest): the award's one rule set, and the Swedish reasons users are shown.

- **Same organisation.** An account and a unit are in conflict when the account belongs to the unit's
  förvaltning or bolag, compared by organisation id (never by name: two spellings of one name are one
  organisation only through its id). An account without an organisation (the chair, the kansli) is never in
  conflict this way.
- **Declared jäv.** An examiner's declaration towards a unit (kin in its management, former employee, …)
  bars every submission of that unit, whatever the organisations.
- **Committee recusal.** A committee member, the chair included, whose organisation has a unit in a class is
  recused from that class: they may see it, but may not propose or change its decision.

Assessment (reading and scoring a submission), assignment (who may be in a team) and decisions (who may
propose for a class) all ask this module.
"""
from __future__ import annotations

import polars as pl

from scoring.platform.access import AccessDenied, User
from scoring.store import assessments

EXAMINER_CONFLICT = ("Du har jäv mot {unit} (samma förvaltning/bolag eller anmält jäv) "
                     "och får inte läsa eller bedöma bidraget.")
TEAM_SAME_ORGANISATION = ("Examinatorn {username} tillhör samma förvaltning eller bolag som enheten "
                          "({organisation}).")
TEAM_DECLARED = "Examinatorn {username} har anmält jäv mot enheten."
RECUSED = ("Du har jäv i klassen {klass}: din förvaltning ({organisation}) har en enhet i klassen. "
           "Du kan inte föreslå eller ändra klassens beslut.")


def same_organisation(account_organisation_id: int | None, unit_organisation_id: int | None) -> bool:
    """Is the account in the unit's förvaltning or bolag? Never when the account has none."""
    return account_organisation_id is not None and account_organisation_id == unit_organisation_id


def declared(con, username: str, unit_id: str) -> bool:
    """Has the examiner declared jäv towards the unit?"""
    return assessments.conflict_declared(con, username, unit_id)


def refuse_examiner(con, actor: User, unit_id: str, organisation_id: int | None, unit_name: str) -> None:
    """AccessDenied when the examiner may not read or score the unit's submission (either kind of jäv)."""
    if same_organisation(actor.organisation_id, organisation_id) or declared(con, actor.username, unit_id):
        raise AccessDenied(EXAMINER_CONFLICT.format(unit=unit_name))


def team_reasons(username: str, account_organisation_id: int | None, unit_id: str, unit_organisation_id: int | None,
                 unit_organisation: str, declarations: set[tuple[str, str]]) -> list[str]:
    """Why the examiner may not be in the unit's team (empty when they may); `declarations` holds
    (username, unit_id) pairs of declared jäv."""
    reasons = []
    if same_organisation(account_organisation_id, unit_organisation_id):
        reasons.append(TEAM_SAME_ORGANISATION.format(username=username, organisation=unit_organisation))
    if (username, unit_id) in declarations:
        reasons.append(TEAM_DECLARED.format(username=username))
    return reasons


def recusals(members: pl.DataFrame, class_organisations: pl.DataFrame) -> pl.DataFrame:
    """Committee members recused per class. members: username, display_name, organisation_id, organisation;
    class_organisations: class_code, organisation_id (one row per organisation with a unit in the class).
    → username, display_name, class_code, organisation."""
    return (members.drop_nulls("organisation_id")
            .join(class_organisations.select("class_code", "organisation_id"), on="organisation_id")
            .select("username", "display_name", "class_code", "organisation")
            .sort("class_code", "display_name"))


def refuse_recused(actor: User, class_code: str, class_name: str, class_organisations: pl.DataFrame) -> None:
    """AccessDenied when the actor's organisation has a unit in the class (class_organisations:
    class_code, organisation_id, organisation)."""
    if actor.organisation_id is None:
        return
    orgs = class_organisations.filter(
        (pl.col("class_code") == class_code) & (pl.col("organisation_id") == actor.organisation_id))
    if not orgs.is_empty():
        raise AccessDenied(RECUSED.format(klass=class_name, organisation=orgs["organisation"][0]))
