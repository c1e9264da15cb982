"""Log-ins that survive a browser reload (or a dropped connection) in the same app process.

A Streamlit session ends when the browser reloads; without this, an examiner who pressed F5 in the days
before the deadline would have to log in again. At log-in the app gets a random token from `start()` and
keeps it in a cookie; a new browser session presents the cookie and `resume()` names the user again.

Invariants:
- Only a SHA-256 hash of the token is kept (in this process's memory, never in the database), so neither a
  backup nor a memory dump of the registry gives a usable cookie. A server restart ends every web session.
- A token is bound to one database (its scope): a cookie from one database never logs in to another.
- The same idle time-out as a live session (`KVALITET_IDLE_MINUTES`), measured from the last rerun of any
  of the token's browser sessions (`touch()`), and an absolute limit of MAX_HOURS from the log-in.
- Log-out, idle time-out and an account change end the token (`end()`, `end_user()`); the caller checks
  that the account is still active with the same role before it trusts a resumed name
  (scoring.platform.auth.session_still_valid).
"""
from __future__ import annotations

import hashlib
import secrets
import threading
from dataclasses import dataclass

MAX_HOURS = 12
TOKEN_BYTES = 32
HANDOFF_SECONDS = 60   # a log-in's one-time code, redeemed by the browser's next request (scoring.ui.session_cookie)


@dataclass
class _Entry:
    scope: str
    username: str
    started: float     # time.monotonic() at log-in
    last_seen: float


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class WebSessions:
    """Thread-safe: Streamlit runs each browser session's reruns in their own thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[str, _Entry] = {}
        self._handoffs: dict[str, tuple[str, str, float]] = {}   # digest of a code → (scope, username, issued)

    def handoff(self, scope: str, username: str, now: float) -> str:
        """A one-time code for a log-in that has just succeeded, to be exchanged by the browser (through a
        server route) for a token in an HttpOnly cookie. Only its hash is kept; it works once, within
        HANDOFF_SECONDS."""
        code = secrets.token_urlsafe(TOKEN_BYTES)
        with self._lock:
            self._handoffs = {k: v for k, v in self._handoffs.items() if now - v[2] <= HANDOFF_SECONDS}
            self._handoffs[_digest(code)] = (scope, username, now)
        return code

    def redeem(self, code: str | None, now: float) -> str | None:
        """The new log-in token for a one-time code (which is used up), or None: unknown, used or too old."""
        if not isinstance(code, str) or not code:
            return None
        with self._lock:
            found = self._handoffs.pop(_digest(code), None)
        if found is None or now - found[2] > HANDOFF_SECONDS:
            return None
        return self.start(found[0], found[1], now)

    def start(self, scope: str, username: str, now: float) -> str:
        token = secrets.token_urlsafe(TOKEN_BYTES)
        with self._lock:
            self._entries[_digest(token)] = _Entry(scope, username, now, now)
        return token

    def resume(self, scope: str, token: str | None, now: float, idle_seconds: float) -> str | None:
        """The username the token was started for, or None when it is unknown, for another database, idle
        for longer than `idle_seconds` or older than MAX_HOURS (an expired token is forgotten)."""
        if not isinstance(token, str) or not token:
            return None
        key = _digest(token)
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry.scope != scope:
                return None
            if now - entry.last_seen > idle_seconds or now - entry.started > MAX_HOURS * 3600:
                del self._entries[key]
                return None
            entry.last_seen = now
            return entry.username

    def touch(self, token: str | None, now: float) -> bool:
        """Mark the token as used now; False when it has been ended (log-out in another tab)."""
        if not token:
            return False
        with self._lock:
            entry = self._entries.get(_digest(token))
            if entry is None:
                return False
            entry.last_seen = now
            return True

    def end(self, token: str | None) -> None:
        if token:
            with self._lock:
                self._entries.pop(_digest(token), None)

    def end_user(self, scope: str, username: str, keep: str | None = None) -> int:
        """End every web session of an account (e.g. when the kansli deactivates it), except the one of the
        token `keep` (the user changing their own password stays logged in there); returns how many."""
        kept = _digest(keep) if keep else None
        with self._lock:
            doomed = [k for k, e in self._entries.items()
                      if e.scope == scope and e.username == username and k != kept]
            self._handoffs = {k: v for k, v in self._handoffs.items() if (v[0], v[1]) != (scope, username)}
            for key in doomed:
                del self._entries[key]
        return len(doomed)

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)


REGISTRY = WebSessions()   # one per app process
