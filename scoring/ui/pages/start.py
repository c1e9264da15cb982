"""Översikt: the cycle's phase, key dates and what the signed-in role does now."""
import streamlit as st

from scoring import rulebook
from scoring.cycle import setup as cycle_setup
from scoring.platform.access import PHASE_NAMES, ROLE_NAMES
from scoring.ui import shared_cache, shell, start_views, text, widgets

db, actor, year = shell.store(), shell.user(), shell.cycle_year()
st.title(text.START_TITLE)
steps = cycle_setup.first_steps(db, actor) if actor.role == "admin" else None
if steps is not None:
    start_views.first_steps(steps)
if year is None:
    if steps is None:
        st.info(text.NO_CYCLE_OTHERS)
    st.stop()
if steps is not None:
    st.divider()
# The same for everyone: read once per data version, not per session (scoring.ui.shared_cache).
book = shared_cache.shared(f"rulebook:{year}", lambda: rulebook.load(db, year), drafts=False)
st.subheader(widgets.escape_md(book.title))
phase = shared_cache.shared(f"phase:{year}", lambda: rulebook.phase(db, year), drafts=False)
st.markdown(f"**Fas:** {PHASE_NAMES[phase]} · **Din roll:** {ROLE_NAMES[actor.role]}")
start_views.to_do(db, actor, year, phase, book.dates)

dates = [("Inlämning av tävlingsbidrag", "submission_deadline"), ("Nämndens protokoll senast", "approval_deadline"),
         ("Individuell bedömning klar", "assessment_deadline"), ("Konsensus klar", "consensus_deadline"),
         ("Domarkommitténs beslut", "decision_date"), ("Prisutdelning", "ceremony")]
widgets.table({"Datum": [book.dates[k].isoformat() if book.dates[k] else "–" for _, k in dates],
              "Vad": [label for label, _ in dates]},
             hide_index=True)
st.caption(f"Prisutdelningen hålls i {widgets.escape_md(book.ceremony_place)}.")

st.subheader("Tävlingsklasser")
widgets.table({"Klass": [c.name for c in book.classes]}, hide_index=True)
st.subheader("Kvalitetskriterier")
widgets.table({"Nr": [c.number for c in book.criteria], "Kriterium": [c.title for c in book.criteria],
              "Vikt (%)": [c.weight for c in book.criteria]}, hide_index=True)
