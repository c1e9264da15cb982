"""City sign-on through OpenID Connect (Streamlit's st.login): which account a provider's identity is.

Invariants:
- An identity is matched by its (issuer, subject) once it has signed on before; the first time by its e-mail
  claim, and only when the provider says the address is verified (`email_verified`, or Entra ID's `xms_edov`).
- The match only finds accounts that the kansli created or imported: an identity with no account, an
  e-mail shared by two accounts, or an account already linked to another identity is refused in Swedish and
  nothing is written. Roles and organisation always come from our database, never from the provider.
- A deactivated account, and one locked after failed password attempts, is refused as on the password path.
- A sign-on counts once and only fresh: the ID token must be at most FRESH_SECONDS old and its nonce unused
  in this process. Streamlit keeps the identity in a cookie for 30 days; without this rule a reload after
  the idle time-out or a log-out would log in again. After a sign-on the app's own web session (idle
  time-out, 12 h limit, log-out, account changes: scoring.platform.web_sessions) applies exactly as after a password.
- Passwords can be turned off per installation (`passwords_enabled`); sign-on is then the only way in.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from scoring.platform import mail
from scoring.platform.access import User, ValidationError, require_role
from scoring.store import Store, accounts, audit
from scoring.store import sign_on as store

FRESH_SECONDS = 300          # an ID token older than this does not log in (clock skew included)
PASSWORDS = "passwords"      # installation_setting key: 'on' (default) or 'off'

NO_ACCOUNT = ("Ditt stadskonto ({email}) är inte kopplat till något konto i arbetsbänken. Be kansliet lägga "
              "upp dig (med den e-postadressen) eller bjuda in dig. Inget konto har skapats.")
NO_EMAIL = ("Inloggningen gav ingen bekräftad e-postadress, så vi kan inte se vilket konto i arbetsbänken du har. "
            "Kontakta kansliet.")
AMBIGUOUS = ("E-postadressen {email} hör till flera konton i arbetsbänken. Kansliet behöver rätta det innan du "
             "kan logga in med stadens konto.")
LINKED_ELSEWHERE = ("Kontot som har e-postadressen {email} är redan kopplat till en annan inloggning. "
                    "Kontakta kansliet.")
DEACTIVATED = "Kontot är avstängt. Kontakta kansliet."
LOCKED = ("Kontot är tillfälligt låst efter för många felaktiga inloggningsförsök. Försök igen senare eller be "
          "kansliet låsa upp det.")
INCOMPLETE = "Inloggningen från identitetsleverantören saknar uppgifter (utfärdare eller subjekt). Försök igen."
PASSWORDS_OFF = "Inloggning med lösenord är avstängd här. Logga in med stadens konto."
BAD_EMAIL = "Ange en e-postadress som namn@domän."
UNKNOWN_ACCOUNT = "Kontot '{username}' finns inte."


class SignOnRefused(Exception):
    """The identity cannot log in; the message is Swedish and safe to show."""


class Stale(Exception):
    """The identity is Streamlit's remembered cookie, not a fresh sign-on: ask the user to sign on again."""


@dataclass(frozen=True)
class Identity:
    issuer: str
    subject: str
    email: str | None
    email_verified: bool


def _true(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def identity(claims: Mapping[str, Any]) -> Identity:
    """The parts of the ID token's claims we use. Raises SignOnRefused(INCOMPLETE) without iss and sub."""
    issuer, subject = claims.get("iss"), claims.get("sub")
    if not isinstance(issuer, str) or not issuer or not isinstance(subject, str) or not subject:
        raise SignOnRefused(INCOMPLETE)
    email = claims.get("email")
    email = email.strip() if isinstance(email, str) and email.strip() else None
    verified = _true(claims.get("email_verified")) or _true(claims.get("xms_edov"))
    return Identity(issuer, subject, email, verified)


class _Nonces:
    """Nonces of sign-ons already used in this process (only their hash, forgotten after FRESH_SECONDS)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: dict[str, float] = {}

    def first_use(self, nonce: str, now: float) -> bool:
        key = hashlib.sha256(nonce.encode("utf-8", "replace")).hexdigest()
        with self._lock:
            self._seen = {k: t for k, t in self._seen.items() if now - t <= 2 * FRESH_SECONDS}
            if key in self._seen:
                return False
            self._seen[key] = now
            return True


USED = _Nonces()


def claim_fresh(claims: Mapping[str, Any], now: float | None = None) -> None:
    """Raises Stale unless the ID token was issued within FRESH_SECONDS and its nonce has not logged in yet
    (the nonce is then used up)."""
    now = time.time() if now is None else now
    issued, nonce = claims.get("iat"), claims.get("nonce")
    if not isinstance(issued, (int, float)) or isinstance(issued, bool) or abs(now - issued) > FRESH_SECONDS:
        raise Stale()
    if not isinstance(nonce, str) or not nonce or not USED.first_use(nonce, now):
        raise Stale()


def sign_in(db: Store, claims: Mapping[str, Any], now: dt.datetime | None = None) -> User:
    """The account of a fresh sign-on (see claim_fresh, called first), linked to the identity at its first
    match and audited. Raises Stale, or SignOnRefused with the Swedish reason (nothing written then)."""
    claim_fresh(claims)
    return match(db, identity(claims), now)


def match(db: Store, who: Identity, now: dt.datetime | None = None) -> User:
    """The account `who` is: by stored subject, else by verified e-mail (then linked). Audited as a log-in."""
    now = now or dt.datetime.now()

    def write(con) -> User:
        account, linked = store.by_subject(con, who.issuer, who.subject), True
        if account is None:
            account, linked = _by_email(con, who), False
        if not account["active"]:
            raise SignOnRefused(DEACTIVATED)
        if account["locked_until"] is not None and account["locked_until"] > now:
            raise SignOnRefused(LOCKED)
        username = account["username"]
        if not linked:
            store.link(con, username, who.issuer, who.subject, now)
            audit.record(con, username, "link_sign_on", "account", username,
                         new={"issuer": who.issuer, "subject": who.subject})
        audit.record(con, username, "login", "account", username, new={"method": "sign_on"})
        return User(username, account["display_name"], account["role"], account["organisation_id"])

    return db.write(write)


def _by_email(con, who: Identity) -> dict:
    if who.email is None or not who.email_verified:
        raise SignOnRefused(NO_EMAIL)
    found = store.by_email(con, who.email)
    if not found:
        raise SignOnRefused(NO_ACCOUNT.format(email=who.email))
    if len(found) > 1:
        raise SignOnRefused(AMBIGUOUS.format(email=who.email))
    issuer, subject = store.link_of(con, found[0]["username"])
    if subject is not None and (issuer, subject) != (who.issuer, who.subject):
        raise SignOnRefused(LINKED_ELSEWHERE.format(email=who.email))
    return found[0]


# ---------------------------------------------------------------- the installation's settings


def passwords_enabled(db: Store) -> bool:
    """Whether log-in with a password is allowed here (on unless the kansli turned it off)."""
    with db.read() as con:
        return store.setting(con, PASSWORDS) != "off"


def set_passwords_enabled(db: Store, actor: User, enabled: bool) -> None:
    """Turn log-in with passwords on or off for the installation (the kansli only; audited)."""
    require_role(actor, "admin")
    value = "on" if enabled else "off"

    def write(con) -> None:
        old = store.setting(con, PASSWORDS) or "on"
        if old == value:
            return
        store.set_setting(con, PASSWORDS, value)
        audit.record(con, actor.username, "set_passwords", "installation", PASSWORDS, old={"value": old},
                     new={"value": value})

    db.write(write)


def set_email(db: Store, actor: User, username: str, email: str | None) -> None:
    """The e-mail a sign-on matches for an account without an examiner e-mail (the kansli, the committee).
    An empty value removes it (an examiner then matches by their examiner e-mail again)."""
    require_role(actor, "admin")
    username = username.strip().lower()
    email = (email or "").strip() or None
    if email is not None and not mail.valid_address(email):
        raise ValidationError(BAD_EMAIL)

    def write(con) -> None:
        if accounts.get(con, username) is None:
            raise ValidationError(UNKNOWN_ACCOUNT.format(username=username))
        store.set_email(con, username, email)
        audit.record(con, actor.username, "set_sign_on_email", "account", username, new={"email": email})

    db.write(write)
