"""The scoring form, one criterion at a time beside the submission, and the read-only view of a submitted one.

The examiner works through the five criteria with a picker; what they type is kept in this session (a working
copy per submission) when they move between criteria, and "Spara utkast"/"Skicka in" save all five at once.
One criterion at a time keeps the form beside the text it is about, and a rerun renders three inputs instead of
fifteen (issue 8: the scoring page must rerun within three times an empty page).
"""
from __future__ import annotations

import streamlit as st

from criteria import Criterion, Rulebook
from scoring.assessment import AssessmentView, ScoreEntry
from scoring.ui import state, text, widgets

FIELDS = ("score", "strengths", "improvements")


def _stored(view: AssessmentView) -> dict[int, dict]:
    return {n: {"score": e.score, "strengths": e.strengths, "improvements": e.improvements}
            for n, e in view.entries.items()}


def working_copy(view: AssessmentView) -> dict[int, dict]:
    """This session's values for every criterion of the submission: what was saved, overlaid with what the
    examiner has typed since. Widgets of the criterion shown last run hold the newest values; they are read
    here, before the picker may hide them (Streamlit forgets the state of a widget that is not drawn)."""
    key = state.working_copy_key(view.submission["id"])
    copy = st.session_state.get(key)
    if copy is None:
        copy = _stored(view)
        st.session_state[key] = copy
    for number, values in copy.items():
        for field in FIELDS:
            widget = state.field_key(view.submission["id"], number, field)
            if widget in st.session_state:
                values[field] = st.session_state[widget]
    return copy


def forget_working_copy(submission_id: int) -> None:
    st.session_state.pop(state.working_copy_key(submission_id), None)


def _mark(values: dict) -> str:
    filled = [values["score"] is not None, bool((values["strengths"] or "").strip()),
              bool((values["improvements"] or "").strip())]
    return " ✓" if all(filled) else " …" if any(filled) else ""


def scale_help(book: Rulebook) -> str:
    return "\n".join(f"- {text.BAND} {b.low}–{b.high}: {b.descriptor}" if b.low != b.high
                     else f"- {text.BAND} {b.low}: {b.descriptor}" for b in book.scale.bands)


def questions_help(criterion: Criterion) -> str:
    return f"**{text.SCORE_QUESTIONS}**\n\n" + "\n".join(f"- {q}" for q in criterion.guidance)


def criterion_header(criterion: Criterion, with_questions: bool = False) -> None:
    """Title, weight and description in one element; the guiding questions behind its help icon."""
    st.markdown(f"**{criterion.number}. {criterion.title}** · {text.WEIGHT.format(weight=criterion.weight)}  \n"
                f":gray[{criterion.description}]",
                help=questions_help(criterion) if with_questions else None)


def editable(view: AssessmentView) -> tuple[dict[int, dict], str | None]:
    """Render the picker and the chosen criterion; return all five criteria's values and which button was
    pressed ('draft'/'submit'/None)."""
    sid, book = view.submission["id"], view.rulebook
    copy = working_copy(view)
    numbers = [c.number for c in book.criteria]
    chosen = st.segmented_control(
        text.SCORE_PICK_CRITERION, numbers, default=numbers[0], required=True, key=state.criterion_key(sid),
        format_func=lambda n: f"{n}{_mark(copy[n])}", help=text.SCORE_PICK_CRITERION_HELP, width="stretch")
    criterion = next(c for c in book.criteria if c.number == chosen)
    values = copy[chosen]
    criterion_header(criterion, with_questions=True)
    values["score"] = st.number_input(
        text.SCORE_INPUT.format(min=book.scale.min, max=book.scale.max, step=book.scale.step),
        value=values["score"], step=book.scale.step, placeholder=text.SCORE_PLACEHOLDER,
        key=state.field_key(sid, chosen, "score"), help=scale_help(book))
    values["strengths"] = st.text_area(text.STRENGTHS, value=values["strengths"], height=160,
                                       key=state.field_key(sid, chosen, "strengths"))
    values["improvements"] = st.text_area(text.IMPROVEMENTS, value=values["improvements"], height=160,
                                          key=state.field_key(sid, chosen, "improvements"))
    stored = _stored(view)
    unsaved = [n for n in numbers if copy[n] != stored[n]]
    if unsaved:
        st.caption(text.SCORE_UNSAVED.format(criteria=", ".join(map(str, unsaved))))
    with st.container(horizontal=True):
        draft = st.button(text.SAVE_DRAFT, icon=":material/save:", width="stretch")
        submit = st.button(text.SUBMIT, type="primary", icon=":material/send:", width="stretch")
    return {n: dict(v) for n, v in copy.items()}, "submit" if submit else "draft" if draft else None


def read_only(entries: dict[int, ScoreEntry], book: Rulebook) -> None:
    for c in book.criteria:
        e = entries[c.number]
        with st.container(border=True):
            criterion_header(c)
            score = "–" if e.score is None else str(e.score)
            st.markdown(f"**Poäng:** {score}")
            st.caption(book.scale.describe(e.score))
            st.markdown(f"**{text.STRENGTHS}**")
            widgets.plain(e.strengths)
            st.markdown(f"**{text.IMPROVEMENTS}**")
            widgets.plain(e.improvements)
