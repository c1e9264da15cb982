"""Statistik över åren: participation per förvaltning and class against targets, score
distributions per cycle and class, and examiner severity over the years. One section at a time
(scoring.ui.sections): all four at once drew four charts and four tables on every visit."""
import polars as pl
import streamlit as st

from scoring.committee import charts
from scoring.ui import chart_text, committee_data, sections, shell, text, widgets

actor = shell.user()
st.title(text.STATISTICS_TITLE)
view = committee_data.statistics_view(actor)
if not view.years:
    st.info(text.NO_CYCLE)
    st.stop()
for hidden_year, reason in sorted(view.hidden.items()):
    committee_data.results_notice(reason, hidden_year)
orgs = view.organisations


@st.fragment
def _participation_chart() -> None:
    """Picking a förvaltning reruns this chart alone (st.fragment)."""
    names = sorted(orgs["organisation"].unique().to_list())
    picked = st.selectbox(text.STATS_PICK_ORG, [text.STATS_ALL_ORGS, *names], key="stats_org")
    years = pl.DataFrame({"cycle": view.years}, schema={"cycle": orgs.schema["cycle"]})
    if picked == text.STATS_ALL_ORGS:
        rows = orgs.group_by("cycle").agg(participants=pl.col("participants").sum(),
                                          target=pl.col("target").sum().cast(pl.Int64))
        rows = rows.with_columns(target=pl.when(pl.col("target") > 0).then(pl.col("target")))
    else:
        rows = orgs.filter(pl.col("organisation") == picked).select("cycle", "participants", "target")
    rows = years.join(rows, on="cycle", how="left").with_columns(pl.col("participants").fill_null(0)).sort("cycle")
    last, first = rows.row(-1, named=True), rows.row(0, named=True)
    chart_text.show(charts.participation(rows, picked), "participation_chart", text.A11Y_FIND_PARTICIPATION.format(
        year=last["cycle"], n=last["participants"], first=first["cycle"], first_n=first["participants"],
        target=text.A11Y_FIND_TARGET.format(target=last["target"]) if last["target"] is not None else ""))


def _cell(participants: int, target: int | None) -> str:
    if target is None:
        return str(participants)
    return f"{participants} av {target} {'✓' if participants >= target else '✗'}"


def _participation() -> None:
    st.header(text.STATS_PARTICIPATION)
    _participation_chart()
    table = (orgs.with_columns(cell=pl.struct("participants", "target").map_elements(
                lambda r: _cell(r["participants"], r["target"]), return_dtype=pl.String))
             .pivot(on="cycle", index="organisation", values="cell", sort_columns=True)
             .sort("organisation").fill_null("0").rename({"organisation": "Förvaltning/bolag"}))
    widgets.table(table, hide_index=True, key="participation_table")
    st.caption("Cellerna visar deltagande enheter; där nämnden satt ett mål: deltagande av mål, ✓ nått och ✗ inte nått.")


def _classes() -> None:
    st.header(text.STATS_CLASSES)
    latest = view.classes.filter(pl.col("cycle") == pl.col("cycle").max()).sort("participants", descending=True)
    chart_text.show(charts.participation_by_class(view.classes), "class_chart", text.A11Y_FIND_CLASSES.format(
        year=latest["cycle"][0], klass=widgets.escape_md(latest["class_name"][0]), n=latest["participants"][0])
        if latest.height else text.NO_CYCLE)


@st.fragment
def _distributions() -> None:
    """Box or violin: the switch reruns this chart and its table alone (st.fragment)."""
    st.header(text.STATS_DISTRIBUTIONS)
    kind = st.radio(text.STATS_KIND, ["box", "violin"], horizontal=True, key="stats_kind",
                    format_func={"box": "Lådagram", "violin": "Fioldiagram"}.__getitem__)
    summary = (view.totals.group_by("cycle", "class_name", "class_position")
               .agg(n=pl.len(), median=pl.col("total").median(), low=pl.col("total").min(), high=pl.col("total").max())
               .sort("cycle", "class_position"))
    medians = summary.filter(pl.col("cycle") == pl.col("cycle").max()).drop_nulls("median").sort("median", descending=True)
    chart_text.show(charts.score_distributions(view.totals, kind), "distribution_chart", text.A11Y_FIND_DISTRIBUTION.format(
        year=medians["cycle"][0], klass=widgets.escape_md(medians["class_name"][0]),
        median=widgets.decimal(medians["median"][0]), low_klass=widgets.escape_md(medians["class_name"][-1]),
        low=widgets.decimal(medians["median"][-1])) if medians.height else text.NO_CYCLE)
    widgets.table({"Omgång": summary["cycle"], "Klass": summary["class_name"], "Enheter med totalpoäng": summary["n"],
                  "Median": summary["median"], "Lägst": summary["low"],
                  "Högst": summary["high"]}, hide_index=True, key="distribution_table")


@st.fragment
def _severity_chart(severity: pl.DataFrame) -> None:
    """Choosing examiners reruns this chart alone (st.fragment)."""
    people = severity.group_by("display_name").agg(extreme=pl.col("severity").abs().max()).sort(
        "extreme", "display_name", descending=[True, False])["display_name"].to_list()
    chosen = st.multiselect(text.STATS_PICK_EXAMINERS, sorted(people), placeholder=text.CHOOSE, default=people[:5],
                            key="stats_examiners")
    if chosen:
        picked_rows = severity.filter(pl.col("display_name").is_in(chosen))
        most = picked_rows.sort(pl.col("severity").abs(), descending=True).row(0, named=True)
        chart_text.show(charts.severity_over_years(picked_rows), "severity_years_chart",
                        text.A11Y_FIND_SEVERITY_YEARS.format(name=widgets.escape_md(most["display_name"]), year=most["cycle"],
                                                             value=("+" if most["severity"] > 0 else "")
                                                             + widgets.decimal(most["severity"])))


def _severity() -> None:
    st.header(text.STATS_SEVERITY)
    st.caption(text.STATS_SEVERITY_NOTE)
    severity = view.severity
    if severity.is_empty():
        st.caption("Det finns inga skattningar av examinatorernas stränghet att visa ännu.")
        return
    _severity_chart(severity)
    wide = (severity
            .pivot(on="cycle", index="display_name", values="severity", sort_columns=True)
            .sort("display_name").rename({"display_name": "Examinator"}))
    wide = wide.rename({c: str(c) for c in wide.columns})
    widgets.table(wide, hide_index=True, key="severity_years_table")


section = sections.pick(text.PERF_SECTIONS, text.STATS_SECTIONS, key="stats-section")
dict(zip(text.STATS_SECTIONS, (_participation, _classes, _distributions, _severity), strict=True))[section]()
