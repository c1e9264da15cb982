"""Log-in with argon2id hashes, lock-out after repeated failures, and account creation."""
from __future__ import annotations

import datetime as dt

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from scoring import web_sessions
from scoring.access import ROLES, User, ValidationError, require_role
from scoring.store import Store, accounts, audit

MAX_FAILED_LOGINS = 5
LOCK_MINUTES = 15
MIN_PASSWORD_LENGTH = 10
_hasher = PasswordHasher(type=Type.ID)

WRONG_CREDENTIALS = "Fel användarnamn eller lösenord."
LOCKED = "Kontot är låst efter för många misslyckade inloggningar. Försök igen om {minutes} minuter."


class LoginError(Exception):
    """Log-in refused; the message is safe to show (it never tells which part was wrong)."""


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def login(db: Store, username: str, password: str, now: dt.datetime | None = None) -> User:
    """Check the password; count failures and lock the account after MAX_FAILED_LOGINS."""
    now = now or dt.datetime.now()
    username = username.strip().lower()
    with db.read() as con:
        account = accounts.get(con, username)
    if account is None or not account["active"]:
        _hasher.hash(password)  # same work as a real check, so timing does not reveal the name
        raise LoginError(WRONG_CREDENTIALS)
    locked_until = account["locked_until"]
    if locked_until is not None and locked_until > now:
        minutes = max(1, round((locked_until - now).total_seconds() / 60))
        raise LoginError(LOCKED.format(minutes=minutes))
    if not _verify(account["password_hash"], password):
        _record_failure(db, account, now)
        raise LoginError(WRONG_CREDENTIALS)

    def ok(con) -> None:
        accounts.record_successful_login(con, username)
        audit.record(con, username, "login", "account", username)

    db.write(ok)
    return User(username, account["display_name"], account["role"], account["organisation_id"])


def _record_failure(db: Store, account: dict, now: dt.datetime) -> None:
    # A lock that has run out starts a fresh count: one typo after the wait must not relock.
    expired = account["locked_until"] is not None and account["locked_until"] <= now
    failures = 1 if expired else account["failed_logins"] + 1
    lock = now + dt.timedelta(minutes=LOCK_MINUTES) if failures >= MAX_FAILED_LOGINS else None

    def fail(con) -> None:
        accounts.record_failed_login(con, account["username"], failures, lock)
        audit.record(con, account["username"], "login_failed", "account", account["username"],
                     new={"failed_logins": failures, "locked_until": lock})

    db.write(fail)


def add_user(db: Store, actor: str, username: str, display_name: str, role: str, password: str,
             organisation_id: int | None = None) -> None:
    """Create a real (non-demo) account. Refuses weak passwords and unknown roles."""
    username = username.strip().lower()
    problems = []
    if not username or not username.replace(".", "").replace("-", "").replace("_", "").isalnum():
        problems.append("Användarnamnet får bara innehålla a–z, 0–9, punkt, bindestreck och understreck.")
    if role not in ROLES:
        problems.append(f"Okänd roll '{role}'. Välj en av: {', '.join(ROLES)}.")
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(f"Lösenordet måste ha minst {MIN_PASSWORD_LENGTH} tecken.")
    if problems:
        raise ValidationError(problems)
    password_hash = hash_password(password)

    def create(con) -> None:
        if accounts.get(con, username) is not None:
            raise ValidationError(f"Användarnamnet '{username}' finns redan.")
        accounts.insert(con, username, display_name or username, role, password_hash, organisation_id)
        audit.record(con, actor, "create", "account", username, new={"role": role})

    db.write(create)


def create_account(db: Store, actor: User, username: str, display_name: str, role: str, password: str,
                   organisation_id: int | None = None) -> None:
    """Account creation from the app: only the kansli (admin) may create accounts."""
    require_role(actor, "admin")
    add_user(db, actor.username, username, display_name, role, password, organisation_id)


def account_user(db: Store, username: str) -> User | None:
    """The user of an active account (for a log-in resumed from the browser's cookie), or None."""
    with db.read() as con:
        account = accounts.get(con, username)
    if account is None or not account["active"]:
        return None
    return User(account["username"], account["display_name"], account["role"], account["organisation_id"])


def session_still_valid(db: Store, user: User) -> bool:
    """A logged-in session ends when its account is deactivated, removed, or given another role or
    organisation (jäv depends on it): the next page load then asks for a new log-in."""
    with db.read() as con:
        account = accounts.get(con, user.username)
    return (account is not None and account["active"] and account["role"] == user.role
            and account["organisation_id"] == user.organisation_id)


def set_password(db: Store, actor: User, username: str, password: str) -> None:
    """Give an account (e.g. an imported examiner) a password it can log in with."""
    require_role(actor, "admin")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(f"Lösenordet måste ha minst {MIN_PASSWORD_LENGTH} tecken.")
    hashed = hash_password(password)
    username = username.strip().lower()

    def write(con) -> None:
        if accounts.get(con, username) is None:
            raise LookupError(f"Kontot '{username}' finns inte.")
        accounts.set_password(con, username, hashed)
        audit.record(con, actor.username, "set_password", "account", username)

    db.write(write)
    # A new password ends the account's log-ins that would survive a reload (and, at their next click,
    # its open sessions).
    web_sessions.REGISTRY.end_user(db.path, username)
