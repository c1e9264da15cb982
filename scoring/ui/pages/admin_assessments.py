"""Bedömningar (kansli): every assessment's status in the cycle; reopen a submitted one."""
import polars as pl
import streamlit as st

from scoring.assessment import individual as assessment
from scoring.assessment import progress
from scoring.ui import cycle_picker, shell, text, widgets

ROWS = 200               # table rows sent to the browser; the filters and the search find the others
REOPEN_OPTIONS = 100     # assessments offered for reopening at once

db, actor = shell.store(), shell.user()
st.title(text.ADMIN_ASSESSMENTS_TITLE)
widgets.show_flash()
year = cycle_picker.pick_cycle(db, actor, "assessments-cycle-year", start=shell.cycle_year())
if year is None:
    st.stop()
# Read again only when something was saved since this session last read it (7,500 rows at scale 10).
overview = shell.unchanged_or_compute(f"kansli-assessments:{actor.username}:{year}",
                                      lambda: assessment.cycle_overview(db, actor, year))
counts = assessment.progress(overview)
cols = st.columns(4)
cols[0].metric("Bedömningar", counts["total"])
for col, status in zip(cols[1:], ("not_started", "draft", "submitted")):
    col.metric(progress.COUNT_NAMES[status], counts[status])   # plural labels, as on Framsteg

# Filter first, then show: a cycle at ten times Stockholm's size has 7,500 assessments.
status_col, class_col, search_col = st.columns([2, 1, 1])
wanted = status_col.multiselect(text.COL_STATUS, list(text.STATUS), placeholder=text.CHOOSE,
                                default=list(text.STATUS), format_func=text.STATUS.__getitem__)
classes = overview["class_name"].unique(maintain_order=True).to_list()
picked = class_col.selectbox(text.PERF_FILTER_CLASS, [text.PERF_ALL_CLASSES, *classes], key="assessments-class")
search = search_col.text_input(text.PERF_SEARCH, key="assessments-search", help=text.PERF_SEARCH_HELP).strip().lower()
chosen = overview if picked == text.PERF_ALL_CLASSES else overview.filter(pl.col("class_name") == picked)
if search:
    chosen = chosen.filter(pl.col("unit_name").str.to_lowercase().str.contains(search, literal=True)
                           | pl.col("display_name").str.to_lowercase().str.contains(search, literal=True))
shown = chosen.filter(chosen["status"].is_in(wanted))
if shown.is_empty():
    st.caption(text.PERF_ROWS_NONE)
elif shown.height > ROWS:
    st.caption(text.PERF_ROWS_SHOWN.format(shown=ROWS, total=shown.height))
shown = shown.head(ROWS)
widgets.table(
    {text.COL_UNIT: shown["unit_name"], text.COL_CLASS: shown["class_name"], "Examinator": shown["display_name"],
     text.ADMIN_ASSESSMENTS_COL_ROLE: [text.ROLE_LEAD if lead else text.ROLE_MEMBER for lead in shown["is_lead"]],
     text.COL_STATUS: [text.STATUS[s] for s in shown["status"]],
     "Senast sparad": shown["updated_at"].dt.strftime("%Y-%m-%d %H:%M").fill_null(text.ADMIN_ASSESSMENTS_NEVER)},
    hide_index=True,
)

submitted = chosen.filter(chosen["status"] == "submitted")      # the class and search above, any status shown
if not submitted.is_empty():
    st.subheader(text.REOPEN)
    if submitted.height > REOPEN_OPTIONS:
        st.caption(text.PERF_REOPEN_SHOWN.format(shown=REOPEN_OPTIONS, total=submitted.height))
    names = {(r["submission_id"], r["examiner"]): f"{r['unit_name']} – {r['display_name']}"
             for r in submitted.head(REOPEN_OPTIONS).iter_rows(named=True)}
    widgets.reasoned_action("reopen", "Bedömning", names, text.REOPEN_REASON, text.REOPEN,
                            lambda chosen, reason: assessment.reopen(db, actor, chosen[0], chosen[1], reason),
                            lambda chosen: text.REOPENED)
