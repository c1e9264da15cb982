"""Rendering blocks for the Beslut page: a class's recorded decision and the winner list. User
text (motivations, names) is always shown as text."""
from __future__ import annotations

import streamlit as st

from scoring import swedish
from scoring.committee import decisions
from scoring.ui import text, widgets


kronor = swedish.kronor    # 50 000 kr ('' when none)


def _award_line(award: decisions.ListedAward) -> str:
    prize = kronor(award.prize_amount)
    return f"{award.unit_name} ({award.organisation})" + (f" · {prize}" if prize else "")


def winner_list(listed: decisions.WinnerList) -> None:
    """Per class in the cycle's order: winners, mentions and their motivations, or no winner."""
    if listed.signed:
        st.success(text.DECISION_SIGNED_BY.format(date=f"{listed.signed_at:%Y-%m-%d}", name=widgets.escape_md(listed.chair_name)),
                   icon=":material/lock:")
    for outcome in listed.classes:
        with st.container(border=True, key=f"vinnare-{outcome.class_code}"):
            st.markdown(f"**{widgets.escape_md(outcome.class_name)}**")
            if not outcome.recorded:
                st.caption(text.DECISION_NONE)
                continue
            if outcome.no_winner:
                st.caption(text.DECISION_NO_WINNER)
                if not outcome.honourable:
                    widgets.plain(outcome.motivation)
            for award in (*outcome.winners, *outcome.honourable):
                st.markdown(f"*{decisions.KIND_NAMES[award.kind]}*")
                widgets.plain(_award_line(award))
                if award.motivation:
                    widgets.plain(award.motivation)


def signed_changes(changes: tuple[decisions.SignedChange, ...]) -> None:
    """Live data that differs from the signed decisions, beside (never in) the signed list."""
    if not changes:
        return
    st.warning(text.SIGNED_CHANGES_NOTE, icon=":material/difference:")
    columns = text.SIGNED_CHANGES_COLUMNS
    rows = [(c.class_name, c.unit_name, c.what, c.signed, c.now) for c in changes]
    widgets.table({name: [row[i] for row in rows] for i, name in enumerate(columns)}, hide_index=True,
                  key="signed-changes")
