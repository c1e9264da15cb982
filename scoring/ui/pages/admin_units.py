"""Enheter och anmälan (kansli): units with eligibility, registration, board decisions, deadline and targets."""
import polars as pl
import streamlit as st

from scoring import rulebook
from scoring.cycle import registration
from scoring.ui import chart_text, cycle_picker, export_buttons, shell, text, widgets
from scoring.ui import registration_views as views

TABLE_ROWS = 200         # units sent to the browser at once

db, actor = shell.store(), shell.user()
st.title(text.UNITS_TITLE)
widgets.show_flash()
year = cycle_picker.pick_cycle(db, actor, "units-cycle-year")
if year is None:
    st.stop()
book = rulebook.load(db, year)
phase = rulebook.phase(db, year)
# Read again only when something was saved since this session last read it (3,000 units at scale 10).
overview = shell.unchanged_or_compute(f"units-overview:{actor.username}:{year}",
                                      lambda: registration.units_overview(db, actor, year))
orgs = registration.organisations(db, actor, year)
views.deadline_banner(registration.approval_status(db, actor, year), year)

# A keyed st.tabs reruns on a switch and tells which tab is open: only that one is built and sent (3,000 units
# at scale 10 made every hidden tab's tables and pickers cost on each rerun).
tabs = st.tabs([text.TAB_UNITS, text.TAB_REGISTRATION, text.TAB_DECISIONS, text.TAB_PARTICIPATION, text.TAB_ORGS],
               key="units-tab", on_change="rerun")

if tabs[0].open:        # only the open tab is drawn (st.tabs with a key: .open)
    with tabs[0]:
        left, mid, right = st.columns([3, 3, 2])
        search = left.text_input(text.SEARCH_UNIT, key="unit-search").strip().lower()
        chosen_orgs = mid.multiselect(text.COL_ORG, orgs["name"].to_list(), placeholder=text.CHOOSE, key="unit-orgs")
        only_bad = right.checkbox(text.ONLY_INELIGIBLE, key="unit-bad")
        only_registered = right.checkbox(text.ONLY_REGISTERED, key="unit-registered")
        shown = overview
        if search:
            shown = shown.filter(pl.col("name").str.to_lowercase().str.contains(search, literal=True)
                                 | pl.col("id").str.to_lowercase().str.contains(search, literal=True))
        if chosen_orgs:
            shown = shown.filter(pl.col("organisation").is_in(chosen_orgs))
        if only_bad:
            shown = shown.filter(~pl.col("eligible"))
        if only_registered:
            shown = shown.filter(pl.col("submission_id").is_not_null())
        st.caption(text.UNITS_COUNT.format(shown=shown.height, total=overview.height, year=year,
                                           registered=overview["submission_id"].is_not_null().sum(),
                                           ineligible=(~overview["eligible"]).sum()))
        table = views.units_table(shown)
        if table.height > TABLE_ROWS:           # the first rows; the search and filters find the others
            st.caption(text.PERF_ROWS_SHOWN.format(shown=TABLE_ROWS, total=table.height))
        widgets.table(table.head(TABLE_ROWS), hide_index=True, key="units-table")
        export_buttons.export_buttons(table, f"enheter-{year}", key="export-units")   # every row shown
        edit = st.expander(text.UNIT_EDIT, key="unit-edit-open", on_change="rerun")
        if edit.open:                           # its picker of every unit is built only while it is open
            with edit:
                views.unit_form(db, actor, overview, orgs)

if tabs[1].open:
    with tabs[1]:
        st.subheader(text.REGISTER_HEAD)
        views.register_form(db, actor, year, overview, {c.code: c.name for c in book.classes},
                            phase_ok=phase == "registration")
        st.subheader(text.REGISTRATIONS_HEAD)
        registrations = views.registrations_table(overview)
        widgets.table(registrations, hide_index=True)
        export_buttons.export_buttons(registrations, f"anmalningar-{year}", key="export-registrations")
        if phase == "registration":
            views.change_registration_form(db, actor, year, overview, {c.code: c.name for c in book.classes})

if tabs[2].open:
    with tabs[2]:
        decisions = registration.board_decisions(db, actor, year)
        st.subheader(text.BOARD_DECISION_HEAD)
        if phase == "closed":
            st.info(text.CYCLE_CLOSED_INFO)
        else:
            views.decision_form(db, actor, year, overview)
            views.protocol_form(db, actor, decisions)
        st.subheader(text.BOARD_DECISIONS_HEAD)
        decision_table = views.decisions_table(decisions)
        widgets.table(decision_table, hide_index=True)
        export_buttons.export_buttons(decision_table, f"beslut-i-namnd-{year}", key="export-decisions")

if tabs[3].open:
    with tabs[3]:
        participation = registration.participation(db, actor, year)
        targeted = participation.filter(pl.col("target").is_not_null())
        below = targeted.filter(pl.col("missing").fill_null(0) > 0)["organisation"].sort().to_list()
        chart_text.show(views.participation_chart(participation, year), "participation-chart",
                        text.A11Y_FIND_TARGETS.format(met=targeted.height - len(below), total=targeted.height,
                                                      below=widgets.escape_md(", ".join(below)) or "–"))
        table = views.participation_table(participation)
        widgets.table(table, hide_index=True)
        export_buttons.export_buttons(table, f"deltagande-{year}", key="export-participation")
        st.subheader(text.TARGETS_HEAD)
        st.caption(text.TARGETS_HELP)
        if phase != "closed":
            views.targets_editor(db, actor, year, orgs)

if tabs[4].open:
    with tabs[4]:
        org_table = orgs.select(pl.col("name").alias("Namn"), pl.col("kind").alias("Typ"),
                                pl.col("board").alias("Nämnd/styrelse"), views.missing("target").alias(f"Mål {year}"))
        widgets.table(org_table, hide_index=True)
        export_buttons.export_buttons(org_table, "forvaltningar-och-bolag", key="export-orgs")
        views.organisation_form(db, actor, orgs)
