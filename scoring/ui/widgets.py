"""Small rendering helpers shared by pages. User text is always shown as text, never as HTML/markdown."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

from scoring.access import AccessDenied, ValidationError
from scoring.ui import state


def plain(text: str) -> None:
    """Show user-written text exactly as typed: no markdown, no HTML."""
    st.text(text or "–", wrap=True, width="stretch")


def errors(exc: ValidationError | Exception) -> None:
    messages = getattr(exc, "messages", None) or [str(exc)]
    st.error("\n".join(f"- {m}" for m in messages) if len(messages) > 1 else messages[0])


def flash(message: str, kind: str = "success") -> None:
    """Keep a message across st.rerun(); `show_flash` renders it once."""
    st.session_state[state.FLASH] = (kind, message)


def show_flash() -> None:
    item = st.session_state.pop(state.FLASH, None)
    if item:
        getattr(st, item[0])(item[1])


def reasoned_action(form_key: str, pick_label: str, labels: Mapping[Any, str], reason_label: str, button: str,
                    act: Callable[[Any, str], None], done: Callable[[Any], str]) -> None:
    """One form: pick an item, give a reason, call the core; its refusal is shown, success is flashed."""
    with st.form(form_key):
        chosen = st.selectbox(pick_label, list(labels), format_func=labels.__getitem__)
        reason = st.text_input(reason_label)
        if st.form_submit_button(button):
            try:
                act(chosen, reason)
            except (ValidationError, AccessDenied) as exc:
                errors(exc)
            else:
                flash(done(chosen))
                st.rerun()
