"""Bedömningar (kansli): every assessment's status in the cycle; reopen a submitted one."""
import streamlit as st

from scoring import assessment, progress
from scoring.ui import cycle_picker, shell, text, widgets

db, actor = shell.store(), shell.user()
st.title(text.ADMIN_ASSESSMENTS_TITLE)
widgets.show_flash()
year = cycle_picker.pick_cycle(db, actor, "assessments-cycle-year", start=shell.cycle_year())
if year is None:
    st.stop()
overview = assessment.cycle_overview(db, actor, year)
counts = assessment.progress(overview)
cols = st.columns(4)
cols[0].metric("Bedömningar", counts["total"])
for col, status in zip(cols[1:], ("not_started", "draft", "submitted")):
    col.metric(progress.COUNT_NAMES[status], counts[status])   # plural labels, as on Framsteg

wanted = st.multiselect(text.COL_STATUS, list(text.STATUS), placeholder=text.CHOOSE, default=list(text.STATUS),
                        format_func=text.STATUS.__getitem__)
shown = overview.filter(overview["status"].is_in(wanted))
st.dataframe(
    {text.COL_UNIT: shown["unit_name"], text.COL_CLASS: shown["class_name"], "Examinator": shown["display_name"],
     text.ADMIN_ASSESSMENTS_COL_ROLE: [text.ROLE_LEAD if lead else text.ROLE_MEMBER for lead in shown["is_lead"]],
     text.COL_STATUS: [text.STATUS[s] for s in shown["status"]],
     "Senast sparad": shown["updated_at"].dt.strftime("%Y-%m-%d %H:%M").fill_null(text.ADMIN_ASSESSMENTS_NEVER)},
    hide_index=True,
)

submitted = overview.filter(overview["status"] == "submitted")
if not submitted.is_empty():
    st.subheader(text.REOPEN)
    names = {(r["submission_id"], r["examiner"]): f"{r['unit_name']} – {r['display_name']}"
             for r in submitted.iter_rows(named=True)}
    widgets.reasoned_action("reopen", "Bedömning", names, text.REOPEN_REASON, text.REOPEN,
                            lambda chosen, reason: assessment.reopen(db, actor, chosen[0], chosen[1], reason),
                            lambda chosen: text.REOPENED)
