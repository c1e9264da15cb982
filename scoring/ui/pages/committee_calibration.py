"""Kalibrering och tillförlitlighet: each examiner's severity with its uncertainty, the calibrated
ranking beside the ranking by final totals, inter-rater reliability and the largest disagreements."""
import polars as pl
import streamlit as st

from scoring import swedish
from scoring.committee import charts
from scoring.assessment import practice
from scoring.committee.calibration import TOO_LITTLE_DATA
from scoring.ui import chart_text, committee_data, sections, shell, text, widgets


def _estimate(values, enough, digits: int = 1, sign: bool = False) -> list[str]:
    """Figures as Swedes write them, or "för lite data" where the core says the estimate means nothing."""
    return [TOO_LITTLE_DATA if not ok else swedish.signed(v, digits) if sign else widgets.decimal(v, digits)
            for v, ok in zip(values, enough, strict=True)]


def _one_decimal(column: pl.Series) -> pl.Series:
    """Rounded by scoring/swedish.py's rule before the pandas Styler writes one decimal (it would round the binary
    float: 62.25 as '62,2')."""
    return column.map_elements(lambda v: swedish.rounded(v, 1), return_dtype=pl.Float64)


STYLED_ROWS = 100      # rows of the comparison table coloured by a pandas Styler
RIGHT = st.column_config.TextColumn(alignment="right")     # figures written out as text still line up


actor = shell.user()
st.title(text.CALIBRATION_TITLE)
if actor.role == "admin":
    st.caption(text.READ_ONLY_ADMIN)
year = committee_data.pick_year(actor)
view = committee_data.gated(lambda: committee_data.calibration(actor, year))
for note in view.notes:
    st.warning(widgets.escape_md(note), icon=":material/warning:")
# Issue 18: how many separate examiner groups there are without and with the practice case (which links them).
without, with_ = practice.group_counts(shell.store(), actor, year)
st.caption(text.PRACTICE_GROUPS.format(without=without, with_=with_))
st.page_link(shell.page("ovningsfall-kalibrering"), label=text.PRACTICE_TABLE_TITLE, icon=":material/school:")
if view.calibration is None:
    st.stop()

def _severity() -> None:
    st.header(text.SEVERITY_HEADER)
    st.markdown(text.SEVERITY_NOTE)
    years = view.pooled_years
    st.caption(text.POOLED_WITH.format(years=swedish.listing([str(y) for y in years]),
                                       cycles=swedish.plural(len(years), "den tidigare omgången",
                                                             "de tidigare omgångarna"))
               if years else text.POOLED_NONE)
    examiners = view.examiners
    estimated = examiners.filter(pl.col("enough_data"))
    if estimated.height:
        order = estimated.sort("severity")
        chart_text.show(charts.severity(estimated), "severity_chart", text.A11Y_FIND_SEVERITY.format(
            strict=widgets.escape_md(order["display_name"][0]), strict_value=widgets.decimal(order["severity"][0]),
            mild=widgets.escape_md(order["display_name"][-1]),
            mild_value=("+" if order["severity"][-1] > 0 else "") + widgets.decimal(order["severity"][-1])))
        if estimated.height > 2 * charts.SEVERITY_EXTREMES:
            st.caption(text.PERF_SEVERITY_CHART_TOP.format(each=charts.SEVERITY_EXTREMES, total=estimated.height))
    widgets.table({"Examinator": examiners["display_name"],
                  "Mildhet (+) / stränghet (−)": _estimate(examiners["severity"], examiners["enough_data"], sign=True),
                  "± (95 %)": _estimate(1.96 * examiners["severity_se"], examiners["enough_data"]),
                  "Bedömningar": examiners["n_assessments"], "Grupp": examiners["component"] + 1},
                 column_config={"Mildhet (+) / stränghet (−)": RIGHT, "± (95 %)": RIGHT}, hide_index=True,
                 key="severity_table")
    sigma = view.calibration.sigma
    st.caption("Slumpens standardavvikelse för en enskild bedömning: "
               + (f"{widgets.decimal(sigma)} poäng." if sigma == sigma and sigma > 0 else f"{TOO_LITTLE_DATA}."))


@st.fragment
def _comparison() -> None:
    """One class's calibrated ranking: switching class reruns this section alone (st.fragment)."""
    comparison = view.comparison
    classes = comparison.select("class_code", "class_name", "class_position").unique().sort("class_position")
    code = committee_data.pick_class(classes, "calibration_class")
    shown = comparison.filter(pl.col("class_code") == code)
    moved = shown.filter(pl.col("moved")).height
    st.caption(text.MOVED_COUNT.format(n=moved, total=shown.height) if moved else text.NO_MOVES)
    display = pl.DataFrame({
        "Enhet": shown["unit_name"], "Plats, slutpoäng": shown["rank_other"], "Plats, kalibrerat": shown["rank_calibrated"],
        "Flyttad": ["↕ " + swedish.signed(s, 0, empty="") if m else "" for m, s in
                    zip(shown["moved"], shown["rank_shift"], strict=True)],
        "Slutpoäng": _one_decimal(shown["other_score"]), "Rått medel": _one_decimal(shown["raw_mean"]),
        "Kalibrerat medel": _one_decimal(shown["calibrated_mean"]),
        "± (95 %)": _estimate(1.96 * shown["calibrated_se"], shown["enough_data"])})
    if display.height <= STYLED_ROWS:      # a pandas Styler costs per cell: a class of hundreds is marked by ↕ alone
        styled = display.to_pandas().style.apply(lambda r: ["background-color: #fff3e0" if r["Flyttad"] else "" for _ in r],
                                                 axis=1).format(precision=1, decimal=",")
        widgets.table(styled, column_config={"± (95 %)": RIGHT}, hide_index=True, key="comparison_table")
    else:
        widgets.table(display, column_config={"± (95 %)": RIGHT}, hide_index=True, key="comparison_table")
    chart_text.show(charts.ranking_comparison(shown), "comparison_chart",
                    text.A11Y_FIND_COMPARISON.format(n=moved, total=shown.height))


def _comparison_section() -> None:
    st.header(text.COMPARISON_HEADER)
    st.markdown(text.COMPARISON_NOTE)
    _comparison()


def _reliability() -> None:
    st.header(text.RELIABILITY_HEADER)
    by_class = view.reliability_class
    if not by_class.is_empty():
        st.markdown(text.RELIABILITY_METHOD.format(method=by_class["method"][0]))
        st.info(by_class["explanation"][0], icon=":material/info:")
    st.subheader(text.RELIABILITY_CLASS)
    widgets.table({"Klass": by_class["class_name"], "Värde": _estimate(by_class["value"], by_class["enough_data"], 2),
                  "Bidrag med minst två bedömningar": by_class["n_submissions"], "Bedömningar": by_class["n_ratings"]},
                 column_config={"Värde": RIGHT}, hide_index=True, key="reliability_class")
    st.subheader(text.RELIABILITY_CRITERION)
    by_criterion = view.reliability_criterion
    wide = (by_criterion.with_columns(value=pl.Series(_estimate(by_criterion["value"], by_criterion["enough_data"], 2),
                                                      dtype=pl.String))
            .pivot(on="title", index=["position", "class_name"], values="value", sort_columns=False)
            .sort("position").drop("position").rename({"class_name": "Klass"}))
    widgets.table(wide, column_config=dict.fromkeys(wide.columns[1:], RIGHT), hide_index=True,
                  key="reliability_criterion")
    st.caption(f"”{TOO_LITTLE_DATA}”: färre än tre bidrag i klassen har minst två bedömningar. "
               "”–”: det finns ingen variation i poängen att mäta överensstämmelse på.")


def _disagreements() -> None:
    st.header(text.DISAGREEMENT_HEADER)
    st.caption(text.DISAGREEMENT_NOTE)
    worst = view.disagreements
    widgets.table({"Enhet": worst["unit_name"], "Klass": worst["class_name"], "Kriterium": worst["title"],
                  "Lägst": worst["min_score"], "Högst": worst["max_score"], "Spridning": worst["score_range"],
                  "Standardavvikelse": worst["score_sd"], "Bedömningar": worst["n_ratings"]},
                 digits={"Lägst": 0, "Högst": 0, "Spridning": 0}, hide_index=True, key="disagreements")


# One section at a time (scoring.ui.sections): all four drew two charts and five tables of hundreds of rows
# (every examiner, every unit of a class) on every visit.
section = sections.pick(text.PERF_SECTIONS, text.CALIBRATION_SECTIONS, key="calibration-section")
dict(zip(text.CALIBRATION_SECTIONS, (_severity, _comparison_section, _reliability, _disagreements),
         strict=True))[section]()
