"""The consensus page's parts: members side by side per criterion, the lead's form, the read-only result."""
from __future__ import annotations

import streamlit as st

from criteria import Rulebook
from scoring import swedish
from scoring.assessment.consensus import ConsensusView, CriterionRow
from scoring.ui import text, widgets
from scoring.ui.assessment_form import criterion_header


def version_key(submission_id: int) -> str:
    return f"consensus_version_{submission_id}"


def field_key(submission_id: int, criterion: int, field: str) -> str:
    return f"consensus_{submission_id}_{criterion}_{field}"


def _num(value: float | None) -> str:
    return swedish.number(value)


def moved_text(row: CriterionRow) -> str:
    if row.spread.mean is None:
        return ""
    if row.consensus.score is None or not row.saved:
        return text.CONSENSUS_NO_SCORE_YET.format(mean=_num(row.spread.mean))
    sign = "+" if row.moved > 0 else "−" if row.moved < 0 else "±"
    return text.CONSENSUS_MOVED.format(score=row.consensus.score, moved=f"{sign}{_num(abs(row.moved))}",
                                       mean=_num(row.spread.mean))


def members(row: CriterionRow, view: ConsensusView) -> None:
    """Header, spread and every member's score and texts side by side."""
    s = row.spread
    criterion_header(row.criterion)
    if s.n == 0:
        st.caption(text.CONSENSUS_NO_SCORES)
    else:
        badge = text.CONSENSUS_FLAG if s.flagged else text.CONSENSUS_AGREED
        st.markdown(badge + " · " + text.CONSENSUS_STATS.format(
            mean=_num(s.mean), low=s.low, high=s.high, range=s.range, sd=_num(s.sd), n=s.n, members=len(view.team)))
    # Two elements per member (name and score, then both texts as typed): a team of three over five criteria
    # is 30 elements instead of 90, which the lead's browser draws on every rerun.
    for col, m in zip(st.columns(len(row.members)), row.members):
        with col:
            name = f"**{widgets.escape_md(m.display_name)}**" + (" · utvärderingsledare" if m.is_lead else "")
            if m.missing:
                st.markdown(name)
                st.warning(text.CONSENSUS_MISSING_MEMBER, icon=":material/person_off:")
                continue
            st.markdown(f"{name}  \nPoäng: **{_num(m.score)}**")
            widgets.plain(f"{text.STRENGTHS}:\n{m.strengths or '–'}\n\n{text.IMPROVEMENTS}:\n{m.improvements or '–'}")


def editable(view: ConsensusView) -> tuple[dict[int, dict], str | None]:
    """The lead's form; returns the raw values and the pressed button ('draft'/'done'/None)."""
    sid, book = view.submission["id"], view.rulebook
    raw: dict[int, dict] = {}
    with st.form(f"consensus-{sid}", enter_to_submit=False):
        for row in view.rows:
            n = row.criterion.number
            with st.container(border=True, key=f"kriterium-{n}"):
                members(row, view)
                st.markdown("**Teamets konsensus**" + ("" if row.saved else f" · {text.CONSENSUS_PREFILLED}"))
                raw[n] = _inputs(row, sid, book)
                st.caption(moved_text(row))
        left, right = st.columns(2)
        draft = left.form_submit_button(text.CONSENSUS_SAVE, icon=":material/save:", width="stretch")
        done = right.form_submit_button(text.CONSENSUS_DONE, type="primary", icon=":material/lock:",
                                        width="stretch")
    return raw, "done" if done else "draft" if draft else None


def _inputs(row: CriterionRow, sid: int, book: Rulebook) -> dict:
    n, c = row.criterion.number, row.consensus
    return {
        "score": st.number_input(
            text.CONSENSUS_SCORE.format(min=book.scale.min, max=book.scale.max, step=book.scale.step),
            value=c.score, step=book.scale.step, min_value=book.scale.min, max_value=book.scale.max,
            placeholder=text.SCORE_PLACEHOLDER, key=field_key(sid, n, "score")),
        "strengths": st.text_area(text.CONSENSUS_STRENGTHS, value=c.strengths, height=130,
                                  key=field_key(sid, n, "strengths")),
        "improvements": st.text_area(text.CONSENSUS_IMPROVEMENTS, value=c.improvements, height=130,
                                     key=field_key(sid, n, "improvements")),
    }


def read_only(view: ConsensusView) -> None:
    for row in view.rows:
        with st.container(border=True, key=f"kriterium-{row.criterion.number}"):
            members(row, view)
            st.divider()
            if not row.saved:
                st.caption(text.CONSENSUS_STATUS["none"])
                continue
            st.markdown(text.CONSENSUS_RESULT.format(score=_num(row.consensus.score), moved=moved_text(row)))
            st.caption(view.rulebook.scale.describe(row.consensus.score))
            st.caption(text.CONSENSUS_STRENGTHS)
            widgets.plain(row.consensus.strengths)
            st.caption(text.CONSENSUS_IMPROVEMENTS)
            widgets.plain(row.consensus.improvements)
