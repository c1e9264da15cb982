"""The five-criterion scoring form, and the read-only view of a submitted assessment."""
from __future__ import annotations

import streamlit as st

from criteria import Criterion, Rulebook
from scoring.assessment import AssessmentView, ScoreEntry
from scoring.ui import state, text, widgets


def guidance(criterion: Criterion, book: Rulebook) -> None:
    """The criterion's questions and the scale, as plain text: two elements per criterion, no table to
    serialise, because the form shows five of these on every rerun."""
    with st.expander(text.SCORE_GUIDANCE):
        st.text("\n".join(f"• {question}" for question in criterion.guidance), wrap=True)
        st.text("\n".join(f"{text.BAND} {b.low}–{b.high}: {b.descriptor}" if b.low != b.high
                          else f"{text.BAND} {b.low}: {b.descriptor}" for b in book.scale.bands), wrap=True)


def criterion_header(criterion: Criterion) -> None:
    st.markdown(f"**{criterion.number}. {criterion.title}** · {text.WEIGHT.format(weight=criterion.weight)}")
    st.caption(criterion.description)


def editable(view: AssessmentView) -> tuple[dict[int, dict], str | None]:
    """Render the form; return the raw values and which button was pressed ('draft'/'submit'/None)."""
    sid, book = view.submission["id"], view.rulebook
    raw: dict[int, dict] = {}
    with st.form(f"assessment-{sid}", clear_on_submit=False, enter_to_submit=False):
        for c in book.criteria:
            stored = view.entries[c.number]
            with st.container(border=True):
                criterion_header(c)
                guidance(c, book)
                raw[c.number] = {
                    "score": st.number_input(
                        text.SCORE_INPUT.format(min=book.scale.min, max=book.scale.max, step=book.scale.step),
                        value=stored.score, step=book.scale.step, placeholder=text.SCORE_PLACEHOLDER,
                        key=state.field_key(sid, c.number, "score")),
                    "strengths": st.text_area(text.STRENGTHS, value=stored.strengths, height=110,
                                              key=state.field_key(sid, c.number, "strengths")),
                    "improvements": st.text_area(text.IMPROVEMENTS, value=stored.improvements, height=110,
                                                 key=state.field_key(sid, c.number, "improvements")),
                }
        left, right = st.columns(2)
        draft = left.form_submit_button(text.SAVE_DRAFT, icon=":material/save:", width="stretch")
        submit = right.form_submit_button(text.SUBMIT, type="primary", icon=":material/send:", width="stretch")
    return raw, "submit" if submit else "draft" if draft else None


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
