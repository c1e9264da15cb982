"""Bedöm bidrag: the submission beside the scoring form, one criterion at a time. Saves drafts, submits and locks."""
import streamlit as st

from scoring.assessment import individual as assessment
from scoring.platform.access import AccessDenied
from scoring.ui import assessment_form, document_viewer, practice_views, shell, state, text, widgets

db, actor, year = shell.store(), shell.user(), shell.cycle_year()
# Re-read only when something was saved since this session last read it (see shell.unchanged_or_compute).
mine = shell.unchanged_or_compute(f"my_assessments:{actor.username}:{year}",
                                  lambda: assessment.my_assessments(db, actor, year), examiner=actor.username)
if mine.is_empty():
    st.info(text.MY_EMPTY.format(year=year) if year is not None else text.NO_CYCLE)
    st.stop()

practice_views.gate(db, actor, year)   # the cycle may lock real assignments until the practice case is in
ids = mine["submission_id"].to_list()
unfinished = sorted((unit, sid) for sid, unit, status in
                    zip(ids, mine["unit_name"].to_list(), mine["status"].to_list(), strict=True)
                    if status != "submitted")
chosen = shell.query_choice("bidrag", ids, text.QUERY_NO_SUBMISSION)
if chosen is None:
    chosen = unfinished[0][1] if unfinished else ids[0]
st.query_params["bidrag"] = str(chosen)

try:
    view = shell.unchanged_or_compute(f"open_assessment:{actor.username}:{chosen}",
                                      lambda: assessment.open_assessment(db, actor, chosen), examiner=actor.username)
except (AccessDenied, LookupError) as exc:
    widgets.errors(exc)
    st.stop()

sid = view.submission["id"]
following = next((item for item in unfinished if item[1] != sid), None)
with st.container(horizontal=True, horizontal_alignment="distribute"):
    st.page_link(shell.page("bedomningar"), label=text.BACK_TO_LIST)
    if following:
        st.page_link(shell.page("bedom"), label=text.SCORE_NEXT.format(unit=widgets.escape_md(following[0])),
                     icon=":material/arrow_forward:", icon_position="right",
                     query_params={"bidrag": str(following[1])})
st.title(widgets.escape_md(view.submission["unit_name"]))
st.caption(f"{text.SCORE_CYCLE.format(year=year)} · {widgets.escape_md(view.submission['class_name'])} · "
           f"{widgets.escape_md(view.submission['organisation'])} · "
           f"Status: {text.STATUS[view.status]}" + ("" if view.locked else f"  \n{text.INDEPENDENT_INFO}"))
widgets.show_flash()
version_key = state.version_key(sid)
st.session_state.setdefault(version_key, view.version)

left, right = st.columns([1, 1.1], gap="large")
with left:
    document_viewer.show(db, actor, sid, view.submission["text"])
    document_viewer.declare_conflict(db, actor, sid, view.submission["unit_name"])
with right:
    if view.locked:
        assessment_form.forget_working_copy(sid)
        st.success(text.LOCKED_INFO)
        assessment_form.read_only(view.entries, view.rulebook)
        st.stop()
    # Saves in the button's callback: one click, one save, its confirmation in the same run (issue 16.3).
    assessment_form.editable(view, lambda raw, action, version: (
        assessment.submit if action == "submit" else assessment.save_draft)(db, actor, sid, raw, version),
        version_key)
