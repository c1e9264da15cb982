"""The consensus page's parts: members side by side per criterion, the lead's form, the read-only result."""
from __future__ import annotations

import streamlit as st

from criteria import Rulebook
from scoring import swedish
from scoring.assessment.consensus import ConsensusView, CriterionRow
from scoring.ui import text, widgets
from scoring.ui import working_copy as working
from scoring.ui.assessment_form import FORM_KEY, criterion_header, guard_fields


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


def copy_key(submission_id: int) -> str:
    """What the lead has typed for each criterion of the consensus, kept while they move between criteria."""
    return f"consensus_working_copy_{submission_id}"


def _stored(view: ConsensusView) -> dict[int, dict]:
    return {row.criterion.number: {"score": row.consensus.score, "strengths": row.consensus.strengths or "",
                                   "improvements": row.consensus.improvements or ""} for row in view.rows}


def working_copy(view: ConsensusView) -> dict[int, dict]:
    """The session's values for every criterion: what is saved (or pre-filled), overlaid with what the lead has
    typed since (scoring.ui.working_copy: kept per criterion, whichever criterion is shown, as on the scoring
    page)."""
    sid = view.submission["id"]
    return working.values(copy_key(sid), _widget_key(sid), lambda: _stored(view))


def _widget_key(submission_id: int) -> working.WidgetKey:
    return lambda number, name: field_key(submission_id, number, name)


def forget_working_copy(submission_id: int) -> None:
    """After a save: the next run starts from what is stored."""
    working.forget(copy_key(submission_id))


def _mark(row: CriterionRow, values: dict) -> str:
    """The picker's label: the number, ⚑ when the members disagree, ✓ when score and both texts are there."""
    filled = values["score"] is not None and (values["strengths"] or "").strip() and (values["improvements"] or "").strip()
    return f"{row.criterion.number}{' ⚑' if row.spread.flagged else ''}{' ✓' if filled else ''}"


def editable(view: ConsensusView) -> tuple[dict[int, dict], str | None]:
    """The lead's form, one criterion at a time (the picker lists the criteria where the members disagree
    first): the members' scores and texts, then the team's. Returns the values of all five criteria and
    the pressed button ('draft'/'done'/None). One criterion drawn instead of five: the page's browser
    drew 15 fields and 15 members' texts on every rerun, and a consensus meeting takes one criterion at a time."""
    sid, book = view.submission["id"], view.rulebook
    copy = working_copy(view)
    rows = {row.criterion.number: row for row in view.rows}
    guard_fields()
    with st.container(key=FORM_KEY):
        chosen = st.segmented_control(
            text.SCORE_PICK_CRITERION, list(rows), default=next(iter(rows)), required=True,
            key=f"consensus_criterion_{sid}", format_func=lambda n: _mark(rows[n], copy[n]),
            help=text.CONSENSUS_PICK_CRITERION_HELP, width="stretch")
        row = rows[chosen]
        with st.container(border=True, key=f"kriterium-{chosen}"):
            members(row, view)
            st.markdown("**Teamets konsensus**" + ("" if row.saved else f" · {text.CONSENSUS_PREFILLED}"))
            _inputs(row, sid, book, copy[chosen])
            st.caption(moved_text(row))
        stored = _stored(view)
        unsaved = [n for n in rows if copy[n] != stored[n]]
        if unsaved:
            st.caption(text.SCORE_UNSAVED.format(criteria=", ".join(map(str, sorted(unsaved)))))
        left, right = st.columns(2)
        draft = left.button(text.CONSENSUS_SAVE, icon=":material/save:", width="stretch")
        done = right.button(text.CONSENSUS_DONE, type="primary", icon=":material/lock:", width="stretch")
    raw = {n: dict(v) for n, v in copy.items()}
    return raw, "done" if done else "draft" if draft else None


def _inputs(row: CriterionRow, sid: int, book: Rulebook, values: dict) -> None:
    """The team's score and texts for one criterion, started from the working copy; each label names its
    criterion, so a field still on screen from the previous criterion says whose it is."""
    n = row.criterion.number

    def field(draw, name: str, label: str, **options) -> None:
        working.field(draw, copy_key(sid), _widget_key(sid), n, name, values, label, **options)

    field(st.number_input, "score", text.CONSENSUS_SCORE.format(min=book.scale.min, max=book.scale.max,
                                                                step=book.scale.step),
          step=book.scale.step, min_value=book.scale.min, max_value=book.scale.max, placeholder=text.SCORE_PLACEHOLDER)
    field(st.text_area, "strengths", text.CONSENSUS_STRENGTHS, height=130)
    field(st.text_area, "improvements", text.CONSENSUS_IMPROVEMENTS, height=130)


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
