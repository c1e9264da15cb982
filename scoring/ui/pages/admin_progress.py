"""Framsteg: the individual assessment per class and per examiner against the cycle's deadline."""
import datetime as dt

import polars as pl
import streamlit as st

from scoring import charts, progress, swedish, tabular
from scoring.ui import cycle_picker, shell, text, widgets

db, actor = shell.store(), shell.user()
st.title(text.PROGRESS_TITLE)
widgets.show_flash()
year = cycle_picker.pick_cycle(db, actor, "progress-cycle-year", start=shell.cycle_year())
if year is None:
    st.stop()
today = dt.date.today()
# Re-read only when something was saved since this session last read it (see shell.unchanged_or_compute).
p = shell.unchanged_or_compute(f"progress:{actor.username}:{year}:{today}",
                               lambda: progress.overview(db, actor, year, today))
totals = p.totals()
if p.deadline is None:
    st.info(text.PROGRESS_NO_DEADLINE)
elif p.past_deadline:
    st.error(text.PROGRESS_LATE.format(date=p.deadline.isoformat(),
                                       days=swedish.plural(-p.days_left, *text.PROGRESS_DAYS),
                                       overdue=swedish.plural(totals["overdue"], *text.PROGRESS_OVERDUE)))
else:
    st.info(text.PROGRESS_DEADLINE.format(date=p.deadline.isoformat(),
                                          days=swedish.plural(p.days_left, *text.PROGRESS_DAYS)))
cols = st.columns(5)
for col, key in zip(cols, progress.COUNT_NAMES):
    col.metric(progress.COUNT_NAMES[key], totals[key])
if totals["assigned"]:
    st.progress(totals["submitted"] / totals["assigned"],
                text=text.PROGRESS_BAR.format(submitted=totals["submitted"], total=totals["assigned"]))
if not p.unstaffed.is_empty():
    st.warning(text.PROGRESS_UNSTAFFED.format(count=p.unstaffed.height,
                                              units=widgets.escape_md(", ".join(p.unstaffed["unit_name"]))))
if p.places.is_empty():
    st.info(text.PROGRESS_EMPTY.format(year=year))
    st.stop()

tables = progress.export_frames(p)
per_class, per_examiner, every = st.tabs([text.PROGRESS_TAB_CLASS, text.PROGRESS_TAB_EXAMINER, text.PROGRESS_TAB_ALL])
with per_class:
    st.plotly_chart(charts.progress_bars(p.by_class, "class_name", text.PROGRESS_CHART_CLASS, p.past_deadline),
                    width="stretch", key="chart-class")
    st.dataframe(tables["Per klass"].to_arrow(), hide_index=True)   # Arrow: no detour through pandas
with per_examiner:
    behind = st.toggle(text.PROGRESS_ONLY_BEHIND)
    shown = p.by_examiner.filter(pl.col("submitted") < pl.col("assigned")) if behind else p.by_examiner
    st.plotly_chart(charts.progress_bars(shown, "display_name", text.PROGRESS_CHART_EXAMINER, p.past_deadline,
                                         horizontal=True), width="stretch", key="chart-examiner")
    st.dataframe(tables["Per examinator"].filter(pl.col("Användarnamn").is_in(shown["examiner"].to_list())).to_arrow(),
                 hide_index=True)
with every:
    st.dataframe(tables["Alla bedömningar"].to_arrow(), hide_index=True)

left, right = st.columns(2)
# Built only when clicked: the exports cost far more than the rest of the page, and clicking needs no rerun.
left.download_button(text.KANSLI_XLSX, lambda: tabular.to_xlsx(tables), f"framsteg-{year}.xlsx",
                     icon=":material/download:", on_click="ignore")
right.download_button(text.PROGRESS_CSV_ZIP, lambda: tabular.to_csv_zip(tables), f"framsteg-{year}-csv.zip",
                      "application/zip", icon=":material/download:", on_click="ignore")
