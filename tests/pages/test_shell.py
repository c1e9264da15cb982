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
    assert [e.value for e in at.error] == ["Fel användarnamn eller lösenord, eller kontot är tillfälligt låst."]
    assert "user" not in at.session_state


def test_login_unknown_user_gets_the_same_message(app):
    at = login(app(), "finnsinte", "demo")
    assert [e.value for e in at.error] == ["Fel användarnamn eller lösenord, eller kontot är tillfälligt låst."]


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


# -- addresses that name nothing of the user's (issue 12, item 12) --------------------------------------

@pytest.mark.parametrize("wanted", ["²", "99999999999", "-1", "1e3", "abc", "9" * 40])
@pytest.mark.parametrize("page", ["scoring/ui/pages/score_submission.py", "scoring/ui/pages/consensus.py"])
def test_malformed_or_foreign_submission_id_is_answered_in_swedish(app, page, wanted):
    at = app("examinator1")
    at.query_params["bidrag"] = wanted
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    assert "Bidraget finns inte eller är inte ditt." in [w.value for w in at.warning]
    assert at.query_params["bidrag"] != [wanted]          # the page opened one of the examiner's own


def test_someone_elses_submission_id_is_not_opened(app, db, user):
    from scoring.assessment import individual as assessment
    theirs = set(db.frame("SELECT id FROM submission")["id"].to_list())
    mine = set(assessment.my_assessments(db, user("examinator1"), 2026)["submission_id"].to_list())
    foreign = min(theirs - mine)
    at = app("examinator1")
    at.query_params["bidrag"] = str(foreign)
    at.switch_page("scoring/ui/pages/score_submission.py").run()
    assert not at.exception
    assert "Bidraget finns inte eller är inte ditt." in [w.value for w in at.warning]
    assert int(at.query_params["bidrag"][0]) in mine


@pytest.mark.parametrize("param, wanted, notice", [
    ("ar", "99999999999999", "Omgången i adressen finns inte. Den senaste omgången visas i stället."),
    ("ar", "²⁰²⁶", "Omgången i adressen finns inte. Den senaste omgången visas i stället."),
    ("klass", "<b>x</b>", "Tävlingsklassen i adressen finns inte. Den första klassen visas i stället."),
])
def test_malformed_year_or_class_in_the_address_is_answered_in_swedish(app, param, wanted, notice):
    at = app("admin")
    at.query_params[param] = wanted
    at.switch_page("scoring/ui/pages/committee_decisions.py").run()
    assert not at.exception, [e.message for e in at.exception]
    assert notice in [w.value for w in at.warning]
