"""Kalibrering och tillförlitlighet: the page shows the core's severity, comparison and reliability."""
import polars as pl

from scoring import committee
from tests.conftest import user_of

PAGE = "scoring/ui/pages/committee_calibration.py"


def _frame(at, column):
    return next(d for d in at.dataframe if column in d.value.columns).value


def test_calibration_page_equals_the_core(app, db):
    at = app("kommitte3")
    at.switch_page(PAGE).run()
    assert not at.exception
    view = committee.calibration_view(db, user_of(db, "kommitte3"), 2026)
    severity = _frame(at, "Mildhet (+) / stränghet (−)")
    assert severity["Examinator"].tolist() == view.examiners["display_name"].to_list()
    assert severity["Mildhet (+) / stränghet (−)"].tolist() == view.examiners["severity"].round(1).to_list()
    assert any("separata grupper" in w.value for w in at.warning)
    comparison = _frame(at, "Plats, kalibrerat")
    core = view.comparison.filter(pl.col("class_code") == "forskola")
    assert comparison["Enhet"].tolist() == core["unit_name"].to_list()
    assert (comparison["Flyttad"] != "").sum() == core["moved"].sum()
    assert any("Metod: **Krippendorffs α" in m.value for m in at.markdown)
    assert any("överensstämmelse" in i.value for i in at.info)
    reliability = _frame(at, "Bidrag med minst två bedömningar")
    assert len(reliability) == view.reliability_class.height
    worst = _frame(at, "Standardavvikelse")
    assert worst["Enhet"].tolist() == view.disagreements["unit_name"].to_list()
