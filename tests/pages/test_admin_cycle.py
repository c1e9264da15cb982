"""Omgång (kansli): phases, dates, criteria and copying a cycle, driven through the page."""
import datetime as dt

from scoring import rulebook
from scoring.ui import registry
from tests.conftest import button, by_label, open_page

PAGE = "scoring/ui/pages/admin_cycle.py"


def _open(app):
    return open_page(app, "admin", PAGE)


def test_cycle_page_only_for_admin():
    for role in ("examiner", "lead", "committee", "chair"):
        assert PAGE not in {s.path for s in registry.specs_for(role)}
    assert PAGE in {s.path for s in registry.specs_for("admin")}


def test_phase_forward_needs_confirmation_when_work_is_open(app, db):
    at = _open(app)
    assert any("individuella bedömningar är inte inskickade" in w.value for w in at.warning)
    button(at, "Flytta till Konsensus").click().run()
    assert at.error[0].value == "Kryssa i rutan om omgången ska flyttas trots det som återstår."
    assert rulebook.phase(db, 2026) == "assessment"
    by_label(at.checkbox, "Jag har sett det som återstår och vill flytta ändå").check()  # in the form:
    button(at, "Flytta till Konsensus").click().run()  # submitted together with the button
    assert not at.exception
    assert at.success[0].value == "Omgången 2026 är nu i fasen Konsensus."
    assert rulebook.phase(db, 2026) == "consensus"


def test_phase_back_with_reason(app, db):
    at = _open(app)
    button(at, "Flytta tillbaka till Anmälan").click().run()
    assert "Skriv varför" in at.error[0].value
    by_label(at.text_area, "Skäl till att fasen flyttas tillbaka").input("Sen anmälan från Farsta")
    button(at, "Flytta tillbaka till Anmälan").click().run()
    assert rulebook.phase(db, 2026) == "registration"
    assert at.dataframe  # the history of phase moves is listed


def test_dates_in_wrong_order_refused(app, db):
    at = _open(app)
    by_label(at.date_input, "Individuell bedömning klar").set_value(dt.date(2026, 4, 1))
    next(b for b in at.button if b.label == "Spara").click().run()
    assert "kan inte ligga före inlämning av tävlingsbidrag" in at.error[0].value
    assert rulebook.load(db, 2026).dates["assessment_deadline"] == dt.date(2026, 9, 15)


def test_copy_cycle_then_change_weights(app, db):
    at = _open(app)
    assert by_label(at.number_input, "Den nya omgångens år").value == 2027
    button(at, "Skapa ny omgång").click().run()
    assert not at.exception
    assert "Omgången 2027 är skapad som en kopia av 2026" in at.success[0].value
    assert by_label(at.selectbox, "Omgång").value == 2027
    assert rulebook.phase(db, 2027) == "registration"
    weights = [w for w in at.number_input if w.label == "Vikt (%)"]
    weights[0].set_value(40.0)
    button(at, "Spara kriterier och vikter").click().run()
    assert at.error[0].value.endswith("Vikterna måste summera till 100 %; nu summerar de till 120 %.")
    weights = [w for w in at.number_input if w.label == "Vikt (%)"]
    weights[0].set_value(40.0)
    weights[1].set_value(0.5)
    weights[2].set_value(19.5)
    button(at, "Spara kriterier och vikter").click().run()
    assert not at.error
    assert [c.weight for c in rulebook.load(db, 2027).criteria] == [40, 0.5, 19.5, 20, 20]
    assert [c.weight for c in rulebook.load(db, 2026).criteria] == [20] * 5
