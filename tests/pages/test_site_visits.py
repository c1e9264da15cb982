"""Platsbesök page: the committee's shortlist and pick per class; the lead records a visit."""
import datetime as dt

import polars as pl

from scoring.assessment import site_visit
from scoring.store import Store
from tests.conftest import button, user_of


def _phase(demo_path, year, phase):
    db = Store(demo_path)
    db.write(lambda con: con.execute("UPDATE cycle SET phase = ? WHERE year = ?", [phase, year]))
    db.close()


def _open(app, who, year=None):
    at = app(who)
    at.switch_page("scoring/ui/pages/site_visits.py").run()
    if year is not None:
        at.selectbox[0].set_value(year).run()
    assert not at.exception
    return at


def test_committee_is_told_to_wait_for_the_site_visit_phase(app):
    at = _open(app, "kommitte1")
    assert any("från fasen platsbesök" in i.value for i in at.info)
    assert not at.multiselect


def test_committee_picks_a_unit_in_the_site_visit_phase(app, demo_path):
    _phase(demo_path, 2022, "site_visit")
    db = Store(demo_path)
    short = site_visit.shortlist(db, user_of(db, "kommitte1"), 2022)
    db.close()
    first = short.filter(pl.col("class_position") == 1)
    new = first.filter(~pl.col("selected"))["submission_id"][0]
    at = _open(app, "kommitte1", 2022)
    assert len(at.multiselect) == 5                       # one pick per class
    assert at.multiselect[0].value == first.filter(pl.col("selected"))["submission_id"].to_list()
    at.multiselect[0].select(new)
    next(b for b in at.button if b.label == "Spara urval").click().run()
    assert not at.exception
    assert any("är utvald för platsbesök" in s.value for s in at.success)
    assert new in at.multiselect[0].value and len(at.multiselect[0].value) == 2


def test_lead_records_a_visit_with_an_adjusted_score(app, demo_path):
    _phase(demo_path, 2022, "site_visit")
    at = _open(app, "examinator10", 2022)
    at.date_input[0].set_value(dt.date(2022, 10, 20))
    at.text_input[0].input("Kommittéledamot 2 & <3>")
    at.number_input[0].set_value(30)
    button(at, "Spara platsbesöket").click().run()
    assert at.error and "ange skälet" in at.error[0].value
    at.text_area[1].input("Visade nya resultat på plats.")
    button(at, "Spara platsbesöket").click().run()
    assert not at.exception
    assert any("Platsbesöket är sparat" in s.value for s in at.success)
    assert "Slutlig poäng **30** (platsbesök)" in " ".join(m.value for m in at.markdown)


def test_the_lead_and_the_committee_pick_the_cycle_with_its_phase_in_the_one_picker(app):
    for who in ("examinator10", "kommitte1"):
        at = _open(app, who)
        picker = at.selectbox(key="visits-cycle-year")
        assert picker.value == 2026 and picker.options == ["2026 · Individuell bedömning", "2022 · Avslutad"], who
