"""Framsteg: the individual assessment per class and per examiner against the cycle's deadline."""
import datetime as dt

import polars as pl
import streamlit as st

from scoring import swedish
from scoring.cycle import charts
from scoring.assessment import progress
from scoring.cycle import import_files as tabular
from scoring.ui import chart_text, cycle_picker, sections, shell, text, widgets

CHART_EXAMINERS = 30     # bars in the per-examiner chart; the table under it lists every examiner
TABLE_ROWS = 500         # rows of "Alla bedömningar" sent to the browser; search finds the others



def _finding(counts: pl.DataFrame, label: str) -> str:
    """The chart's main finding in words: how many are in, and who (or which class) has the most left."""
    behind = counts.with_columns(left=pl.col("assigned") - pl.col("submitted")).sort("left", descending=True)
    return text.A11Y_FIND_PROGRESS.format(submitted=counts["submitted"].sum(), assigned=counts["assigned"].sum(),
                                          name=widgets.escape_md(str(behind[label][0])), left=behind["left"][0])


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
# One section drawn at a time (scoring.ui.sections): the hidden tabs cost a 400-examiner chart and a
# 7,500-row table on every rerun.
section = sections.pick(text.PERF_SECTIONS, [text.PROGRESS_TAB_CLASS, text.PROGRESS_TAB_EXAMINER,
                                             text.PROGRESS_TAB_ALL], key="progress-section")
if section == text.PROGRESS_TAB_CLASS:
    chart_text.show(charts.progress_bars(p.by_class, "class_name", text.PROGRESS_CHART_CLASS, p.past_deadline),
                    "chart-class", _finding(p.by_class, "class_name"), width="stretch")
    widgets.table(tables["Per klass"].to_arrow(), hide_index=True)   # Arrow: no detour through pandas
elif section == text.PROGRESS_TAB_EXAMINER:
    behind = st.toggle(text.PROGRESS_ONLY_BEHIND)
    shown = p.by_examiner.filter(pl.col("submitted") < pl.col("assigned")) if behind else p.by_examiner
    drawn = shown
    if shown.height > CHART_EXAMINERS:          # the chart: those with the most left; the table: everyone
        drawn = (shown.with_columns(left=pl.col("assigned") - pl.col("submitted"))
                 .sort("left", "display_name", descending=[True, False]).head(CHART_EXAMINERS))
        st.caption(text.PERF_EXAMINER_CHART_TOP.format(shown=CHART_EXAMINERS, total=shown.height))
    if not drawn.is_empty():
        chart_text.show(charts.progress_bars(drawn, "display_name", text.PROGRESS_CHART_EXAMINER, p.past_deadline,
                                             horizontal=True), "chart-examiner", _finding(shown, "display_name"), width="stretch")
    widgets.table(tables["Per examinator"].filter(pl.col("Användarnamn").is_in(shown["examiner"].to_list())).to_arrow(),
                 hide_index=True)
else:
    every = tables["Alla bedömningar"]
    wanted = st.text_input(text.PERF_SEARCH, key="progress-search", help=text.PERF_SEARCH_HELP).strip().lower()
    if wanted:
        every = every.filter(pl.any_horizontal(pl.col(c).str.to_lowercase().str.contains(wanted, literal=True)
                                               for c in ("Enhet", "Examinator", "Tävlingsklass")))
    if every.is_empty():
        st.caption(text.PERF_ROWS_NONE)
    elif every.height > TABLE_ROWS:
        st.caption(text.PERF_ROWS_SHOWN.format(shown=TABLE_ROWS, total=every.height))
    widgets.table(every.head(TABLE_ROWS).to_arrow(), hide_index=True)

left, right = st.columns(2)
# Built only when clicked: the exports cost far more than the rest of the page, and clicking needs no rerun.
left.download_button(text.KANSLI_XLSX, lambda: tabular.to_xlsx(tables), f"framsteg-{year}.xlsx",
                     icon=":material/download:", on_click="ignore")
right.download_button(text.PROGRESS_CSV_ZIP, lambda: tabular.to_csv_zip(tables), f"framsteg-{year}-csv.zip",
                      "application/zip", icon=":material/download:", on_click="ignore")
