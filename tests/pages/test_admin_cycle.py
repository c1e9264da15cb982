"""Omgång (kansli): phases, dates, criteria and copying a cycle, driven through the page."""
import datetime as dt

from scoring import rulebook
from scoring.ui import registry
from tests.conftest import button, by_label, open_page

PAGE = "scoring/ui/pages/admin_cycle.py"


def _open(app):
    return open_page(app, "admin", PAGE)


def _tab(at, label: str):
    """Open one tab of the page (a keyed st.tabs: only the open tab is built), as a click on it does."""
    at.session_state["admin-cycle-tab"] = label
    return at.run()


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
    assert not at.date_input                                   # a closed tab is not built
    at = _tab(at, "Datum och uppgifter")
    by_label(at.date_input, "Individuell bedömning klar").set_value(dt.date(2026, 4, 1))
    next(b for b in at.button if b.label == "Spara").click().run()
    assert "kan inte ligga före inlämning av tävlingsbidrag" in at.error[0].value
    assert rulebook.load(db, 2026).dates["assessment_deadline"] == dt.date(2026, 9, 15)


def test_copy_cycle_then_change_weights(app, db):
    at = _tab(_open(app), "Ny omgång")
    assert by_label(at.number_input, "Den nya omgångens år").value == 2027
    button(at, "Skapa ny omgång").click().run()
    assert not at.exception
    assert "Omgången 2027 är skapad som en kopia av 2026" in at.success[0].value
    assert by_label(at.selectbox, "Omgång").value == 2027
    assert rulebook.phase(db, 2027) == "registration"
    at = _tab(at, "Kriterier och vikter")
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


def test_first_cycle_created_from_the_page_on_an_empty_database(init_app, init_path):
    from scoring.store import Store, audit, cycles
    at = init_app()
    at.switch_page(PAGE).run()
    assert "Skapa den första omgången" in [h.value for h in at.subheader]
    assert by_label(at.selectbox, "Regelbok").options[0] == "criteria/2026.toml"
    by_label(at.number_input, "Omgångens år").set_value(2027)
    by_label(at.selectbox, "Regelbok").select("criteria/2022.toml")
    button(at, "Skapa omgången").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("Omgången 2027 är skapad från criteria/2022.toml.")
    assert by_label(at.selectbox, "Omgång").value == 2027          # the picker moved to the new cycle
    db = Store(init_path)
    try:
        assert rulebook.phase(db, 2027) == "registration"
        assert rulebook.load(db, 2027).dates["ceremony"].year == 2027
        with db.read() as con:
            assert cycles.years(con) == [2027]
            entry = audit.entries(con, entity="cycle").row(0, named=True)
    finally:
        db.close()
    assert (entry["action"], entry["actor"]) == ("create", "admin")


def test_new_cycle_for_a_year_that_exists_refused_in_swedish(init_app, init_path):
    at = init_app()
    at.switch_page(PAGE).run()
    by_label(at.number_input, "Omgångens år").set_value(2026)
    button(at, "Skapa omgången").click().run()
    # Later years: the copy tab also offers a rulebook; the same year again is refused, nothing written.
    at = _tab(at, "Ny omgång")
    by_label(at.number_input, "Omgångens år").set_value(2026)
    button(at, "Skapa omgången").click().run()
    assert not at.exception
    assert [e.value.replace("\\", "") for e in at.error] == ["Omgången 2026 finns redan."]  # shown as text


def test_closing_refused_while_decisions_are_unsigned(app, db, user):
    from scoring.cycle import setup as cycle_setup
    from scoring.committee import decisions
    cycle_setup.move_phase(db, user("admin"), 2022, "decision", "Rättelse")
    decisions.reopen(db, user("stadsdirektor"), 2022, "Ett beslut ska rättas")
    at = _open(app)
    by_label(at.selectbox, "Omgång").select(2022).run()
    assert "domarkommitténs beslut är inte signerade" in at.error[0].value.replace("\\", "")
    assert button(at, "Flytta till Avslutad").disabled                   # no way round it on the page
    assert not [c for c in at.checkbox if c.label == "Jag har sett det som återstår och vill flytta ändå"]
    assert rulebook.phase(db, 2022) == "decision"


def test_criterion_weights_with_a_half_are_labelled_with_a_decimal_comma(app, db, user):
    from scoring.cycle import setup as cycle_setup
    cycle_setup.copy_cycle(db, user("admin"), 2026)                      # 2027, in registration: weights may change
    rows = [{"number": c.number, "title": c.title, "description": c.description, "guidance": list(c.guidance),
             "weight": w} for c, w in zip(rulebook.load(db, 2027).criteria, (20.5, 19.5, 20, 20, 20))]
    cycle_setup.save_criteria(db, user("admin"), 2027, rows)
    at = _tab(_open(app), "Kriterier och vikter")
    labels = [e.label for e in at.expander]
    assert any(label.endswith(" · 20,5 %") for label in labels) and any(label.endswith(" · 19,5 %") for label in labels)
    assert any(label.endswith(" · 20 %") for label in labels), labels
