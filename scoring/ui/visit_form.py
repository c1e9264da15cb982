"""The site-visit page's parts: the committee's shortlist per class, the visit list and the lead's record form."""
from __future__ import annotations

import datetime as dt

import polars as pl
import streamlit as st

from scoring.assessment import results
from scoring.assessment import site_visit
from scoring.platform.access import AccessDenied, User, ValidationError
from scoring.assessment.site_visit import VisitView
from scoring.store import Store
from scoring.ui import text, widgets


def _num(value: float | None) -> str:
    """A score as Swedes write it: '4', '3,7' (a mean), '–' when there is none."""
    return widgets.decimal(value, 0 if value is None or float(value).is_integer() else 1)


def shortlist(db: Store, actor: User, year: int, editable: bool) -> None:
    """Per class: units with a done consensus, best total first, with the committee's pick (AccessDenied: too early)."""
    st.subheader(text.VISITS_SHORTLIST)
    mode = st.radio("Urval", [text.VISITS_TOP_N, text.VISITS_ALL], horizontal=True, label_visibility="collapsed")
    top_n = st.number_input("Antal per klass", 1, 50, 3) if mode == text.VISITS_TOP_N else None
    short = site_visit.shortlist(db, actor, year, top_n)
    if short.is_empty():
        st.info("Inget bidrag har klar konsensus ännu.")
    for klass in short.partition_by("class_position", maintain_order=True):
        st.markdown(f"**{widgets.escape_md(klass['class_name'][0])}**")
        table = pl.DataFrame({"Plats": klass["rank"], "Enhet": klass["unit_name"], "Förvaltning/bolag":
                              klass["organisation"], "Totalpoäng": klass["total"],
                              "Justerad vid besök": klass["site_visit"], "Platsbesök": klass["selected"]})
        widgets.table(table, hide_index=True)
        if editable:
            _pick_form(db, actor, klass)


def _pick_form(db: Store, actor: User, klass: pl.DataFrame) -> None:
    names = dict(zip(klass["submission_id"], klass["unit_name"]))
    with st.form(f"urval-{klass['class_code'][0]}"):
        wanted = st.multiselect(text.VISITS_PICK, list(names), placeholder=text.CHOOSE, format_func=names.__getitem__,
                                default=klass.filter(pl.col("selected"))["submission_id"].to_list())
        pressed = st.form_submit_button("Spara urval", icon=":material/save:")
    if pressed:
        _apply(db, actor, klass, [sid in wanted for sid in klass["submission_id"]])


def _apply(db: Store, actor: User, klass: pl.DataFrame, wanted: list[bool]) -> None:
    problems, changed = [], []
    for row, want in zip(klass.iter_rows(named=True), wanted):
        if want == row["selected"]:
            continue
        try:
            (site_visit.select if want else site_visit.unselect)(db, actor, row["submission_id"])
            changed.append((text.VISITS_PICKED if want else text.VISITS_DROPPED).format(unit=row["unit_name"]))
        except (ValidationError, AccessDenied) as exc:
            problems.append(f"{row['unit_name']}: {exc}")
    if problems:
        widgets.errors(ValidationError(problems))
        return
    if changed:
        widgets.flash(" ".join(changed))
        st.rerun()


def visit_table(visits: pl.DataFrame) -> None:
    if visits.is_empty():
        st.info(text.VISITS_NONE)
        return
    widgets.table({"Enhet": visits["unit_name"], "Tävlingsklass": visits["class_name"],
                  text.VISITS_DATE: visits["visit_date"], text.VISITS_VISITORS: visits["visitors"],
                  "Justerade kriterier": visits["adjusted"], "Utvald av": visits["selected_by"]}, hide_index=True)


def _final(finals: pl.DataFrame, number: int) -> str:
    row = finals.filter(pl.col("criterion") == number)
    if row.is_empty() or row["score"][0] is None:
        return f"{text.SOURCE}: {results.SOURCE_LABELS[results.MISSING]}"
    return f"Slutlig poäng **{_num(row['score'][0])}** ({row['source'][0]})"


def editable(view: VisitView, finals: pl.DataFrame) -> tuple[dt.date | None, str, str, dict] | None:
    """The lead's form; returns (date, visitors, notes, adjustments) when saved, else None."""
    book, raw = view.rulebook, {}
    with st.form(f"platsbesok-{view.submission['id']}", enter_to_submit=False):
        visit_date = st.date_input(text.VISITS_DATE, value=view.visit["visit_date"], format="YYYY-MM-DD")
        visitors = st.text_input(text.VISITS_VISITORS, value=view.visit["visitors"])
        notes = st.text_area(text.VISITS_NOTES, value=view.visit["notes"], height=120)
        for c in book.criteria:
            adjusted = view.adjustments.get(c.number)
            with st.container(border=True, key=f"besok-kriterium-{c.number}"):
                st.markdown(f"**{c.number}. {widgets.escape_md(c.title)}** · konsensus {_num(view.consensus.get(c.number))} · "
                            + _final(finals, c.number))
                left, right = st.columns([1, 3])
                raw[c.number] = {
                    "score": left.number_input(text.VISITS_ADJUST, value=adjusted.score if adjusted else None,
                                               min_value=book.scale.min, max_value=book.scale.max,
                                               step=book.scale.step, placeholder=text.SCORE_PLACEHOLDER,
                                               key=f"besok-{view.submission['id']}-{c.number}-score"),
                    "reason": right.text_area(text.VISITS_REASON, value=adjusted.reason if adjusted else "",
                                              height=80, key=f"besok-{view.submission['id']}-{c.number}-reason"),
                }
        pressed = st.form_submit_button(text.VISITS_SAVE, type="primary", icon=":material/save:")
    return (visit_date, visitors, notes, raw) if pressed else None


def read_only(view: VisitView, finals: pl.DataFrame) -> None:
    st.markdown(f"**{text.VISITS_DATE}:** {view.visit['visit_date'] or '–'}")
    st.caption(text.VISITS_VISITORS)
    widgets.plain(view.visit["visitors"])
    st.caption(text.VISITS_NOTES)
    widgets.plain(view.visit["notes"])
    for c in view.rulebook.criteria:
        with st.container(border=True):
            st.markdown(f"**{c.number}. {widgets.escape_md(c.title)}** · konsensus {_num(view.consensus.get(c.number))} · "
                        + _final(finals, c.number))
            if c.number in view.adjustments:
                st.caption(text.VISITS_REASON)
                widgets.plain(view.adjustments[c.number].reason)
