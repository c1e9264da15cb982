"""Konton: the kansli lists accounts, creates one, sets a password (e.g. for an imported examiner),
deactivates/reactivates and unlocks accounts, all through the page, with the core's refusals shown."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from scoring.platform import auth
from scoring.store import Store, accounts, audit
from scoring.ui import registry
from tests.conftest import REPO, button, by_label, open_page, user_of
from tests.store.test_accounts import import_examiner

PAGE = "scoring/ui/pages/admin_accounts.py"
PASSWORD = "ett-långt-lösenord"
COLUMNS = ["Användarnamn", "Namn", "Roll", "Förvaltning/bolag", "Aktivt", "Låst", "Saknar lösenord"]


def _row(at, username: str) -> dict:
    table = at.dataframe[0].value
    return table[table["Användarnamn"] == username].iloc[0].to_dict()


def _fill_new_account(at, username: str, name: str, password: str, again: str, role: str | None = None,
                      organisation: int | None = None):
    by_label(at.text_input, "Användarnamn").input(username)
    by_label(at.text_input, "Namn").input(name)
    if role:
        by_label(at.selectbox, "Roll").set_value(role)
    if organisation:
        by_label(at.selectbox, "Förvaltning eller bolag").select(organisation)    # shown by name, chosen by id
    by_label(at.text_input, "Lösenord (minst 10 tecken)").input(password)
    by_label(at.text_input, "Lösenordet igen").input(again)
    return button(at, "Skapa konto").click().run()


def _tab(at, label: str):
    """Open one tab of the page (a keyed st.tabs: only the open tab is built), as a click on it does."""
    at.session_state["accounts-tab"] = label
    return at.run()


def _audit_count(db: Store) -> int:
    with db.read() as con:
        return audit.count(con)


def test_accounts_page_lists_every_account_with_swedish_headers(app):
    at = open_page(app, "admin", PAGE)
    assert [t.value for t in at.title] == ["Konton"]
    table = at.dataframe[0].value
    assert list(table.columns) == COLUMNS
    assert len(table) == 20
    assert _row(at, "examinator3") == {
        "Användarnamn": "examinator3", "Namn": "Examinator 3", "Roll": "Examinator",
        "Förvaltning/bolag": "Farsta stadsdelsförvaltning", "Aktivt": True, "Låst": False, "Saknar lösenord": False}
    assert _row(at, "stadsdirektor")["Roll"] == "Stadsdirektör (ordförande)"
    assert _row(at, "admin")["Förvaltning/bolag"] == "–"
    assert list(table["Användarnamn"][1:4]) == ["examinator2", "examinator3", "examinator5"]
    assert "Konton: 20 · avstängda: 0 · låsta: 0 · saknar lösenord: 0" in [c.value for c in at.caption]
    assert by_label(at.selectbox, "Roll").options == ["Kansli (administratör)", "Examinator", "Utvärderingsledare",
                                                       "Domarkommitté", "Stadsdirektör (ordförande)"]


def test_admin_creates_an_account_that_can_log_in(app, db):
    org = db.frame("SELECT id FROM organisation WHERE name = 'Trafikkontoret'")["id"][0]
    at = open_page(app, "admin", PAGE)
    assert "Trafikkontoret" in by_label(at.selectbox, "Förvaltning eller bolag").options
    at = _fill_new_account(at, "Ny.Person", "Ny Person", PASSWORD, PASSWORD, role="lead", organisation=org)
    assert not at.exception and not at.error
    assert [s.value for s in at.success] == [
        "Kontot ny.person (utvärderingsledare) är skapat. Lämna lösenordet till personen på ett säkert sätt."]
    assert _row(at, "ny.person") == {
        "Användarnamn": "ny.person", "Namn": "Ny Person", "Roll": "Utvärderingsledare",
        "Förvaltning/bolag": "Trafikkontoret", "Aktivt": True, "Låst": False, "Saknar lösenord": False}
    assert [t.value for t in at.text_input] == [""] * len(at.text_input)       # the forms start empty again
    me = auth.login(db, "ny.person", PASSWORD)
    assert (me.display_name, me.role, me.organisation_id) == ("Ny Person", "lead", org)


def test_mismatched_passwords_show_a_swedish_error_and_create_nothing(app, db):
    at = open_page(app, "admin", PAGE)
    before = _audit_count(db)
    at = _fill_new_account(at, "ny.person", "Ny Person", PASSWORD, PASSWORD + "x")
    assert [e.value for e in at.error] == ["Lösenorden är inte lika. Skriv samma lösenord i båda fälten."]
    assert not at.success
    with db.read() as con:
        assert accounts.get(con, "ny.person") is None
    assert _audit_count(db) == before
    assert by_label(at.text_input, "Användarnamn").value == "ny.person"    # the typing is kept for a retry


def test_core_refusals_are_listed_in_swedish_and_create_nothing(app, db):
    at = open_page(app, "admin", PAGE)
    at = _fill_new_account(at, "examinator3", "Namn", "kort", "kort")
    [error] = at.error
    assert "Lösenordet måste ha minst 10 tecken." in error.value
    at = _fill_new_account(at, "examinator3", "Namn", PASSWORD, PASSWORD)
    assert [e.value for e in at.error] == ["Användarnamnet 'examinator3' finns redan."]
    assert _row(at, "examinator3")["Namn"] == "Examinator 3"


def test_admin_sets_a_password_for_an_imported_examiner(app, db, user):
    import_examiner(db, user("admin"), "ny.examinator")
    at = open_page(app, "admin", PAGE)
    assert _row(at, "ny.examinator")["Saknar lösenord"]
    assert at.info[0].value.startswith("1 av kontona saknar lösenord")     # above the tabs, whichever is open
    assert all(s.key != "password-account" for s in at.selectbox)       # a closed tab is not built
    at = _tab(at, "Nytt lösenord")
    pick = at.selectbox(key="password-account")
    assert pick.options[0] == "Ny Examinator (ny.examinator) · Examinator – saknar lösenord"
    assert pick.value == "ny.examinator"          # the one who needs a password comes first
    by_label(at.text_input, "Nytt lösenord (minst 10 tecken)").input(PASSWORD)
    by_label(at.text_input, "Nytt lösenord igen").input(PASSWORD)
    button(at, "Sätt lösenord").click().run()
    assert not at.exception and not at.error
    assert [s.value for s in at.success] == ["Lösenordet för ny.examinator är satt."]
    assert not _row(at, "ny.examinator")["Saknar lösenord"]
    assert not at.info
    assert auth.login(db, "ny.examinator", PASSWORD).role == "examiner"


def test_new_password_must_be_typed_twice_the_same(app, db):
    at = _tab(open_page(app, "admin", PAGE), "Nytt lösenord")
    at.selectbox(key="password-account").set_value("examinator3")
    by_label(at.text_input, "Nytt lösenord (minst 10 tecken)").input(PASSWORD)
    by_label(at.text_input, "Nytt lösenord igen").input("något annat lösenord")
    button(at, "Sätt lösenord").click().run()
    assert [e.value for e in at.error] == ["Lösenorden är inte lika. Skriv samma lösenord i båda fälten."]
    assert auth.login(db, "examinator3", "demo").username == "examinator3"


def test_admin_deactivates_and_reactivates_an_account(app, db):
    at = _tab(open_page(app, "admin", PAGE), "Stäng av, aktivera eller lås upp")
    at.selectbox(key="status-account").set_value("examinator3")
    button(at, "Stäng av").click().run()
    assert [s.value for s in at.success] == ["Kontot examinator3 är avstängt."]
    assert _row(at, "examinator3")["Aktivt"] is False
    assert "Examinator 3 (examinator3) · Examinator – avstängt" in at.selectbox(key="status-account").options
    with pytest.raises(auth.LoginError):
        auth.login(db, "examinator3", "demo")
    button(at, "Aktivera").click().run()
    assert [s.value for s in at.success] == ["Kontot examinator3 är aktivt."]
    assert _row(at, "examinator3")["Aktivt"] is True
    assert auth.login(db, "examinator3", "demo").username == "examinator3"


def test_admin_cannot_deactivate_own_account_on_the_page(app, db):
    at = _tab(open_page(app, "admin", PAGE), "Stäng av, aktivera eller lås upp")
    before = _audit_count(db)
    at.selectbox(key="status-account").set_value("admin")
    button(at, "Stäng av").click().run()
    assert [e.value for e in at.error] == ["Du kan inte stänga av ditt eget konto."]
    assert _row(at, "admin")["Aktivt"] is True
    assert _audit_count(db) == before


def test_no_account_is_preselected_for_deactivation(app, db):
    """Pressing a button before choosing must not act on whichever account happens to be first."""
    at = _tab(open_page(app, "admin", PAGE), "Nytt lösenord")
    assert at.selectbox(key="password-account").value is None      # nobody in the demo needs a password
    at = _tab(at, "Stäng av, aktivera eller lås upp")
    before = _audit_count(db)
    assert at.selectbox(key="status-account").value is None
    button(at, "Stäng av").click().run()
    assert [e.value for e in at.error] == ["Välj först vilket konto det gäller."]
    assert _audit_count(db) == before and _row(at, "admin")["Aktivt"] is True


def test_admin_unlocks_an_account_locked_by_failed_log_ins(app, db):
    for _ in range(auth.MAX_FAILED_LOGINS):
        with pytest.raises(auth.LoginError):
            auth.login(db, "examinator3", "fel lösenord")
    at = _tab(open_page(app, "admin", PAGE), "Stäng av, aktivera eller lås upp")
    assert _row(at, "examinator3")["Låst"] is True
    at.selectbox(key="status-account").set_value("examinator3")
    button(at, "Lås upp").click().run()
    assert [s.value for s in at.success] == ["Kontot examinator3 är upplåst."]
    assert _row(at, "examinator3")["Låst"] is False
    assert auth.login(db, "examinator3", "demo").username == "examinator3"


def test_only_the_kansli_has_the_accounts_page():
    for role in registry.ALL:
        assert (PAGE in {spec.path for spec in registry.specs_for(role)}) == (role == "admin"), role
    [spec] = [p for p in registry.PAGES if p.path == PAGE]
    assert (spec.title, spec.url, spec.section) == ("Konton", "konton", "Kansli")


def test_page_script_run_as_examiner_is_refused_by_the_core(demo_path, monkeypatch, full_error_details):
    monkeypatch.setenv("KVALITET_DB", str(demo_path))
    monkeypatch.chdir(REPO)
    db = Store(demo_path)
    examiner = user_of(db, "examinator3")
    db.close()
    at = AppTest.from_file(str(REPO / PAGE), default_timeout=60)
    at.session_state["user"] = examiner
    at.run()
    assert len(at.exception) == 1
    assert "kräver: kansli" in at.exception[0].value
    assert not at.dataframe and not at.text_input


def test_invite_from_konton_one_and_everyone_imported_for_the_cycle(app, db):
    from scoring.ui import mail_text
    at = _tab(open_page(app, "admin", PAGE), mail_text.INVITE_HEADER)
    by_label(at.multiselect, mail_text.INVITE_PICK).set_value(["examinator2"])
    button(at, mail_text.INVITE_BUTTON).click().run()
    assert not at.exception
    assert any("1 inbjudan ligger i utskickskön" in s.value for s in at.success)
    everyone = next(b for b in at.button if b.label.startswith("Bjud in alla i omgångens team"))
    everyone.click().run()
    assert not at.exception
    with db.read() as con:
        rows = [r[0] for r in con.execute("SELECT username FROM invitation").fetchall()]
        audited = con.execute("SELECT count(*) FROM audit_log WHERE action = 'invite'").fetchone()[0]
    assert "examinator2" in rows and len(set(rows)) > 1     # one, then everyone on the cycle's teams not yet in
    assert audited == len(rows)                             # every invitation is in the audit log
