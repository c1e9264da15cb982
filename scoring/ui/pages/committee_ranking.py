"""Rangordning: the units of one class ranked by final total, with rank confidence, tie-break,
criterion profile, the examiners' spread and earlier cycles."""
import polars as pl
import streamlit as st

from scoring import swedish
from scoring.committee import charts
from scoring.committee import views as committee
from scoring.committee import ranking
from scoring.ui import chart_text, committee_data, sections, shell, text, widgets

actor = shell.user()
st.title(text.RANKING_TITLE)
if actor.role == "admin":
    st.caption(text.READ_ONLY_ADMIN)
year = committee_data.pick_year(actor)
view = committee_data.gated(lambda: committee_data.ranking(actor, year))
if view.classes.is_empty():
    st.info(text.NO_CYCLE)
    st.stop()
code = committee_data.pick_class(view.classes, "ranking_class")
table = view.table.filter(pl.col("class_code") == code)
if table.is_empty():
    st.info(text.CLASS_NO_SUBMISSIONS)
    st.stop()
names = dict(zip(table["submission_id"].to_list(), table["unit_name"].to_list(), strict=True))
for differ in committee.first_places_differ(table).iter_rows(named=True):   # the best estimate disagrees
    st.info(committee.MESSAGE_FIRST_DIFFERS.format(**{k: widgets.escape_md(differ[v]) for k, v in (
        ("klass", "class_name"), ("official", "official"), ("best", "best"))}), icon=":material/compare_arrows:")


confidence = view.confidence.filter(pl.col("class_code") == code)
if confidence.is_empty():
    st.info(text.NO_CONFIDENCE.format(reason=widgets.escape_md(" ".join(view.notes)) or "för få bedömningar i klassen."))
else:
    lead = confidence.row(0, named=True)
    message = text.CLOSE_CALL if lead["close_call"] else text.CLEAR_LEADER
    (st.warning if lead["close_call"] else st.success)(
        message.format(unit=widgets.escape_md(names.get(lead["leader"], "–")),
                       p=swedish.share(lead["leader_p_first"])),
        icon=":material/balance:" if lead["close_call"] else ":material/emoji_events:")

def _class_ranking() -> None:
    """The class's ranking table and its P(bäst) chart."""
    preliminary = table.filter(pl.col("source") == "individuellt medel").height
    if preliminary:
        st.caption(text.PRELIMINARY.format(n=preliminary, total=table.height))
    incomplete = table.filter(pl.col("total").is_null()).height
    if incomplete:
        st.caption(text.INCOMPLETE.format(n=incomplete))

    widgets.table(
        {text.COL_PLACE: table["place"], text.COL_UNIT: table["unit_name"], text.COL_ORG: table["organisation"],
         text.COL_TOTAL: table["total"],
         committee.COL_CALIBRATED_TOTAL: [widgets.decimal(t) if sd is None else f"{widgets.decimal(t)} ± {widgets.decimal(sd)}"
                                          for t, sd in zip(table["calibrated_total"], table["calibrated_total_sd"], strict=True)],
         text.COL_SOURCE: [ranking.source_label(s, v) for s, v in zip(table["source"], table["site_visit"], strict=True)],
         text.COL_MIN: table["min_criterion"], text.COL_CALIBRATED: table["calibrated_mean"],
         text.COL_P_FIRST: [swedish.share(p) for p in table["p_first"].to_list()],
         text.COL_INTERVAL: ["–" if lo is None else (f"{lo}" if lo == hi else f"{lo}–{hi}")
                             for lo, hi in zip(table["rank_low"], table["rank_high"], strict=True)],
         text.COL_DECIDED: table["decided_by"].fill_null(""), text.COL_HISTORY: table["history"]},
        hide_index=True, key="ranking_table")
    st.caption(text.SOURCES_NOTE)
    with st.expander(text.TIE_BREAK_HEADER):
        st.markdown("\n".join(f"{i}. {rule}" for i, rule in enumerate(ranking.TIE_BREAK_RULES, start=1)))
    with st.expander("Om sannolikheten att vara bäst"):
        from scoring.committee.rank_confidence import EXPLANATION
        st.markdown(f"{EXPLANATION}\n\n{text.CONFIDENCE_NOTE}\n\n{text.PRACTICE_RANKING_NOTE}\n\nMetoden och hur den har prövats: `docs/method.md`.")
    chances = table["p_first"].drop_nulls().len()
    if chances:
        best = table.drop_nulls("p_first").sort("p_first", descending=True).row(0, named=True)
        chart_text.show(charts.rank_intervals(table), "rank_chart", text.A11Y_FIND_RANK.format(
            unit=widgets.escape_md(best["unit_name"]), p=swedish.share(best["p_first"])))
        if chances > charts.RANK_CHART_TOP:
            st.caption(text.PERF_RANK_CHART_TOP.format(shown=charts.RANK_CHART_TOP, total=chances))


@st.fragment
def _unit_detail() -> None:
    """One unit of the class: picking another reruns only this part of the page (st.fragment), not the
    class's table and chart above it."""
    st.header(text.UNIT_DETAIL)
    ids = table["submission_id"].to_list()
    chosen = st.selectbox(text.PICK_UNIT, ids, format_func=lambda s: f"{table['place'][ids.index(s)]}. {names[s]}",
                          key=f"ranking_unit_{code}")
    row = table.row(ids.index(chosen), named=True)
    st.subheader(widgets.escape_md(row["unit_name"]))
    st.caption(f"{widgets.escape_md(row['organisation'])} · {widgets.escape_md(row['class_name'])} · plats {row['place']} · "
               f"källa: {ranking.source_label(row['source'], row['site_visit'])}")
    left, right = st.columns(2)
    with left:
        profile = ranking.radar_data(view.finals, chosen, view.criteria)
        scored = profile.drop_nulls("score").sort("score", descending=True)
        chart_text.show(charts.radar(profile, row["unit_name"]), "radar", text.A11Y_FIND_RADAR.format(
            best=widgets.escape_md(scored["title"][0]), best_score=widgets.decimal(scored["score"][0]),
            worst=widgets.escape_md(scored["title"][-1]), worst_score=widgets.decimal(scored["score"][-1]))
            if scored.height else text.NO_UNIT_SCORES)
    with right:
        scores = view.criterion_scores.filter(pl.col("submission_id") == chosen)
        if scores.is_empty():
            st.info(text.NO_UNIT_SCORES)
        else:
            wide = ranking.examiner_spread(view.criterion_scores, chosen).sort("range", descending=True, nulls_last=True)
            top = wide.join(view.criteria.select(pl.col("criterion").cast(pl.Int64), "title"), on="criterion").row(0, named=True)
            chart_text.show(charts.score_spread(scores, view.criteria), "spread_chart", text.A11Y_FIND_SPREAD.format(
                criterion=widgets.escape_md(top["title"]), low=widgets.decimal(top["lowest"], 0),
                high=widgets.decimal(top["highest"], 0)))

    _spread(profile, chosen)
    _history(chosen)


def _spread(profile: pl.DataFrame, chosen: int) -> None:
    st.markdown(f"**{text.SPREAD_HEADER}**")
    spread = profile.join(ranking.examiner_spread(view.criterion_scores, chosen), on="criterion", how="left")
    widgets.table({"Kriterium": spread["title"], "Slutpoäng": spread["score"],
                  "Klassens median": spread["median"], "Examinatorer": spread["n"].fill_null(0),
                  "Medel": spread["mean"], "Lägst": spread["lowest"], "Högst": spread["highest"],
                  "Spridning": spread["range"], "Standardavvikelse": spread["sd"]},
                 digits={"Lägst": 0, "Högst": 0, "Spridning": 0}, hide_index=True, key="spread_table")


def _history(chosen: int) -> None:
    st.markdown(f"**{text.HISTORY_HEADER}**")
    history = committee_data.unit_history(actor, view, chosen)
    if history.is_empty():
        st.caption(text.NO_HISTORY)
    else:
        widgets.table({"Omgång": history["earlier_cycle"], "Deltog": ["Ja" if t else "Nej" for t in history["took_part"]],
                      "Klass": history["earlier_class_name"].fill_null("–"),
                      text.COL_TOTAL: [widgets.decimal(t) for t in history["total"].to_list()],
                      text.COL_PLACE: [f"{p} av {n}" if p is not None else "–"
                                       for p, n in zip(history["place"], history["of"], strict=True)],
                      "Utmärkelse": [ranking.AWARD_NAMES.get(a, "–") if a else "–" for a in history["award"]]},
                     hide_index=True, key="history_table")


# One section at a time (scoring.ui.sections): the class's table and chart, or one unit's profile, spread
# and history. Both at once drew three charts and four tables on every visit and every class switch.
if sections.pick(text.PERF_SECTIONS, [text.RANKING_SECTION_CLASS, text.UNIT_DETAIL],
                 key="ranking-section") == text.UNIT_DETAIL:
    _unit_detail()
else:
    _class_ranking()
