"""Small rendering helpers shared by pages. User text is always shown as text, never as HTML/markdown."""
from __future__ import annotations

import streamlit as st

from scoring.access import ValidationError
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
