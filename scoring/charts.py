"""Plotly figures for the kansli's dashboards (no streamlit here)."""
from __future__ import annotations

import html
import textwrap

import plotly.graph_objects as go
import polars as pl

# Colours that stay distinct for common colour blindness; red tones only when something is late.
STATUS_COLOURS = {"submitted": "#2e7d32", "draft": "#f9a825", "not_started": "#9e9e9e"}
LATE_COLOURS = {"draft": "#e65100", "not_started": "#c62828"}
STATUS_LABELS = {"submitted": "Inskickade", "draft": "Utkast", "not_started": "Ej påbörjade"}


def progress_bars(counts: pl.DataFrame, label: str, title: str, late: bool, horizontal: bool = False) -> go.Figure:
    """Stacked bars of submitted / draft / not started per row of `counts` (columns from progress.summarise)."""
    fig = go.Figure()
    names = [safe_label(n, 24 if not horizontal else 40) for n in counts[label].to_list()]
    for status in ("submitted", "draft", "not_started"):
        overdue = late and status != "submitted"
        colour = LATE_COLOURS[status] if overdue else STATUS_COLOURS[status]
        name = STATUS_LABELS[status] + (" (försenade)" if overdue else "")
        values = counts[status].to_list()
        bar = go.Bar(name=name, marker_color=colour, text=[v or "" for v in values], textposition="inside",
                     **({"x": values, "y": names, "orientation": "h"} if horizontal else {"x": names, "y": values}))
        fig.add_trace(bar)
    height = max(320, 26 * len(names) + 160) if horizontal else 460
    fig.update_layout(barmode="stack", title=title, height=height, separators=", ",
                      legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
                      margin={"l": 10, "r": 10, "t": 90, "b": 10})
    axis = {"title": "Antal bedömningar", "rangemode": "tozero"}
    if horizontal:
        fig.update_xaxes(**axis)
        fig.update_yaxes(autorange="reversed", title=None)
    else:
        fig.update_yaxes(**axis)
        fig.update_xaxes(title=None, tickangle=0)
    return fig


def safe_label(value: object, width: int) -> str:
    """A user-written name as a Plotly label: markup escaped (shown as text), long names wrapped."""
    lines = textwrap.wrap(str(value), width) or [""]
    if len(lines) > 3:
        lines = lines[:3]
        lines[-1] += " …"
    return "<br>".join(html.escape(line, quote=False) for line in lines)
