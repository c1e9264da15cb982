"""Accounts: argon2id hashes, lock-out after 5 failures (with a pinned clock), real vs demo accounts,
and the `kvalitet init` / `add-user` commands run in-process."""
from __future__ import annotations

import datetime as dt

import pytest

from scoring import cli
from scoring.platform import auth
from scoring.platform.access import ValidationError
from scoring.store import Store, accounts, audit

NOW = dt.datetime(2026, 3, 2, 9, 0, 0)


def _account(db: Store, username: str) -> dict:
    with db.read() as con:
        return accounts.get(con, username)


@pytest.fixture
def real(empty_db: Store) -> Store:
    auth.add_user(empty_db, "test", "anna.svensson", "Anna Svensson", "examiner", "rätt-lösenord-123")
    return empty_db


def test_password_is_stored_as_argon2id_hash(real):
    stored = _account(real, "anna.svensson")["password_hash"]
    assert stored.startswith("$argon2id$")
    assert "rätt-lösenord-123" not in stored


def test_four_failures_do_not_lock(real):
    for i in range(4):
        with pytest.raises(auth.LoginError, match="Fel användarnamn eller lösenord"):
            auth.login(real, "anna.svensson", "fel", now=NOW + dt.timedelta(seconds=i))
    assert _account(real, "anna.svensson")["locked_until"] is None
    assert auth.login(real, "anna.svensson", "rätt-lösenord-123", now=NOW).username == "anna.svensson"
    assert _account(real, "anna.svensson")["failed_logins"] == 0


def test_fifth_failure_locks_for_lock_minutes(real):
    for i in range(auth.MAX_FAILED_LOGINS):
        with pytest.raises(auth.LoginError):
            auth.login(real, "anna.svensson", "fel", now=NOW)
    assert _account(real, "anna.svensson")["locked_until"] == NOW + dt.timedelta(minutes=auth.LOCK_MINUTES)


def test_locked_account_refuses_even_the_right_password(real):
    for _ in range(auth.MAX_FAILED_LOGINS):
        with pytest.raises(auth.LoginError):
            auth.login(real, "anna.svensson", "fel", now=NOW)
    with pytest.raises(auth.LoginError) as locked:
        auth.login(real, "anna.svensson", "rätt-lösenord-123", now=NOW + dt.timedelta(minutes=1))
    assert str(locked.value) == "Fel användarnamn eller lösenord, eller kontot är tillfälligt låst."
    with pytest.raises(auth.LoginError, match="låst"):
        auth.login(real, "anna.svensson", "rätt-lösenord-123",
                   now=NOW + dt.timedelta(minutes=auth.LOCK_MINUTES, seconds=-1))


def test_lock_ends_after_lock_minutes_and_resets_the_count(real):
    for _ in range(auth.MAX_FAILED_LOGINS):
        with pytest.raises(auth.LoginError):
            auth.login(real, "anna.svensson", "fel", now=NOW)
    later = NOW + dt.timedelta(minutes=auth.LOCK_MINUTES, seconds=1)
    assert auth.login(real, "anna.svensson", "rätt-lösenord-123", now=later).role == "examiner"
    row = _account(real, "anna.svensson")
    assert (row["failed_logins"], row["locked_until"]) == (0, None)


def test_one_typo_after_an_expired_lock_does_not_relock(real):
    for _ in range(auth.MAX_FAILED_LOGINS):
        with pytest.raises(auth.LoginError):
            auth.login(real, "anna.svensson", "fel", now=NOW)
    later = NOW + dt.timedelta(minutes=auth.LOCK_MINUTES, seconds=1)
    with pytest.raises(auth.LoginError, match="Fel användarnamn eller lösenord"):
        auth.login(real, "anna.svensson", "fel igen", now=later)
    row = _account(real, "anna.svensson")
    assert (row["failed_logins"], row["locked_until"]) == (1, None)
    assert auth.login(real, "anna.svensson", "rätt-lösenord-123", now=later).username == "anna.svensson"


def test_failures_and_logins_are_in_the_audit_log(real):
    with pytest.raises(auth.LoginError):
        auth.login(real, "anna.svensson", "fel", now=NOW)
    auth.login(real, "anna.svensson", "rätt-lösenord-123", now=NOW)
    with real.read() as con:
        log = audit.entries(con, actor="anna.svensson")
    assert log["action"].to_list() == ["login", "login_failed"]


def test_unknown_user_gets_the_same_message_and_writes_nothing(real):
    with real.read() as con:
        before = audit.count(con)
    with pytest.raises(auth.LoginError) as refused:
        auth.login(real, "finns.inte", "fel", now=NOW)
    assert str(refused.value) == auth.WRONG_CREDENTIALS
    with real.read() as con:
        assert audit.count(con) == before


def test_inactive_account_cannot_log_in(real):
    real.write(lambda con: con.execute("UPDATE account SET active = false WHERE username = 'anna.svensson'"))
    with pytest.raises(auth.LoginError, match="Fel användarnamn"):
        auth.login(real, "anna.svensson", "rätt-lösenord-123", now=NOW)


@pytest.mark.parametrize("username, role, password, message", [
    ("anna svensson", "examiner", "långt-lösenord", "Användarnamnet får bara"),
    ("bertil", "superuser", "långt-lösenord", "Okänd roll"),
    ("bertil", "examiner", "kort", "minst 10 tecken"),
    ("", "examiner", "långt-lösenord", "Ange ett användarnamn"),
    ("anna.öberg", "examiner", "långt-lösenord", "Användarnamnet får bara"),
    ("a" * 65, "examiner", "långt-lösenord", "högst 64 tecken"),
])
def test_add_user_refuses_bad_input_in_swedish(empty_db, username, role, password, message):
    with pytest.raises(ValidationError, match=message):
        auth.add_user(empty_db, "test", username, "", role, password)
    with empty_db.read() as con:
        assert accounts.get(con, username.strip().lower()) is None


def test_unknown_role_is_explained_with_the_swedish_role_names(empty_db):
    with pytest.raises(ValidationError) as refused:
        auth.add_user(empty_db, "test", "bertil", "Bertil", "superuser", "långt-lösenord")
    assert refused.value.messages == [(
        "Okänd roll 'superuser'. Välj en av: admin – kansli (administratör); examiner – examinator; "
        "lead – utvärderingsledare; committee – domarkommitté; chair – stadsdirektör (ordförande).")]


def test_add_user_refuses_an_organisation_that_does_not_exist(empty_db):
    with pytest.raises(ValidationError, match=r"Förvaltningen eller bolaget \(nummer 7\) finns inte"):
        auth.add_user(empty_db, "test", "bertil", "Bertil", "examiner", "långt-lösenord", organisation_id=7)
    with empty_db.read() as con:
        assert accounts.get(con, "bertil") is None


# -- demo accounts only in demo databases; init and add-user -----------------------------------------

def test_demo_database_accounts_are_all_marked_demo(db):
    rows = db.frame("SELECT username, is_demo FROM account")
    assert rows.height >= 20 and rows["is_demo"].all()


def test_init_creates_only_the_first_admin_from_env(tmp_path, monkeypatch, capsys):
    path = tmp_path / "prod.duckdb"
    monkeypatch.setenv("KVALITET_ADMIN_PASSWORD", "första-adminlösenordet")
    assert cli.main(["init", "--db", str(path)]) == 0
    assert "Administratören 'admin' är skapad" in capsys.readouterr().out
    db = Store(path)
    try:
        rows = db.frame("SELECT username, role, is_demo FROM account")
        assert rows.rows() == [("admin", "admin", False)]
        with db.read() as con:
            assert not accounts.has_demo_accounts(con)
        assert auth.login(db, "admin", "första-adminlösenordet").role == "admin"
        with pytest.raises(auth.LoginError):
            auth.login(db, "admin", "demo")
    finally:
        db.close()


def test_init_twice_changes_nothing(tmp_path, monkeypatch, capsys):
    path = tmp_path / "prod.duckdb"
    monkeypatch.setenv("KVALITET_ADMIN_PASSWORD", "första-adminlösenordet")
    assert cli.main(["init", "--db", str(path)]) == 0
    monkeypatch.setenv("KVALITET_ADMIN_PASSWORD", "ett-annat-lösenord")
    assert cli.main(["init", "--db", str(path)]) == 1
    assert "redan en administratör" in capsys.readouterr().err
    db = Store(path)
    try:
        assert auth.login(db, "admin", "första-adminlösenordet").role == "admin"
    finally:
        db.close()


def test_init_with_weak_password_creates_nobody(tmp_path, monkeypatch, capsys):
    path = tmp_path / "prod.duckdb"
    monkeypatch.setenv("KVALITET_ADMIN_PASSWORD", "kort")
    assert cli.main(["init", "--db", str(path)]) == 2
    assert "minst 10 tecken" in capsys.readouterr().err
    db = Store(path)
    try:
        assert db.frame("SELECT count(*) AS n FROM account")["n"][0] == 0
    finally:
        db.close()


def test_add_user_command_creates_a_real_account(tmp_path, monkeypatch, capsys):
    path = tmp_path / "prod.duckdb"
    monkeypatch.setenv("KVALITET_PASSWORD", "examinatorns-lösenord")
    assert cli.main(["add-user", "--db", str(path), "Karin.Lind", "--role", "lead", "--name", "Karin Lind"]) == 0
    assert cli.main(["add-user", "--db", str(path), "karin.lind", "--role", "lead"]) == 2
    assert "finns redan" in capsys.readouterr().err
    db = Store(path)
    try:
        user = auth.login(db, "karin.lind", "examinatorns-lösenord")
        assert (user.display_name, user.role) == ("Karin Lind", "lead")
        assert db.frame("SELECT is_demo FROM account WHERE username = 'karin.lind'")["is_demo"].to_list() == [False]
        with db.read() as con:
            created = audit.entries(con, action="create", entity="account")
        assert created["actor"].to_list() == ["cli"] and created["entity_key"].to_list() == ["karin.lind"]
    finally:
        db.close()


# -- parallel guesses and one answer (issue 12, items 6 and 7) -----------------------------------------

def test_twenty_parallel_wrong_passwords_lock_the_account_and_none_crash(tmp_path):
    """A real DuckDB file, 20 threads guessing at once: every attempt is refused with the log-in message
    (no WriteConflict or other exception escapes), no more than MAX_FAILED_LOGINS guesses are checked, and
    afterwards even the right password is refused."""
    import threading

    db = Store(tmp_path / "race.duckdb")
    try:
        auth.add_user(db, "test", "anna.svensson", "Anna Svensson", "examiner", "rätt-lösenord-123")
        start, outcomes = threading.Barrier(20), []

        def guess(i: int) -> None:
            start.wait()
            try:
                auth.login(db, "anna.svensson", f"fel-{i}")
            except auth.LoginError as exc:
                outcomes.append(str(exc))
            except BaseException as exc:   # anything else is the crash the probe saw
                outcomes.append(repr(exc))
            else:
                outcomes.append("inloggad")

        threads = [threading.Thread(target=guess, args=(i,)) for i in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert outcomes == [auth.WRONG_CREDENTIALS] * 20
        row = _account(db, "anna.svensson")
        assert row["failed_logins"] == auth.MAX_FAILED_LOGINS and row["locked_until"] is not None
        with db.read() as con:
            checked = audit.entries(con, actor="anna.svensson", action="login_failed")
        assert checked.height == auth.MAX_FAILED_LOGINS          # the other 15 never reached a password check
        with pytest.raises(auth.LoginError) as refused:
            auth.login(db, "anna.svensson", "rätt-lösenord-123")
        assert str(refused.value) == auth.WRONG_CREDENTIALS
    finally:
        db.close()


def test_locked_unknown_inactive_and_wrong_get_the_identical_answer(real):
    auth.add_user(real, "test", "bo.berg", "Bo Berg", "examiner", "bos-lösenord-123")
    real.write(lambda con: con.execute("UPDATE account SET active = false WHERE username = 'bo.berg'"))
    answers = {}
    with pytest.raises(auth.LoginError) as wrong:
        auth.login(real, "anna.svensson", "fel", now=NOW)
    answers["wrong"] = str(wrong.value)
    for _ in range(auth.MAX_FAILED_LOGINS - 1):
        with pytest.raises(auth.LoginError):
            auth.login(real, "anna.svensson", "fel", now=NOW)
    for case, username, password in [("locked", "anna.svensson", "rätt-lösenord-123"),
                                     ("unknown", "finns.inte", "rätt-lösenord-123"),
                                     ("inactive", "bo.berg", "bos-lösenord-123")]:
        with pytest.raises(auth.LoginError) as refused:
            auth.login(real, username, password, now=NOW + dt.timedelta(minutes=1))
        answers[case] = str(refused.value)
    assert set(answers.values()) == {"Fel användarnamn eller lösenord, eller kontot är tillfälligt låst."}


def test_unknown_name_costs_an_argon2_check_like_a_real_one(real, monkeypatch):
    """Timing is not asserted; what the unknown name does is: one argon2 verify, as a wrong password does."""
    from argon2 import PasswordHasher, Type
    calls = []

    class Counting(PasswordHasher):
        def verify(self, hash, password):
            calls.append(hash)
            return super().verify(hash, password)

    monkeypatch.setattr(auth, "_hasher", Counting(type=Type.ID))
    for username in ("finns.inte", "anna.svensson"):
        with pytest.raises(auth.LoginError):
            auth.login(real, username, "fel", now=NOW)
    assert len(calls) == 2 and all(h.startswith("$argon2id$") for h in calls)


# -- a user changes their own password (issue 13, item 8) ----------------------------------------------

def _me(db: Store, username: str):
    from scoring.platform.access import User
    row = _account(db, username)
    return User(row["username"], row["display_name"], row["role"], row["organisation_id"])


def test_change_password_needs_the_current_one_and_is_audited(real):
    me = _me(real, "anna.svensson")
    auth.change_password(real, me, "rätt-lösenord-123", "ett-nytt-lösenord", "ett-nytt-lösenord", now=NOW)
    with pytest.raises(auth.LoginError):
        auth.login(real, "anna.svensson", "rätt-lösenord-123", now=NOW)
    assert auth.login(real, "anna.svensson", "ett-nytt-lösenord", now=NOW).username == "anna.svensson"
    with real.read() as con:
        log = audit.entries(con, actor="anna.svensson")
    assert log["action"].to_list() == ["login", "login_failed", "change_password"]


@pytest.mark.parametrize("old, new, repeated, message", [
    ("fel", "ett-nytt-lösenord", "ett-nytt-lösenord", "Det nuvarande lösenordet stämmer inte"),
    ("rätt-lösenord-123", "kort", "kort", "minst 10 tecken"),
    ("rätt-lösenord-123", "ett-nytt-lösenord", "ett-annat-lösenord", "De två nya lösenorden är inte likadana."),
    ("rätt-lösenord-123", "rätt-lösenord-123", "rätt-lösenord-123", "måste skilja sig från det nuvarande"),
    ("rätt-lösenord-123", "Anna.Svensson", "Anna.Svensson", "får inte vara ditt användarnamn"),
])
def test_change_password_refuses_in_swedish_and_changes_nothing(real, old, new, repeated, message):
    before = _account(real, "anna.svensson")["password_hash"]
    with pytest.raises(ValidationError, match=message):
        auth.change_password(real, _me(real, "anna.svensson"), old, new, repeated, now=NOW)
    assert _account(real, "anna.svensson")["password_hash"] == before
    with real.read() as con:
        assert "change_password" not in audit.entries(con, actor="anna.svensson")["action"].to_list()


def test_guessing_the_current_password_in_a_left_open_session_locks_the_account(real):
    me = _me(real, "anna.svensson")
    for i in range(auth.MAX_FAILED_LOGINS):
        with pytest.raises(ValidationError):
            auth.change_password(real, me, f"gissning-{i}", "ett-nytt-lösenord", "ett-nytt-lösenord", now=NOW)
    with pytest.raises(ValidationError):       # locked: even the right one is refused now
        auth.change_password(real, me, "rätt-lösenord-123", "ett-nytt-lösenord", "ett-nytt-lösenord", now=NOW)
    assert _account(real, "anna.svensson")["locked_until"] is not None


def test_new_hashes_use_owasps_argon2id_parameters(real):
    stored = _account(real, "anna.svensson")["password_hash"]
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")


def test_an_old_hash_is_rehashed_on_the_next_successful_log_in_only(real):
    from argon2 import PasswordHasher
    old = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4).hash("rätt-lösenord-123")   # library default
    real.write(lambda con: accounts.set_password(con, "anna.svensson", old))
    with pytest.raises(auth.LoginError):
        auth.login(real, "anna.svensson", "fel-lösenord-000", now=NOW)
    assert _account(real, "anna.svensson")["password_hash"] == old        # a failed log-in changes nothing
    auth.login(real, "anna.svensson", "rätt-lösenord-123", now=NOW)
    stored = _account(real, "anna.svensson")["password_hash"]
    assert stored != old and stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert auth.login(real, "anna.svensson", "rätt-lösenord-123", now=NOW).username == "anna.svensson"
    auth.login(real, "anna.svensson", "rätt-lösenord-123", now=NOW)
    assert _account(real, "anna.svensson")["password_hash"] == stored      # today's hash is kept as it is
    with real.read() as con:
        actions = audit.entries(con, actor="anna.svensson")["action"].to_list()
    assert actions.count("password_rehashed") == 1 and actions.count("login") == 3


def test_hash_checks_beyond_the_bound_wait_for_a_free_slot(real):
    import threading
    held = [auth._checks.acquire(blocking=False) for _ in range(auth.MAX_CONCURRENT_CHECKS)]
    assert all(held) and not auth._checks.acquire(blocking=False)          # the bound is exactly the constant
    done: list[str] = []
    worker = threading.Thread(target=lambda: done.append(auth.login(real, "anna.svensson", "rätt-lösenord-123",
                                                                    now=NOW).username))
    worker.start()
    worker.join(0.5)
    assert worker.is_alive() and not done                                  # waiting: every slot is taken
    for _ in held:
        auth._checks.release()
    worker.join(30)
    assert done == ["anna.svensson"]
