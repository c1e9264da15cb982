"""The kansli's choice of cycle on its admin pages, remembered across pages in the session."""
from __future__ import annotations

import streamlit as st

from scoring import cycle_setup
from scoring.access import PHASE_NAMES, User
from scoring.store import Store
from scoring.ui import state, text

SWITCH = "cycle-picker-switch"


def switch_to(year: int) -> None:
    """Select `year` in the picker on the next run (a widget's value cannot change after it is drawn)."""
    st.session_state[SWITCH] = year


def pick_cycle(db: Store, actor: User, key: str) -> int | None:
    """A select box of every cycle (newest first, with its phase); None when there is none."""
    table = cycle_setup.cycles_overview(db, actor)
    if table.is_empty():
        st.info(text.NO_CYCLE)
        return None
    years = table["year"].to_list()
    phases = dict(zip(years, table["phase"]))
    switch = st.session_state.pop(SWITCH, None)
    if switch in years:
        st.session_state[key] = st.session_state[state.CYCLE] = switch
    saved = st.session_state.get(state.CYCLE)
    index = years.index(saved) if saved in years else 0
    year = st.selectbox(text.ADMIN_CYCLE_PICK, years, index=index, key=key,
                        format_func=lambda y: f"{y} · {PHASE_NAMES[phases[y]]}")
    st.session_state[state.CYCLE] = year
    return year
