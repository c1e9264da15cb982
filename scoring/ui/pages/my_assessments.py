"""Mina bedömningar: the examiner's assigned submissions with status and progress."""
import streamlit as st

from scoring import assessment
from scoring.ui import registry, shell, text, widgets

db, actor, year = shell.store(), shell.user(), shell.cycle_year()
st.title(text.MY_TITLE)
widgets.show_flash()
mine = assessment.my_assessments(db, actor, year)
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
for row in mine.iter_rows(named=True):
    with st.container(border=True, key=f"bidrag-{row['submission_id']}"):
        left, mid, right = st.columns([5, 3, 1.2], vertical_alignment="center")
        role = text.ROLE_LEAD if row["is_lead"] else text.ROLE_MEMBER
        left.markdown(f"**{row['unit_name']}**")
        left.caption(f"{row['class_name']} · {row['organisation']} · {role}")
        mid.markdown(f"{text.STATUS_BADGE[row['status']]} · {row['scored_criteria']}/{criteria_count} kriterier")
        right.page_link(registry.page_path("bedom"), label=text.MY_OPEN, icon=":material/arrow_forward:",
                        query_params={"bidrag": str(row["submission_id"])})
