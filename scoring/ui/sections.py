"""A page's sections as a keyed segmented control instead of st.tabs.

st.tabs forgets which tab was open when the elements above it change (a flash message appears or goes,
an upload adds a report): the page jumps back to the first tab and hides what the user was doing. A keyed
widget keeps its value across every rerun, and only the chosen section is drawn (cheaper reruns).
"""
from __future__ import annotations

from collections.abc import Sequence

import streamlit as st


def pick(label: str, options: Sequence[str], key: str) -> str:
    """The chosen section's label; the first until the user picks another, and never none."""
    chosen = st.segmented_control(label, list(options), default=options[0], required=True, key=key,
                                  label_visibility="collapsed")
    return chosen if chosen in options else options[0]
