"""The audit log: every write path records who/when/what/old/new; the log is only appended to."""
from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from scoring.assessment import individual as assessment
from scoring.platform import audit_trail
from scoring.platform import auth
from scoring.platform import backup
from scoring.platform.access import User, ValidationError
from scoring.store import Store, audit
from scoring.store import backup as exports
from tests.conftest import REPO

FULL = {c: {"score": 60, "strengths": f"Styrka {c}", "improvements": f"Förbättring {c}"} for c in range(1, 6)}
WRITES_TO_AUDIT_LOG = re.compile(
    r"\b(UPDATE\s+audit_log|DELETE\s+FROM\s+audit_log|TRUNCATE\s+(TABLE\s+)?audit_log|DROP\s+TABLE\s+(IF\s+EXISTS\s+)?"
    r"audit_log|ALTER\s+TABLE\s+audit_log|INSERT\s+OR\s+REPLACE\s+INTO\s+audit_log|"
    r"INTO\s+audit_log[^;]*ON\s+CONFLICT)", re.IGNORECASE | re.DOTALL)


def test_no_code_changes_or_deletes_audit_entries():
    files = [p for p in (REPO / "scoring").rglob("*") if p.suffix in (".py", ".sql")]
    offenders = [str(p.relative_to(REPO)) for p in files if WRITES_TO_AUDIT_LOG.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_the_pattern_would_catch_an_update_or_delete():
    for sql in ("UPDATE audit_log SET actor = 'x'", "delete from audit_log where id = 1",
                "INSERT INTO audit_log (id) VALUES (1) ON CONFLICT DO UPDATE SET actor = 'x'"):
        assert WRITES_TO_AUDIT_LOG.search(sql), sql


def test_only_the_store_inserts_into_audit_log():
    inserting = sorted(str(p.relative_to(REPO)) for p in (REPO / "scoring").rglob("*.py")
                       if re.search(r"INSERT\s+INTO\s+audit_log", p.read_text(encoding="utf-8"), re.IGNORECASE))
    assert inserting == ["scoring/store/audit.py"]


# -- every write path records who, when, what, old and new -----------------------------------------

@dataclass(frozen=True)
class Write:
    id: str
    call: Callable[[Store, Callable[[str], User]], object]
    actor: str
    action: str
    entity: str
    needs_old: bool
    needs_new: bool


def _sid(db: Store, user, username: str, status: str) -> int:
    mine = assessment.my_assessments(db, user(username), 2026)
    return mine.filter(mine["status"] == status)["submission_id"][0]


def _save(status: str, submit: bool = False):
    def call(db, user):
        me = user("examinator3")
        sid = _sid(db, user, "examinator3", status)
        version = assessment.open_assessment(db, me, sid).version
        return (assessment.submit if submit else assessment.save_draft)(db, me, sid, FULL, version)
    return call


def _failed_login(db, user):
    with pytest.raises(auth.LoginError):
        auth.login(db, "examinator3", "fel")


WRITES = [
    Write("save-draft", _save("draft"), "examinator3", "save_draft", "assessment", True, True),
    Write("submit", _save("draft", submit=True), "examinator3", "submit", "assessment", True, True),
    Write("reopen", lambda db, user: assessment.reopen(db, user("admin"), _sid(db, user, "examinator3", "submitted"),
                                                      "examinator3", "Fel kriterium"),
          "admin", "reopen", "assessment", True, True),
    Write("login", lambda db, user: auth.login(db, "examinator3", "demo"), "examinator3", "login", "account",
          False, False),
    Write("login-failed", _failed_login, "examinator3", "login_failed", "account", False, True),
    Write("create-account", lambda db, user: auth.create_account(db, user("admin"), "ny.person", "Ny Person",
                                                                 "examiner", "ett-långt-lösenord"),
          "admin", "create", "account", False, True),
    Write("backup", lambda db, user: backup.backup_zip(db, user("admin")), "admin", "backup", "database",
          False, True),
]


@pytest.mark.parametrize("write", WRITES, ids=[w.id for w in WRITES])
def test_write_path_records_who_when_what_old_and_new(write: Write, db: Store, user):
    with db.read() as con:
        last = con.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0]
    started = dt.datetime.now() - dt.timedelta(seconds=5)
    write.call(db, user)
    with db.read() as con:
        new = audit.entries(con).filter(audit.entries(con)["id"] > last)
    assert new.height == 1, new
    entry = new.row(0, named=True)
    assert (entry["actor"], entry["action"], entry["entity"]) == (write.actor, write.action, write.entity)
    assert entry["entity_key"]
    assert started <= entry["logged_at"] <= dt.datetime.now() + dt.timedelta(seconds=5)
    if write.needs_old:
        assert json.loads(entry["old_value"])
    if write.needs_new:
        assert json.loads(entry["new_value"])


def test_save_records_the_old_and_new_values(db: Store, user):
    me = user("examinator3")
    sid = _sid(db, user, "examinator3", "draft")
    view = assessment.open_assessment(db, me, sid)
    old = {str(n): {"score": e.score, "strengths": e.strengths, "improvements": e.improvements}
           for n, e in view.entries.items() if e.score is not None or e.strengths or e.improvements}
    assessment.save_draft(db, me, sid, FULL, view.version)
    with db.read() as con:
        entry = audit.entries(con, actor="examinator3", action="save_draft").row(0, named=True)
    assert entry["entity_key"] == f"{sid}/examinator3"
    assert json.loads(entry["old_value"]) == old
    assert json.loads(entry["new_value"])["3"] == {"score": 60, "strengths": "Styrka 3", "improvements": "Förbättring 3"}


def test_refused_write_leaves_no_audit_entry(db: Store, user):
    me = user("examinator3")
    sid = _sid(db, user, "examinator3", "draft")
    with db.read() as con:
        before = audit.count(con)
    with pytest.raises(assessment.StaleVersion):
        assessment.save_draft(db, me, sid, FULL, 0)
    with db.read() as con:
        assert audit.count(con) == before


def test_entries_survive_later_writes_unchanged(db: Store, demo_path, user):
    _save("draft")(db, user)
    auth.login(db, "admin", "demo")
    before = exports.snapshot(demo_path)["audit_log"]
    assessment.reopen(db, user("admin"), _sid(db, user, "examinator3", "submitted"), "examinator3", "Rättelse")
    _failed_login(db, user)
    after = exports.snapshot(demo_path)["audit_log"]
    assert after[:len(before)] == before
    assert len(after) == len(before) + 2


# -- reading it: filters -----------------------------------------------------------------------------

def test_search_filters_by_actor_action_entity_and_dates(db: Store, user):
    admin = user("admin")
    by = lambda **kw: audit_trail.search(db, admin, audit_trail.AuditFilter(**kw)).entries  # noqa: E731
    demo_actions = set(by(actor="examinator3")["action"])   # the demo's own (e.g. the practice case)
    assert "save_draft" not in demo_actions
    _save("draft")(db, user)
    auth.login(db, "admin", "demo")
    today = dt.date.today()
    assert set(by(actor="examinator3")["action"]) == demo_actions | {"save_draft"}
    assert set(by(action="login")["actor"]) == {"admin"}
    assert set(by(entity="assessment", since=today, until=today)["actor"]) == {"examinator3"}
    assert by(until=today - dt.timedelta(days=1)).is_empty()
    assert by(since=today + dt.timedelta(days=1)).is_empty()
    assert by().height == audit_trail.search(db, admin, audit_trail.AuditFilter()).total
    choices = audit_trail.choices(db, admin)
    assert {"examinator3", "admin", "system"} <= set(choices["actor"])
    assert {"save_draft", "login", "create_demo"} <= set(choices["action"])


def test_search_refuses_an_inverted_date_range(db: Store, user):
    with pytest.raises(ValidationError, match="ligger efter till-datumet"):
        audit_trail.search(db, user("admin"), audit_trail.AuditFilter(since=dt.date(2026, 5, 2),
                                                                      until=dt.date(2026, 5, 1)))


def test_search_caps_rows_and_says_so(db: Store, user):
    for _ in range(3):
        auth.login(db, "admin", "demo")
    found = audit_trail.search(db, user("admin"), audit_trail.AuditFilter(action="login"), limit=2)
    assert (found.entries.height, found.total, found.truncated) == (2, 3, True)
    assert found.entries["id"][0] > found.entries["id"][1]  # newest first
