"""Kalibrering och tillförlitlighet: each examiner's severity with its uncertainty, the calibrated
ranking beside the ranking by final totals, inter-rater reliability and the largest disagreements."""
import polars as pl
import streamlit as st

from scoring import charts_committee as charts
from scoring.ui import committee_data, shell, text, widgets

actor = shell.user()
st.title(text.CALIBRATION_TITLE)
if actor.role == "admin":
    st.caption(text.READ_ONLY_ADMIN)
year = committee_data.pick_year(actor)
view = committee_data.calibration(actor, year)
for note in view.notes:
    st.warning(note, icon=":material/warning:")
if view.calibration is None:
    st.stop()

st.header(text.SEVERITY_HEADER)
st.markdown(text.SEVERITY_NOTE)
examiners = view.examiners
st.plotly_chart(charts.severity(examiners), key="severity_chart")
widgets.table({"Examinator": examiners["display_name"],
              "Mildhet (+) / stränghet (−)": examiners["severity"].round(1),
              "± (95 %)": (1.96 * examiners["severity_se"]).round(1),
              "Bedömningar": examiners["n_assessments"], "Grupp": examiners["component"] + 1},
             hide_index=True, key="severity_table")
st.caption(f"Slumpens standardavvikelse för en enskild bedömning: {widgets.decimal(view.calibration.sigma)} poäng.")

st.header(text.COMPARISON_HEADER)
st.markdown(text.COMPARISON_NOTE)
comparison = view.comparison
classes = comparison.select("class_code", "class_name", "class_position").unique().sort("class_position")
code = committee_data.pick_class(classes, "calibration_class")
shown = comparison.filter(pl.col("class_code") == code)
moved = shown.filter(pl.col("moved")).height
st.caption(text.MOVED_COUNT.format(n=moved, total=shown.height) if moved else text.NO_MOVES)
display = pl.DataFrame({
    "Enhet": shown["unit_name"], "Plats, slutpoäng": shown["rank_other"], "Plats, kalibrerat": shown["rank_calibrated"],
    "Flyttad": ["↕ " + (f"{s:+d}" if s is not None else "") if m else "" for m, s in
                zip(shown["moved"], shown["rank_shift"], strict=True)],
    "Slutpoäng": shown["other_score"].round(1), "Rått medel": shown["raw_mean"].round(1),
    "Kalibrerat medel": shown["calibrated_mean"].round(1), "± (95 %)": (1.96 * shown["calibrated_se"]).round(1)})
styled = display.to_pandas().style.apply(
    lambda r: ["background-color: #fff3e0" if r["Flyttad"] else "" for _ in r], axis=1).format(precision=1, decimal=",")
widgets.table(styled, hide_index=True, key="comparison_table")
st.plotly_chart(charts.ranking_comparison(shown), key="comparison_chart")

st.header(text.RELIABILITY_HEADER)
by_class = view.reliability_class
if not by_class.is_empty():
    st.markdown(text.RELIABILITY_METHOD.format(method=by_class["method"][0]))
    st.info(by_class["explanation"][0], icon=":material/info:")


st.subheader(text.RELIABILITY_CLASS)
st.dataframe({"Klass": by_class["class_name"], "Värde": [widgets.decimal(v, 2) for v in by_class["value"]],
              "Bidrag med minst två bedömningar": by_class["n_submissions"], "Bedömningar": by_class["n_ratings"]},
             hide_index=True, key="reliability_class")
st.subheader(text.RELIABILITY_CRITERION)
by_criterion = view.reliability_criterion
wide = (by_criterion.with_columns(pl.col("value").round(2))
        .pivot(on="title", index=["position", "class_name"], values="value", sort_columns=False)
        .sort("position").drop("position").rename({"class_name": "Klass"}))
widgets.table(wide, digits=2, hide_index=True, key="reliability_criterion")
st.caption("Ett tomt värde betyder att det inte finns tillräckligt med variation eller bedömningar i klassen.")

st.header(text.DISAGREEMENT_HEADER)
st.caption(text.DISAGREEMENT_NOTE)
worst = view.disagreements
widgets.table({"Enhet": worst["unit_name"], "Klass": worst["class_name"], "Kriterium": worst["title"],
              "Lägst": worst["min_score"], "Högst": worst["max_score"], "Spridning": worst["score_range"],
              "Standardavvikelse": worst["score_sd"].round(1), "Bedömningar": worst["n_ratings"]},
             digits={"Lägst": 0, "Högst": 0, "Spridning": 0}, hide_index=True, key="disagreements")
