"""Reading the audit log (granskningsloggen): the kansli filters and exports it.

Invariants:
- Only the admin role reads the log; it names who did what to confidential assessments.
- This module only reads. The app never updates or deletes audit entries; the one
  writer is `store.audit.record`, called inside each change's own transaction.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from scoring.platform.access import User, ValidationError, require_role
from scoring.store import Store, audit

MAX_ROWS = 5000
BAD_RANGE = "Från-datumet ({since}) ligger efter till-datumet ({until})."
COLUMNS = {"id": "Nr", "logged_at": "Tidpunkt", "actor": "Vem", "action": "Händelse", "entity": "Vad",
           "entity_key": "Nyckel", "old_value": "Gammalt värde", "new_value": "Nytt värde"}


# The log stores stable codes; the kansli reads Swedish words (an unknown code is shown as it is).
ACTION_NAMES = {
    "accept_invitation": "Inbjudan använd", "activate": "Aktiverad", "assign_teams": "Teamfördelning", "backup": "Säkerhetskopia",
    "change_class": "Byte av tävlingsklass", "change_password": "Lösenord bytt", "copy": "Kopiering",
    "create": "Skapad",
    "create_demo": "Demodata skapad", "create_scale_demo": "Skaldata skapad", "deactivate": "Avstängd",
    "declare_conflict": "Jäv anmält", "done": "Markerad klar",
    "import": "Import", "invite": "Inbjuden", "login": "Inloggning", "login_failed": "Misslyckad inloggning",
    "open_consensus": "Konsensus öppnad igen", "password_rehashed": "Lösenordets hash förnyad", "phase_back": "Fas tillbaka", "phase_forward": "Fas framåt",
    "protocol_received": "Protokoll inkommet", "record": "Registrerad", "record_proposal": "Förslag registrerat",
    "queue_reminders": "Påminnelser köade", "register": "Anmälan", "remove": "Borttagen", "remove_draft": "Utkast borttaget",
    "reopen": "Öppnad igen", "resend": "Skickas igen", "restore": "Återställning", "save_draft": "Utkast sparat",
    "save_examiner": "Examinator sparad", "select": "Vald", "set_password": "Lösenord satt",
    "set_phase": "Fas ändrad", "set_presenter": "Prisutdelare vald", "set_reminder_days": "Påminnelsedagar satta", "set_target": "Deltagarmål satt",
    "set_team": "Team ändrat", "sign": "Signerat", "submit": "Inskickad", "unlock": "Upplåst",
    "unselect": "Val borttaget", "update": "Ändrad", "update_classes": "Tävlingsklasser ändrade",
    "update_criteria": "Kriterier ändrade", "upload": "Uppladdning", "withdraw": "Återtagen",
    "confirm_invitation": "Inbjudan bekräftad", "link_sign_on": "Inloggning via stadens konto kopplad",
    "set_passwords": "Lösenordsinloggning på/av", "set_sign_on_email": "E-post för stadens inloggning satt",
    "practice_prepare": "Övningsfall förberett", "practice_reuse": "Övningsfall återanvänt",
    "practice_referees": "Referensbedömare utsedda", "practice_reference": "Referens för övningsfall sparad",
    "practice_settings": "Inställningar för övningsfall", "practice_lock": "Övningsfallets referens låst",
    "practice_save": "Övningsfall sparat", "practice_submit": "Övningsfall inskickat",
    "practice_rescore": "Ny bedömning av övningsfall begärd",
}
ENTITY_NAMES = {
    "account": "Konto", "assessment": "Bedömning", "board_decision": "Beslut i nämnd/styrelse",
    "class_decision": "Klassbeslut", "competition_class": "Tävlingsklass", "conflict_declaration": "Jäv",
    "consensus": "Konsensus", "cycle": "Omgång", "database": "Databas", "decision": "Beslut",
    "examiner": "Examinator", "organisation": "Förvaltning/bolag", "outbox": "Utskick", "participation_target": "Deltagarmål",
    "site_visit": "Platsbesök", "submission": "Tävlingsbidrag", "submission_document": "Bidragets PDF",
    "unit": "Enhet", "installation": "Installation", "practice_case": "Övningsfall",
    "practice_attempt": "Försök på övningsfall",
}


def action_name(code: str | None) -> str:
    return ACTION_NAMES.get(code, code or "")


def entity_name(code: str | None) -> str:
    return ENTITY_NAMES.get(code, code or "")


@dataclass(frozen=True)
class AuditFilter:
    actor: str | None = None
    action: str | None = None
    entity: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None    # inclusive: the whole day


@dataclass(frozen=True)
class AuditPage:
    entries: pl.DataFrame   # newest first, at most MAX_ROWS
    total: int              # how many entries match the filter

    @property
    def truncated(self) -> bool:
        return self.total > self.entries.height


def choices(db: Store, actor: User) -> dict[str, list[str]]:
    """The actors, actions and entities present in the log, for the filter menus."""
    require_role(actor, "admin")
    with db.read() as con:
        return audit.distinct_values(con)


def search(db: Store, actor: User, wanted: AuditFilter, limit: int = MAX_ROWS) -> AuditPage:
    require_role(actor, "admin")
    if wanted.since and wanted.until and wanted.since > wanted.until:
        raise ValidationError(BAD_RANGE.format(since=wanted.since, until=wanted.until))
    since = dt.datetime.combine(wanted.since, dt.time.min) if wanted.since else None
    until = dt.datetime.combine(wanted.until, dt.time.max) if wanted.until else None
    filters = {"actor": wanted.actor or None, "entity": wanted.entity or None, "action": wanted.action or None,
               "since": since, "until": until}
    with db.read() as con:
        return AuditPage(audit.entries(con, limit=limit, **filters), audit.count(con, **filters))


def for_export(entries: pl.DataFrame) -> pl.DataFrame:
    """Swedish column headers and Swedish words for the action and the entity, as the kansli sees them on
    screen."""
    return entries.with_columns(
        pl.col("action").replace_strict(ACTION_NAMES, default=pl.col("action"), return_dtype=pl.String),
        pl.col("entity").replace_strict(ENTITY_NAMES, default=pl.col("entity"), return_dtype=pl.String),
    ).rename(COLUMNS)
