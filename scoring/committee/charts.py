"""Plotly figures for the committee's pages (no streamlit here). Inputs are the frames of
scoring.committee.views, scoring.committee.ranking and scoring.committee.statistics; every figure uses Swedish labels. Every
text given to Plotly (labels, ticks, legend names, hover texts, titles) goes through
scoring.cycle.charts.plot_text, so a name with markup is shown as typed."""
from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from scoring import swedish
from scoring.cycle.charts import plot_text, plot_texts
from scoring.committee.statistics import short_class_name

UNIT_COLOUR = "#1f5fa8"        # Stockholm blue
MEDIAN_COLOUR = "#9e9e9e"
MOVED_COLOUR = "#e65100"
TARGET_COLOUR = "#c62828"
_MARGIN = {"l": 10, "r": 10, "t": 60, "b": 10}


def _layout(fig: go.Figure, title: str, height: int = 420) -> go.Figure:
    fig.update_layout(title=plot_text(title), height=height, margin=_MARGIN, separators=", ")
    return fig


def radar(profile: pl.DataFrame, unit_name: str, scale_max: int = 100) -> go.Figure:
    """profile: title, score, median (scoring.committee.ranking.radar_data). Fixed radial axis 0–scale_max."""
    labels = [_wrap(f"{n}. {t}", 16) for n, t in zip(profile["criterion"].to_list(), profile["title"].to_list(),
                                                     strict=True)]
    closed = labels + labels[:1]
    fig = go.Figure()
    for column, name, colour, fill in (("median", "Klassens median", MEDIAN_COLOUR, "none"),
                                       ("score", plot_text(unit_name), UNIT_COLOUR, "toself")):
        values = profile[column].to_list()
        fig.add_trace(go.Scatterpolar(r=values + values[:1], theta=closed, name=name, fill=fill,
                                      line={"color": colour, "dash": "dash" if column == "median" else "solid"},
                                      hovertemplate="%{theta}: %{r:.0f}<extra>%{fullData.name}</extra>"))
    fig.update_layout(polar={"radialaxis": {"range": [0, scale_max], "tickvals": [0, 20, 40, 60, 80, 100],
                                            "angle": 90, "tickangle": 90, "tickfont": {"size": 9}},
                             "angularaxis": {"direction": "clockwise", "rotation": 90}},
                      legend={"orientation": "h", "y": -0.12})
    _layout(fig, "Kriterieprofil mot klassens median", 480)
    fig.update_layout(margin={"l": 110, "r": 110, "t": 70, "b": 30})
    return fig


def _wrap(text: str, width: int = 22) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join(plot_text(part) for part in [*lines, line])


def score_spread(scores: pl.DataFrame, criteria: pl.DataFrame) -> go.Figure:
    """The spread of the examiners' scores per criterion for one unit, anonymously: every score as
    an unlabelled dot, with the lowest to highest as a bar and the mean ± one standard deviation.
    scores: criterion, score (no examiner: the committee never sees who gave which score);
    criteria: criterion, title. The x axis is the criterion's number; the hover names it."""
    titles = dict(zip(criteria["criterion"].to_list(), criteria["title"].to_list(), strict=True))
    order = [f"K{c}" for c in titles]
    numbers = scores["criterion"].to_list()
    summary = (scores.group_by("criterion").agg(low=pl.col("score").min(), high=pl.col("score").max(),
                                                mean=pl.col("score").mean(), sd=pl.col("score").std().fill_null(0.0))
               .sort("criterion"))
    kept = summary["criterion"].to_list()
    fig = go.Figure()
    fig.add_trace(go.Bar(x=[f"K{c}" for c in kept], base=summary["low"].to_list(),
                         y=(summary["high"] - summary["low"]).to_list(), name="Lägst–högst",
                         marker={"color": MEDIAN_COLOUR, "opacity": 0.35}, width=0.5,
                         customdata=list(zip(summary["low"].to_list(), summary["high"].to_list(), strict=True)),
                         hovertemplate="lägst %{customdata[0]:.0f}, högst %{customdata[1]:.0f}<extra></extra>"))
    fig.add_trace(go.Scatter(x=[f"K{c}" for c in numbers], y=scores["score"].to_list(), mode="markers",
                             name="En examinators poäng", marker={"size": 10, "opacity": 0.7, "color": UNIT_COLOUR},
                             customdata=plot_texts(titles.get(c, "") for c in numbers),
                             hovertemplate="%{customdata}: %{y:.0f}<extra></extra>"))
    fig.add_trace(go.Scatter(x=[f"K{c}" for c in kept], y=summary["mean"].to_list(), mode="markers",
                             name="Medel ± standardavvikelse", marker={"symbol": "line-ew", "size": 22,
                                                                        "line": {"width": 3, "color": MOVED_COLOUR}},
                             error_y={"type": "data", "array": summary["sd"].to_list(), "color": MOVED_COLOUR},
                             hovertemplate="medel %{y:.1f}<extra></extra>"))
    fig.update_yaxes(range=[-5, 105], title="Poäng")
    fig.update_xaxes(categoryorder="array", categoryarray=order, title="Kriterium")
    fig.update_layout(legend={"orientation": "h", "y": -0.2}, barmode="overlay")
    return _layout(fig, "Examinatorernas spridning per kriterium (anonymt)", 420)


RANK_CHART_TOP = 25          # bars in the P(bäst) chart; the class's table lists every unit
SEVERITY_EXTREMES = 15       # the mildest and the strictest drawn; the page's table lists every examiner
ALL_POINTS = 2000            # score distributions draw every unit as a dot up to this many
LABELLED_POINTS = 15         # up to this many units, the comparison names each point and ticks every place


def rank_intervals(table: pl.DataFrame, top: int = RANK_CHART_TOP) -> go.Figure:
    """P(bäst) per unit as bars, with the 90 % rank interval in the hover. table: unit_name, p_first,
    rank_low, rank_high (one class, in ranking order). Only the first `top` units are drawn: the chance
    to be best is ~0 further down, and a bar per unit of a 500-unit class made a figure 17,000 px tall."""
    shown = table.drop_nulls("p_first").head(top)
    fig = go.Figure(go.Bar(
        x=shown["p_first"].to_list(), y=plot_texts(shown["unit_name"].to_list()), orientation="h",
        marker_color=UNIT_COLOUR, textposition="outside",
        text=[swedish.share(p) for p in shown["p_first"].to_list()],
        customdata=list(zip(shown["rank_low"].to_list(), shown["rank_high"].to_list(), strict=True)),
        hovertemplate="%{y}: %{text} · plats %{customdata[0]}–%{customdata[1]}<extra></extra>"))
    fig.add_vline(x=0.6, line_dash="dot", line_color=TARGET_COLOUR,
                  annotation_text=swedish.share(0.6), annotation_position="top")
    ticks = [i / 5 for i in range(6)]
    fig.update_xaxes(range=[0, 1.1], tickvals=ticks, ticktext=[swedish.share(t) for t in ticks],
                     title="Sannolikhet att vara bäst i klassen")
    fig.update_yaxes(autorange="reversed", title=None)
    return _layout(fig, "Sannolikhet att vara bäst", max(260, 34 * shown.height + 120))


def severity(examiners: pl.DataFrame, extremes: int = SEVERITY_EXTREMES) -> go.Figure:
    """Severity per examiner with ±1.96 standard errors. examiners: display_name, severity, severity_se.
    With more than 2·extremes examiners only the `extremes` strictest and mildest are drawn (a point per
    examiner of 400 made a figure 10,000 px tall that nobody reads); the page's table lists them all."""
    shown = examiners.sort("severity")
    cut = shown.height > 2 * extremes
    if cut:
        shown = pl.concat([shown.head(extremes), shown.tail(extremes)])
    fig = go.Figure(go.Scatter(
        x=shown["severity"].to_list(), y=plot_texts(shown["display_name"].to_list()), mode="markers",
        marker={"size": 10, "color": UNIT_COLOUR},
        error_x={"type": "data", "array": (1.96 * shown["severity_se"]).to_list(), "color": MEDIAN_COLOUR},
        hovertemplate="%{y}: %{x:+.1f} poäng<extra></extra>"))
    fig.add_vline(x=0, line_color=MEDIAN_COLOUR)
    fig.update_xaxes(title="Mildhet (+) / stränghet (−) i poäng mot en genomsnittlig examinator")
    fig.update_yaxes(title=None, type="category")
    title = (f"De {extremes} strängaste och {extremes} mildaste examinatorerna, 95 % osäkerhetsintervall" if cut
             else "Examinatorernas stränghet med 95 % osäkerhetsintervall")
    return _layout(fig, title, max(320, 24 * shown.height + 140))


def ranking_comparison(comparison: pl.DataFrame) -> go.Figure:
    """Calibrated rank against the rank by final total, one class; moved units highlighted.
    comparison: unit_name, rank_calibrated, rank_other, moved. A small class names every point and
    ticks every place; a large one (hundreds of units) draws plain points with the name in the hover
    and Plotly's own ticks (a tick per place across 500 places took the browser 20 s to draw)."""
    shown = comparison.drop_nulls("rank_other")
    few = shown.height <= LABELLED_POINTS
    colours = [MOVED_COLOUR if m else UNIT_COLOUR for m in shown["moved"].to_list()]
    names = plot_texts(shown["unit_name"].to_list())
    fig = go.Figure(go.Scatter(
        x=shown["rank_other"].to_list(), y=shown["rank_calibrated"].to_list(),
        mode="markers+text" if few else "markers", text=names if few else None, textposition="top center",
        customdata=names, marker={"size": 11 if few else 6, "color": colours,   # moved: colour and shape
                                  "symbol": ["diamond" if m else "circle" for m in shown["moved"].to_list()]},
        hovertemplate="%{customdata}: plats %{x} efter slutpoäng, %{y} kalibrerat<extra></extra>"))
    top = max([1, *shown["rank_other"].to_list(), *shown["rank_calibrated"].to_list()])
    fig.add_trace(go.Scatter(x=[1, top], y=[1, top], mode="lines", line={"dash": "dot", "color": MEDIAN_COLOUR},
                             hoverinfo="skip", showlegend=False))
    ticks = {"dtick": 1} if few else {}
    fig.update_xaxes(title="Plats efter slutlig totalpoäng", autorange="reversed", **ticks)
    fig.update_yaxes(title="Plats efter kalibrerat medel", autorange="reversed", **ticks)
    fig.update_layout(showlegend=False)
    return _layout(fig, "Kalibrerad rangordning mot slutpoängens", 420 if few else 520)


def participation(rows: pl.DataFrame, title: str) -> go.Figure:
    """Participants per cycle as bars, the target as a marker. rows: cycle, participants, target."""
    years = [str(y) for y in rows["cycle"].to_list()]
    fig = go.Figure(go.Bar(x=years, y=rows["participants"].to_list(), name="Deltagande enheter",
                           marker_color=UNIT_COLOUR, text=rows["participants"].to_list(), textposition="outside"))
    fig.add_trace(go.Scatter(x=years, y=rows["target"].to_list(), name="Mål", mode="markers",
                             marker={"symbol": "line-ew-open", "size": 40, "color": TARGET_COLOUR,
                                     "line": {"width": 3}}))
    fig.update_yaxes(title="Antal enheter", rangemode="tozero")
    fig.update_xaxes(type="category", title=None)
    return _layout(fig, title, 380)           # the title may be a förvaltning's name: _layout escapes it


def participation_by_class(rows: pl.DataFrame) -> go.Figure:
    """rows: cycle, class_name, participants. One bar group per cycle, one colour per class."""
    fig = go.Figure()
    for (name,), part in rows.group_by("class_name", maintain_order=True):
        fig.add_trace(go.Bar(x=[str(y) for y in part["cycle"].to_list()], y=part["participants"].to_list(),
                             name=plot_text(short_class_name(name))))
    fig.update_layout(barmode="group")
    fig.update_yaxes(title="Antal enheter", rangemode="tozero")
    fig.update_xaxes(type="category", title=None)
    return _layout(fig, "Deltagande per tävlingsklass", 380)


def score_distributions(totals: pl.DataFrame, kind: str = "box") -> go.Figure:
    """totals: cycle, class_name, total. Box or violin per cycle, one colour per class."""
    if kind != "violin" and totals.height > ALL_POINTS:
        return _box_summaries(totals)
    fig = go.Figure()
    trace = go.Violin if kind == "violin" else go.Box
    # Every unit as a dot while they can be told apart; beyond ALL_POINTS (ten cycles of 2,500 units took
    # the browser 15 s to draw) the box is computed here and the violin shows no dots (see _box_summaries).
    points = "all" if totals.height <= ALL_POINTS else False
    for (name,), part in totals.sort("class_position", "cycle").group_by("class_name", maintain_order=True):
        extra = {"box_visible": True, "meanline_visible": True, "points": points} if kind == "violin" \
            else {"boxpoints": points, "jitter": 0.4}
        fig.add_trace(trace(x=[str(y) for y in part["cycle"].to_list()], y=part["total"].to_list(),
                            name=plot_text(short_class_name(name)), **extra))
    return _distribution_layout(fig)


def _box_summaries(totals: pl.DataFrame) -> go.Figure:
    """Boxes from quartiles computed here (Tukey's whiskers: the furthest unit within 1.5 IQR), one per cycle
    and class: the browser gets a few numbers per box instead of every unit (27,500 totals at scale 10 kept
    the browser busy for seconds even with only the outliers drawn). The page's table has the lowest and highest."""
    q, keys = pl.col("total"), ["class_name", "class_position", "cycle"]
    known = totals.drop_nulls("total")
    stats = known.group_by(keys).agg(q1=q.quantile(0.25, "linear"), median=q.median(),
                                     q3=q.quantile(0.75, "linear"), mean=q.mean())
    reach = 1.5 * (pl.col("q3") - pl.col("q1"))
    whiskers = (known.join(stats, on=keys)
                .filter(q.is_between(pl.col("q1") - reach, pl.col("q3") + reach))
                .group_by(keys).agg(low=q.min(), high=q.max()))
    fenced = stats.join(whiskers, on=keys).sort("class_position", "cycle")
    fig = go.Figure()
    for (name,), part in fenced.group_by("class_name", maintain_order=True):
        fig.add_trace(go.Box(x=[str(y) for y in part["cycle"].to_list()], q1=part["q1"].to_list(),
                             median=part["median"].to_list(), q3=part["q3"].to_list(), mean=part["mean"].to_list(),
                             lowerfence=part["low"].to_list(), upperfence=part["high"].to_list(),
                             name=plot_text(short_class_name(name)), boxpoints=False))
    return _distribution_layout(fig)


def _distribution_layout(fig: go.Figure) -> go.Figure:
    fig.update_layout(boxmode="group", violinmode="group")
    fig.update_yaxes(title="Slutlig viktad totalpoäng", range=[0, 100])
    fig.update_xaxes(type="category", title=None)
    return _layout(fig, "Fördelning av totalpoäng per omgång och klass", 440)


def severity_over_years(rows: pl.DataFrame) -> go.Figure:
    """rows: cycle, display_name, severity, severity_se. One line per examiner with error bars."""
    fig = go.Figure()
    for (name,), part in rows.sort("display_name", "cycle").group_by("display_name", maintain_order=True):
        fig.add_trace(go.Scatter(x=[str(y) for y in part["cycle"].to_list()], y=part["severity"].to_list(),
                                 name=plot_text(name), mode="lines+markers",
                                 error_y={"type": "data", "array": (1.96 * part["severity_se"]).to_list()}))
    fig.add_hline(y=0, line_color=MEDIAN_COLOUR)
    fig.update_yaxes(title="Mildhet (+) / stränghet (−), poäng")
    fig.update_xaxes(type="category", title=None)
    return _layout(fig, "Examinatorernas stränghet över åren (95 % osäkerhetsintervall)", 420)
