"""Konsensus: the team's scores side by side; the lead records and locks the consensus."""
import streamlit as st

from scoring.assessment import consensus
from scoring.ceremony import feedback
from scoring.platform.access import AccessDenied
from scoring.ui import consensus_form, cycle_picker, shell, text, widgets

db, actor, year = shell.store(), shell.user(), shell.cycle_year()
st.title(text.CONSENSUS_TITLE)
cycle_picker.show_cycle(db, year)
if year is None:
    st.info(text.NO_CYCLE)
    st.stop()
# Read again only after a write (any save moves the data version): a rerun that changes nothing reads nothing.
teams = shell.unchanged_or_compute(f"consensus-teams-{year}", lambda: consensus.my_teams(db, actor, year))
if teams.is_empty():
    st.info(text.CONSENSUS_EMPTY.format(year=year))
    st.stop()

ids = teams["submission_id"].to_list()
labels = {r["submission_id"]: f"{r['unit_name']} · {text.ROLE_LEAD if r['is_lead'] else text.ROLE_MEMBER} · "
                              f"{r['submitted']}/{r['members']} inskickade · "
                              f"konsensus: {text.CONSENSUS_STATUS[r['consensus_status']].lower()}"
          for r in teams.iter_rows(named=True)}
wanted = shell.query_choice("bidrag", ids, text.QUERY_NO_SUBMISSION)
to_do = teams.filter(teams["may_view"] & (teams["consensus_status"] != "done") & teams["is_lead"])
openable = to_do["submission_id"].to_list() + teams.filter(teams["may_view"])["submission_id"].to_list()
current = wanted if wanted is not None else (openable or ids)[0]
chosen = st.selectbox(text.CONSENSUS_PICK, ids, index=ids.index(current), format_func=labels.__getitem__)
st.query_params["bidrag"] = str(chosen)
row = teams.row(ids.index(chosen), named=True)
widgets.show_flash()

if not row["may_view"]:
    st.subheader(widgets.escape_md(row["unit_name"]))
    st.info(widgets.escape_md(row["why_not"]), icon=":material/visibility_off:")
    st.page_link(shell.page("bedom"), label=text.MY_OPEN, query_params={"bidrag": str(chosen)},
                 icon=":material/edit_note:")
    st.stop()

try:
    view = shell.unchanged_or_compute(f"consensus-view-{chosen}", lambda: consensus.team_view(db, actor, chosen),
                                      slot="consensus-view")
except (AccessDenied, LookupError) as exc:
    widgets.errors(exc)
    st.stop()

sid = view.submission["id"]
st.subheader(widgets.escape_md(view.submission["unit_name"]))
st.caption(f"{widgets.escape_md(view.submission['class_name'])} · "
           f"{widgets.escape_md(view.submission['organisation'])} · "
           f"Konsensus: {text.CONSENSUS_STATUS[view.status]}")
# The team as a short list, not a table: three rows do not need a grid (and the grid's canvas was a third of
# the time the lead's browser took to draw the page).
st.markdown("\n".join(f"- **{widgets.escape_md(m['display_name'])}** · "
                      f"{(text.ROLE_LEAD if m['is_lead'] else text.ROLE_MEMBER).lower()} · {text.STATUS[m['status']].lower()}"
                      for m in view.team))
if view.missing_members:
    st.warning(text.CONSENSUS_MISSING.format(names=widgets.escape_md(", ".join(view.missing_members))))
flagged = sum(r.spread.flagged for r in view.rows)
st.caption((text.CONSENSUS_FLAGGED.format(n=flagged, total=len(view.rows), threshold=view.threshold) if flagged
            else text.CONSENSUS_NONE_FLAGGED.format(threshold=view.threshold)))

if feedback.may_download(db, actor, sid).allowed:
    st.download_button(text.DOWNLOAD_REPORT, data=lambda: feedback.feedback_pdf(db, actor, sid)[1],
                       file_name=feedback.file_name(view.submission["cycle"], view.submission["unit_id"],
                                                    view.submission["unit_name"]),
                       mime="application/pdf", icon=":material/download:", on_click="ignore")

version_key = consensus_form.version_key(sid)
st.session_state.setdefault(version_key, view.version)
if not view.edit.allowed:
    if view.locked:
        st.success(text.CONSENSUS_LOCKED, icon=":material/lock:")
    else:
        st.info(text.CONSENSUS_MEMBER_INFO if not row["is_lead"] else view.edit.reason)
    consensus_form.read_only(view)
    st.stop()

raw, action = consensus_form.editable(view)
if action:
    save = consensus.mark_done if action == "done" else consensus.save_draft

    def save_all(version: int) -> int:
        """All five criteria as the lead has them; once stored, the form starts again from what is stored."""
        new_version = save(db, actor, sid, raw, version)
        consensus_form.forget_working_copy(sid)
        return new_version

    widgets.versioned_save(
        save_all, version_key, consensus.StaleConsensus,
        consensus_form.read_only,
        lambda version: text.CONSENSUS_MARKED_DONE if action == "done" else text.CONSENSUS_SAVED.format(version=version))
