"""Log-ins that survive a reload: bound to one database, idle and absolute limits, ended by log-out."""
import pytest

from scoring.platform import web_sessions
from scoring.platform.web_sessions import MAX_HOURS, WebSessions

IDLE = 30 * 60


def test_a_started_token_names_its_user_in_its_own_database_only():
    reg = WebSessions()
    token = reg.start("/data/a.duckdb", "examinator1", now=0.0)
    assert reg.resume("/data/a.duckdb", token, now=10.0, idle_seconds=IDLE) == "examinator1"
    assert reg.resume("/data/b.duckdb", token, now=10.0, idle_seconds=IDLE) is None
    assert reg.resume("/data/a.duckdb", token + "x", now=10.0, idle_seconds=IDLE) is None
    assert reg.resume("/data/a.duckdb", None, now=10.0, idle_seconds=IDLE) is None


def test_only_a_hash_of_the_token_is_kept():
    reg = WebSessions()
    token = reg.start("db", "admin", now=0.0)
    assert len(token) >= 40
    assert token not in repr(reg._entries) and all(token not in key for key in reg._entries)


def test_tokens_are_unique_per_log_in():
    reg = WebSessions()
    assert len({reg.start("db", "admin", now=0.0) for _ in range(200)}) == 200


def test_idle_time_out_counts_from_the_last_use():
    reg = WebSessions()
    token = reg.start("db", "kommitte1", now=0.0)
    assert reg.touch(token, now=IDLE - 1)
    assert reg.resume("db", token, now=2 * IDLE - 2, idle_seconds=IDLE) == "kommitte1"
    assert reg.resume("db", token, now=3 * IDLE, idle_seconds=IDLE) is None
    assert not reg.touch(token, now=3 * IDLE)          # forgotten once expired
    assert len(reg) == 0


def test_no_token_outlives_the_absolute_limit_even_when_used():
    reg = WebSessions()
    token = reg.start("db", "stadsdirektor", now=0.0)
    t = 0.0
    while t < MAX_HOURS * 3600 - IDLE:
        t += IDLE / 2
        assert reg.resume("db", token, now=t, idle_seconds=IDLE) == "stadsdirektor"
    assert reg.resume("db", token, now=MAX_HOURS * 3600 + 1, idle_seconds=IDLE) is None


def test_log_out_and_a_new_password_end_tokens():
    reg = WebSessions()
    one, two, other = (reg.start("db", "examinator2", now=0.0), reg.start("db", "examinator2", now=0.0),
                       reg.start("db", "examinator3", now=0.0))
    reg.end(one)
    assert not reg.touch(one, now=1.0) and reg.touch(two, now=1.0)
    assert reg.end_user("db", "examinator2") == 1
    assert not reg.touch(two, now=2.0) and reg.touch(other, now=2.0)


@pytest.mark.parametrize("bad", ["", 42, None, b"bytes"])
def test_a_malformed_cookie_is_just_unknown(bad):
    assert WebSessions().resume("db", bad, now=0.0, idle_seconds=IDLE) is None


def test_setting_a_password_ends_that_accounts_web_sessions(db, user):
    from scoring.platform import auth
    token = web_sessions.REGISTRY.start(db.path, "examinator4", now=0.0)
    keep = web_sessions.REGISTRY.start(db.path, "examinator5", now=0.0)
    auth.set_password(db, user("admin"), "examinator4", "ett-nytt-langt-losenord")
    assert not web_sessions.REGISTRY.touch(token, now=1.0)
    assert web_sessions.REGISTRY.touch(keep, now=1.0)
    web_sessions.REGISTRY.end(keep)


def test_end_user_can_keep_the_one_session_that_asked():
    reg = WebSessions()
    here, elsewhere, other_db = (reg.start("db", "examinator2", now=0.0), reg.start("db", "examinator2", now=0.0),
                                 reg.start("other", "examinator2", now=0.0))
    assert reg.end_user("db", "examinator2", keep=here) == 1
    assert reg.touch(here, now=1.0) and not reg.touch(elsewhere, now=1.0) and reg.touch(other_db, now=1.0)


def test_changing_ones_own_password_ends_the_other_web_sessions_only(db, user):
    from scoring.platform import auth
    here = web_sessions.REGISTRY.start(db.path, "examinator4", now=0.0)
    elsewhere = web_sessions.REGISTRY.start(db.path, "examinator4", now=0.0)
    assert auth.change_password(db, user("examinator4"), "demo", "mitt-nya-lösenord", "mitt-nya-lösenord",
                                keep_token=here) == 1
    assert web_sessions.REGISTRY.touch(here, now=1.0) and not web_sessions.REGISTRY.touch(elsewhere, now=1.0)
    web_sessions.REGISTRY.end(here)


def test_a_handoff_code_works_once_and_only_briefly():
    reg = WebSessions()
    code = reg.handoff("db", "examinator2", now=0.0)
    token = reg.redeem(code, now=5.0)
    assert reg.resume("db", token, now=6.0, idle_seconds=IDLE) == "examinator2"
    assert reg.redeem(code, now=6.0) is None                                     # used up
    late = reg.handoff("db", "examinator2", now=0.0)
    assert reg.redeem(late, now=web_sessions.HANDOFF_SECONDS + 1.0) is None      # too old
    assert reg.redeem("gissad", now=1.0) is None and reg.redeem(None, now=1.0) is None
    assert code not in repr(reg._handoffs)                                       # only its hash is kept


def test_ending_an_accounts_log_ins_also_voids_its_unused_codes():
    reg = WebSessions()
    code = reg.handoff("db", "examinator2", now=0.0)
    reg.end_user("db", "examinator2")
    assert reg.redeem(code, now=1.0) is None
