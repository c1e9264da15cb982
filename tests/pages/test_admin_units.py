"""Enheter och anmälan (kansli): deadline warning, units, eligibility override, board decisions, targets."""
import json

import polars as pl

from scoring import demo
from scoring.cycle import setup as cycle_setup
from scoring.cycle import registration
from tests.conftest import button, by_label, open_page, user_of

PAGE = "scoring/ui/pages/admin_units.py"


def _open(app):
    return open_page(app, "admin", PAGE)


def _tab(at, label: str):
    """Open one tab of the page (a keyed st.tabs: only the open tab is drawn), as a click on it does."""
    at.session_state["units-tab"] = label
    return at.run()


def _frame_with(at, column):
    return next(d.value for d in at.dataframe if column in d.value.columns)


def test_after_deadline_lists_missing_approvals(app, db):
    at = _open(app)
    assert at.error[0].value.startswith("Sista dag för nämndens protokoll var 2026-06-30. 3 anmälningar saknar")
    missing = next(d.value for d in at.dataframe if len(d.value) == 3 and "Beslut i nämnd" in d.value.columns)
    overview = registration.units_overview(db, user_of(db, "admin"), 2026)
    assert set(missing["Id"]) == set(overview.filter(pl.col("registration_status") == "registered")["id"])


def test_units_table_shows_eligibility_reasons_and_override(app):
    at = _open(app)
    units = _frame_with(at, "Villkor för deltagande")
    row = units[units["Id"] == demo.INELIGIBLE_UNIT].iloc[0]
    assert row["Villkor för deltagande"] == "Enheten har 4 medarbetare inklusive chefen; minst 5 krävs."
    assert row["Undantag, motivering"] == demo.OVERRIDE_REASON
    assert (units["Villkor för deltagande"] == "Uppfyllda").sum() == len(units) - 1


def test_ineligible_unit_needs_override_reason_to_register(app, db):
    cycle_setup.copy_cycle(db, user_of(db, "admin"), 2026)
    at = _open(app)
    assert by_label(at.selectbox, "Omgång").value == 2027
    _tab(at, "Anmälan")
    by_label(at.selectbox, "Enhet att anmäla").set_value(demo.INELIGIBLE_UNIT).run()
    assert "Enheten har 4 medarbetare inklusive chefen; minst 5 krävs." in at.warning[0].value
    last_time = registration.units_overview(db, user_of(db, "admin"), 2026).filter(
        pl.col("id") == demo.INELIGIBLE_UNIT)["class_code"][0]
    assert by_label(at.selectbox, "Tävlingsklass").value == last_time  # the class it competed in last time
    button(at, "Anmäl").click().run()
    assert "Skriv en motivering om enheten ändå ska anmälas." in at.error[0].value.replace("\\", "")  # escaped
    by_label(at.text_area, "Motivering till att enheten ändå anmäls (sparas och loggas)").input("Nämnden har godkänt.")
    button(at, "Anmäl").click().run()
    assert at.success[0].value == "Enheten är anmäld till omgången 2027."
    row = registration.units_overview(db, user_of(db, "admin"), 2027).filter(pl.col("id") == demo.INELIGIBLE_UNIT)
    assert row["eligibility_override"][0] == "Nämnden har godkänt."


def test_board_decision_for_several_units_from_the_page(app, db):
    admin = user_of(db, "admin")
    cycle_setup.copy_cycle(db, admin, 2026)
    bromma = registration.units_overview(db, admin, 2027).filter(
        pl.col("organisation") == "Bromma stadsdelsförvaltning", pl.col("eligible"))["id"].to_list()[:3]
    for uid in bromma:
        registration.register(db, admin, 2027, uid, "forskola")
    at = _tab(_open(app), "Beslut i nämnd")
    by_label(at.selectbox, "Förvaltning/bolag").set_value(
        registration.units_overview(db, admin, 2027).filter(pl.col("id") == bromma[0])["organisation_id"][0]).run()
    assert by_label(at.multiselect, "Enheter som beslutet gäller").value == bromma
    by_label(at.text_input, "Protokoll (paragraf eller diarienummer)").input("Protokoll 2027-05-12, § 9")
    button(at, "Spara beslutet").click().run()
    assert at.success[0].value == "Beslutet är sparat för 3 enheter."
    rows = registration.units_overview(db, admin, 2027).filter(pl.col("id").is_in(bromma))
    assert set(rows["registration_status"]) == {"board_decided"}
    assert set(rows["protocol_ref"]) == {"Protokoll 2027-05-12, § 9"}


def test_new_unit_from_the_form(app, db):
    at = _open(app)
    assert not [w for w in at.text_input if w.label == "Enhets-id"]   # built only while its expander is open
    at.session_state["unit-edit-open"] = True                          # as a click on the expander does
    at.run()
    by_label(at.text_input, "Enhets-id").input("N900")
    by_label(at.text_input, "Enhetens namn").input("Förskolan *Stjärnan*")
    by_label(at.selectbox, "Förvaltning/bolag").set_value(
        registration.organisations(db, user_of(db, "admin"), 2026)["id"][0])
    by_label(at.number_input, "Antal anställda inkl. chefen").set_value(3)
    button(at, "Spara enheten").click().run()
    assert at.warning[0].value.startswith("Enheten är sparad men uppfyller inte villkoren för att delta:")
    row = registration.units_overview(db, user_of(db, "admin"), 2026).filter(pl.col("id") == "N900")
    assert row["name"][0] == "Förskolan *Stjärnan*" and not row["eligible"][0]


def test_only_the_open_tab_is_drawn(app):
    at = _open(app)
    assert _frame_with(at, "Villkor för deltagande") is not None
    assert not at.get("plotly_chart") and not [w for w in at.selectbox if w.label == "Enhet att anmäla"]
    at = _tab(at, "Deltagande mot mål")
    assert len(at.get("plotly_chart")) == 1 and not [d for d in at.dataframe if "Villkor för deltagande" in d.value.columns]


def test_participation_table_and_chart_show_missed_target(app):
    at = _tab(_open(app), "Deltagande mot mål")
    table = _frame_with(at, "Saknas till målet")
    social = table[table["Förvaltning/bolag"] == "Socialförvaltningen"].iloc[0]
    assert (social["Mål"], social["Saknas till målet"], social["Läge"]) == (
        "7", str(7 - social["Anmälda"]), "Under målet")
    traces = json.loads(at.get("plotly_chart")[0].proto.spec)["data"]
    assert [t["name"] for t in traces] == ["Anmälda", "Beslut i nämnd", "Mål"]
    target = dict(zip(traces[2]["y"], traces[2]["x"]))
    assert target["Socialförvaltningen"] == 7


def test_tables_show_dash_for_missing_values_and_dates_without_time(app):
    """No 'None' (Mål, Andel stockholmare, Protokoll …) and no '00:00:00' on dates in any table of the page."""
    at = _open(app)
    tables = []
    for label in ("Enheter", "Anmälan", "Beslut i nämnd", "Deltagande mot mål", "Förvaltningar och bolag"):
        tables += [d.value for d in _tab(at, label).dataframe]   # the targets editor too
    assert len(tables) >= 5
    for table in tables:
        assert not table.isna().any().any(), table.columns[table.isna().any()].tolist()
        cells = table.astype(str).to_numpy().ravel().tolist()
        assert not [c for c in cells if c == "None" or "00:00:00" in c]
    units = next(t for t in tables if "Andel stockholmare (%)" in t.columns)
    assert set(units["Andel stockholmare (%)"]) <= {"–", "60", "85", "100"}
    registrations = next(t for t in tables if "Protokoll inkommet" in t.columns)
    assert registrations["Anmäld"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    assert "–" in set(registrations["Protokoll inkommet"])  # 3 registrations still wait for their minutes
    participation = next(t for t in tables if "Saknas till målet" in t.columns)
    assert "–" in set(participation["Mål"])
