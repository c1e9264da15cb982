"""The choice of cycle, one picker for every kansli page that acts on a cycle (and Ceremoni, Platsbesök).

The chosen year is remembered across pages for the rest of the session (state.CYCLE): a kansli who picks
2027 on Tävlingsbidrag finds 2027 on Examinatorer och team too. The year and its phase are always on
screen, so no page acts on a hidden cycle. Before the first choice a page starts at the newest cycle
(where the kansli sets up, registers, uploads and builds teams), or at `start` (Framsteg, Bedömningar,
Ceremoni, Platsbesök and the invitations on Konton and Utskick pass the cycle in progress). Every role may
pick (the chair on Ceremoni, the committee and the lead on Platsbesök). Pages without a choice (the examiner
pages) show the year with show_cycle(). The committee's pages keep their own picker (committee_data.pick_year),
which holds the year in the address (?ar=) so that a link names the cycle.
"""
from __future__ import annotations

import streamlit as st

from scoring import rulebook
from scoring.cycle import setup as cycle_setup
from scoring.platform.access import PHASE_NAMES, User
from scoring.store import Store
from scoring.ui import shell, state, text

SWITCH = "cycle-picker-switch"


def switch_to(year: int) -> None:
    """Select `year` in the picker on the next run (a widget's value cannot change after it is drawn)."""
    st.session_state[SWITCH] = year


def chosen_year() -> int | None:
    """The year the kansli last picked in this session (None before the first pick)."""
    return st.session_state.get(state.CYCLE)


def label(year: int, phase: str) -> str:
    return text.CYCLE_PICK_OPTION.format(year=year, phase=PHASE_NAMES[phase])


def pick_cycle(db: Store, actor: User, key: str, start: int | None = None, help: str | None = None) -> int | None:
    """A select box of every cycle (newest first, with its phase); None (with a notice) when there is none.

    `key` is the page's own widget key; the choice itself is shared by every page through state.CYCLE.
    """
    phases = dict(shell.unchanged_or_compute("cycle-picker-cycles", lambda: cycle_setup.cycle_phases(db, actor),
                                             drafts=False))
    if not phases:
        st.info(text.NO_CYCLE)
        return None
    years = list(phases)
    switch = st.session_state.pop(SWITCH, None)
    if switch in years:
        st.session_state[state.CYCLE] = switch
        st.session_state.pop(key, None)
    saved = st.session_state.get(state.CYCLE)
    if saved not in years:
        saved = start
    index = years.index(saved) if saved in years else 0
    if st.session_state.get(key) not in years:
        st.session_state.pop(key, None)
    year = st.selectbox(text.ADMIN_CYCLE_PICK, years, index=index, key=key, help=help or text.CYCLE_PICK_HELP,
                        format_func=lambda y: label(y, phases[y]))
    st.session_state[state.CYCLE] = year
    return year


def show_cycle(db: Store, year: int | None) -> None:
    """One line naming the cycle a page acts on, for pages without a picker (e.g. the examiner's)."""
    if year is not None:   # the phase read again only after a write (the examiner's list reruns often)
        phase = shell.unchanged_or_compute(f"cycle-phase:{year}", lambda: rulebook.phase(db, year), drafts=False)
        st.caption(text.CYCLE_SHOWN.format(year=year, phase=PHASE_NAMES[phase]))
