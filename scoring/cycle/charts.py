"""Plotly figures for the kansli's dashboards (no streamlit here)."""
from __future__ import annotations

import html
import textwrap
from collections.abc import Iterable

import plotly.graph_objects as go
import polars as pl

# Colours that stay distinct for common colour blindness; red tones only when something is late.
STATUS_COLOURS = {"submitted": "#2e7d32", "draft": "#f9a825", "not_started": "#9e9e9e"}
LATE_COLOURS = {"draft": "#e65100", "not_started": "#c62828"}
STATUS_LABELS = {"submitted": "Inskickade", "draft": "Utkast", "not_started": "Ej påbörjade"}


def progress_bars(counts: pl.DataFrame, label: str, title: str, late: bool, horizontal: bool = False) -> go.Figure:
    """Stacked bars of submitted / draft / not started per row of `counts` (columns from progress.summarise).

    Built from plain dicts without Plotly's per-value validation (a fixed, known-valid figure; the kansli's
    page draws one bar per examiner on every rerun, and st.plotly_chart validates the figure once more)."""
    names = [safe_label(n, 24 if not horizontal else 40) for n in counts[label].to_list()]
    traces = []
    for status in ("submitted", "draft", "not_started"):
        overdue = late and status != "submitted"
        colour = LATE_COLOURS[status] if overdue else STATUS_COLOURS[status]
        name = STATUS_LABELS[status] + (" (försenade)" if overdue else "")
        values = counts[status].to_list()
        traces.append({"type": "bar", "name": name, "marker": {"color": colour},
                       "text": [str(v) if v else "" for v in values], "textposition": "inside",
                       **({"x": values, "y": names, "orientation": "h"} if horizontal else {"x": names, "y": values})})
    height = max(320, 26 * len(names) + 160) if horizontal else 460
    axis = {"title": {"text": "Antal bedömningar"}, "rangemode": "tozero"}
    layout = {"barmode": "stack", "title": {"text": plot_text(title)}, "height": height, "separators": ", ",
              "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
              "margin": {"l": 10, "r": 10, "t": 90, "b": 10}}
    if horizontal:
        layout |= {"xaxis": axis, "yaxis": {"autorange": "reversed", "title": {}}}
    else:
        layout |= {"yaxis": axis, "xaxis": {"title": {}, "tickangle": 0}}
    return go.Figure(data=traces, layout=layout, _validate=False)


def plot_text(value: object) -> str:
    """Any text given to Plotly as a label, tick, legend name, title or hover text: Plotly reads a
    subset of HTML in them (<b>, <a href>, <br>, entities), so `<`, `>` and `&` are escaped and a unit
    named "<b>fet</b>" is shown as typed. The one escaping path of every chart builder (here and in
    scoring.committee.charts); markup the builder adds itself (<br>, <extra>) goes around it."""
    return html.escape(str(value), quote=False)


def plot_texts(values: Iterable[object]) -> list[str]:
    return [plot_text(v) for v in values]


def safe_label(value: object, width: int) -> str:
    """A user-written name as a Plotly label: markup escaped (shown as text), long names wrapped."""
    value = str(value)
    if len(value) <= width and value.isprintable() and value == value.strip():
        return plot_text(value)                    # what the wrapping below gives for a short name, faster
    lines = textwrap.wrap(value, width) or [""]
    if len(lines) > 3:
        lines = lines[:3]
        lines[-1] += " …"
    return "<br>".join(plot_text(line) for line in lines)
