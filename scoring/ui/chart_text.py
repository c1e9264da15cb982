"""A text alternative for every Plotly chart (WCAG 1.1.1 and 1.4.1, issue 17): the chart, then a caption that
states its main finding in words, then the chart's figures as a table behind an expander. The table is read from
the figure itself, so it always holds exactly what the chart draws; every chart has one, also where the page
shows a table of the same figures nearby (the expander sits right under the chart, where a screen-reader user
meets it)."""
from __future__ import annotations

import html
from typing import Any

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from scoring.ui import text, widgets


TABLE_ROWS = 200      # rows of a chart's table drawn in the expander; the CSV file has them all


def show(fig: go.Figure, key: str, finding: str, **kwargs: Any) -> None:
    """`finding` is our own sentence; user-supplied names in it must already be escaped (widgets.escape_md).
    The table is built only while its expander is open (a keyed expander reruns when opened or closed and
    knows whether it is open): a closed one costs the page nothing, in the server or in the browser."""
    st.plotly_chart(fig, key=key, **kwargs)
    st.caption(f":material/insights: {finding}")
    box = st.expander(text.A11Y_CHART_TABLE, key=f"{key}-oppen", on_change="rerun")
    if box.open:
        with box:
            _table(figure_rows(fig), key)


def _table(rows: dict[str, list], key: str) -> None:
    total = len(next(iter(rows.values()), []))
    if total > TABLE_ROWS:
        st.caption(text.A11Y_CHART_TABLE_ROWS.format(shown=TABLE_ROWS, total=total))
        st.download_button(text.A11Y_CHART_TABLE_CSV, lambda: pl.DataFrame(rows).write_csv(), f"{key}.csv",
                           "text/csv", icon=":material/download:", on_click="ignore", key=f"{key}-csv")
        rows = {name: values[:TABLE_ROWS] for name, values in rows.items()}
    widgets.table(rows, hide_index=True, key=f"{key}-tabell")


def _title(axis: Any, fallback: str) -> str:
    title = getattr(getattr(axis, "title", None), "text", None)
    return html.unescape(title) if title else fallback


def _plain(value: Any) -> Any:
    """Plotly's labels are HTML-escaped and may be wrapped with <br>: back to the text as typed."""
    return html.unescape(value.replace("<br>", " ")) if isinstance(value, str) else value


def figure_rows(fig: go.Figure) -> dict[str, list]:
    """One row per drawn value: the trace's name (series), its category or x value, and its value."""
    polar = any(trace.type == "scatterpolar" for trace in fig.data)
    x_name = text.A11Y_CHART_CATEGORY if polar else _title(fig.layout.xaxis, "x")
    y_name = text.A11Y_CHART_VALUE if polar else _title(fig.layout.yaxis, "y")
    if x_name == y_name:
        y_name += " "
    rows: dict[str, list] = {text.A11Y_CHART_SERIES: [], x_name: [], y_name: []}
    for trace in fig.data:
        if getattr(trace, "hoverinfo", None) == "skip":     # a guide line, not data
            continue
        xs, ys = (trace.theta, trace.r) if trace.type == "scatterpolar" else (trace.x, trace.y)
        xs, ys = list(xs) if xs is not None else [], list(ys) if ys is not None else []
        count = max(len(xs), len(ys))
        xs, ys = xs + [None] * (count - len(xs)), ys + [None] * (count - len(ys))
        for x, y in zip(xs, ys, strict=True):
            rows[text.A11Y_CHART_SERIES].append(_plain(trace.name or ""))
            rows[x_name].append(_plain(x))
            rows[y_name].append(_plain(y))
    return rows
