"""Återföringsrapporter (kansli): every unit's report, one at a time or all as a zip; open or reopen consensus."""
import os

import polars as pl
import streamlit as st

from scoring.assessment import consensus
from scoring.ceremony import feedback
from scoring.ui import cycle_picker, shell, text, widgets

db, actor = shell.store(), shell.user()
st.title(text.FEEDBACK_TITLE)
year = cycle_picker.pick_cycle(db, actor, "feedback-year")
if year is None:
    st.stop()
widgets.show_flash()
overview = feedback.report_overview(db, actor, year)
if overview.is_empty():
    st.info(text.FEEDBACK_NO_SUBMISSIONS.format(year=year))
    st.stop()
names = dict(zip(overview["submission_id"], overview["unit_name"]))

widgets.table({
    text.COL_UNIT: overview["unit_name"], text.COL_CLASS: overview["class_name"],
    "Utvärderingsledare": overview["lead_name"],
    "Inskickade": [f"{s}/{m}" for s, m in zip(overview["submitted"], overview["members"])],
    "Konsensus": [text.CONSENSUS_STATUS[s] + (" (öppnad av kansliet)" if o and s != "done" else "")
                  for s, o in zip(overview["consensus_status"], overview["opened_by_admin"])],
    "Totalpoäng": overview["total"], text.SOURCE: overview["source"],
    "Platsbesök": overview["site_visit"],
}, hide_index=True)
preliminary = feedback.preliminary(overview)
if preliminary.height:
    st.caption(text.FEEDBACK_PRELIMINARY.format(n=preliminary.height, total=overview.height))

one, every = st.columns(2, gap="large")
with one:
    st.subheader(text.FEEDBACK_ONE)
    sid = st.selectbox(text.COL_UNIT, overview["submission_id"].to_list(), format_func=names.__getitem__)
    row = overview.filter(pl.col("submission_id") == sid).row(0, named=True)
    st.download_button(text.DOWNLOAD_REPORT, data=lambda: feedback.feedback_pdf(db, actor, sid)[1],
                       file_name=feedback.file_name(year, row["unit_id"], row["unit_name"]), mime="application/pdf",
                       icon=":material/download:", on_click="ignore", key="en-rapport")
with every:
    st.subheader(text.FEEDBACK_ALL)
    workers = min(4, os.cpu_count() or 1)
    st.download_button(text.FEEDBACK_DOWNLOAD_ZIP.format(count=overview.height),
                       data=lambda: feedback.feedback_zip(db, actor, year, workers=workers),
                       file_name=f"aterforingsrapporter-{year}.zip", mime="application/zip",
                       icon=":material/folder_zip:", on_click="ignore", key="alla-rapporter")

st.divider()
st.subheader(text.OPEN_CONSENSUS)
st.caption(text.OPEN_CONSENSUS_HELP)
waiting = feedback.awaiting_consensus(overview)
if waiting.is_empty():
    st.info(text.OPEN_CONSENSUS_NONE)
else:
    team_labels = {r["submission_id"]: f"{r['unit_name']} – {r['submitted']}/{r['members']} inskickade"
                   for r in waiting.iter_rows(named=True)}
    widgets.reasoned_action("oppna-konsensus", "Team", team_labels, text.OPEN_CONSENSUS_REASON,
                            text.OPEN_CONSENSUS_BUTTON,
                            lambda chosen, reason: consensus.open_for_team(db, actor, chosen, reason),
                            lambda chosen: text.OPEN_CONSENSUS_DONE.format(unit=names[chosen]))

done = feedback.consensus_closed(overview)
if not done.is_empty():
    st.subheader(text.REOPEN_CONSENSUS)
    widgets.reasoned_action("ateroppna-konsensus", text.COL_UNIT,
                            {sid: names[sid] for sid in done["submission_id"].to_list()},
                            text.REOPEN_CONSENSUS_REASON, text.REOPEN,
                            lambda chosen, reason: consensus.reopen(db, actor, chosen, reason),
                            lambda chosen: text.REOPEN_CONSENSUS_DONE.format(unit=names[chosen]))
