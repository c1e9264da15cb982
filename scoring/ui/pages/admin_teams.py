"""Examinatorer och team: the roster, automatic team assignment, hand edits and declared jäv."""
import streamlit as st

from scoring import rulebook, teams
from scoring.access import PHASE_NAMES
from scoring.ui import shell, team_views, text, widgets

db, actor, year = shell.store(), shell.user(), shell.cycle_year()
st.title(text.TEAMS_TITLE)
widgets.show_flash()
if year is None:
    st.info(text.NO_CYCLE)
    st.stop()
book, phase = rulebook.load(db, year), rulebook.phase(db, year)
view = teams.team_view(db, actor, year)
short = view.filter(view["size"] < teams.K_DEFAULT)
cols = st.columns(4)
cols[0].metric(text.TEAMS_M_SUBMISSIONS, view.height)
cols[1].metric(text.TEAMS_M_STAFFED, view.height - short.height)
cols[2].metric(text.TEAMS_M_UNSTAFFED, short.height)
cols[3].metric(text.TEAMS_M_CONFLICTS, teams.conflict_log(db, actor).height)
if phase not in teams.TEAM_PHASES:
    st.info(text.TEAMS_PHASE_LOCKED.format(phase=PHASE_NAMES[phase].lower()))

roster, auto, edit, conflicts = st.tabs([text.TEAMS_TAB_ROSTER, text.TEAMS_TAB_AUTO, text.TEAMS_TAB_EDIT,
                                         text.TEAMS_TAB_CONFLICTS])
with roster:
    team_views.roster_tab(db, actor, year, book)
with auto:
    if view.is_empty():
        st.info(text.TEAMS_NO_SUBMISSIONS.format(year=year))
    else:
        team_views.proposal_tab(db, actor, year, view)
with edit:
    if not view.is_empty():
        team_views.team_tab(db, actor, view)
with conflicts:
    if not view.is_empty():
        team_views.conflicts_tab(db, actor, year, view)
