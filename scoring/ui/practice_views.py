"""The practice case's pieces shared by its pages: the case beside the form, the examiner's feedback with the
group's distribution (chart and table), and the calibration table."""
from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from criteria import Rulebook
from scoring.assessment import practice
from scoring import rulebook as rulebooks
from scoring import swedish
from scoring.platform.access import AccessDenied, User
from scoring.store import Store
from scoring.ui import chart_text, shell, text, widgets


def case_document(db: Store, actor: User, year: int, body: str, has_document: bool) -> None:
    """The PDF as a download, and the case's text (user text, shown as text)."""
    if has_document:
        doc = practice.document(db, actor, year)
        if doc is not None:
            st.download_button(text.PRACTICE_DOWNLOAD, doc[1], doc[0], "application/pdf",
                               icon=":material/download:", key=f"practice-pdf-{year}")
    st.markdown(f"**{text.PRACTICE_CASE_TEXT}**")
    with st.container(border=True):      # no fixed height: a scrolling box would need its own keyboard focus
        widgets.plain(body)


def _signed(value: float, digits: int = 0) -> str:
    return swedish.signed(value, digits, zero="±")


def feedback(fb: practice.Feedback, book: Rulebook) -> None:
    st.subheader(text.PRACTICE_DEVIATIONS)
    st.caption(text.PRACTICE_DEVIATIONS_NOTE)
    titles = {c.number: c.title for c in book.criteria}
    for d in fb.deviations:
        with st.container(border=True):
            st.markdown(f"**{d.criterion}. {widgets.escape_md(titles[d.criterion])}** · "
                        f"{text.PRACTICE_YOU_REF.format(own=d.score, reference=d.reference)}  \n{d.text}")
            st.caption(text.PRACTICE_RATIONALE)
            widgets.plain(fb.rationale.get(d.criterion, ""))
    if fb.total is not None:
        st.markdown(text.PRACTICE_TOTAL.format(total=_signed(fb.total, 1)))
    if fb.flagged:
        st.warning(text.PRACTICE_FLAGGED.format(threshold=fb.threshold), icon=":material/flag:")
    else:
        st.success(text.PRACTICE_CLOSE, icon=":material/check_circle:")
    group(fb)


def group(fb: practice.Feedback) -> None:
    st.subheader(text.PRACTICE_GROUP)
    if fb.distribution.is_empty():
        st.info(text.PRACTICE_GROUP_TOO_FEW.format(n=practice.MIN_GROUP))
        return
    st.caption(text.PRACTICE_GROUP_NOTE.format(n=fb.submitted))
    dist = fb.distribution
    top = dist.sort(["examiners", "score"], descending=[True, False]).row(0, named=True)
    chart_text.show(distribution_chart(dist), "practice-distribution", text.PRACTICE_GROUP_FINDING.format(**top))
    wide = dist.with_columns(pl.col("score").cast(pl.String)).pivot(
        "score", index="criterion", values="examiners", sort_columns=True).fill_null(0)
    widgets.table(wide.rename({"criterion": text.PRACTICE_CRITERION}), hide_index=True, key="practice-dist-table")


BLUES = ("#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b")


def distribution_chart(dist: pl.DataFrame) -> go.Figure:
    """One bar group per criterion: how many examiners gave each score."""
    fig = go.Figure()
    scores = sorted(dist["score"].unique().to_list())
    criteria = [f"{text.PRACTICE_CRITERION} {c}" for c in sorted(dist["criterion"].unique().to_list())]
    for i, score in enumerate(scores):       # light (low scores) to dark (high): the scale is ordered
        part = dist.filter(pl.col("score") == score)
        shade = BLUES[round(i * (len(BLUES) - 1) / max(1, len(scores) - 1))]
        fig.add_bar(x=[f"{text.PRACTICE_CRITERION} {c}" for c in part["criterion"]], y=part["examiners"].to_list(),
                    name=f"{score} {text.PRACTICE_SCORE.lower()}", marker={"color": shade,
                                                                          "line": {"color": "#1a1a1a", "width": 0.5}})
    fig.update_layout(barmode="group", height=320, separators=", ", margin={"l": 10, "r": 10, "t": 30, "b": 10},
                      xaxis={"categoryorder": "array", "categoryarray": criteria},
                      yaxis={"title": {"text": text.PRACTICE_EXAMINERS}, "dtick": 1},
                      legend={"orientation": "h", "y": 1.1, "x": 0})
    return fig


def calibration(table: pl.DataFrame, criteria: list[int]) -> None:
    """The calibration table: one row per examiner and attempt, figures with a decimal comma."""
    shown = table.select(
        pl.col("display_name").alias(text.PRACTICE_COL_EXAMINER),
        pl.col("attempt").cast(pl.String).fill_null("–").alias(text.PRACTICE_COL_ATTEMPT),
        (pl.col("status").replace_strict(text.PRACTICE_STATUS, return_dtype=pl.String)
         + pl.when(pl.col("rescore_requested")).then(pl.lit(f" ({text.PRACTICE_RESCORE_MARK})")).otherwise(pl.lit(""))
         ).alias(text.PRACTICE_COL_STATUS),
        *[_signed_column(f"d{n}", 0).alias(text.PRACTICE_COL_CRITERION.format(number=n)) for n in criteria],
        _signed_column("mean_abs", 1, sign=False).alias(text.PRACTICE_COL_MEAN),
        _signed_column("total", 1).alias(text.PRACTICE_COL_TOTAL),
        pl.when(pl.col("flagged")).then(pl.lit(text.PRACTICE_FLAG_MARK)).otherwise(pl.lit("")).alias(
            text.PRACTICE_COL_FLAG))
    right = st.column_config.TextColumn(alignment="right")
    widgets.table(shown, hide_index=True, key="practice-calibration-table",
                  column_config={c: right for c in shown.columns[3:-1]})


def _signed_column(name: str, digits: int, sign: bool = True) -> pl.Expr:
    """Figures as Swedes write them (+10, −2,0, ±0), a dash where there is none."""
    return pl.col(name).map_elements(lambda v: (_signed(v, digits) if sign else widgets.decimal(v, digits)),
                                     return_dtype=pl.String).fill_null("–")


def _status(db: Store, actor: User, year: int | None) -> str:
    if year is None:
        return "none"
    return shell.unchanged_or_compute(f"practice_status:{actor.username}:{year}",
                                      lambda: practice.real_work_status(db, actor, year), drafts=False)


def suggestion(db: Store, actor: User, year: int | None) -> None:
    """Mina bedömningar: the practice case first — a strong suggestion, or the lock — or, once done, where the
    examiner stands."""
    status = _status(db, actor, year)
    if status == "none":
        return
    link = shell.page("ovningsfall")
    if status == "done":
        st.page_link(link, label=text.PRACTICE_DONE_ROW, icon=":material/school:", width="stretch")
        return
    with st.container(border=True):
        if status == "block":
            st.warning(text.PRACTICE_BLOCK, icon=":material/lock:")
        else:
            st.info(text.PRACTICE_SUGGEST, icon=":material/school:")
        st.page_link(link, label=f"**{text.PRACTICE_GO}**", icon=":material/arrow_forward:")


def gate(db: Store, actor: User, year: int | None) -> None:
    """Bedöm bidrag: stop the page when the cycle keeps real assignments locked until the practice case is in
    (the core's rule, practice.require_real_work_open)."""
    if _status(db, actor, year) != "block":
        return
    try:
        practice.require_real_work_open(db, actor, year)
    except AccessDenied as exc:
        widgets.errors(exc)
        st.page_link(shell.page("ovningsfall"), label=text.PRACTICE_GO, icon=":material/arrow_forward:")
        st.stop()


def reference_form(db: Store, actor: User, year: int, ref: dict, locked: bool) -> None:
    """Reference score and rationale per criterion (the kansli, or a named senior examiner before the lock)."""
    book = rulebooks.load(db, year)
    with st.form("practice-reference"):
        raw = {}
        for c in book.criteria:
            st.markdown(f"**{c.number}. {widgets.escape_md(c.title)}**")
            raw[c.number] = {
                "score": st.number_input(text.PRACTICE_REF_SCORE.format(number=c.number), book.scale.min,
                                         book.scale.max, ref.get(c.number, {}).get("score"), book.scale.step,
                                         disabled=locked, placeholder=text.SCORE_PLACEHOLDER),
                "rationale": st.text_area(text.PRACTICE_REF_RATIONALE.format(number=c.number),
                                          ref.get(c.number, {}).get("rationale", ""), height=90, disabled=locked)}
        saved = st.form_submit_button(text.PRACTICE_SAVE_REF, type="primary", disabled=locked)
    if saved:
        widgets.act(lambda: practice.set_reference(db, actor, year, raw), text.PRACTICE_REF_SAVED)


def examiner_names(db: Store, actor: User, year: int) -> dict[str, str]:
    """username → display name of the examiners, for the kansli's choice of senior examiners."""
    table = practice.calibration_table(db, actor, year)
    return dict(zip(table["examiner"], table["display_name"]))


def referee_view(db: Store, actor: User, year: int) -> None:
    """Övningsfall for a named senior examiner before the lock: the case and the reference form."""
    case = practice.reference_for_referee(db, actor, year)
    st.info(text.PRACTICE_REFEREE_INFO, icon=":material/edit_note:")
    widgets.show_flash()
    left, right = st.columns([1, 1.1], gap="large")
    with left:
        st.subheader(widgets.escape_md(case["title"]))
        case_document(db, actor, year, case["text"], case["has_document"])
    with right:
        reference_form(db, actor, year, case["reference"], case["locked_at"] is not None)
