"""Who may do what. The core checks this on every call; the UI only mirrors it."""
from __future__ import annotations

from dataclasses import dataclass

ROLES = ("admin", "examiner", "lead", "committee", "chair")
ROLE_NAMES = {
    "admin": "Kansli (administratör)",
    "examiner": "Examinator",
    "lead": "Utvärderingsledare",
    "committee": "Domarkommitté",
    "chair": "Stadsdirektör (ordförande)",
}
EXAMINING_ROLES = frozenset({"examiner", "lead"})
COMMITTEE_ROLES = frozenset({"committee", "chair"})

PHASES = ("registration", "assessment", "consensus", "site_visit", "decision", "closed")
PHASE_NAMES = {
    "registration": "Anmälan",
    "assessment": "Individuell bedömning",
    "consensus": "Konsensus",
    "site_visit": "Platsbesök",
    "decision": "Beslut",
    "closed": "Avslutad",
}


class AccessDenied(PermissionError):
    """The acting user may not do this. The message is Swedish and shown as is."""


class ValidationError(ValueError):
    """Input was refused. `messages` lists every problem, in Swedish."""

    def __init__(self, messages: list[str] | str):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__(" ".join(self.messages))


@dataclass(frozen=True)
class User:
    username: str
    display_name: str
    role: str
    organisation_id: int | None = None

    @property
    def is_examining(self) -> bool:
        return self.role in EXAMINING_ROLES


def require_role(actor: User, *roles: str) -> None:
    if actor.role not in roles:
        names = ", ".join(ROLE_NAMES[r].lower() for r in roles)
        # 'Din roll som stadsdirektör (ordförande) …', never '(stadsdirektör (ordförande))'.
        raise AccessDenied(f"Din roll som {ROLE_NAMES[actor.role].lower()} får inte göra detta. Det kräver: {names}.")


def require_phase(phase: str, *allowed: str) -> None:
    if phase not in allowed:
        wanted = " eller ".join(PHASE_NAMES[p].lower() for p in allowed)
        raise AccessDenied(
            f"Omgången är i fasen {PHASE_NAMES[phase].lower()}; detta går bara i fasen {wanted}."
        )
