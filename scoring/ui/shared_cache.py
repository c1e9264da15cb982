"""What is the same for every session (the newest cycle's year, a cycle's rulebook and phase), read once per
process and per data version instead of once per session (issue 16.4: a hundred examiners on one server).

The data version is the store's (Store.data_version, the one answer to "has the data changed?"): any committed
write that can change the value, by anyone, makes the next read fetch afresh; until then every session gets the
same object. With drafts=False an examiner's own draft does not count as a change: for values no draft can
change (a rulebook, a phase, the year), which then stay read while a hundred examiners save. Values must be
immutable (Rulebook is frozen, a phase or a year is a str or an int). Nothing is kept per session, so an idle
session costs nothing here.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
MAX_ENTRIES = 64
_CACHE: OrderedDict[tuple[str, str, bool], tuple[Any, object]] = OrderedDict()
_LOCK = threading.Lock()


def shared(key: str, compute: Callable[[], T], drafts: bool = True) -> T:
    """`compute()`, or the value another session computed for `key` at the same data version. `key` must name
    everything the value depends on (e.g. f"rulebook:{year}"); drafts=False only for what no examiner's draft
    can change."""
    from scoring.ui import shell
    db = shell.store()
    version = db.data_version(drafts=drafts)
    if version is None:                   # an in-memory database has no version: never shared
        return compute()
    slot = (db.path, key, drafts)
    with _LOCK:
        hit = _CACHE.get(slot)
        if hit is not None and hit[0] == version:
            _CACHE.move_to_end(slot)
            return hit[1]   # type: ignore[return-value]
    value = compute()
    with _LOCK:
        _CACHE[slot] = (version, value)
        _CACHE.move_to_end(slot)
        while len(_CACHE) > MAX_ENTRIES:
            _CACHE.popitem(last=False)
    return value
