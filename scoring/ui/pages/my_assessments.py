"""Mina bedömningar: the examiner's assigned submissions with status and progress."""
import streamlit as st

from scoring import assessment
from scoring.ui import registry, shell, text, widgets

db, actor, year = shell.store(), shell.user(), shell.cycle_year()
st.title(text.MY_TITLE)
widgets.show_flash()
# Re-read only when something was saved since this session last read it (see shell.unchanged_or_compute).
mine = shell.unchanged_or_compute(f"my_assessments:{actor.username}:{year}",
                                  lambda: assessment.my_assessments(db, actor, year))
if mine.is_empty():
    st.info(text.MY_EMPTY.format(year=year))
    st.stop()

counts = assessment.progress(mine)
cols = st.columns(4)
cols[0].metric("Tilldelade", counts["total"])
for col, status in zip(cols[1:], ("not_started", "draft", "submitted")):
    col.metric(text.STATUS[status], counts[status])
st.progress(counts["submitted"] / counts["total"],
            text=text.MY_PROGRESS.format(submitted=counts["submitted"], total=counts["total"]))

criteria_count = 5
bedom = registry.page_path("bedom")
# One bordered flex row per submission (no st.columns: a row costs 6 elements instead of 9, which is most of
# this page's rerun time at ~20 submissions).
for row in mine.iter_rows(named=True):
    with st.container(border=True, key=f"bidrag-{row['submission_id']}", horizontal=True,
                      vertical_alignment="center", gap="medium"):
        role = text.ROLE_LEAD if row["is_lead"] else text.ROLE_MEMBER
        with st.container(width="stretch", gap=None):
            st.markdown(f"**{row['unit_name']}**")
            st.caption(f"{row['class_name']} · {row['organisation']} · {role}")
        st.markdown(f"{text.STATUS_BADGE[row['status']]} · {row['scored_criteria']}/{criteria_count} kriterier",
                    width="content")
        st.page_link(bedom, label=text.MY_OPEN, icon=":material/arrow_forward:",
                     query_params={"bidrag": str(row["submission_id"])})
