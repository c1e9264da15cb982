"""The demo with next year's cycle beside it: 2026 in assessment, 2027 copied from it and in registration,
with some of 2026's units registered to 2027 through the core (as the kansli would)."""
from __future__ import annotations

from scoring.cycle import setup as cycle_setup
from scoring.cycle import registration
from scoring.store import Store
from tests.conftest import user_of


def add_2027(db: Store, units: int = 4) -> dict[str, int]:
    """Copy 2026 to 2027 and register `units` of 2026's units to it (same class, reason given where needed).
    Returns unit id → the new 2027 submission id."""
    admin = user_of(db, "admin")
    assert cycle_setup.copy_cycle(db, admin, 2026) == 2027
    with db.read() as con:
        rows = con.execute("SELECT unit_id, class_code FROM submission WHERE cycle = 2026 ORDER BY id LIMIT ?",
                           [units]).fetchall()
    return {unit: registration.register(db, admin, 2027, unit, code, override_reason="Test: anmäld igen")
            for unit, code in rows}
