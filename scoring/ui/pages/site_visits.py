"""Platsbesök: the committee picks units per class from a shortlist; the lead records the visit."""
import polars as pl
import streamlit as st

from scoring import rulebook
from scoring.assessment import results
from scoring.assessment import site_visit
from scoring.platform.access import AccessDenied
from scoring.ui import cycle_picker, shell, text, visit_form, widgets

db, actor = shell.store(), shell.user()
st.title(text.VISITS_TITLE)
year = cycle_picker.pick_cycle(db, actor, "visits-cycle-year", start=shell.cycle_year())
if year is None:
    st.stop()
phase = rulebook.phase(db, year)
widgets.show_flash()

if actor.role in ("committee", "chair", "admin"):
    try:
        visit_form.shortlist(db, actor, year, editable=actor.role != "admin" and phase == "site_visit")
    except AccessDenied as exc:
        st.info(widgets.escape_md(exc))
    st.subheader(text.VISITS_SELECTED)
    try:
        chosen = site_visit.visits(db, actor, year)
    except AccessDenied:
        st.stop()
    visit_form.visit_table(chosen)
    st.stop()

mine = site_visit.visits(db, actor, year)
if mine.is_empty():
    st.info(text.VISITS_MINE_NONE)
    st.stop()
visit_form.visit_table(mine)
ids = mine["submission_id"].to_list()
names = dict(zip(ids, mine["unit_name"]))
sid = st.selectbox("Bidrag", ids, format_func=names.__getitem__)
view = site_visit.visit_view(db, actor, sid)
finals = results.final_scores(db, year).filter(pl.col("submission_id") == sid)
st.subheader(f"{text.VISITS_RECORD}: {widgets.escape_md(view.submission['unit_name'])}")
if not view.may_record.allowed:
    st.info(widgets.escape_md(view.may_record.reason))
    visit_form.read_only(view, finals)
    st.stop()
values = visit_form.editable(view, finals)
if values is not None:
    widgets.act(lambda: site_visit.record(db, actor, sid, *values), text.VISITS_SAVED)
