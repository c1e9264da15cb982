"""Omgång (kansli): phase, key dates, classes, criteria and weights; a new cycle from a rulebook or a copy."""
import datetime as dt

import polars as pl
import streamlit as st

from scoring import rulebook, swedish
from scoring.cycle import setup as cycle_setup
from scoring.platform.access import PHASE_NAMES, PHASES
from scoring.ui import cycle_picker, export_buttons, new_cycle_form, shell, text, widgets

db, actor = shell.store(), shell.user()
st.title(text.ADMIN_CYCLE_TITLE)
widgets.show_flash()
PICKER = "admin-cycle-year"
TAB = "admin-cycle-tab"       # the open tab (a keyed st.tabs)
year = cycle_picker.pick_cycle(db, actor, PICKER)


if year is None:
    st.subheader(text.FIRST_CYCLE_HEAD)
    st.caption(text.FIRST_CYCLE_HELP)
    new_cycle_form.new_from_rulebook(db, actor, "first-cycle", dt.date.today().year)
    st.stop()
cycle = cycle_setup.cycle_details(db, actor, year)
book = rulebook.load(db, year)
closed = cycle["phase"] == "closed"
history = cycle_setup.phase_history(db, actor, year).select(
    pl.col("logged_at").alias("När"), pl.col("actor").alias("Vem"),
    pl.col("from_phase").replace_strict(PHASE_NAMES).alias("Från"),
    pl.col("to_phase").replace_strict(PHASE_NAMES).alias("Till"), pl.col("reason").alias("Skäl"))


def phase_tab() -> None:
    chain = " → ".join(f"**{PHASE_NAMES[p]}**" if p == cycle["phase"] else PHASE_NAMES[p] for p in PHASES)
    st.markdown(chain)
    forward, back = cycle_setup.next_phase(cycle["phase"]), cycle_setup.previous_phase(cycle["phase"])
    if forward:
        open_work = cycle_setup.phase_warnings(db, actor, year)
        blockers = cycle_setup.phase_blockers(db, actor, year)
        with st.form("phase-forward"):
            st.markdown(text.PHASE_FORWARD_HEAD.format(phase=PHASE_NAMES[forward]))
            for warning in open_work:
                st.warning(widgets.escape_md(warning))
            for blocker in blockers:
                st.error(widgets.escape_md(blocker))
            sure = st.checkbox(text.PHASE_ANYWAY) if open_work and not blockers else True
            if st.form_submit_button(text.PHASE_FORWARD.format(phase=PHASE_NAMES[forward]), type="primary",
                                     disabled=bool(blockers)):
                if not sure:
                    st.error(text.PHASE_CONFIRM_FIRST)
                else:
                    move(forward, "")
    if back:
        with st.form("phase-back"):
            st.markdown(text.PHASE_BACK_HEAD.format(phase=PHASE_NAMES[back]))
            reason = st.text_area(text.PHASE_BACK_REASON)
            if st.form_submit_button(text.PHASE_BACK.format(phase=PHASE_NAMES[back])):
                move(back, reason)
    if not history.is_empty():
        st.subheader(text.PHASE_HISTORY)
        widgets.table(history, hide_index=True)


def move(target: str, reason: str) -> None:
    widgets.act(lambda: cycle_setup.move_phase(db, actor, year, target, reason),
                text.PHASE_MOVED.format(year=year, phase=PHASE_NAMES[target]))


def dates_tab() -> None:
    with st.form("cycle-details"):
        values = {"title": st.text_input(text.CYCLE_TITLE_LABEL, cycle["title"], max_chars=300)}
        cols = st.columns(3)
        for i, (key, label) in enumerate(cycle_setup.DATE_LABELS.items()):
            values[key] = cols[i % 3].date_input(label, cycle[key], format="YYYY-MM-DD")
        values["ceremony_place"] = st.text_input(text.CEREMONY_PLACE, cycle["ceremony_place"], max_chars=300)
        values["chair_title"] = st.text_input(text.CHAIR_TITLE, cycle["chair_title"], max_chars=300)
        if st.form_submit_button(text.SETUP_SAVE, type="primary", disabled=closed):
            save(lambda: cycle_setup.update_details(db, actor, year, values), text.DETAILS_SAVED)


def save(work, message: str, editor_key: str | None = None) -> None:
    # after a save the editor's pending edits are stored: it starts again from the stored rows
    widgets.act(work, message, after=lambda _: st.session_state.pop(editor_key, None) if editor_key else None)


def classes_frame() -> pl.DataFrame:
    usage = cycle_setup.class_usage(db, actor, year)
    return pl.DataFrame({
        "Ordning": list(range(1, len(book.classes) + 1)), "Kod": [c.code for c in book.classes],
        "Namn": [c.name for c in book.classes], "Prissumma (kr)": [c.prize_amount for c in book.classes],
        "Anmälda bidrag": [usage.get(c.code, 0) for c in book.classes],
    }, schema_overrides={"Prissumma (kr)": pl.Int64})


def classes_tab() -> None:
    st.caption(text.CLASSES_HELP)
    edited = st.data_editor(classes, num_rows="dynamic", hide_index=True, key=f"classes-{year}", disabled=closed,
                            column_config={"Anmälda bidrag": st.column_config.NumberColumn(disabled=True, width="small"),
                                           "Namn": st.column_config.TextColumn(width="large"),
                                           "Ordning": st.column_config.NumberColumn(width="small")})
    if st.button(text.SAVE_CLASSES, type="primary", disabled=closed):
        rows = pl.DataFrame(edited).sort("Ordning", nulls_last=True, maintain_order=True)
        new_classes = [{"code": r["Kod"], "name": r["Namn"], "prize_amount": r["Prissumma (kr)"]}
                       for r in rows.iter_rows(named=True)]
        save(lambda: cycle_setup.save_classes(db, actor, year, new_classes), text.CLASSES_SAVED, f"classes-{year}")


def criterion_inputs(c) -> dict:
    with st.expander(f"{c.number}. {widgets.escape_md(c.title)} · {swedish.number(c.weight, 2)} %"):
        key = f"{year}-{c.number}"
        return {"number": c.number,
                "title": st.text_input(text.CRITERION_TITLE, c.title, key=f"ct{key}"),
                "description": st.text_area(text.CRITERION_DESCRIPTION, c.description, key=f"cd{key}"),
                "guidance": st.text_area(text.CRITERION_GUIDANCE, "\n".join(c.guidance), key=f"cg{key}"),
                "weight": st.number_input(text.CRITERION_WEIGHT, 0.0, 100.0, float(c.weight), 0.5, key=f"cw{key}")}


def criteria_tab() -> None:
    st.caption(text.CRITERIA_HELP)
    with st.form("criteria"):
        rows = [criterion_inputs(c) for c in book.criteria]
        if st.form_submit_button(text.SAVE_CRITERIA, type="primary", disabled=closed):
            save(lambda: cycle_setup.save_criteria(db, actor, year, rows), text.CRITERIA_SAVED)


def criteria_frame() -> pl.DataFrame:
    return pl.DataFrame({"Nr": [c.number for c in book.criteria], "Kriterium": [c.title for c in book.criteria],
                         "Beskrivning": [c.description for c in book.criteria],
                         "Vägledande frågor": ["\n".join(c.guidance) for c in book.criteria],
                         "Vikt (%)": [c.weight for c in book.criteria]})


def copy_tab() -> None:
    years = cycle_setup.cycles_overview(db, actor)["year"].to_list()
    st.caption(text.COPY_HELP)
    with st.form("copy-cycle"):
        source = st.selectbox(text.COPY_SOURCE, years)
        new_year = st.number_input(text.COPY_YEAR, 2000, 2100, max(years) + 1, 1)
        if st.form_submit_button(text.COPY_BUTTON, type="primary"):
            widgets.act(lambda: cycle_setup.copy_cycle(db, actor, source, int(new_year)),
                        lambda created: text.COPY_DONE.format(year=created, source=source), after=cycle_picker.switch_to)
    st.subheader(text.NEW_CYCLE_FROM_FILE_HEAD)
    new_cycle_form.new_from_rulebook(db, actor, "new-cycle-rulebook", max(years) + 1)


if closed:
    st.info(text.CYCLE_CLOSED_INFO)
classes = classes_frame()
# A keyed st.tabs reruns on a switch and tells which tab is open: only that one is built and sent (the five
# were built on every rerun: the class editor's grid, forms of date fields, every criterion's texts).
tabs = st.tabs([text.TAB_PHASE, text.TAB_DATES, text.TAB_CLASSES, text.TAB_CRITERIA, text.TAB_COPY],
               key=TAB, on_change="rerun")
for tab, build in zip(tabs, (phase_tab, dates_tab, classes_tab, criteria_tab, copy_tab), strict=True):
    if tab.open:
        with tab:
            build()
dates = pl.DataFrame({"Vad": list(cycle_setup.DATE_LABELS.values()),
                      "Datum": [cycle[k] for k in cycle_setup.DATE_LABELS]})
st.divider()
st.caption(text.CYCLE_EXPORT)
export_buttons.export_buttons(
    {"Datum": dates, "Tävlingsklasser": classes, "Kriterier": criteria_frame(), "Fasbyten": history},
    f"omgang-{year}", key="cycle-export")
