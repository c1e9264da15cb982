"""The parts of the kansli's "Examinatorer och team" page: roster, automatic proposal, hand edits, jäv."""
from __future__ import annotations

import polars as pl
import streamlit as st

from criteria import Rulebook
from scoring import swedish
from scoring.cycle import registration
from scoring.cycle import rosters
from scoring.cycle import import_files as tabular
from scoring.cycle import teams
from scoring.platform.access import AccessDenied, User, ValidationError
from scoring.store import Store
from scoring.ui import shell, text, widgets

NEW = "__new__"
EDIT_OPEN = "roster-edit-open"      # the keyed expander of the examiner form
PROPOSAL = "teams_proposal"


def export(table: pl.DataFrame, name: str, key: str) -> None:
    left, right = st.columns(2)
    # Built only when pressed (a callable): a workbook of 400 examiners cost every rerun of the page.
    left.download_button(text.KANSLI_XLSX, lambda: tabular.to_xlsx({name: table}), f"{key}.xlsx", key=f"{key}-xlsx",
                         on_click="ignore")
    right.download_button(text.KANSLI_CSV, lambda: tabular.to_csv(table), f"{key}.csv", "text/csv", key=f"{key}-csv",
                          on_click="ignore")


# ---------------------------------------------------------------- roster


def roster_tab(db: Store, actor: User, year: int, book: Rulebook) -> None:
    people = shell.unchanged_or_compute(f"roster-{year}", lambda: rosters.roster(db, actor, year))
    class_names = {c.code: c.name for c in book.classes}
    table = pl.DataFrame({
        "Namn": people["display_name"], "Användarnamn": people["username"],
        "Roll": [text.ROLE_LEAD if r == "lead" else text.ROLE_MEMBER for r in people["role"]],
        text.COL_ORG: people["organisation"].fill_null("–"),
        "Utbildningsår": people["training_year"].cast(pl.String).fill_null(text.TEAMS_NO_TRAINING_YEAR),
        "Kapacitet": people["capacity"], "Tilldelade": people["load"], "Leder": people["leads"],
        "Erfarenhet av klasser": [", ".join(class_names.get(c, c) for c in cl) for cl in people["classes"].to_list()],
        "E-post": people["email"].fill_null(""), "Aktiv": ["Ja" if a else "Nej" for a in people["active"]]})
    widgets.table(table, hide_index=True)
    export(table, "Examinatorer", f"examinatorer-{year}")
    # The form and its picker of every examiner are built only while the expander is open (a keyed expander
    # reruns when it opens or closes): at scale 10 they were most of what the browser drew on every visit.
    edit = st.expander(text.TEAMS_EDIT_EXAMINER, key=EDIT_OPEN, on_change="rerun")
    if not edit.open:
        return
    with edit:
        options = [NEW, *people["username"]]
        names = dict(zip(people["username"], people["display_name"]))
        chosen = st.selectbox(text.TEAMS_PICK_EXAMINER, options, key="roster_pick",
                              format_func=lambda u: text.TEAMS_NEW_EXAMINER if u == NEW else f"{names[u]} ({u})")
        current = None if chosen == NEW else people.filter(pl.col("username") == chosen).row(0, named=True)
        examiner_form(db, actor, current, class_names)


def examiner_form(db: Store, actor: User, current: dict | None, class_names: dict[str, str]) -> None:
    orgs = registration.organisations(db, actor)
    org_names = {None: "–", **dict(zip(orgs["id"], orgs["name"]))}
    c = current or {}
    with st.form(f"examiner-{c.get('username', NEW)}", clear_on_submit=current is None):
        username = st.text_input(text.USERNAME, value=c.get("username", ""), disabled=current is not None)
        display = st.text_input("Namn", value=c.get("display_name", ""))
        role = st.radio("Roll", ["examiner", "lead"], index=1 if c.get("role") == "lead" else 0, horizontal=True,
                        format_func=lambda r: text.ROLE_LEAD if r == "lead" else text.ROLE_MEMBER)
        org = st.selectbox(text.TEAMS_ORG_FIELD, list(org_names), format_func=org_names.__getitem__,
                           index=list(org_names).index(c.get("organisation_id")) if c.get("organisation_id") in
                           org_names else 0)
        left, right = st.columns(2)
        year = left.number_input("Utbildningsår", min_value=1990, max_value=2100, step=1,
                                 value=c.get("training_year"), placeholder="Ej angivet")
        capacity = right.number_input(text.TEAMS_CAPACITY_FIELD, min_value=0, max_value=100, step=1,
                                      value=int(c.get("capacity", 8)))
        known = list(class_names) + [k for k in c.get("classes") or [] if k not in class_names]
        classes = st.multiselect("Erfarenhet av tävlingsklasser", known, placeholder=text.CHOOSE, default=list(c.get("classes") or []),
                                 format_func=lambda k: class_names.get(k, k))
        email = st.text_input("E-post", value=c.get("email") or "")
        active = st.checkbox("Aktiv (kan få nya uppdrag)", value=bool(c.get("active", True)))
        password = st.text_input(text.TEAMS_PASSWORD, type="password") if current is None else None
        pressed = st.form_submit_button(text.TEAMS_SAVE_EXAMINER, type="primary")
    if pressed:
        data = rosters.ExaminerInput(username.strip().lower(), display, role, org, year, int(capacity),
                                   tuple(classes), email, active)
        widgets.act(lambda: rosters.save_examiner(db, actor, data, password, known_classes=known),
                    text.TEAMS_EXAMINER_SAVED.format(name=widgets.escape_md(display.strip())))


# ---------------------------------------------------------------- automatic proposal


def proposal_tab(db: Store, actor: User, year: int, view: pl.DataFrame) -> None:
    st.caption(text.TEAMS_AUTO_HELP)
    left, right = st.columns([1, 3])
    k = left.number_input(text.TEAMS_K, min_value=1, max_value=6, value=teams.K_DEFAULT, step=1)
    keep = right.radio(text.TEAMS_KEEP, list(teams.KEEP_MODES), format_func=teams.KEEP_MODES.__getitem__)
    if st.button(text.TEAMS_PROPOSE, icon=":material/auto_fix_high:"):
        try:
            st.session_state[PROPOSAL] = teams.propose(db, actor, year, int(k), keep)
        except (ValidationError, AccessDenied) as exc:
            widgets.errors(exc)
    proposal = st.session_state.get(PROPOSAL)
    if proposal is None or proposal.year != year:
        return
    people = rosters.roster(db, actor, year)
    show_proposal(proposal, view, dict(zip(people["username"], people["display_name"])))
    dropping = proposal.removed_with_work
    confirm = False
    if not dropping.is_empty():
        st.warning(swedish.plural(dropping.height, *text.TEAMS_DROP_WARNING))
        confirm = st.checkbox(text.TEAMS_DROP_CONFIRM)
    if st.button(text.TEAMS_SAVE_PROPOSAL, type="primary", icon=":material/save:"):
        widgets.act(lambda: teams.save_proposal(db, actor, proposal, confirm_drop=confirm), saved_message,
                    after=lambda _: st.session_state.pop(PROPOSAL, None))


def saved_message(summary: dict[str, int]) -> str:
    return text.TEAMS_SAVED.format(added=swedish.plural(summary["added"], *text.TEAMS_SAVED_ADDED),
                                   removed=swedish.plural(summary["removed"], *text.TEAMS_SAVED_REMOVED),
                                   lead_changes=swedish.plural(summary["lead_changes"], *text.TEAMS_SAVED_LEADS),
                                   unstaffed=summary["unstaffed"])


def show_proposal(proposal: teams.Proposal, view: pl.DataFrame, names: dict[str, str]) -> None:
    r = proposal.result
    changed = set(proposal.added["submission_id"].to_list()) | set(proposal.removed["submission_id"].to_list())

    def members(s: int) -> str:
        team = sorted(r.teams.get(s, ()), key=lambda u: (r.leads.get(s) != u, names.get(u, u)))
        return ", ".join(f"{names.get(u, u)} (ledare)" if r.leads.get(s) == u else names.get(u, u) for u in team)

    loads = [n for n in r.loads.values()]
    cols = st.columns(5)
    cols[0].metric(text.TEAMS_M_SUBMISSIONS, len(r.teams))
    cols[1].metric(text.TEAMS_M_UNSTAFFED, len(r.unstaffed))
    cols[2].metric(text.TEAMS_M_ADDED, proposal.added.height)
    cols[3].metric(text.TEAMS_M_REMOVED, proposal.removed.height)
    cols[4].metric(text.TEAMS_M_LOAD, f"{min(loads, default=0)}–{max(loads, default=0)}")
    info = view.select("submission_id", "unit_id", "unit_name", "class_name", "organisation")
    teams_table = info.with_columns(
        pl.col("submission_id").map_elements(members, return_dtype=pl.String).alias("team"),
        pl.col("submission_id").map_elements(lambda s: "Ja" if s in changed else "", return_dtype=pl.String)
        .alias("changed"),
        pl.col("submission_id").map_elements(lambda s: r.unstaffed.get(s, ""), return_dtype=pl.String)
        .alias("missing"))
    if r.unstaffed:
        st.error(text.TEAMS_UNSTAFFED.format(count=len(r.unstaffed)))
        widgets.table(teams_table.filter(pl.col("missing") != "").select(
            pl.col("unit_name").alias(text.COL_UNIT), pl.col("team").alias("Team"),
            pl.col("missing").alias("Skäl")), hide_index=True)
    st.markdown(f"**{text.TEAMS_PROPOSED_TEAMS}**")
    widgets.table(teams_table.select(pl.col("unit_id").alias("Id"), pl.col("unit_name").alias(text.COL_UNIT),
                                    pl.col("class_name").alias(text.COL_CLASS),
                                    pl.col("organisation").alias(text.COL_ORG), pl.col("team").alias("Team"),
                                    pl.col("changed").alias("Ändras"), pl.col("missing").alias("Saknas")),
                 hide_index=True)
    st.markdown(f"**{text.TEAMS_LOADS}**")
    widgets.table({"Examinator": [names.get(u, u) for u in r.loads], "Uppdrag": list(r.loads.values()),
                  "Leder": [sum(1 for lead in r.leads.values() if lead == u) for u in r.loads]}, hide_index=True)


# ---------------------------------------------------------------- hand edits


def team_label(row: dict) -> str:
    warn = f" · {swedish.plural(row['size'], *text.TEAMS_SHORT)}" if row["size"] < teams.K_DEFAULT else ""
    return f"{row['unit_id']} – {row['unit_name']} ({row['class_name']}){warn}"


def team_tab(db: Store, actor: User, year: int, view: pl.DataFrame) -> None:
    rows = {r["submission_id"]: r for r in view.iter_rows(named=True)}
    sid = st.selectbox(text.TEAMS_PICK_SUBMISSION, list(rows), format_func=lambda s: team_label(rows[s]),
                       key=f"team_pick_{year}")
    row = rows[sid]
    st.caption(f"{widgets.escape_md(row['organisation'])} · {text.TEAMS_CURRENT}: "
               + (widgets.escape_md(", ".join(row["name"] or [])) or "–"))
    people = teams.candidates(db, actor, sid)
    info = {r["username"]: r for r in people.iter_rows(named=True)}

    def label(u: str) -> str:
        p = info.get(u)
        if p is None:
            return u
        flags = [text.TEAMS_FLAG_BLOCKED] if p["blocked"] else []
        flags += [text.TEAMS_FLAG_FULL] if p["load"] >= p["capacity"] else []
        flags += [text.TEAMS_FLAG_EXPERIENCED] if p["experienced"] else []
        org = p["organisation"] or "–"
        return f"{p['display_name']} ({org}, {p['load']}/{p['capacity']})" + (f" · {' · '.join(flags)}" if flags
                                                                             else "")

    current = list(row["usernames"] or [])
    with st.form(f"team-{sid}"):
        options = list(dict.fromkeys(current + list(info)))
        members = st.multiselect(text.TEAMS_MEMBERS, options, default=current, format_func=label,
                                 placeholder=text.CHOOSE)
        lead = st.selectbox(text.TEAMS_LEAD, options, format_func=label,
                            index=options.index(row["lead"]) if row["lead"] in options else 0)
        over = st.checkbox(text.TEAMS_ALLOW_OVER)
        drop = st.checkbox(text.TEAMS_DROP_CONFIRM)
        pressed = st.form_submit_button(text.TEAMS_SAVE_TEAM, type="primary")
    if pressed:
        widgets.act(lambda: teams.set_team(db, actor, year, sid, members, lead, confirm_drop=drop,
                                           allow_over_capacity=over),
                    text.TEAMS_TEAM_SAVED.format(unit=widgets.escape_md(row["unit_name"])))
    blocked = people.filter(pl.col("blocked") != "")
    if not blocked.is_empty():
        with st.expander(swedish.plural(blocked.height, *text.TEAMS_BLOCKED_LIST)):
            widgets.table({"Examinator": blocked["display_name"], "Skäl": blocked["blocked"]}, hide_index=True)


# ---------------------------------------------------------------- jäv


def conflicts_tab(db: Store, actor: User, year: int, view: pl.DataFrame) -> None:
    log = teams.conflict_log(db, actor, year)
    units = dict(zip(view["submission_id"], view["unit_name"]))
    elsewhere = teams.conflict_log(db, actor).height - log.height
    if elsewhere:   # a jäv is on the unit, not the year: those still keep the examiner off the unit
        st.caption(swedish.plural(elsewhere, *text.TEAMS_CONFLICTS_ELSEWHERE))
    if log.is_empty():
        st.info(text.TEAMS_NO_CONFLICTS.format(year=year))
    else:
        shown = log.with_columns(pl.col("Bidrag").replace_strict(units, default=None, return_dtype=pl.String)
                                 .fill_null(pl.col("Bidrag").cast(pl.String)).alias("Enhet")).select(
            "Anmält", "Examinator", "Enhet", "Skäl", "Anmält av", "Ersättare", "Utvärderingsledare", "Ej bemannat")
        widgets.table(shown, hide_index=True)
        export(shown, "Jäv", "jav")
    st.subheader(text.TEAMS_RECORD_CONFLICT)
    people = rosters.roster(db, actor, year).filter(pl.col("active"))
    names = dict(zip(people["username"], people["display_name"]))
    rows = {r["submission_id"]: r for r in view.iter_rows(named=True)}
    with st.form("record-conflict", clear_on_submit=True):
        sid = st.selectbox(text.TEAMS_PICK_SUBMISSION, list(rows), format_func=lambda s: team_label(rows[s]))
        examiner = st.selectbox(text.TEAMS_CONFLICT_EXAMINER, list(names), help=text.TEAMS_CONFLICT_EXAMINER_HELP,
                                format_func=lambda u: f"{names[u]} ({u})")
        reason = st.text_area(text.CONFLICT_REASON)
        pressed = st.form_submit_button(text.TEAMS_RECORD_CONFLICT, type="primary")
    if pressed:
        try:
            outcome = teams.declare_conflict(db, actor, sid, reason, examiner=examiner)
        except (ValidationError, AccessDenied, LookupError) as exc:
            widgets.errors(exc)
        else:
            widgets.flash(outcome_message(outcome, rows[sid]["unit_name"]),
                          "warning" if outcome.unstaffed_reason else "success")
            st.rerun()


def outcome_message(outcome: teams.ConflictOutcome, unit: str) -> str:
    """Shown as markdown (a flash): every name in it is escaped."""
    examiner, unit = widgets.escape_md(outcome.examiner), widgets.escape_md(unit)
    if not outcome.removed:
        return text.CONFLICT_RECORDED.format(examiner=examiner, unit=unit)
    message = text.CONFLICT_REMOVED.format(examiner=examiner, unit=unit)
    if outcome.replacement:
        message += " " + text.CONFLICT_REPLACED.format(replacement=widgets.escape_md(outcome.replacement))
    if outcome.unstaffed_reason:
        message += " " + text.CONFLICT_NO_REPLACEMENT.format(reason=widgets.escape_md(outcome.unstaffed_reason))
    return message
