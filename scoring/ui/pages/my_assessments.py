"""Mina bedömningar: the examiner's assigned submissions, what is left to do first, each row a link to it."""
import streamlit as st

from criteria import CRITERIA_COUNT
from scoring.assessment import individual as assessment
from scoring.ui import cycle_picker, practice_views, shell, text, widgets

db, actor, year = shell.store(), shell.user(), shell.cycle_year()
st.title(text.MY_TITLE)
cycle_picker.show_cycle(db, year)
widgets.show_flash()
practice_views.suggestion(db, actor, year)   # the practice case first (issue 18)
# Re-read only when something was saved since this session last read it (see shell.unchanged_or_compute).
mine = shell.unchanged_or_compute(f"my_assessments:{actor.username}:{year}",
                                  lambda: assessment.my_assessments(db, actor, year), examiner=actor.username)
if mine.is_empty():
    st.info(text.MY_EMPTY.format(year=year) if year is not None else text.NO_CYCLE)
    st.stop()

counts = assessment.progress(mine)
st.progress(counts["submitted"] / counts["total"], text=text.MY_PROGRESS.format(**counts))

# One element per submission: the whole row is the link (a rerun costs per element, and an examiner at ten
# times Stockholm's size has about twenty). Drafts first, then the not started, then the submitted.
bedom = shell.page("bedom")
order = {"draft": 0, "not_started": 1, "submitted": 2}
rows = sorted(mine.iter_rows(named=True), key=lambda r: (order[r["status"]], r["unit_name"]))
to_do = sum(1 for r in rows if r["status"] != "submitted")
for i, row in enumerate(rows):
    if i == 0 and to_do:
        st.subheader(text.MY_TO_DO.format(n=to_do))
    if i == to_do:
        st.subheader(text.MY_DONE.format(n=len(rows) - to_do))
    label = text.MY_ROW.format(
        unit=widgets.escape_md(row["unit_name"]), klass=widgets.escape_md(row["class_name"]),
        organisation=widgets.escape_md(row["organisation"]),
        role=text.ROLE_LEAD if row["is_lead"] else text.ROLE_MEMBER, status=text.STATUS_BADGE[row["status"]],
        scored=row["scored_criteria"], criteria=CRITERIA_COUNT)
    st.page_link(bedom, label=label, icon=":material/arrow_forward:", width="stretch",
                 query_params={"bidrag": str(row["submission_id"])})
