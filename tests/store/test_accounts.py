"""The kansli's account management in the core (scoring.platform.auth) on a copy of the demo database: the overview,
creating accounts, deactivating/reactivating (never yourself, never the last admin) and unlocking.
A refusal is checked against every table, before and after."""
from __future__ import annotations

import datetime as dt
import json
import time

import polars as pl
import pytest

from scoring.platform import auth
from scoring.cycle import import_apply as unit_import
from scoring.platform import web_sessions
from scoring.platform.access import ROLE_NAMES, ROLES, AccessDenied, ValidationError
from scoring.store import Store, accounts, audit
from scoring.store import backup as exports

PASSWORD = "ett-långt-lösenord"


def _snapshot(path) -> dict:
    return exports.snapshot(path)


def _account(db: Store, username: str) -> dict:
    with db.read() as con:
        return accounts.get(con, username)


def _last_audit(db: Store, action: str) -> dict:
    with db.read() as con:
        return audit.entries(con, action=action, entity="account").row(0, named=True)


def _lock_by_failed_logins(db: Store, username: str) -> None:
    for _ in range(auth.MAX_FAILED_LOGINS):
        with pytest.raises(auth.LoginError):
            auth.login(db, username, "fel lösenord")


def import_examiner(db: Store, admin, username: str = "ny.examinator") -> None:
    """An examiner read in from a file: an account with an unusable password (hash starting with '!')."""
    data = (f"anvandarnamn;namn;organisation;utbildningsar;kapacitet;erfarenhet_klasser\n"
            f"{username};Ny Examinator;Trafikkontoret;2024;3;skola\n").encode()
    plan = unit_import.import_examiners(db, admin, data, "examinatorer.csv", 2026)
    assert plan.ok and plan.created == (username,)


# -- the overview -------------------------------------------------------------------------------------

def test_overview_lists_every_demo_account_sorted_by_role_then_name(db, user):
    rows = auth.accounts_overview(db, user("admin"))
    assert rows.height == 20
    assert rows.columns[:4] == ["username", "display_name", "role", "role_name"]
    order = [ROLES.index(r) for r in rows["role"]]
    assert order == sorted(order)
    assert rows["username"][0] == "admin" and rows["username"][-1] == "stadsdirektor"
    leads = rows.filter(pl.col("role") == "lead")["display_name"].to_list()
    assert leads == ["Examinator 1", "Examinator 4", "Examinator 7", "Examinator 10", "Examinator 13"]
    assert dict(zip(rows["role"], rows["role_name"])) == ROLE_NAMES
    three = rows.filter(pl.col("username") == "examinator3").row(0, named=True)
    assert (three["display_name"], three["organisation"]) == ("Examinator 3", "Farsta stadsdelsförvaltning")
    assert rows.filter(pl.col("username") == "admin")["organisation"].to_list() == [None]
    assert rows["active"].all() and rows["is_demo"].all()
    assert not rows["locked"].any() and not rows["needs_password"].any()
    assert "password_hash" not in rows.columns


def test_overview_shows_locks_missing_passwords_and_inactive_accounts(db, user):
    admin = user("admin")
    _lock_by_failed_logins(db, "examinator3")
    import_examiner(db, admin)
    auth.set_active(db, admin, "kommitte2", False)
    rows = auth.accounts_overview(db, admin)
    flags = {r["username"]: (r["active"], r["locked"], r["needs_password"], r["is_demo"])
             for r in rows.iter_rows(named=True)}
    assert flags["examinator3"] == (True, True, False, True)
    assert flags["ny.examinator"] == (True, False, True, False)
    assert flags["kommitte2"] == (False, False, False, True)
    assert flags["examinator4"] == (True, False, False, True)
    later = dt.datetime.now() + dt.timedelta(minutes=auth.LOCK_MINUTES + 1)
    expired = auth.accounts_overview(db, admin, now=later)
    assert not expired.filter(pl.col("username") == "examinator3")["locked"][0]


def test_overview_sorts_swedish_names_with_a_ring_a_umlaut_o_umlaut_last(db, user):
    admin = user("admin")
    for username, name in [("orjan", "Örjan Berg"), ("asa", "Åsa Lind"), ("arla", "Ärla Ek"), ("zara", "Zara Oz")]:
        auth.create_account(db, admin, username, name, "committee", PASSWORD)
    names = auth.accounts_overview(db, admin).filter(pl.col("role") == "committee")["display_name"].to_list()
    assert names[-4:] == ["Zara Oz", "Åsa Lind", "Ärla Ek", "Örjan Berg"]


# -- creating accounts -------------------------------------------------------------------------------

def test_created_account_with_organisation_logs_in_and_is_in_the_overview(db, user):
    admin = user("admin")
    org = db.frame("SELECT id FROM organisation WHERE name = 'Trafikkontoret'")["id"][0]
    auth.create_account(db, admin, " Karin.Lind ", " Karin Lind ", "lead", PASSWORD, org)
    me = auth.login(db, "karin.lind", PASSWORD)
    assert (me.display_name, me.role, me.organisation_id) == ("Karin Lind", "lead", org)
    row = auth.accounts_overview(db, admin).filter(pl.col("username") == "karin.lind").row(0, named=True)
    assert (row["organisation"], row["role_name"], row["is_demo"], row["needs_password"]) == (
        "Trafikkontoret", "Utvärderingsledare", False, False)
    entry = _last_audit(db, "create")
    assert (entry["actor"], entry["entity_key"]) == ("admin", "karin.lind")
    assert json.loads(entry["new_value"]) == {"role": "lead", "display_name": "Karin Lind", "organisation_id": org}


@pytest.mark.parametrize("username, name, role, password, org, message", [
    ("", "Namn", "examiner", PASSWORD, None, "Ange ett användarnamn."),
    ("anna svensson", "Namn", "examiner", PASSWORD, None, "Användarnamnet får bara innehålla"),
    ("anna.öberg", "Namn", "examiner", PASSWORD, None, "Användarnamnet får bara innehålla"),
    ("a" * 65, "Namn", "examiner", PASSWORD, None, "högst 64 tecken"),
    ("anna", "N" * 201, "examiner", PASSWORD, None, "Namnet får vara högst 200 tecken"),
    ("anna", "Namn", "superuser", PASSWORD, None, "examiner – examinator"),
    ("anna", "Namn", "examiner", "kort", None, "minst 10 tecken"),
    ("examinator3", "Namn", "examiner", PASSWORD, None, "Användarnamnet 'examinator3' finns redan."),
    ("Examinator3", "Namn", "examiner", PASSWORD, None, "Användarnamnet 'examinator3' finns redan."),
    ("anna", "Namn", "examiner", PASSWORD, 9999, "Förvaltningen eller bolaget (nummer 9999) finns inte."),
])
def test_bad_account_is_refused_in_swedish_and_changes_nothing(db, user, demo_path, username, name, role, password,
                                                              org, message):
    before = _snapshot(demo_path)
    with pytest.raises(ValidationError) as refused:
        auth.create_account(db, user("admin"), username, name, role, password, org)
    assert any(message in m for m in refused.value.messages), refused.value.messages
    assert _snapshot(demo_path) == before


def test_every_problem_is_listed_at_once(db, user):
    with pytest.raises(ValidationError) as refused:
        auth.create_account(db, user("admin"), "fel namn", "", "superuser", "kort")
    assert len(refused.value.messages) == 3


# -- deactivate and reactivate -------------------------------------------------------------------------

def test_deactivated_account_cannot_log_in_and_reactivated_can(db, user):
    admin = user("admin")
    assert auth.login(db, "examinator3", "demo").role == "examiner"
    auth.set_active(db, admin, "examinator3", False)
    assert not _account(db, "examinator3")["active"]
    with pytest.raises(auth.LoginError, match="Fel användarnamn eller lösenord"):
        auth.login(db, "examinator3", "demo")
    assert auth.account_user(db, "examinator3") is None
    assert not auth.session_still_valid(db, user("examinator3"))
    auth.set_active(db, admin, "examinator3", True)
    assert auth.login(db, "examinator3", "demo").username == "examinator3"


def test_deactivate_and_activate_are_audited_with_old_and_new(db, user):
    admin = user("admin")
    auth.set_active(db, admin, "kommitte1", False)
    off = _last_audit(db, "deactivate")
    assert (off["actor"], off["entity_key"]) == ("admin", "kommitte1")
    assert (json.loads(off["old_value"]), json.loads(off["new_value"])) == ({"active": True}, {"active": False})
    auth.set_active(db, admin, "kommitte1", True)
    on = _last_audit(db, "activate")
    assert (json.loads(on["old_value"]), json.loads(on["new_value"])) == ({"active": False}, {"active": True})


def test_setting_the_state_an_account_already_has_writes_nothing(db, user, demo_path):
    before = _snapshot(demo_path)
    auth.set_active(db, user("admin"), "examinator3", True)
    assert _snapshot(demo_path) == before


def test_deactivating_ends_the_accounts_reload_surviving_log_ins(db, user):
    now = time.monotonic()
    theirs = web_sessions.REGISTRY.start(db.path, "examinator3", now)
    other = web_sessions.REGISTRY.start(db.path, "examinator4", now)
    try:
        auth.set_active(db, user("admin"), "examinator3", False)
        assert web_sessions.REGISTRY.resume(db.path, theirs, now, 600) is None
        assert web_sessions.REGISTRY.resume(db.path, other, now, 600) == "examinator4"
    finally:
        web_sessions.REGISTRY.end(theirs)
        web_sessions.REGISTRY.end(other)


def test_admin_cannot_deactivate_own_account(db, user, demo_path):
    before = _snapshot(demo_path)
    with pytest.raises(ValidationError, match="Du kan inte stänga av ditt eget konto."):
        auth.set_active(db, user("admin"), " Admin ", False)
    assert _snapshot(demo_path) == before
    assert auth.login(db, "admin", "demo").role == "admin"


def test_last_active_admin_cannot_be_deactivated(db, user, demo_path):
    """A second kansli account, deactivated while its session is still open (the shell logs it out at its
    next click): that stale session must not be able to shut out the last active admin."""
    admin = user("admin")
    auth.create_account(db, admin, "kansli2", "Kansli Två", "admin", PASSWORD)
    auth.set_active(db, admin, "kansli2", False)
    stale = user("kansli2")
    before = _snapshot(demo_path)
    with pytest.raises(ValidationError, match="sista aktiva kansli-kontot"):
        auth.set_active(db, stale, "admin", False)
    assert _snapshot(demo_path) == before
    assert auth.login(db, "admin", "demo").role == "admin"


def test_another_admin_can_be_deactivated_while_one_stays_active(db, user):
    admin = user("admin")
    auth.create_account(db, admin, "kansli2", "Kansli Två", "admin", PASSWORD)
    auth.set_active(db, user("kansli2"), "admin", False)
    with db.read() as con:
        assert accounts.count_admins(con) == 1
    with pytest.raises(auth.LoginError):
        auth.login(db, "admin", "demo")


@pytest.mark.parametrize("call", [
    lambda db, admin: auth.set_active(db, admin, "finns.inte", False),
    lambda db, admin: auth.set_active(db, admin, "finns.inte", True),
    lambda db, admin: auth.unlock(db, admin, "finns.inte"),
], ids=["deactivate", "activate", "unlock"])
def test_unknown_account_is_refused_in_swedish(db, user, demo_path, call):
    before = _snapshot(demo_path)
    with pytest.raises(ValidationError, match="Kontot 'finns.inte' finns inte."):
        call(db, user("admin"))
    assert _snapshot(demo_path) == before


# -- unlock ---------------------------------------------------------------------------------------------

def test_unlock_lifts_a_lock_from_five_failed_logins(db, user):
    _lock_by_failed_logins(db, "examinator3")
    with pytest.raises(auth.LoginError, match="låst"):
        auth.login(db, "examinator3", "demo")
    auth.unlock(db, user("admin"), "examinator3")
    row = _account(db, "examinator3")
    assert (row["failed_logins"], row["locked_until"]) == (0, None)
    entry = _last_audit(db, "unlock")
    assert (entry["actor"], entry["entity_key"]) == ("admin", "examinator3")
    assert json.loads(entry["old_value"])["failed_logins"] == auth.MAX_FAILED_LOGINS
    assert json.loads(entry["new_value"]) == {"failed_logins": 0, "locked_until": None}
    assert auth.login(db, "examinator3", "demo").username == "examinator3"


def test_unlock_also_forgets_failures_below_the_lock(db, user):
    for _ in range(auth.MAX_FAILED_LOGINS - 1):
        with pytest.raises(auth.LoginError):
            auth.login(db, "examinator3", "fel")
    auth.unlock(db, user("admin"), "examinator3")
    with pytest.raises(auth.LoginError, match="Fel användarnamn"):
        auth.login(db, "examinator3", "fel")     # one more typo: no lock, the count started over
    assert _account(db, "examinator3")["locked_until"] is None


def test_unlocking_an_account_that_is_not_locked_writes_nothing(db, user, demo_path):
    before = _snapshot(demo_path)
    auth.unlock(db, user("admin"), "examinator3")
    assert _snapshot(demo_path) == before


# -- passwords for imported examiners -------------------------------------------------------------------

def test_imported_examiner_logs_in_after_the_kansli_sets_a_password(db, user):
    admin = user("admin")
    import_examiner(db, admin)
    assert _account(db, "ny.examinator")["password_hash"].startswith(unit_import.UNUSABLE_PREFIX)
    with pytest.raises(auth.LoginError):
        auth.login(db, "ny.examinator", "")
    auth.set_password(db, admin, "ny.examinator", PASSWORD)
    assert auth.login(db, "ny.examinator", PASSWORD).role == "examiner"
    row = auth.accounts_overview(db, admin).filter(pl.col("username") == "ny.examinator")
    assert row["needs_password"].to_list() == [False]


@pytest.mark.parametrize("username", ["examinator3", "kommitte1"])
def test_other_roles_are_refused_every_account_function(db, user, username):
    me = user(username)
    for call in (lambda: auth.accounts_overview(db, me), lambda: auth.set_active(db, me, "examinator4", False),
                 lambda: auth.unlock(db, me, "examinator4")):
        with pytest.raises(AccessDenied, match="kansli"):
            call()
