"""Log-in, role navigation and log-out, started from app.py."""
import pytest

from tests.conftest import button, login

def test_login_form_has_swedish_labels_and_button(app):
    at = app()
    assert [t.label for t in at.text_input] == ["Användarnamn", "Lösenord"]
    assert any(b.label == "Logga in" for b in at.button)
    assert "user" not in at.session_state


def test_login_wrong_password_shows_message_and_stays_logged_out(app):
    at = login(app(), "examinator1", "fel")
    assert [e.value for e in at.error] == ["Fel användarnamn eller lösenord."]
    assert "user" not in at.session_state


def test_login_unknown_user_gets_the_same_message(app):
    at = login(app(), "finnsinte", "demo")
    assert [e.value for e in at.error] == ["Fel användarnamn eller lösenord."]


def test_login_examiner_lands_on_mina_bedomningar(app):
    at = app("examinator1")
    assert not at.exception
    assert [t.value for t in at.title] == ["Mina bedömningar"]
    assert at.session_state["user"].role == "lead"


def test_login_admin_lands_on_overview(app):
    at = app("admin")
    assert not at.exception
    assert [t.value for t in at.title] == ["Översikt"]


def test_navigation_contains_exactly_the_roles_pages(app):
    """st.navigation gets only the role's pages: AppTest cannot even switch to another role's page."""
    from scoring.ui import registry
    for username in ("examinator2", "admin", "kommitte1"):
        at = app(username)
        role = at.session_state["user"].role
        for spec in registry.PAGES:
            if role in spec.roles:
                at.switch_page(spec.path).run()
                assert not at.exception, (username, spec.path)
            else:
                with pytest.raises(ValueError, match="Could not find a navigation page"):
                    at.switch_page(spec.path)


def test_logout_returns_to_the_login_form(app):
    at = app("examinator1")
    button(at, "Logga ut").click().run()
    assert "user" not in at.session_state
    assert [t.label for t in at.text_input] == ["Användarnamn", "Lösenord"]
