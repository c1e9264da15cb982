"""What a user has typed in a form shown one criterion at a time (the examiner's scoring form, the lead's
consensus form), kept per criterion in the session while they move between criteria.

Streamlit forgets the state of a widget that a run does not draw, i.e. every criterion but the one shown
(issue 13.3). So each field writes its committed value into the working copy itself (keep, its on_change),
and the copy does not depend on Streamlit keeping a widget's state. The copy lives under one session key;
each field's widget key comes from the form (widget_key(number, field)).
"""
from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from scoring.ui import text

WidgetKey = Callable[[int, str], str]   # (criterion number, field name) -> the widget's session key


def values(copy_key: str, widget_key: WidgetKey, stored: Callable[[], dict[int, dict]]) -> dict[int, dict]:
    """The session's values for every criterion: what is stored (stored(), read only the first time),
    overlaid with what the user has typed since. Widgets still in the session state are read too, in case
    one changed without its callback."""
    copy = st.session_state.get(copy_key)
    if copy is None:
        copy = stored()
        st.session_state[copy_key] = copy
    for number, fields in copy.items():
        for name in fields:
            if (widget := widget_key(number, name)) in st.session_state:
                fields[name] = st.session_state[widget]
    return copy


def keep(copy_key: str, widget: str, number: int, name: str) -> None:
    """A field's on_change: put its committed value into the working copy under the criterion the field
    belongs to, whichever criterion the picker shows by the time the value reaches the server."""
    copy = st.session_state.get(copy_key)
    if copy is not None and number in copy and widget in st.session_state:
        copy[number][name] = st.session_state[widget]


def field(draw: Callable, copy_key: str, widget_key: WidgetKey, number: int, name: str, fields: dict,
          label: str, **options) -> None:
    """One field of criterion ``number``, started from the working copy (fields, that criterion's values) and
    labelled with its criterion, so a field still on screen from the previous criterion says whose it is."""
    widget = widget_key(number, name)
    fields[name] = draw(text.SCORE_FIELD_OF.format(label=label, number=number), value=fields[name], key=widget,
                        on_change=keep, args=(copy_key, widget, number, name), **options)


def forget(copy_key: str) -> None:
    """After a save: the next run starts from what is stored."""
    st.session_state.pop(copy_key, None)
