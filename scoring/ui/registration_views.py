"""The parts of 'Enheter och anmälan': tables in Swedish, forms and the participation chart.

Each function renders one part and calls one domain function on submit; the page composes them.
"""
from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from scoring import swedish
from scoring.cycle import field_rules
from scoring.cycle import registration
from scoring.platform.access import User, ValidationError
from scoring.store import Store
from scoring.ui import export_buttons, text, widgets

NEW = "__ny__"
MISSING = "–"
YES_NO = {True: "ja", False: "nej", None: MISSING}
MET, MISSED, APPROVED, TARGET = "#2e7d32", "#c62828", "#90a4ae", "#212121"


def _done(message: str, kind: str = "success") -> None:
    widgets.flash(message, kind)
    st.rerun()


def _try(work, message: str) -> None:
    """The core's answer may fill {result} in `message` (a count or a name)."""
    widgets.act(work, lambda result: message.format(result=result) if isinstance(result, (int, str)) else message)


# ---------------------------------------------------------------- tables
# Cells are text where a value may be missing: '–', never 'None', and dates without '00:00:00'.


def missing(col: str) -> pl.Expr:
    """The column as text, '–' where nothing is recorded."""
    return pl.col(col).cast(pl.String).fill_null(MISSING)


def day(col: str) -> pl.Expr:
    """A date as 2026-05-20, '–' when there is none."""
    return pl.col(col).dt.strftime("%Y-%m-%d").fill_null(MISSING)


def percent(col: str) -> pl.Expr:
    """75.0 → '75', 75.5 → '75,5' (decimal comma, scoring.swedish's rounding), '–' when not given."""
    return pl.col(col).map_elements(swedish.percent, return_dtype=pl.String, skip_nulls=True).fill_null(MISSING)


def units_table(overview: pl.DataFrame) -> pl.DataFrame:
    return overview.select(
        pl.col("id").alias("Id"), pl.col("name").alias("Enhet"), pl.col("organisation").alias(text.COL_ORG),
        pl.col("employees").alias("Anställda inkl. chef"), pl.col("operator_type").alias("Driftform"),
        percent("stockholm_share").alias("Andel stockholmare (%)"),
        *[pl.col(c).replace_strict(YES_NO, default="–", return_dtype=pl.String).alias(label) for c, label in (
            ("manager_budget_responsibility", "Chef med budgetansvar"),
            ("manager_staff_responsibility", "Chef med personalansvar"),
            ("has_plan_with_goals", "Verksamhetsplan med mål"), ("budget_kept", "Budgethållning"))],
        pl.when(pl.col("eligible")).then(pl.lit(text.ELIGIBLE)).otherwise(pl.col("reasons").list.join(" "))
        .alias("Villkor för deltagande"),
        pl.col("class_name").fill_null(text.NOT_REGISTERED).alias(text.COL_CLASS),
        pl.col("registration_status").replace_strict(registration.STATUS_NAMES, default=text.NOT_REGISTERED)
        .alias("Anmälan"),
        missing("eligibility_override").alias("Undantag, motivering"),
    )


def registrations_table(overview: pl.DataFrame) -> pl.DataFrame:
    return overview.filter(pl.col("submission_id").is_not_null()).select(
        pl.col("id").alias("Id"), pl.col("name").alias("Enhet"), pl.col("organisation").alias(text.COL_ORG),
        pl.col("class_name").alias(text.COL_CLASS), day("registered_on").alias("Anmäld"),
        pl.col("registration_status").replace_strict(registration.STATUS_NAMES).alias("Status"),
        day("decided_on").alias("Beslut i nämnd"), missing("protocol_ref").alias("Protokoll"),
        day("protocol_received_on").alias("Protokoll inkommet"),
        missing("eligibility_override").alias("Undantag, motivering"),
    )


def pending_table(rows: pl.DataFrame) -> pl.DataFrame:
    return rows.select(pl.col("id").alias("Id"), pl.col("name").alias("Enhet"),
                       pl.col("organisation").alias(text.COL_ORG), pl.col("class_name").alias(text.COL_CLASS),
                       day("registered_on").alias("Anmäld"), day("decided_on").alias("Beslut i nämnd"),
                       missing("protocol_ref").alias("Protokoll"))


def participation_table(rows: pl.DataFrame) -> pl.DataFrame:
    return rows.select(
        pl.col("organisation").alias(text.COL_ORG), pl.col("board").alias("Nämnd/styrelse"),
        missing("target").alias("Mål"), pl.col("registered").alias("Anmälda"),
        pl.col("approved").alias("Beslut i nämnd"), pl.col("protocol_received").alias("Protokoll inkommet"),
        missing("missing").alias("Saknas till målet"),
        pl.when(pl.col("target").is_null()).then(pl.lit("Inget mål"))
        .when(pl.col("missing") > 0).then(pl.lit("Under målet")).otherwise(pl.lit("Målet nått")).alias("Läge"),
    )


def participation_chart(rows: pl.DataFrame, year: int) -> go.Figure:
    """Registered and approved units per organisation, with the target as a marker."""
    shown = rows.filter((pl.col("registered") > 0) | pl.col("target").is_not_null()).sort("organisation",
                                                                                         descending=True)
    names = shown["organisation"].to_list()
    colors = [MISSED if m else MET for m in (shown["missing"].fill_null(0) > 0)]
    fig = go.Figure()
    fig.add_bar(y=names, x=shown["registered"].to_list(), orientation="h", name="Anmälda", marker_color=colors)
    fig.add_bar(y=names, x=shown["approved"].to_list(), orientation="h", name="Beslut i nämnd",
                marker_color=APPROVED)
    targets = shown.filter(pl.col("target").is_not_null())
    fig.add_scatter(y=targets["organisation"].to_list(), x=targets["target"].to_list(), mode="markers", name="Mål",
                    marker={"symbol": "line-ns", "size": 26, "line": {"width": 4, "color": TARGET}})
    widest = max([0, *shown["registered"].to_list(), *targets["target"].to_list()])
    fig.update_layout(barmode="group", height=160 + 46 * len(names), margin={"l": 10, "r": 10, "t": 40, "b": 10},
                      title=f"Deltagande per förvaltning och bolag {year}", legend={"orientation": "h", "y": -0.12},
                      xaxis={"title": "Antal enheter", "dtick": 1 if widest <= 15 else None})
    return fig


# ---------------------------------------------------------------- deadline


def deadline_banner(status: registration.ApprovalStatus, year: int) -> None:
    pending, waiting = status.unapproved, status.awaiting_protocol
    deadline = f"{status.deadline:%Y-%m-%d}"
    if status.level == "late" and (pending.height or waiting.height):
        st.error(text.DEADLINE_PASSED.format(deadline=deadline, n=pending.height, m=waiting.height))
    elif status.level == "soon" and pending.height:
        st.warning(text.DEADLINE_SOON.format(deadline=deadline, days=status.days_left, n=pending.height))
    elif pending.height:
        st.info(text.DEADLINE_CALM.format(deadline=deadline, n=pending.height))
    if status.level == "calm" or not (pending.height or waiting.height):
        return
    with st.expander(text.DEADLINE_LIST):
        sheets = {}
        if pending.height:
            st.markdown(f"**{text.MISSING_DECISION}**")
            sheets[text.MISSING_DECISION] = pending_table(pending)
            widgets.table(sheets[text.MISSING_DECISION], hide_index=True)
        if status.level == "late" and waiting.height:
            st.markdown(f"**{text.MISSING_PROTOCOL}**")
            sheets[text.MISSING_PROTOCOL] = pending_table(waiting)
            widgets.table(sheets[text.MISSING_PROTOCOL], hide_index=True)
        export_buttons.export_buttons(sheets, f"saknar-beslut-{year}", key="export-deadline")


# ---------------------------------------------------------------- units


def unit_form(db: Store, actor: User, overview: pl.DataFrame, orgs: pl.DataFrame) -> None:
    names = dict(zip(overview["id"], overview["name"]))
    choice = st.selectbox(text.UNIT_PICK, [NEW, *names], key="unit-pick",
                          format_func=lambda u: text.NEW_UNIT if u == NEW else f"{u} – {names[u]}")
    row = {} if choice == NEW else overview.filter(pl.col("id") == choice).row(0, named=True)
    org_names = dict(zip(orgs["id"], orgs["name"]))
    with st.form(f"unit-{choice}"):
        left, right = st.columns(2)
        values = {
            "id": left.text_input("Enhets-id", row.get("id", ""), disabled=choice != NEW,
                                  max_chars=field_rules.UNIT_ID.max_chars),
            "name": right.text_input("Enhetens namn", row.get("name", ""), max_chars=field_rules.UNIT_NAME.max_chars),
            "organisation_id": left.selectbox(text.COL_ORG, list(org_names), format_func=org_names.__getitem__,
                                              index=list(org_names).index(row["organisation_id"]) if row else None),
            "employees": right.number_input("Antal anställda inkl. chefen", field_rules.EMPLOYEES.low,
                                            field_rules.EMPLOYEES.high, row.get("employees", 5)),
            "operator_type": left.selectbox("Driftform", registration.OPERATOR_TYPES,
                                            index=registration.OPERATOR_TYPES.index(row.get("operator_type", "kommunal"))),
            "stockholm_share": right.number_input("Andel av arbetet för stockholmare (%)", 0.0, 100.0,
                                                  row.get("stockholm_share"), 1.0, placeholder="ej angiven"),
            "manager_budget_responsibility": left.checkbox("Chefen har budgetansvar",
                                                           row.get("manager_budget_responsibility", True)),
            "manager_staff_responsibility": left.checkbox("Chefen har personalansvar",
                                                          row.get("manager_staff_responsibility", True)),
            "has_plan_with_goals": left.checkbox("Verksamhetsplan med mål", row.get("has_plan_with_goals", True)),
            "budget_kept": right.selectbox("Budgethållning (uppföljd i ILS)", [None, True, False],
                                           index=[None, True, False].index(row.get("budget_kept")),
                                           format_func=lambda v: {None: "Ej uppföljd", True: "Ja", False: "Nej"}[v]),
        }
        if st.form_submit_button(text.SAVE_UNIT, type="primary"):
            save_unit(db, actor, values, choice == NEW)


def save_unit(db: Store, actor: User, values: dict, new: bool) -> None:
    try:
        why_not = registration.save_unit(db, actor, values, new)
    except ValidationError as exc:
        widgets.errors(exc)
        return
    if why_not:
        _done(text.UNIT_SAVED_INELIGIBLE.format(reasons=" ".join(why_not)), "warning")
    else:
        _done(text.UNIT_SAVED)


# ---------------------------------------------------------------- registration


def register_form(db: Store, actor: User, year: int, overview: pl.DataFrame, classes: dict[str, str],
                  phase_ok: bool) -> None:
    free = overview.filter(pl.col("submission_id").is_null())
    if not phase_ok:
        st.info(text.REGISTER_PHASE)
    if free.is_empty():
        st.caption(text.ALL_REGISTERED)
        return
    names = dict(zip(free["id"], free["name"]))
    unit_id = st.selectbox(text.REGISTER_UNIT, list(names), format_func=lambda u: f"{u} – {names[u]}",
                           key="register-unit", disabled=not phase_ok)
    row = free.filter(pl.col("id") == unit_id).row(0, named=True)
    why_not = row["reasons"]
    if why_not:
        st.warning(text.NOT_ELIGIBLE + "\n" + "\n".join(f"- {r}" for r in why_not))
    with st.form("register"):
        codes = list(classes)  # default: the class the unit competed in last time, if the cycle still has it
        code = st.selectbox(text.COL_CLASS, codes, format_func=classes.__getitem__,
                            index=codes.index(row["previous_class"]) if row["previous_class"] in codes else 0)
        reason = st.text_area(text.OVERRIDE_REASON, max_chars=registration.MAX_REASON) if why_not else ""
        if st.form_submit_button(text.REGISTER_BUTTON, type="primary", disabled=not phase_ok):
            _try(lambda: registration.register(db, actor, year, unit_id, code, reason),
                 text.REGISTERED.format(year=year))


def change_registration_form(db: Store, actor: User, year: int, overview: pl.DataFrame,
                             classes: dict[str, str]) -> None:
    """Move a registered unit to another class, or take the registration back (registration phase)."""
    registered = overview.filter(pl.col("submission_id").is_not_null())
    if registered.is_empty():
        return
    names = dict(zip(registered["id"], registered["name"]))
    with st.expander(text.CHANGE_REGISTRATION):
        unit_id = st.selectbox(text.UNIT_PICK, list(names), format_func=lambda u: f"{u} – {names[u]}",
                               key="change-unit")
        with st.form("change-class"):
            code = st.selectbox(text.COL_CLASS, list(classes), format_func=classes.__getitem__)
            if st.form_submit_button(text.CHANGE_CLASS_BUTTON):
                _try(lambda: registration.change_class(db, actor, year, unit_id, code), text.CLASS_CHANGED)
        with st.form("withdraw"):
            reason = st.text_input(text.WITHDRAW_REASON, max_chars=registration.MAX_REASON)
            if st.form_submit_button(text.WITHDRAW_BUTTON):
                _try(lambda: registration.withdraw(db, actor, year, unit_id, reason), text.WITHDRAWN)


def decision_form(db: Store, actor: User, year: int, overview: pl.DataFrame) -> None:
    open_regs = overview.filter(pl.col("registration_status") == "registered")
    if open_regs.is_empty():
        st.caption(text.NO_OPEN_REGISTRATIONS)
        return
    orgs = dict(zip(open_regs["organisation_id"], open_regs["organisation"]))
    org_id = st.selectbox(text.COL_ORG, list(orgs), format_func=orgs.__getitem__, key="decision-org")
    mine = open_regs.filter(pl.col("organisation_id") == org_id)
    names = dict(zip(mine["id"], mine["name"]))
    with st.form(f"decision-{org_id}"):
        chosen = st.multiselect(text.BOARD_DECISION_UNITS, list(names), placeholder=text.CHOOSE, default=list(names), format_func=names.__getitem__)
        left, right = st.columns(2)
        decided = left.date_input(text.BOARD_DECISION_DATE, dt.date.today(), format="YYYY-MM-DD")
        ref = right.text_input(text.BOARD_DECISION_REF, placeholder="t.ex. Protokoll 2026-05-21, § 14", max_chars=300)
        received = left.checkbox(text.PROTOCOL_ALREADY)
        received_on = right.date_input(text.PROTOCOL_DATE, dt.date.today(), format="YYYY-MM-DD")
        if st.form_submit_button(text.BOARD_DECISION_BUTTON, type="primary"):
            _try(lambda: registration.record_board_decision(db, actor, year, org_id, decided, ref, chosen,
                                                            received_on if received else None),
                 text.BOARD_DECISION_SAVED.format(n=len(chosen)))


def protocol_form(db: Store, actor: User, decisions: pl.DataFrame) -> None:
    waiting = decisions.filter(pl.col("protocol_received_on").is_null())
    if waiting.is_empty():
        return
    labels = {r["id"]: f"{r['organisation']} · {r['decided_on']:%Y-%m-%d} · {r['protocol_ref']}"
              for r in waiting.iter_rows(named=True)}
    with st.form("protocol"):
        st.markdown(f"**{text.PROTOCOL_HEAD}**")
        chosen = st.selectbox(text.PROTOCOL_DECISION, list(labels), format_func=labels.__getitem__)
        day = st.date_input(text.PROTOCOL_DATE, dt.date.today(), format="YYYY-MM-DD")
        if st.form_submit_button(text.PROTOCOL_BUTTON):
            _try(lambda: registration.mark_protocol_received(db, actor, chosen, day), text.PROTOCOL_SAVED)


def decisions_table(decisions: pl.DataFrame) -> pl.DataFrame:
    return decisions.select(pl.col("organisation").alias(text.COL_ORG), pl.col("board").alias("Nämnd/styrelse"),
                            day("decided_on").alias("Beslutsdatum"), pl.col("protocol_ref").alias("Protokoll"),
                            day("protocol_received_on").alias("Protokoll inkommet"),
                            pl.col("units").alias("Antal enheter"), pl.col("unit_names").alias("Enheter"))


# ---------------------------------------------------------------- targets and organisations


def targets_editor(db: Store, actor: User, year: int, orgs: pl.DataFrame) -> None:
    """Targets as text cells ('–' for none, never 'None'); the core reads and checks what is typed."""
    current = orgs.select(pl.col("id"), pl.col("name").alias(text.COL_ORG), missing("target").alias("Mål"))
    edited = pl.DataFrame(st.data_editor(current, hide_index=True, key=f"targets-{year}", disabled=["id", text.COL_ORG],
                                         column_config={"id": None, "Mål": st.column_config.TextColumn(
                                             validate=r"^\s*(–|-|\d{0,4})\s*$")}))
    if st.button(text.SAVE_TARGETS, type="primary"):
        changed = {r["id"]: r["Mål"] for r, old in zip(edited.iter_rows(named=True), current["Mål"])
                   if (r["Mål"] or "").strip() != old}
        try:
            count = registration.set_targets(db, actor, year, changed)     # one transaction: all or none
        except ValidationError as exc:
            widgets.errors(exc)
        else:
            st.session_state.pop(f"targets-{year}", None)
            _done(text.TARGETS_SAVED.format(n=count))


def organisation_form(db: Store, actor: User, orgs: pl.DataFrame) -> None:
    names = dict(zip(orgs["id"], orgs["name"]))
    choice = st.selectbox(text.ORG_PICK, [None, *names], key="org-pick",
                          format_func=lambda o: text.NEW_ORG if o is None else names[o])
    row = {} if choice is None else orgs.filter(pl.col("id") == choice).row(0, named=True)
    with st.form(f"org-{choice}"):
        name = st.text_input("Namn", row.get("name", ""), max_chars=300)
        kind = st.radio("Typ", registration.KINDS, index=registration.KINDS.index(row.get("kind", "förvaltning")),
                        horizontal=True)
        board = st.text_input("Nämnd eller styrelse som beslutar om deltagandet", row.get("board", ""), max_chars=300)
        if st.form_submit_button(text.SAVE_ORG, type="primary"):
            _try(lambda: registration.save_organisation(db, actor, name, kind, board, choice),
                 text.ORG_SAVED)
