"""Övningsfall: kalibrering. Every examiner's deviation from the practice case's reference per criterion and in
total, who has not done it, who is flagged; the number of examiner groups without and with the exercise. Names
for the kansli (who can ask an examiner to score it again), pseudonyms for the committee and the chair."""
import polars as pl
import streamlit as st

from scoring.assessment import practice
from scoring import rulebook as rulebooks
from scoring.platform.access import AccessDenied
from scoring.ui import committee_data, practice_views, shell, text, widgets

db, actor = shell.store(), shell.user()
st.title(text.PRACTICE_TABLE_TITLE)
year = committee_data.pick_year(actor)
widgets.show_flash()
try:
    table = practice.calibration_table(db, actor, year)
    without, with_ = practice.group_counts(db, actor, year)
    case = practice.case(db, actor, year) if actor.role == "admin" else None
except AccessDenied as exc:
    st.info(widgets.escape_md(str(exc)))
    st.stop()

st.warning(f"**{text.PRACTICE_NOT_COUNTED}**", icon=":material/school:")
threshold = case["threshold"] if case else practice.DEFAULT_THRESHOLD
criteria = [c.number for c in rulebooks.load(db, year).criteria]
st.markdown(text.PRACTICE_TABLE_NOTE.format(threshold=threshold))
st.info(text.PRACTICE_GROUPS.format(without=without, with_=with_), icon=":material/hub:")
latest = table.filter(pl.col("attempt").is_null() | (pl.col("attempt") == pl.col("attempt").max().over("examiner")))
not_done = latest.filter(pl.col("status") != "submitted").filter(
    ~pl.col("examiner").is_in(table.filter(pl.col("status") == "submitted")["examiner"].to_list()))
st.markdown(text.PRACTICE_NOT_DONE.format(names=widgets.escape_md(", ".join(not_done["display_name"].to_list())))
            if not_done.height else text.PRACTICE_ALL_DONE)
flagged = latest.filter(pl.col("flagged"))
if flagged.height:
    st.warning(text.PRACTICE_FLAGGED_COUNT.format(n=flagged.height), icon=":material/flag:")
practice_views.calibration(table, criteria)

if actor.role == "admin":
    done = latest.filter(pl.col("status") == "submitted").sort("flagged", descending=True)
    names = dict(zip(done["examiner"], done["display_name"]))
    if names:
        with st.form("practice-rescore"):
            who = st.selectbox(text.PRACTICE_RESCORE_PICK, list(names), format_func=lambda u: names[u])
            asked = st.form_submit_button(text.PRACTICE_RESCORE, icon=":material/replay:")
        if asked:
            widgets.act(lambda: practice.request_rescore(db, actor, year, who),
                        lambda attempt: text.PRACTICE_RESCORED.format(name=widgets.escape_md(names[who]), attempt=attempt))
