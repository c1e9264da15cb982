"""Invitations: the kansli invites examiners by e-mail; a one-time link lets each set a password, or, where
the city's sign-on is used, just confirms (`confirm`; with passwords turned off it is the only way).

Invariants:
- The token is random (256 bits) and is made when the e-mail is sent, so it exists only in the sent message;
  the database keeps its SHA-256. A link works once and for 72 hours from sending.
- Inviting again revokes every earlier link of the account. Every invitation and every use is audited.
- A reused, expired, replaced or tampered link gets a Swedish message and changes nothing.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field

import polars as pl

from scoring.platform import auth
from scoring.platform import outbox
from scoring.platform import sign_on
from scoring.platform import web_sessions
from scoring.platform.access import User, ValidationError, require_role
from scoring.store import Store, accounts, audit
from scoring.store import invitations as store
from scoring.store import outbox as outbox_store

VALID_HOURS = 72
PLACEHOLDER = "{{INBJUDNINGSLANK}}"        # replaced by the link when the e-mail is sent

INVALID = "Länken är ogiltig. Kontrollera att hela länken från e-postmeddelandet kom med, eller be kansliet om en ny inbjudan."
USED = "Länken har redan använts. Logga in med ditt lösenord, eller be kansliet om en ny inbjudan."
REPLACED = "Länken har ersatts av en nyare inbjudan. Använd länken i det senaste e-postmeddelandet."
EXPIRED = "Länken har gått ut (den gäller i 72 timmar). Be kansliet om en ny inbjudan."
INACTIVE = "Kontot är avstängt. Kontakta kansliet."
NO_ADDRESS = "{username}: saknar giltig e-postadress."
NOT_EXAMINER = "{username}: finns inte som aktiv examinator."
NOTHING_CHOSEN = "Välj minst en examinator att bjuda in."


class InvitationError(ValueError):
    """The link cannot be used; the message is Swedish and safe to show."""


@dataclass
class Invited:
    invited: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)      # Swedish reasons, one per account not invited


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def candidates(db: Store, actor: User, year: int | None) -> pl.DataFrame:
    """Examining accounts the kansli may invite, with e-mail, team in `year`, log-in and last invitation."""
    require_role(actor, "admin")
    with db.read() as con:
        people = store.invitable(con, year)
        latest = store.latest(con)
    return people.join(latest, on="username", how="left")


def invite(db: Store, actor: User, usernames: Sequence[str], now: dt.datetime | None = None) -> Invited:
    """Queue an invitation to each account (in one transaction); earlier links stop working."""
    from scoring.platform import mail
    require_role(actor, "admin")
    wanted = list(dict.fromkeys(u.strip().lower() for u in usernames if u and u.strip()))
    if not wanted:
        raise ValidationError(NOTHING_CHOSEN)
    now = now or dt.datetime.now()
    passwords = sign_on.passwords_enabled(db)   # off: the link only confirms, log-in is the city's sign-on

    def write(con) -> Invited:
        result = Invited()
        for username in wanted:
            found = outbox_store.examiner_address(con, username)
            account = accounts.get(con, username)
            if found is None or account is None or account["role"] not in ("examiner", "lead"):
                result.skipped.append(NOT_EXAMINER.format(username=outbox.one_line(username)))
                continue
            if not mail.valid_address(found[1]):
                result.skipped.append(NO_ADDRESS.format(username=username))
                continue
            revoked = store.revoke_open(con, username, now)
            invitation_id = store.insert(con, username, actor.username, now)
            outbox_id = outbox.queue(con, actor.username, "invitation", username,
                                     _message(found[0], username, passwords))
            store.attach_message(con, invitation_id, outbox_id)
            audit.record(con, actor.username, "invite", "account", username,
                         new={"invitation": invitation_id, "outbox": outbox_id, "revoked_earlier": revoked})
            result.invited.append(username)
        return result

    return db.write(write)


def _message(display_name: str, username: str, passwords: bool = True) -> outbox.Message:
    step = ("Följ länken nedan och välj ett lösenord." if passwords else
            "Följ länken nedan och bekräfta inbjudan; sedan loggar du in med ditt konto i staden.")
    return outbox.compose(
        "Inbjudan till Kvalitetsutmärkelsens arbetsbänk", display_name,
        [f"Du är inbjuden som examinator i Stockholms stads kvalitetsutmärkelse. Ditt användarnamn är {username}.",
         f"{step} Länken fungerar en gång och i {VALID_HOURS} timmar. "
         "Om du inte väntade dig detta kan du bortse från meddelandet."],
        PLACEHOLDER)


def issue_for_message(con, outbox_id: int, now: dt.datetime) -> str | None:
    """Called by the sender in the transaction that marks an invitation 'sending': a fresh token (its hash
    stored, valid VALID_HOURS from now). None when the invitation was replaced or used: do not send it."""
    invitation = store.by_message(con, outbox_id)
    if invitation is None or invitation["revoked_at"] is not None or invitation["used_at"] is not None:
        return None
    token = secrets.token_urlsafe(32)
    store.set_token(con, invitation["id"], token_hash(token), now + dt.timedelta(hours=VALID_HOURS))
    return token


def link(token: str) -> str:
    return f"{outbox.base_url()}/?inbjudan={token}"


def check(db: Store, token: str, now: dt.datetime | None = None) -> User:
    """The account a link belongs to, or InvitationError with the Swedish reason."""
    with db.read() as con:
        return _usable(con, token, now or dt.datetime.now())[1]


def _usable(con, token: str, now: dt.datetime) -> tuple[dict, User]:
    invitation = store.by_token_hash(con, token_hash(token or ""))
    if invitation is None or not token:
        raise InvitationError(INVALID)
    if invitation["used_at"] is not None:
        raise InvitationError(USED)
    if invitation["revoked_at"] is not None:
        raise InvitationError(REPLACED)
    if invitation["expires_at"] is None or invitation["expires_at"] <= now:
        raise InvitationError(EXPIRED)
    account = accounts.get(con, invitation["username"])
    if account is None or not account["active"]:
        raise InvitationError(INACTIVE)
    return invitation, User(account["username"], account["display_name"], account["role"],
                            account["organisation_id"])


def confirm(db: Store, token: str, now: dt.datetime | None = None) -> User:
    """Where the city's sign-on is used: the link only confirms the invitation (once), no password is set.
    The invitee then logs in with the city's account, matched by e-mail (scoring.platform.sign_on)."""
    now = now or dt.datetime.now()
    check(db, token, now)

    def write(con) -> User:
        invitation, account = _usable(con, token, now)
        if not store.mark_used(con, invitation["id"], now):
            raise InvitationError(USED)
        audit.record(con, account.username, "confirm_invitation", "account", account.username,
                     new={"invitation": invitation["id"]})
        return account

    return db.write(write)


def accept(db: Store, token: str, password: str, repeated: str, now: dt.datetime | None = None) -> User:
    """Set the account's password through the link, once. Returns the account (to log in with)."""
    now = now or dt.datetime.now()
    user = check(db, token, now)
    if not sign_on.passwords_enabled(db):
        raise ValidationError(sign_on.PASSWORDS_OFF)
    problems = []
    if len(password) < auth.MIN_PASSWORD_LENGTH:
        problems.append(auth.SHORT_PASSWORD)
    if password != repeated:
        problems.append(auth.NEW_PASSWORD_MISMATCH)
    if password.strip().lower() == user.username:
        problems.append(auth.NEW_PASSWORD_USERNAME)
    if problems:
        raise ValidationError(problems)
    hashed = auth.hash_password(password)

    def write(con) -> User:
        invitation, account = _usable(con, token, now)
        if not store.mark_used(con, invitation["id"], now):
            raise InvitationError(USED)
        accounts.set_password(con, account.username, hashed)
        audit.record(con, account.username, "accept_invitation", "account", account.username,
                     new={"invitation": invitation["id"]})
        return account

    account = db.write(write)
    web_sessions.REGISTRY.end_user(db.path, account.username)
    return account
