"""Kalibrering och tillförlitlighet: the page shows the core's severity, comparison and reliability."""
import math
import re

import polars as pl

from scoring.committee import views as committee
from scoring.committee.calibration import TOO_LITTLE_DATA
from scoring.store import cycles
from tests.conftest import number_formats, user_of

PAGE = "scoring/ui/pages/committee_calibration.py"


def _phase(db, phase: str, year: int = 2026) -> None:
    db.write(lambda con: cycles.set_phase(con, year, phase))


def _swedish(values, digits=1, sign=False):
    return [TOO_LITTLE_DATA if v is None else ("+" if sign and round(v, digits) > 0 else "")
            + f"{v:.{digits}f}".replace(".", ",").replace("-", "−") for v in values]


SECTIONS = ("Examinatorernas stränghet", "Kalibrerad rangordning", "Tillförlitlighet", "Störst oenighet")


def _section(at, name: str):
    """Show one section of the page (one is drawn at a time), as a click on it does."""
    return at.segmented_control(key="calibration-section").set_value(name).run()


def _element(at, column):
    """The table with this column, from the section that has it."""
    for name in (None, *SECTIONS):
        found = [d for d in (at if name is None else _section(at, name)).dataframe if column in d.value.columns]
        if found:
            return found[0]
    raise AssertionError(f"ingen tabell med kolumnen {column}")


def _everything(at) -> tuple[list, list]:
    """Every section's tables and charts."""
    tables, charts = [], []
    for name in SECTIONS:
        _section(at, name)
        tables += list(at.dataframe)
        charts += list(at.get("plotly_chart"))
    return tables, charts


def _frame(at, column):
    return _element(at, column).value


def test_calibration_page_equals_the_core(app, db):
    _phase(db, "site_visit")
    at = app("kommitte3")
    at.switch_page(PAGE).run()
    assert not at.exception
    view = committee.calibration_view(db, user_of(db, "kommitte3"), 2026)
    severity = _frame(at, "Mildhet (+) / stränghet (−)")
    assert severity["Examinator"].tolist() == view.examiners["display_name"].to_list()
    assert severity["Examinator"].str.fullmatch(r"Examinator [A-Z]+").all()        # pseudonyms, never names
    assert severity["Mildhet (+) / stränghet (−)"].tolist() == _swedish(view.examiners["severity"], sign=True)
    # the demo's two examiner groups are linked by the practice case: the note is the core's, the caption says so
    assert any("separata grupper" in w.value for w in at.warning) == any("separata grupper" in n for n in view.notes)
    assert any("2 utan övningsfallet, 1 med" in c.value for c in at.caption)
    comparison = _frame(at, "Plats, kalibrerat")
    core = view.comparison.filter(pl.col("class_code") == "forskola")
    assert comparison["Enhet"].tolist() == core["unit_name"].to_list()
    assert (comparison["Flyttad"] != "").sum() == core["moved"].sum()
    reliability = _frame(at, "Bidrag med minst två bedömningar")
    assert len(reliability) == view.reliability_class.height
    assert any("Metod: **Krippendorffs α" in m.value for m in at.markdown)
    assert any("överensstämmelse" in i.value for i in at.info)
    worst = _frame(at, "Standardavvikelse")
    assert worst["Enhet"].tolist() == view.disagreements["unit_name"].to_list()


def test_calibration_page_shows_decimals_the_swedish_way(app, db):
    _phase(db, "decision")
    at = app("kommitte3")
    at.switch_page(PAGE).run()
    assert not at.exception
    one = ("localized", 0.1)
    view = committee.calibration_view(db, user_of(db, "kommitte3"), 2026)
    severity = _frame(at, "Mildhet (+) / stränghet (−)")       # estimates as text: a figure or "för lite data"
    assert severity["± (95 %)"].tolist() == _swedish(1.96 * view.examiners["severity_se"])
    assert all(re.fullmatch(r"[+−]?\d+,\d", v) for v in severity["Mildhet (+) / stränghet (−)"])
    assert number_formats(_element(at, "Plats, kalibrerat")) == {"Slutpoäng": one, "Rått medel": one,
                                                                 "Kalibrerat medel": one}
    criteria = _frame(at, "Medarbetarnas delaktighet")            # reliability per criterion: two decimals
    cells = [v for column in criteria.columns[1:] for v in criteria[column].tolist()]
    assert all(re.fullmatch(r"−?\d,\d\d|–|" + TOO_LITTLE_DATA, v) for v in cells), cells
    assert any("," in v for v in cells)
    assert len(criteria.columns) - 1 == view.reliability_criterion["title"].n_unique()
    assert number_formats(_element(at, "Standardavvikelse"))["Standardavvikelse"] == one
    _section(at, "Examinatorernas stränghet")
    sigma = next(c.value for c in at.caption if "enskild bedömning" in c.value)
    assert re.search(r"bedömning: \d+,\d poäng\.$", sigma), sigma
    assert f"{view.calibration.sigma:.1f}".replace(".", ",") in sigma
    values = _frame(at, "Bidrag med minst två bedömningar")["Värde"].tolist()
    assert values == [TOO_LITTLE_DATA if not ok else f"{v:.2f}".replace(".", ",").replace("-", "−")
                      if not math.isnan(v) else "–"
                      for v, ok in view.reliability_class.select("value", "enough_data").iter_rows()]
    assert any("," in v for v in values)


def test_a_class_with_one_assessed_unit_says_too_little_data(app, db):
    # The demo's 2026 Skola has one unit with two submitted assessments: α would be 0,00, which means nothing.
    _phase(db, "site_visit")
    at = app("kommitte3")
    at.switch_page(PAGE).run()
    assert not at.exception
    reliability = _frame(at, "Bidrag med minst två bedömningar")
    skola = reliability[reliability["Klass"] == "Skola"].iloc[0]
    assert skola["Värde"] == TOO_LITTLE_DATA and skola["Bidrag med minst två bedömningar"] == 1
    assert "0,00" not in reliability["Värde"].tolist()
    criteria = _frame(at, "Medarbetarnas delaktighet")
    assert set(criteria[criteria["Klass"] == "Skola"].iloc[0].tolist()[1:]) == {TOO_LITTLE_DATA}


def test_the_committee_sees_the_current_cycle_from_the_site_visit_phase(app, db):
    at = app("kommitte3")                                          # the demo's 2026 is in individual assessment
    at.switch_page(PAGE).run()
    assert not at.exception
    assert any("från fasen platsbesök" in i.value for i in at.info)
    assert len(at.dataframe) == 0 and len(at.get("plotly_chart")) == 0
    at.selectbox(key="cycle_year_committee").select(2022).run()     # the closed cycle stays open
    assert not at.exception
    assert not any("från fasen platsbesök" in i.value for i in at.info)
    assert len(_everything(at)[0]) >= 5
    admin = app("admin")                                           # the kansli follows the cycle all along
    admin.switch_page(PAGE).run()
    assert not admin.exception and len(_everything(admin)[0]) >= 5


def test_only_the_kansli_sees_the_examiners_names(app, db):
    _phase(db, "site_visit")
    names = {f"Examinator {i}" for i in range(1, 16)} | {f"examinator{i}" for i in range(1, 16)}
    committee_page = app("kommitte3")
    committee_page.switch_page(PAGE).run()
    warnings = [w.value for w in committee_page.warning]
    tables, charts = _everything(committee_page)
    shown = " | ".join([*[str(d.value.to_dict()) for d in tables], *[str(c.proto.spec) for c in charts], *warnings])
    assert "Examinator A" in shown
    assert not [n for n in names if re.search(re.escape(n) + r"\b", shown)]
    admin = app("admin")
    admin.switch_page(PAGE).run()
    assert set(_frame(admin, "Mildhet (+) / stränghet (−)")["Examinator"]) == {f"Examinator {i}" for i in range(1, 16)}


def test_the_page_names_the_earlier_signed_cycles_its_variances_are_pooled_with(app, db):
    _phase(db, "site_visit")
    at = app("kommitte3")
    at.switch_page(PAGE).run()
    view = committee.calibration_view(db, user_of(db, "kommitte3"), 2026)
    assert view.pooled_years == committee.earlier_cycles(db, user_of(db, "kommitte3"), 2026).years == (2022,)
    captions = [c.value for c in at.caption]
    assert "Spridningarna i modellen är skattade tillsammans med 2022: den tidigare omgången med signerade beslut." \
        in captions
    at.selectbox(key="cycle_year_committee").select(2022).run()     # the demo's first signed cycle: none before it
    assert any(c.value.startswith("Det finns ingen tidigare omgång med signerade beslut") for c in at.caption)
