"""Övningsfall: the examiner scores the practice case on the same form as a real submission; after submitting,
their deviations from the reference, its rationale and the group's distribution (never anyone's name)."""
import streamlit as st

from scoring.assessment import practice
from scoring.platform.access import AccessDenied
from scoring.ui import assessment_form, cycle_picker, practice_views, shell, state, text, widgets

db, actor, year = shell.store(), shell.user(), shell.cycle_year()
st.title(text.PRACTICE_TITLE)
cycle_picker.show_cycle(db, year)
if year is None:
    st.info(text.PRACTICE_NO_CYCLE)
    st.stop()
try:
    view = practice.open_practice(db, actor, year)
except AccessDenied as exc:
    if practice.may_set_reference(db, actor, year) and exc.args[0] == practice.NOT_OPEN:
        practice_views.referee_view(db, actor, year)     # a named senior examiner sets the reference first
    else:
        st.info(widgets.escape_md(str(exc)))
    st.stop()

st.warning(f"**{text.PRACTICE_NOT_COUNTED}**", icon=":material/school:")
widgets.show_flash()
fid = practice.form_id(year)
if view.locked:
    assessment_form.forget_working_copy(fid)
    st.page_link(shell.page("bedomningar"), label=text.PRACTICE_TO_REAL, icon=":material/arrow_forward:")
    practice_views.feedback(practice.feedback(db, actor, year), view.form.rulebook)
    with st.expander(text.PRACTICE_ATTEMPT.format(attempt=view.attempt)):
        assessment_form.read_only(view.form.entries, view.form.rulebook)
    st.stop()

st.caption(text.PRACTICE_INTRO)
if view.requested_by:
    st.info(text.PRACTICE_RESCORE_ASKED.format(attempt=view.attempt))
version_key = f"{state.version_key(fid)}_{view.attempt}"
st.session_state.setdefault(version_key, view.form.version)
left, right = st.columns([1, 1.1], gap="large")
with left:
    st.subheader(widgets.escape_md(view.form.submission["unit_name"]))
    practice_views.case_document(db, actor, year, view.form.submission["text"], view.has_document)
with right:
    assessment_form.editable(view.form, lambda raw, action, version: (
        practice.submit if action == "submit" else practice.save_draft)(db, actor, year, raw, version),
        version_key)
