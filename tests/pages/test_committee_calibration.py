"""Kalibrering och tillförlitlighet: the page shows the core's severity, comparison and reliability."""
import math
import re

import polars as pl

from scoring import committee
from tests.conftest import number_formats, user_of

PAGE = "scoring/ui/pages/committee_calibration.py"


def _element(at, column):
    return next(d for d in at.dataframe if column in d.value.columns)


def _frame(at, column):
    return _element(at, column).value


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


def test_calibration_page_shows_decimals_the_swedish_way(app, db):
    at = app("kommitte3")
    at.switch_page(PAGE).run()
    assert not at.exception
    one = ("localized", 0.1)
    assert number_formats(_element(at, "Mildhet (+) / stränghet (−)")) == {"Mildhet (+) / stränghet (−)": one,
                                                                            "± (95 %)": one}
    assert number_formats(_element(at, "Plats, kalibrerat")) == {"Slutpoäng": one, "Rått medel": one,
                                                                 "Kalibrerat medel": one, "± (95 %)": one}
    view = committee.calibration_view(db, user_of(db, "kommitte3"), 2026)
    criteria = _element(at, "Medarbetarnas delaktighet")          # reliability per criterion: two decimals
    assert set(number_formats(criteria).values()) == {("localized", 0.01)}
    assert len(number_formats(criteria)) == view.reliability_criterion["title"].n_unique()
    assert number_formats(_element(at, "Standardavvikelse"))["Standardavvikelse"] == one
    sigma = next(c.value for c in at.caption if "enskild bedömning" in c.value)
    assert re.search(r"bedömning: \d+,\d poäng\.$", sigma), sigma
    assert f"{view.calibration.sigma:.1f}".replace(".", ",") in sigma
    values = _frame(at, "Bidrag med minst två bedömningar")["Värde"].tolist()
    assert values == [f"{v:.2f}".replace(".", ",").replace("-", "−") if not math.isnan(v) else "–"
                      for v in view.reliability_class["value"].to_list()]
    assert any("," in v for v in values)
