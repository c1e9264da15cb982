"""Beslut: the committee records a proposal, a recused member cannot, the chair's controls."""
import re

import polars as pl
import pytest

from scoring.cycle import setup as cycle_setup
from scoring.committee import decisions
from scoring.assessment import results
from tests.conftest import button, number_formats, user_of

PAGE = "scoring/ui/pages/committee_decisions.py"
YEAR = 2026


@pytest.fixture
def in_decision_phase(db):
    for phase in ("consensus", "site_visit", "decision"):
        cycle_setup.move_phase(db, user_of(db, "admin"), YEAR, phase)
    return db


def test_member_records_a_winner_with_motivation(app, in_decision_phase):
    db = in_decision_phase
    at = app("kommitte1")
    at.switch_page(PAGE).run()
    assert not at.exception
    best = (results.weighted_totals(db, YEAR).filter(pl.col("class_code") == "forskola")
            .sort("total", descending=True, nulls_last=True)["submission_id"][0])
    at.multiselect(key=f"decision_{YEAR}_forskola_winners").select(best).run()
    at.text_area(key=f"decision_{YEAR}_forskola_motivation").input("Tydligt och uthålligt <i>arbete</i>.").run()
    button(at, "Spara förslag").click().run()
    assert not at.exception
    state = decisions.cycle_decisions(db, user_of(db, "kommitte1"), YEAR)
    assert state.awards["submission_id"].to_list() == [best]
    assert state.awards["prize_amount"].to_list() == [50000]
    assert "Förslaget för Förskola är sparat." in at.success[0].value
    assert "Tydligt och uthålligt <i>arbete</i>." in [t.value for t in at.text]   # shown as text, not HTML


def test_missing_motivation_is_refused_on_the_page(app, in_decision_phase):
    at = app("kommitte1")
    at.switch_page(PAGE).run()
    button(at, "Spara förslag").click().run()
    assert "motivering" in at.error[0].value
    assert decisions.cycle_decisions(in_decision_phase, user_of(in_decision_phase, "kommitte1"), YEAR).awards.is_empty()


def test_recused_member_sees_the_class_but_cannot_change_it(app, in_decision_phase):
    at = app("kommitte1")
    at.switch_page(PAGE).run()
    at.selectbox(key="decision_class").select("andra").run()   # kommitte1's bolag runs a unit there
    assert not at.exception
    assert any("jäv" in w.value for w in at.warning)
    assert not [b for b in at.button if b.label == "Spara förslag"]
    assert not [b for b in at.button if b.label == "Signera besluten"]


def test_chair_cannot_sign_until_every_class_is_decided(app, in_decision_phase):
    at = app("stadsdirektor")
    at.switch_page(PAGE).run()
    assert "Klasser utan beslut" in at.warning[0].value
    assert button(at, "Signera besluten").disabled


def test_signed_2022_shows_the_locked_winner_list(app, db):
    at = app("kommitte2")
    at.switch_page(PAGE).run()
    at.selectbox(key="cycle_year_committee").select(2022).run()
    assert not at.exception
    signed = decisions.signed_winner_list(db, user_of(db, "kommitte2"), 2022)
    shown = [t.value for t in at.text]
    for outcome in signed.classes:
        for award in (*outcome.winners, *outcome.honourable):
            assert any(award.unit_name in line and award.organisation in line for line in shown)
            assert award.motivation in shown
    assert any("Vinnarlista – signerad" in h.value for h in at.header)
    assert any("Signerade 2022-11-02" in s.value for s in at.success)
    assert not [b for b in at.button if b.label in ("Spara förslag", "Signera besluten")]


def test_top_list_shows_totals_with_one_swedish_decimal(app, in_decision_phase):
    at = app("kommitte1")
    at.switch_page(PAGE).run()
    assert not at.exception
    top = next(d for d in at.dataframe if "P(bäst i klassen)" in d.value.columns)
    assert number_formats(top) == {"Totalpoäng": ("localized", 0.1)}
    assert top.value["Totalpoäng"].dtype.kind == "f"
    chances = top.value["P(bäst i klassen)"].tolist()
    assert any(c != "–" for c in chances)
    assert all(re.fullmatch(r"\d{1,3}\u00a0%|–", c) for c in chances), chances   # 40 %, as on Rangordning


def test_each_award_has_its_own_motivation_and_a_mention_may_have_none(app, in_decision_phase):
    db = in_decision_phase
    first, second = (results.weighted_totals(db, YEAR).filter(pl.col("class_code") == "forskola")
                     .sort("total", descending=True, nulls_last=True)["submission_id"][:2])
    at = app("kommitte1")
    at.switch_page(PAGE).run()
    at.multiselect(key=f"decision_{YEAR}_forskola_winners").select(first).run()
    at.multiselect(key=f"decision_{YEAR}_forskola_honourable").select(second).run()
    labels = [t.label for t in at.text_area]
    assert any(label.startswith("Motivering för vinnaren") for label in labels)
    assert any(label.startswith("Motivering för hedersomnämnandet av") and "(valfri)" in label for label in labels)
    button(at, "Spara förslag").click().run()            # the winner has no motivation at all: refused
    assert any("Skriv en motivering för vinnaren" in e.value for e in at.error)
    at.text_area(key=f"decision_{YEAR}_forskola_own_{first}").input("Vinnarens egen motivering.").run()
    button(at, "Spara förslag").click().run()
    assert not at.exception and not at.error
    awards = dict(decisions.cycle_decisions(db, user_of(db, "kommitte1"), YEAR).awards
                  .select("submission_id", "motivation").iter_rows())
    assert awards == {first: "Vinnarens egen motivering.", second: ""}


def test_a_rename_after_signing_is_shown_beside_the_signed_list(app, db):
    from tests.store.test_ceremony import _rename_by_import
    signed = decisions.signed_winner_list(db, user_of(db, "kommitte2"), 2022)
    winner = signed.classes[0].winners[0]
    _rename_by_import(db, winner.unit_id, "Nytt namn efter signeringen", winner.organisation)
    at = app("kommitte2")
    at.switch_page(PAGE).run()
    at.selectbox(key="cycle_year_committee").select(2022).run()
    assert not at.exception
    assert any("ändrats efter signeringen" in w.value for w in at.warning)
    changes = next(d.value for d in at.dataframe if "Vid signeringen" in d.value.columns)
    assert changes.to_dict("records") == [{"Klass": signed.classes[0].class_name, "Enhet (signerad)": winner.unit_name,
                                           "Uppgift": "Enhetens namn", "Vid signeringen": winner.unit_name,
                                           "Nu": "Nytt namn efter signeringen"}]
    shown = [t.value for t in at.text]
    assert any(winner.unit_name in line for line in shown)
    assert not any("Nytt namn efter signeringen" in line for line in shown)
