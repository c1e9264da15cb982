"""Beslut: the committee records a proposal per class, the chair signs (locks) and may reopen with
a reason; the winner list, signed or as an UTKAST."""
import polars as pl
import streamlit as st

from scoring import swedish
from scoring.committee import decisions
from scoring.platform.access import PHASE_NAMES
from scoring.ui import committee_data, decision_blocks, shell, text, widgets

db, actor = shell.store(), shell.user()
st.title(text.DECISIONS_TITLE)
year = committee_data.pick_year(actor)
state = committee_data.decisions_state(actor, year)
widgets.show_flash()
st.markdown(text.DECISION_STATUS[state.status])
if state.status == decisions.SIGNED:
    st.caption(text.DECISION_SIGNED_BY.format(date=f"{state.signed_at:%Y-%m-%d %H:%M}",
                                              name=widgets.escape_md(state.signed_by_name)))
    decision_blocks.signed_changes(decisions.changes_since_signing(db, actor, year))
in_phase = state.phase == "decision"
if not in_phase:
    st.info(text.DECISION_PHASE.format(year=year, phase=PHASE_NAMES[state.phase].lower()))
if actor.role == "admin":
    st.caption(text.READ_ONLY_ADMIN)

recorded = dict(zip(state.classes["class_code"], state.classes["recorded"], strict=True))
class_names = dict(zip(state.classes["class_code"], state.classes["class_name"], strict=True))


def _class_label(code: str) -> str:
    mark = "✓" if recorded[code] else "○"
    recused = " · jäv" if state.recused(actor.username, code) else ""
    return f"{mark} {class_names[code]}{recused}"


code = committee_data.pick_class(state.classes, "decision_class", _class_label)
klass = state.classes.row(state.classes["class_code"].to_list().index(code), named=True)
ranking = committee_data.gated(lambda: committee_data.ranking(actor, year)).table.filter(pl.col("class_code") == code)
units = dict(zip(ranking["submission_id"].to_list(), ranking["unit_name"].to_list(), strict=True))
awards = state.awards.filter(pl.col("class_code") == code)

recused_names = state.recused_names(code)
if recused_names:
    st.caption(text.DECISION_RECUSED.format(names=widgets.escape_md(", ".join(recused_names))))

with st.expander(text.DECISION_TOP, expanded=not state.locked):
    widgets.table({text.COL_PLACE: ranking["place"], text.COL_UNIT: ranking["unit_name"],
                  text.COL_ORG: ranking["organisation"], text.COL_TOTAL: ranking["total"],
                  text.COL_SOURCE: ranking["source"],
                  text.COL_P_FIRST: [swedish.share(p) for p in ranking["p_first"].to_list()]},
                 hide_index=True, key="decision_ranking")

st.subheader(text.DECISION_CURRENT)
if not klass["recorded"]:
    st.caption(text.DECISION_NONE)
else:
    if klass["no_winner"]:
        st.markdown(f"**{text.DECISION_NO_WINNER}**")
    for a in awards.iter_rows(named=True):
        prize = decision_blocks.kronor(a["prize_amount"])
        st.markdown(f"**{decisions.KIND_NAMES[a['kind']]}:**")
        widgets.plain(f"{a['unit_name']} ({a['organisation']})" + (f" · {prize}" if prize else ""))
        if a["motivation"]:
            widgets.plain(a["motivation"])
    if klass["motivation"] and klass["motivation"] not in awards["motivation"].to_list():
        st.markdown(f"**{text.DECISION_CLASS_MOTIVATION}**")
        widgets.plain(klass["motivation"])
    st.caption(text.DECISION_UPDATED.format(when=f"{klass['updated_at']:%Y-%m-%d %H:%M}",
                                            who=widgets.escape_md(klass["updated_by_name"])))

may_edit = (actor.role in decisions.PROPOSERS and in_phase and not state.locked
            and not state.recused(actor.username, code))
if actor.role in decisions.PROPOSERS and state.recused(actor.username, code):
    st.warning(text.DECISION_YOU_RECUSED, icon=":material/block:")
if state.locked and actor.role in decisions.PROPOSERS:
    st.info(decisions.LOCKED, icon=":material/lock:")

if may_edit:
    st.subheader(text.DECISION_EDIT)
    ids = ranking["submission_id"].to_list()
    label = {r["submission_id"]: f"{r['place']}. {r['unit_name']}" for r in ranking.iter_rows(named=True)}
    prefix = f"decision_{year}_{code}"
    current = {k: awards.filter(pl.col("kind") == k)["submission_id"].to_list() for k in ("winner", "honourable")}
    winners = st.multiselect(text.DECISION_WINNERS, ids, default=current["winner"], format_func=label.__getitem__,
                             key=f"{prefix}_winners", placeholder="Välj enheter")
    honourable = st.multiselect(text.DECISION_HONOURABLE, [i for i in ids if i not in winners],
                                default=[i for i in current["honourable"] if i not in winners],
                                format_func=label.__getitem__, key=f"{prefix}_honourable", placeholder="Välj enheter")
    motivation = st.text_area(text.DECISION_MOTIVATION, value=klass["motivation"] or "",
                              help=text.DECISION_MOTIVATION_HELP, key=f"{prefix}_motivation")
    saved = {a["submission_id"]: a for a in awards.iter_rows(named=True)}
    choices = {}
    for kind, chosen in (("winner", winners), ("honourable", honourable)):
        for sid in chosen:
            before = saved.get(sid, {})
            default_prize = before.get("prize_amount") if sid in saved else (
                klass["class_prize"] if kind == "winner" else None)
            prize = st.number_input(text.DECISION_PRIZE.format(unit=units[sid]), min_value=0, step=5000,
                                    value=default_prize, key=f"{prefix}_prize_{sid}")
            own = before.get("motivation") or ""
            if kind == "winner" and own == klass["motivation"]:
                own = ""   # the class's motivation, not one of its own
            label, tip = ((text.DECISION_OWN_MOTIVATION, text.DECISION_OWN_MOTIVATION_HELP) if kind == "winner"
                          else (text.DECISION_MENTION_MOTIVATION, text.DECISION_MENTION_MOTIVATION_HELP))
            note = st.text_area(label.format(unit=units[sid]), value=own, height=80, help=tip,
                                key=f"{prefix}_own_{sid}")
            choices.setdefault(kind, []).append(decisions.AwardChoice(sid, note, None if prize is None else int(prize)))
    if st.button(text.DECISION_SAVE, type="primary", key=f"{prefix}_save"):
        widgets.act(lambda: decisions.record_proposal(db, actor, year, code, motivation, choices.get("winner", []),
                                                      choices.get("honourable", [])),
                    text.DECISION_SAVED.format(klass=widgets.escape_md(class_names[code])))

st.header(text.SIGN_HEADER)
if actor.role != "chair":
    st.caption(text.SIGN_ONLY_CHAIR)
elif state.locked and in_phase:
    with st.form("reopen_decisions"):
        reason = st.text_input(text.REOPEN_DECISIONS_REASON)
        if st.form_submit_button(text.REOPEN_DECISIONS, icon=":material/lock_open:"):
            widgets.act(lambda: decisions.reopen(db, actor, year, reason), text.REOPENED_DECISIONS, "warning")
elif not state.locked and in_phase:
    missing = state.missing_classes()
    if missing:
        st.warning(text.SIGN_MISSING.format(names=widgets.escape_md(", ".join(missing))))
    confirmed = st.checkbox(text.SIGN_CONFIRM, key=f"sign_confirm_{year}", disabled=bool(missing))
    if st.button(text.SIGN_BUTTON, type="primary", disabled=bool(missing) or not confirmed, icon=":material/draw:"):
        widgets.act(lambda: decisions.sign(db, actor, year), text.SIGNED_DONE)

winner_list = decisions.draft_winner_list(db, actor, year)
st.header(text.WINNER_LIST_SIGNED if winner_list.signed else text.WINNER_LIST_DRAFT)
decision_blocks.winner_list(winner_list)
if not state.reopenings.is_empty():
    st.subheader(text.REOPENINGS_HEADER)
    widgets.table({"När": state.reopenings["reopened_at"], "Vem": state.reopenings["reopened_by_name"],
                  "Skäl": state.reopenings["reason"]}, hide_index=True, key="reopenings")
