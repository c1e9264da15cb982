"""The form that creates a cycle from a rulebook: one shipped in criteria/ or an uploaded TOML file.

The Omgång page shows it as the first step in an empty database, and beside the copy for later years."""
from __future__ import annotations

import streamlit as st

from scoring.cycle import setup as cycle_setup
from scoring.platform.access import User, ValidationError
from scoring.store import Store
from scoring.ui import cycle_picker, text, widgets


def new_from_rulebook(db: Store, actor: User, form_key: str, default_year: int) -> None:
    books = list(cycle_setup.bundled_rulebooks())
    with st.form(form_key):
        new_year = st.number_input(text.NEW_CYCLE_YEAR, 2000, 2100, default_year, 1)
        name = st.selectbox(text.NEW_CYCLE_RULEBOOK, books)
        upload = st.file_uploader(text.NEW_CYCLE_UPLOAD, type=["toml"])
        pressed = st.form_submit_button(text.NEW_CYCLE_BUTTON, type="primary")
    if not pressed:
        return
    source = upload.name if upload else name
    try:
        book = cycle_setup.read_rulebook(upload.getvalue(), source) if upload else cycle_setup.bundled_rulebook(name)
        created = cycle_setup.create_from_rulebook(db, actor, int(new_year), book, source)
    except ValidationError as exc:
        widgets.errors(exc)
    else:
        cycle_picker.switch_to(created)
        widgets.flash(text.NEW_CYCLE_DONE.format(year=created, source=widgets.escape_md(source)))
        st.rerun()
