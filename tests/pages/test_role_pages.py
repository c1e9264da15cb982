"""A role never gets another role's pages: not in the navigation, not by switching, not by URL.

And should a page script run for the wrong role anyway, the core refuses (AccessDenied).
"""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from scoring.ui import registry
from tests.conftest import REPO, user_of

ACCOUNTS = {"admin": "admin", "examiner": "examinator3", "lead": "examinator1", "committee": "kommitte1",
            "chair": "stadsdirektor"}
TITLES = {"oversikt": "Översikt", "bedomningar": "Mina bedömningar", "granskningslogg": "Granskningslogg",
          "sakerhetskopia": "Säkerhetskopia", "kansli-bedomningar": "Bedömningar"}


def _offered(at: AppTest) -> set[str]:
    """The page scripts st.navigation registered for this session (AppTest keeps them per run).
    The default page is registered with an empty url path, so compare script paths."""
    from pathlib import Path
    return {str(Path(info["script_path"]).resolve().relative_to(REPO)) for info in at._registered_pages.values()}


@pytest.mark.parametrize("role", list(ACCOUNTS))
def test_navigation_offers_exactly_the_roles_pages_and_refuses_the_others(app, role):
    at = app(ACCOUNTS[role])
    assert at.session_state["user"].role == role
    assert _offered(at) == {spec.path for spec in registry.specs_for(role)}
    assert not at.exception
    for spec in registry.PAGES:
        if role not in spec.roles:
            with pytest.raises(ValueError, match="Could not find a navigation page"):
                at.switch_page(spec.path)


@pytest.mark.parametrize("role", ["examiner", "lead", "committee", "chair"])
def test_deep_link_to_admin_page_renders_the_roles_default_instead(app, role):
    """A browser asking for /granskningslogg sends that page's hash; st.navigation does not know it
    for this role, so the default page is shown and the audit log is not."""
    at = app(ACCOUNTS[role])
    default_title = [t.value for t in at.title]
    for url in ("granskningslogg", "sakerhetskopia", "kansli-bedomningar"):
        at._page_hash = calc_hash(url)
        at.run()
        assert not at.exception
        shown = [t.value for t in at.title]
        assert TITLES[url] not in shown
        assert shown == default_title


def test_deep_link_works_for_admin(app):
    """The same trick does open the page for the role that has it (so the test above can fail)."""
    at = app("admin")
    at._page_hash = calc_hash("granskningslogg")
    at.run()
    assert [t.value for t in at.title] == ["Granskningslogg"]


@pytest.mark.parametrize("page", ["admin_audit.py", "admin_backup.py", "admin_assessments.py"])
def test_admin_page_script_run_as_examiner_is_refused_by_the_core(demo_path, monkeypatch, full_error_details, page):
    """Bypass the navigation entirely: run the page file with an examiner logged in."""
    from scoring.store import Store
    monkeypatch.setenv("KVALITET_DB", str(demo_path))
    monkeypatch.chdir(REPO)
    db = Store(demo_path)
    examiner = user_of(db, "examinator3")
    db.close()
    at = AppTest.from_file(str(REPO / "scoring/ui/pages" / page), default_timeout=60)
    at.session_state["user"] = examiner
    at.run()
    if page == "admin_backup.py":  # nothing is read until the button is pressed
        next(b for b in at.button if b.label == "Skapa säkerhetskopia").click().run()
    assert len(at.exception) == 1, page
    assert "kräver: kansli" in at.exception[0].value
    assert any("AccessDenied" in line for line in at.exception[0].stack_trace)
    assert not at.dataframe
    assert not at.get("download_button")


def test_production_config_hides_error_details_in_the_app(demo_path, monkeypatch):
    """With .streamlit/config.toml (showErrorDetails = "none") the same refusal shows no details."""
    from streamlit import config
    from scoring.store import Store
    monkeypatch.setenv("KVALITET_DB", str(demo_path))
    monkeypatch.chdir(REPO)
    config.get_config_options(force_reparse=True)
    assert config.get_option("client.showErrorDetails") == "none"
    db = Store(demo_path)
    examiner = user_of(db, "examinator3")
    db.close()
    at = AppTest.from_file(str(REPO / "scoring/ui/pages/admin_audit.py"), default_timeout=60)
    at.session_state["user"] = examiner
    at.run()
    assert len(at.exception) == 1
    assert "kansli" not in at.exception[0].message and not at.exception[0].stack_trace
    assert "redacted" in at.exception[0].message


# -- sessions: idle time-out, account changes, demo hint --------------------------------------------

def _login_form_shown(at: AppTest) -> bool:
    return [t.label for t in at.text_input] == ["Användarnamn", "Lösenord"] and "user" not in at.session_state


@pytest.mark.parametrize("idle_minutes, away_minutes", [("30", 31), ("1", 1.5)])
def test_idle_session_ends_with_swedish_message(app, monkeypatch, idle_minutes, away_minutes):
    import time
    monkeypatch.setenv("KVALITET_IDLE_MINUTES", idle_minutes)
    at = app("examinator3")
    at.session_state["last_active"] = time.monotonic() - away_minutes * 60
    at.run()
    assert _login_form_shown(at)
    assert [w.value for w in at.warning] == [
        f"Du loggades ut efter {idle_minutes} minuters inaktivitet. Logga in igen."]
    assert not at.dataframe


def test_active_session_within_idle_time_stays(app):
    import time
    at = app("examinator3")
    at.session_state["last_active"] = time.monotonic() - 29 * 60
    at.run()
    assert not _login_form_shown(at)
    assert [t.value for t in at.title] == ["Mina bedömningar"]


def test_deactivated_account_loses_its_open_session(app, demo_path):
    from scoring.store import Store
    from scoring.store import teams as team_store
    at = app("examinator3")
    db = Store(demo_path)
    me = user_of(db, "examinator3")
    db.write(lambda con: team_store.update_account(con, me.username, me.display_name, me.role,
                                                   me.organisation_id, False))
    db.close()
    at.run()
    assert _login_form_shown(at)
    assert [w.value for w in at.warning] == ["Ditt konto har ändrats eller stängts av kansliet. Logga in igen."]


def test_role_change_ends_the_session(app, demo_path):
    from scoring.store import Store
    from scoring.store import teams as team_store
    at = app("examinator3")
    db = Store(demo_path)
    me = user_of(db, "examinator3")
    db.write(lambda con: team_store.update_account(con, me.username, me.display_name, "admin",
                                                   me.organisation_id, True))
    db.close()
    at.run()
    assert _login_form_shown(at)


def test_real_database_shows_no_demo_hint(tmp_path, monkeypatch):
    from scoring import cli
    path = tmp_path / "prod.duckdb"
    monkeypatch.setenv("KVALITET_ADMIN_PASSWORD", "första-adminlösenordet")
    assert cli.main(["init", "--db", str(path)]) == 0
    monkeypatch.setenv("KVALITET_DB", str(path))
    monkeypatch.chdir(REPO)
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60).run()
    assert _login_form_shown(at)
    assert not [i for i in at.info if "Demodatabas" in i.value]
    from tests.conftest import login
    login(at, "admin", "demo")
    assert [e.value for e in at.error] == ["Fel användarnamn eller lösenord, eller kontot är tillfälligt låst."]
    login(at, "admin", "första-adminlösenordet")
    assert at.session_state["user"].role == "admin"


def test_demo_database_shows_the_demo_hint(app):
    at = app()
    assert any("Demodatabas" in i.value for i in at.info)
