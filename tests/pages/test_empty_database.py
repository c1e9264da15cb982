"""Every page of every role opens on what `kvalitet init` leaves (no cycle, one administrator), and on one
cycle in each phase: a Swedish message, never Streamlit's crash page (issue 13.4)."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from scoring.platform import auth
from scoring.cycle import setup as cycle_setup
from scoring.committee import decisions
from scoring.platform.access import PHASES
from scoring.store import Store
from scoring.ui import registry
from tests.conftest import REPO, login, user_of

PASSWORD = "ett-långt-lösenord"
ACCOUNTS = {"admin": "admin", "examiner": "examinator", "lead": "ledare", "committee": "kommitte",
            "chair": "ordforande"}
YEAR = 2026


def _init(path: Path) -> None:
    """`kvalitet init` plus one account per role, made with the core's add_user."""
    db = Store(path)
    try:
        auth.add_user(db, "init", "admin", "Administratör", "admin", PASSWORD)
        for role, username in ACCOUNTS.items():
            if role != "admin":
                auth.add_user(db, "admin", username, f"Test {role}", role, PASSWORD)
    finally:
        db.close()


def _to_phase(path: Path, phase: str) -> None:
    """One cycle from criteria/2026.toml moved forward to `phase`; before closing, the chair signs."""
    db = Store(path)
    try:
        admin = user_of(db, "admin")
        cycle_setup.new_cycle(db, admin, YEAR, REPO / "criteria" / "2026.toml")
        for target in PHASES[1:PHASES.index(phase) + 1]:
            if target == "closed":
                chair = user_of(db, "ordforande")
                for code in decisions.cycle_decisions(db, chair, YEAR).classes["class_code"]:
                    decisions.record_proposal(db, chair, YEAR, code, "Inget bidrag anmält i klassen.")
                decisions.sign(db, chair, YEAR)
            cycle_setup.move_phase(db, admin, YEAR, target)
    finally:
        db.close()


def _crashes(path: Path, monkeypatch) -> dict[str, list[str]]:
    """Open every page of every role; the pages that raised (or show a Python None), with their messages."""
    monkeypatch.setenv("KVALITET_DB", str(path))
    monkeypatch.chdir(REPO)
    crashed: dict[str, list[str]] = {}
    for role, username in ACCOUNTS.items():
        at = login(AppTest.from_file(str(REPO / "app.py"), default_timeout=60).run(), username, PASSWORD)
        assert at.session_state["user"].role == role
        for spec in registry.specs_for(role):
            at.switch_page(spec.path).run()
            if at.exception:
                crashed[f"{role}: {spec.title}"] = [e.message for e in at.exception]
            shown = [str(e.value) for kind in ("title", "header", "subheader", "markdown", "caption", "info",
                                               "warning", "error", "success") for e in getattr(at, kind)]
            if any("None" in line for line in shown):                  # e.g. 'i omgången None'
                crashed[f"{role}: {spec.title} (visar None)"] = [line for line in shown if "None" in line]
    return crashed


def test_every_page_of_every_role_opens_on_an_empty_database(tmp_path, monkeypatch, full_error_details):
    path = tmp_path / "kvalitet.duckdb"
    _init(path)
    crashed = _crashes(path, monkeypatch)
    assert not crashed, "\n".join(f"{page}: {messages}" for page, messages in crashed.items())


@pytest.mark.parametrize("phase", PHASES)
def test_every_page_of_every_role_opens_on_a_new_cycle_in_each_phase(tmp_path, monkeypatch, full_error_details, phase):
    path = tmp_path / "kvalitet.duckdb"
    _init(path)
    _to_phase(path, phase)
    crashed = _crashes(path, monkeypatch)
    assert not crashed, "\n".join(f"{page}: {messages}" for page, messages in crashed.items())
