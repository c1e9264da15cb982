"""Översikt's "Att göra nu": what the signed-in person has left in the cycle, the deadline it has, and a link
straight to it. Counts come from the same core functions as the pages the links open."""
from __future__ import annotations

import datetime as dt

import streamlit as st

from scoring import swedish
from scoring.assessment import individual as assessment
from scoring.assessment import consensus
from scoring.platform.access import User
from scoring.cycle.setup import FIRST_STEPS, FirstSteps
from scoring.store import Store
from scoring.ui import shell, text


def deadline(day: dt.date | None, today: dt.date) -> str:
    """'senast 15 september 2026 (om 3 dagar)', '… (i dag)', '… (passerad för 76 dagar sedan)'; 'inget datum satt'."""
    if day is None:
        return text.DUE_NONE
    left = (day - today).days
    when = swedish.date(day)
    if left > 1:
        return text.DUE_AHEAD.format(when=when, days=left)
    if left == 1:
        return text.DUE_TOMORROW.format(when=when)
    if left == 0:
        return text.DUE_TODAY.format(when=when)
    return text.DUE_PASSED.format(when=when, days=-left)


def to_do(db: Store, actor: User, year: int, phase: str, dates: dict[str, dt.date],
          today: dt.date | None = None) -> None:
    today = today or dt.date.today()
    st.subheader(text.TODO_TITLE)
    if actor.is_examining:
        _examiner(db, actor, year, phase, dates, today)
    else:
        url, label = (text.TODO_ADMIN[phase] if actor.role == "admin"
                      else text.TODO_COMMITTEE.get(phase, text.TODO_COMMITTEE_OTHER))
        st.page_link(shell.page(url), label=label, icon=":material/arrow_forward:")


def _examiner(db: Store, actor: User, year: int, phase: str, dates: dict[str, dt.date], today: dt.date) -> None:
    # The same session read as Mina bedömningar and Bedöm bidrag (kept until a write changes the database).
    mine = shell.unchanged_or_compute(f"my_assessments:{actor.username}:{year}",
                                      lambda: assessment.my_assessments(db, actor, year), examiner=actor.username)
    if mine.is_empty():
        st.caption(text.MY_EMPTY.format(year=year))
        return
    counts = assessment.progress(mine)
    left = counts["total"] - counts["submitted"]
    if left:
        st.page_link(shell.page("bedomningar"), icon=":material/arrow_forward:",
                     label=text.TODO_ASSESS.format(left=left, total=counts["total"],
                                                   deadline=deadline(dates["assessment_deadline"], today)))
    else:
        st.markdown(text.TODO_ASSESS_DONE.format(total=counts["total"]))
    teams = consensus.my_teams(db, actor, year)
    led = teams.filter(teams["is_lead"] & (teams["consensus_status"] != "done"))
    if led.height:
        ready = led.filter(led["may_view"]).height
        st.page_link(shell.page("konsensus"), icon=":material/arrow_forward:",
                     label=text.TODO_CONSENSUS.format(left=led.height, ready=ready,
                                                      deadline=deadline(dates["consensus_deadline"], today)))


def first_steps(steps: FirstSteps) -> None:
    """The kansli's checklist for the start of the year: each step a link to its page, ticked when done."""
    st.subheader(text.FIRST_STEPS_TITLE)
    st.caption(text.FIRST_STEPS_EMPTY if steps.year is None else text.FIRST_STEPS_FOR.format(year=steps.year))
    for key in FIRST_STEPS:
        url, label = text.FIRST_STEPS[key]
        if key in text.FIRST_STEPS_DETAIL and steps.year is not None:
            n = steps.counts[text.FIRST_STEPS_COUNT[key]]
            one, many = text.FIRST_STEPS_DETAIL[key]
            if n or key in ("units", "examiners"):                   # no "0 av 0"
                label += " · " + (one if n == 1 else many).format(**steps.counts)
        done = steps.done[key]
        st.page_link(shell.page(url), label=label + (text.FIRST_STEP_DONE if done else ""),
                     icon=":material/check_box:" if done else ":material/check_box_outline_blank:")
