"""What is the same for every session (the newest cycle's year, a cycle's rulebook and phase), read once per
process and per data version instead of once per session (issue 16.4: a hundred examiners on one server).

The data version is the database file's signature (shell's: modification time and size of the file and its
write-ahead log), so any committed write, by anyone, makes the next read fetch afresh; until then every session
gets the same object. Values must be immutable (Rulebook is frozen, a phase or a year is a str or an int).
Nothing is kept per session, so an idle session costs nothing here.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
MAX_ENTRIES = 64
_CACHE: OrderedDict[tuple[str, str], tuple[tuple, object]] = OrderedDict()
_LOCK = threading.Lock()


def shared(key: str, compute: Callable[[], T]) -> T:
    """`compute()`, or the value another session computed for `key` at the same data version. `key` must name
    everything the value depends on (e.g. f"rulebook:{year}")."""
    from scoring.ui import shell
    signature = shell._database_signature()
    if signature is None:                 # an in-memory database has no file to watch: never shared
        return compute()
    slot = (shell.store().path, key)
    with _LOCK:
        hit = _CACHE.get(slot)
        if hit is not None and hit[0] == signature:
            _CACHE.move_to_end(slot)
            return hit[1]   # type: ignore[return-value]
    value = compute()
    with _LOCK:
        _CACHE[slot] = (signature, value)
        _CACHE.move_to_end(slot)
        while len(_CACHE) > MAX_ENTRIES:
            _CACHE.popitem(last=False)
    return value
