"""Log-in with argon2id hashes, lock-out after repeated failures, and the kansli's account management.

Invariants:
- Only the kansli (admin) creates accounts, sets passwords, deactivates/reactivates and unlocks them.
- There is always at least one active admin: nobody deactivates their own account or the last active admin.
- A deactivated account cannot log in, and its log-ins that would survive a reload end at once (its open
  sessions end at their next click: scoring.ui.shell re-checks the account).
"""
from __future__ import annotations

import datetime as dt
import random
import re
import secrets
import threading
import time

import polars as pl
from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from scoring.cycle import field_rules
from scoring.platform import sign_on
from scoring.platform import web_sessions
from scoring.platform.access import ROLE_NAMES, ROLES, User, ValidationError, require_role
from scoring.store import Store, WriteConflict, accounts, audit, registration

MAX_FAILED_LOGINS = 5
LOCK_MINUTES = 15
MIN_PASSWORD_LENGTH = 10
MAX_USERNAME_LENGTH = field_rules.USERNAME.max_chars          # the rules are the examiner import's too
MAX_DISPLAY_NAME_LENGTH = field_rules.DISPLAY_NAME.max_chars
USERNAME_PATTERN = re.compile(field_rules.USERNAME.pattern)
# OWASP's argon2id recommendation (Password Storage Cheat Sheet): m = 19 MiB, t = 2, p = 1. The library's
# default (64 MiB, ~0.2 s) took a burst of 20 log-ins to 1.2 GB. Hashes made with other parameters are
# re-hashed on the owner's next successful log-in (_checked).
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, type=Type.ID)
# At most this many argon2 checks at once in the process: a burst of log-ins waits its turn instead of
# taking 19 MiB each at the same moment.
MAX_CONCURRENT_CHECKS = 4
_checks = threading.BoundedSemaphore(MAX_CONCURRENT_CHECKS)

# One answer for a wrong password, an unknown or inactive name and a locked account: it never tells which.
WRONG_CREDENTIALS = "Fel användarnamn eller lösenord, eller kontot är tillfälligt låst."
BUSY = "Inloggningen kunde inte kontrolleras just nu. Vänta en stund och försök igen."

UNKNOWN_ROLE = "Okänd roll '{role}'. Välj en av: {roles}."
SHORT_PASSWORD = f"Lösenordet måste ha minst {MIN_PASSWORD_LENGTH} tecken."
TAKEN_USERNAME = "Användarnamnet '{username}' finns redan."
UNKNOWN_ACCOUNT = sign_on.UNKNOWN_ACCOUNT       # one message for both ways of logging in
DEACTIVATE_SELF = "Du kan inte stänga av ditt eget konto."
LAST_ADMIN = ("Kontot '{username}' är det sista aktiva kansli-kontot och kan inte stängas av. "
              "Skapa eller aktivera ett annat kansli-konto först.")


class LoginError(Exception):
    """Log-in refused; the message is safe to show (it never tells which part was wrong)."""


def hash_password(password: str) -> str:
    with _checks:
        return _hasher.hash(password)


def _verify(password_hash: str, password: str) -> bool:
    with _checks:
        try:
            return _hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False


def _needs_rehash(password_hash: str) -> bool:
    """Made with other argon2 parameters than today's (e.g. the library's old default of 64 MiB)."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return False


def login(db: Store, username: str, password: str, now: dt.datetime | None = None) -> User:
    """Check the password; lock the account for LOCK_MINUTES after MAX_FAILED_LOGINS failed attempts.

    Each attempt is counted BEFORE its password is checked, in one UPDATE … RETURNING (see
    accounts.claim_login_attempt), retried until it lands: parallel guesses can neither share a count nor
    lose one, so at most MAX_FAILED_LOGINS guesses are ever checked before the lock. A success clears the
    count. Unknown, inactive and locked accounts get the same answer as a wrong password, after the same
    argon2 work, so neither the message nor the time tells whether an account exists or is locked."""
    username = username.strip().lower()
    if not sign_on.passwords_enabled(db):   # the installation signs on through the city's provider only
        raise LoginError(sign_on.PASSWORDS_OFF)
    account = _checked(db, username, password, now or dt.datetime.now(),
                       lambda con: audit.record(con, username, "login", "account", username))
    return User(username, account["display_name"], account["role"], account["organisation_id"])


def _checked(db: Store, username: str, password: str, now: dt.datetime, then) -> dict:
    """The password check shared by log-in and password change: count the attempt, verify, and on success
    clear the count and run `then(con)` in the same transaction. Raises LoginError(WRONG_CREDENTIALS)."""
    lock_until = now + dt.timedelta(minutes=LOCK_MINUTES)
    account = _persist(db, lambda con: accounts.claim_login_attempt(con, username, now, MAX_FAILED_LOGINS,
                                                                   lock_until))
    if account is None:                      # unknown, inactive or locked: nothing was written
        _verify(_dummy_hash(), password)
        raise LoginError(WRONG_CREDENTIALS)
    if not _verify(account["password_hash"], password):
        failures, locked = account["failed_logins"], account["locked_until"]
        _persist(db, lambda con: audit.record(con, username, "login_failed", "account", username,
                                              new={"failed_logins": failures, "locked_until": locked}))
        raise LoginError(WRONG_CREDENTIALS)

    old_hash = account["password_hash"]
    new_hash = hash_password(password) if _needs_rehash(old_hash) else None

    def ok(con) -> None:
        accounts.record_successful_login(con, username)
        if new_hash is not None and accounts.replace_hash(con, username, old_hash, new_hash):
            audit.record(con, username, "password_rehashed", "account", username)
        then(con)

    _persist(db, ok)
    return account


_DUMMY_HASH: list[str] = []


def _dummy_hash() -> str:
    """A real argon2id hash of a random password, made once: verifying against it costs what a real check does."""
    if not _DUMMY_HASH:
        _DUMMY_HASH.append(_hasher.hash(secrets.token_urlsafe(16)))
    return _DUMMY_HASH[0]


LOGIN_ATTEMPTS_WRITE = 60   # many parallel log-ins to one account each retry until their write lands


def _persist(db: Store, work):
    """db.write with patient retries and jitter: the log-in's counting must never be lost to a write race.
    Should the database stay busy past every retry, the log-in is refused (never allowed) in Swedish."""
    for attempt in range(LOGIN_ATTEMPTS_WRITE):
        try:
            return db.write(work, retries=0)
        except WriteConflict:
            time.sleep(random.uniform(0, 0.002 * min(attempt + 1, 20)))
    raise LoginError(BUSY)


def add_user(db: Store, actor: str, username: str, display_name: str, role: str, password: str,
             organisation_id: int | None = None) -> None:
    """Create a real (non-demo) account. Refuses weak passwords, unknown roles and organisations."""
    username = username.strip().lower()
    display_name = (display_name or "").strip()
    problems = _account_problems(username, display_name, role)
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(SHORT_PASSWORD)
    if problems:
        raise ValidationError(problems)
    password_hash = hash_password(password)

    def create(con) -> None:
        if accounts.get(con, username) is not None:
            raise ValidationError(TAKEN_USERNAME.format(username=username))
        if organisation_id is not None and not accounts.organisation_exists(con, organisation_id):
            raise ValidationError(registration.UNKNOWN_ORGANISATION.format(organisation_id=organisation_id))
        accounts.insert(con, username, display_name or username, role, password_hash, organisation_id)
        audit.record(con, actor, "create", "account", username,
                     new={"role": role, "display_name": display_name or username, "organisation_id": organisation_id})

    db.write(create)


def _account_problems(username: str, display_name: str, role: str) -> list[str]:
    checks = (field_rules.USERNAME.check(username), field_rules.DISPLAY_NAME.check(display_name))
    problems = [p for p in checks if p is not None]
    if role not in ROLES:
        roles = "; ".join(f"{code} – {ROLE_NAMES[code].lower()}" for code in ROLES)
        problems.append(UNKNOWN_ROLE.format(role=role, roles=roles))
    return problems


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
    current = account_user(db, user.username)
    return current is not None and (current.role, current.organisation_id) == (user.role, user.organisation_id)


def set_password(db: Store, actor: User, username: str, password: str) -> None:
    """Give an account (e.g. an imported examiner) a password it can log in with."""
    require_role(actor, "admin")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(SHORT_PASSWORD)
    hashed = hash_password(password)
    username = username.strip().lower()

    def write(con) -> None:
        if accounts.get(con, username) is None:
            raise LookupError(UNKNOWN_ACCOUNT.format(username=username))
        accounts.set_password(con, username, hashed)
        audit.record(con, actor.username, "set_password", "account", username)

    db.write(write)
    # A new password ends the account's log-ins that would survive a reload (and, at their next click,
    # its open sessions).
    web_sessions.REGISTRY.end_user(db.path, username)


OLD_PASSWORD_WRONG = ("Det nuvarande lösenordet stämmer inte, eller kontot är tillfälligt låst efter för många "
                      "försök.")
NEW_PASSWORD_MISMATCH = "De två nya lösenorden är inte likadana."
NEW_PASSWORD_SAME = "Det nya lösenordet måste skilja sig från det nuvarande."
NEW_PASSWORD_USERNAME = "Lösenordet får inte vara ditt användarnamn."


def change_password(db: Store, actor: User, old_password: str, new_password: str, repeated: str,
                    keep_token: str | None = None, now: dt.datetime | None = None) -> int:
    """A logged-in user changes their own password: the current one must be given (counted as a log-in
    attempt, so a left-open session cannot be used to guess it past the lock-out), the new one is checked,
    stored and audited in one transaction, and every other log-in of the account ends (all but the web
    session `keep_token`; their open sessions end at their next click). Returns how many were ended."""
    problems = []
    if len(new_password) < MIN_PASSWORD_LENGTH:
        problems.append(SHORT_PASSWORD)
    if new_password != repeated:
        problems.append(NEW_PASSWORD_MISMATCH)
    if new_password and new_password == old_password:
        problems.append(NEW_PASSWORD_SAME)
    if new_password.strip().lower() == actor.username:
        problems.append(NEW_PASSWORD_USERNAME)
    if problems:
        raise ValidationError(problems)
    hashed = hash_password(new_password)

    def store(con) -> None:
        accounts.set_password(con, actor.username, hashed)
        audit.record(con, actor.username, "change_password", "account", actor.username)

    try:
        _checked(db, actor.username, old_password, now or dt.datetime.now(), store)
    except LoginError as exc:
        raise ValidationError(OLD_PASSWORD_WRONG if str(exc) == WRONG_CREDENTIALS else str(exc)) from exc
    return web_sessions.REGISTRY.end_user(db.path, actor.username, keep=keep_token)


# ---------------------------------------------------------------- the kansli's account management


def accounts_overview(db: Store, actor: User, now: dt.datetime | None = None) -> pl.DataFrame:
    """Every account: username, display_name, role, role_name (Swedish), organisation, active, locked (a lock
    after failed log-ins that has not run out), needs_password (imported, no usable password yet), is_demo.
    Sorted by role (kansli first, as ROLES) and then name."""
    require_role(actor, "admin")
    with db.read() as con:
        rows = accounts.overview(con, now or dt.datetime.now())
    order = {role: i for i, role in enumerate(ROLES)}
    return (rows.with_columns(pl.col("role").replace_strict(ROLE_NAMES, default=pl.col("role"),
                                                            return_dtype=pl.String).alias("role_name"),
                              pl.col("role").replace_strict(order, default=len(ROLES), return_dtype=pl.Int64)
                              .alias("_order"), _name_order(rows["display_name"]).alias("_name"))
            .sort("_order", "_name", "username")
            .select("username", "display_name", "role", "role_name", "organisation_id", "organisation", "active",
                    "locked", "failed_logins", "needs_password", "is_demo"))


def _name_order(names: pl.Series) -> pl.Series:
    """A sort key as a Swedish reader expects: å, ä, ö after z (in that order), and numbers by value
    (Examinator 2 before Examinator 11)."""
    swedish = str.maketrans({"å": "z{", "ä": "z|", "ö": "z}", "é": "e"})
    return pl.Series([re.sub(r"\d+", lambda m: m.group().zfill(9), (name or "").lower().translate(swedish))
                      for name in names], dtype=pl.String)


def set_active(db: Store, actor: User, username: str, active: bool) -> None:
    """Deactivate (the account can no longer log in; its sessions end) or reactivate an account.
    Nobody deactivates their own account or the last active admin. An unchanged state writes nothing."""
    require_role(actor, "admin")
    username = username.strip().lower()
    if not active and username == actor.username:
        raise ValidationError(DEACTIVATE_SELF)

    def write(con) -> None:
        account = _existing(con, username)
        if account["active"] == active:
            return
        if not active and account["role"] == "admin" and accounts.count_admins(con) <= 1:
            raise ValidationError(LAST_ADMIN.format(username=username))
        accounts.set_active(con, username, active)
        audit.record(con, actor.username, "activate" if active else "deactivate", "account", username,
                     old={"active": account["active"]}, new={"active": active})

    db.write(write)
    if not active:
        web_sessions.REGISTRY.end_user(db.path, username)


def unlock(db: Store, actor: User, username: str) -> None:
    """Lift a lock after failed log-ins (and forget the failures) before the lock runs out by itself."""
    require_role(actor, "admin")
    username = username.strip().lower()

    def write(con) -> None:
        account = _existing(con, username)
        if account["failed_logins"] == 0 and account["locked_until"] is None:
            return
        accounts.unlock(con, username)
        audit.record(con, actor.username, "unlock", "account", username,
                     old={"failed_logins": account["failed_logins"], "locked_until": account["locked_until"]},
                     new={"failed_logins": 0, "locked_until": None})

    db.write(write)


def _existing(con, username: str) -> dict:
    account = accounts.get(con, username)
    if account is None:
        raise ValidationError(UNKNOWN_ACCOUNT.format(username=username))
    return account
