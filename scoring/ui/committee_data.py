"""Cached committee views: computed once per (database, cycle, data version, role) and shared by the
committee's pages and sessions. The data version is the store's (Store.data_version), so any committed
change (a saved score, a consensus, a decision) gives fresh figures on the next run."""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from scoring.committee import views as committee
from scoring.committee import decisions
from scoring.committee import statistics
from scoring.platform.access import AccessDenied, User
from scoring.ui import shell, state, text

T = TypeVar("T")
RESULTS_HIDDEN_YEAR = "Omgång {year} visas inte här ännu. {reason}"


# A view is a few MB (the cycle's units, scores and history grid); a handful covers the cycles the
# committee flips between, and older data versions are never read again.
@st.cache_resource(show_spinner=False, max_entries=4)
def _ranking(path: str, year: int, version: int, role: str, _actor: User) -> committee.RankingView:
    return committee.ranking_view(shell.store(), _actor, year)


@st.cache_resource(show_spinner=False, max_entries=4)
def _calibration(path: str, year: int, version: int, role: str, _actor: User) -> committee.CalibrationView:
    return committee.calibration_view(shell.store(), _actor, year)


@st.cache_resource(show_spinner=False, max_entries=4)
def _statistics(path: str, version: int, role: str, _actor: User) -> statistics.StatisticsView:
    return statistics.statistics_view(shell.store(), _actor)


def _key(actor: User) -> tuple[str, int, str]:
    db = shell.store()
    return db.path, committee.data_version(db), actor.role


def ranking(actor: User, year: int) -> committee.RankingView:
    path, version, role = _key(actor)
    return _ranking(path, year, version, role, actor)


@st.cache_resource(show_spinner=False, max_entries=64)
def _unit_history(path: str, year: int, version: int, role: str, submission_id: int, _actor: User,
                  _view: committee.RankingView):
    return committee.unit_history(shell.store(), _actor, _view, submission_id)


def unit_history(actor: User, view: committee.RankingView, submission_id: int):
    path, version, role = _key(actor)
    return _unit_history(path, view.year, version, role, submission_id, actor, view)


def calibration(actor: User, year: int) -> committee.CalibrationView:
    path, version, role = _key(actor)
    return _calibration(path, year, version, role, actor)


def statistics_view(actor: User) -> statistics.StatisticsView:
    path, version, role = _key(actor)
    return _statistics(path, version, role, actor)


def results_notice(reason: str, year: int | None = None) -> None:
    """Why a cycle's results are not shown (the core's reason, Swedish): the same notice on every
    committee page."""
    message = reason if year is None else RESULTS_HIDDEN_YEAR.format(year=year, reason=reason)
    st.info(message, icon=":material/lock_clock:")


def gated(read: Callable[[], T]) -> T:
    """The core's read; when it refuses (the cycle's results are not the actor's to see yet), its
    reason as the results notice, and the page stops there."""
    try:
        return read()
    except AccessDenied as exc:
        results_notice(str(exc))
        st.stop()
        raise                                   # st.stop() raises; this keeps type checkers calm


def pick_year(actor: User, key: str = state.CYCLE) -> int:
    """A cycle picker (newest first, and the newest chosen unless ?ar= names another), kept in the address as ?ar=."""
    years = committee.years(shell.store(), actor)
    if not years:
        st.info(text.NO_CYCLE)
        st.stop()
    wanted = shell.query_choice("ar", years, text.QUERY_NO_CYCLE)
    default = wanted if wanted is not None else years[0]
    year = st.selectbox(text.PICK_YEAR, years, index=years.index(default), key=f"{key}_committee")
    st.query_params["ar"] = str(year)
    return year


def pick_class(classes, key: str, label_of=None) -> str:
    """A class picker over a frame with class_code and class_name, kept in the address as ?klass=."""
    codes = classes["class_code"].to_list()
    names = dict(zip(codes, classes["class_name"].to_list(), strict=True))
    wanted = shell.query_choice("klass", codes, text.QUERY_NO_CLASS)
    default = codes.index(wanted) if wanted is not None else 0
    chosen = st.selectbox(text.PICK_CLASS, codes, index=default, key=key,
                          format_func=label_of or names.__getitem__)
    st.query_params["klass"] = chosen
    return chosen


def decisions_state(actor: User, year: int) -> decisions.CycleDecisions:
    return decisions.cycle_decisions(shell.store(), actor, year)
