"""Examinatorer och team: the roster, automatic team assignment, hand edits and declared jäv."""
import streamlit as st

from scoring import rulebook
from scoring.cycle import teams
from scoring.platform.access import PHASE_NAMES
from scoring.ui import cycle_picker, sections, shell, team_views, text, widgets

db, actor = shell.store(), shell.user()
st.title(text.TEAMS_TITLE)
widgets.show_flash()
year = cycle_picker.pick_cycle(db, actor, "teams-cycle-year")
if year is None:
    st.stop()
book, phase = rulebook.load(db, year), rulebook.phase(db, year)
view = shell.unchanged_or_compute(f"team-view-{year}", lambda: teams.team_view(db, actor, year))   # after a write
short = view.filter(view["size"] < teams.K_DEFAULT)
cols = st.columns(4)
cols[0].metric(text.TEAMS_M_SUBMISSIONS, view.height)
cols[1].metric(text.TEAMS_M_STAFFED, view.height - short.height)
cols[2].metric(text.TEAMS_M_UNSTAFFED, short.height)
cols[3].metric(text.TEAMS_M_CONFLICTS, teams.conflict_log(db, actor, year).height)
if phase not in teams.TEAM_PHASES:
    st.info(text.TEAMS_PHASE_LOCKED.format(phase=PHASE_NAMES[phase].lower()))

section = sections.pick(text.TEAMS_SECTIONS, [text.TEAMS_TAB_ROSTER, text.TEAMS_TAB_AUTO, text.TEAMS_TAB_EDIT,
                                              text.TEAMS_TAB_CONFLICTS], "teams-section")
if section == text.TEAMS_TAB_ROSTER:
    team_views.roster_tab(db, actor, year, book)
elif view.is_empty():
    st.info(text.TEAMS_NO_SUBMISSIONS.format(year=year))
elif section == text.TEAMS_TAB_AUTO:
    team_views.proposal_tab(db, actor, year, view)
elif section == text.TEAMS_TAB_EDIT:
    team_views.team_tab(db, actor, year, view)
else:
    team_views.conflicts_tab(db, actor, year, view)
