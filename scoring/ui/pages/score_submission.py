"""Bedöm bidrag: the submission beside the five-criterion form. Saves drafts, submits and locks."""
import streamlit as st

from scoring import assessment
from scoring.access import AccessDenied, ValidationError
from scoring.ui import assessment_form, document_viewer, registry, shell, state, text, widgets

db, actor, year = shell.store(), shell.user(), shell.cycle_year()
st.page_link(registry.page_path("bedomningar"), label=text.BACK_TO_LIST)
# Re-read only when something was saved since this session last read it (see shell.unchanged_or_compute).
mine = shell.unchanged_or_compute(f"my_assessments:{actor.username}:{year}",
                                  lambda: assessment.my_assessments(db, actor, year))
if mine.is_empty():
    st.info(text.MY_EMPTY.format(year=year))
    st.stop()

ids = mine["submission_id"].to_list()
labels = {r["submission_id"]: f"{r['unit_name']} ({text.STATUS[r['status']].lower()})" for r in mine.iter_rows(named=True)}
wanted = st.query_params.get("bidrag")
current = int(wanted) if wanted and wanted.isdigit() and int(wanted) in ids else ids[0]
chosen = st.selectbox(text.SCORE_PICK, ids, index=ids.index(current), format_func=labels.__getitem__)
st.query_params["bidrag"] = str(chosen)

try:
    view = shell.unchanged_or_compute(f"open_assessment:{actor.username}:{chosen}",
                                      lambda: assessment.open_assessment(db, actor, chosen))
except (AccessDenied, LookupError) as exc:
    st.error(str(exc))
    st.stop()

sid = view.submission["id"]
st.title(view.submission["unit_name"])
st.caption(f"{view.submission['class_name']} · {view.submission['organisation']} · "
           f"Status: {text.STATUS[view.status]}")
widgets.show_flash()
version_key = state.version_key(sid)
st.session_state.setdefault(version_key, view.version)

left, right = st.columns([1, 1.25], gap="large")
with left:
    st.subheader(text.SCORE_SUBMISSION_TEXT)
    document_viewer.show(db, actor, sid, view.submission["text"])
    document_viewer.declare_conflict(db, actor, sid, view.submission["unit_name"])
with right:
    st.subheader(text.SCORE_CRITERIA)
    if view.locked:
        st.success(text.LOCKED_INFO)
        assessment_form.read_only(view.entries, view.rulebook)
        st.stop()
    st.info(text.INDEPENDENT_INFO)
    raw, action = assessment_form.editable(view)
    if action:
        save = assessment.submit if action == "submit" else assessment.save_draft
        try:
            new_version = save(db, actor, sid, raw, st.session_state[version_key])
        except assessment.StaleVersion as stale:
            st.session_state[version_key] = stale.current.version
            widgets.errors(stale)
            with st.expander(text.NEWER_VALUES.format(version=stale.current.version), expanded=True):
                assessment_form.read_only(stale.current.entries, view.rulebook)
        except (ValidationError, AccessDenied) as exc:
            widgets.errors(exc)
        else:
            st.session_state[version_key] = new_version
            widgets.flash(text.SUBMITTED if action == "submit" else text.SAVED.format(version=new_version))
            st.rerun()
