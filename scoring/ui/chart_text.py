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


def _values(values: Any) -> list:
    return list(values) if values is not None else []


def _error(bars: Any, count: int) -> list | None:
    """A trace's symmetric error bars (error_x / error_y of type data) as one value per point, or None."""
    array = getattr(bars, "array", None) if bars is not None else None
    if array is None or getattr(bars, "visible", True) is False:
        return None
    values = list(array)
    return values + [None] * (count - len(values))


def figure_rows(fig: go.Figure) -> dict[str, list]:
    """One row per drawn value: the trace's name (series; left out when the chart has one unnamed series), its
    category or x value, its value, the label the chart writes on a bar ("88 %") and its error bar, where any.
    A horizontal bar chart's categories are on the y axis, so its rows are read the other way round."""
    polar = any(trace.type == "scatterpolar" for trace in fig.data)
    horizontal = any(getattr(trace, "orientation", None) == "h" for trace in fig.data)
    x_title, y_title = _title(fig.layout.xaxis, ""), _title(fig.layout.yaxis, "")
    if polar:
        category, value = text.A11Y_CHART_CATEGORY, text.A11Y_CHART_VALUE
    elif horizontal:
        category, value = y_title or text.A11Y_CHART_CATEGORY, x_title or text.A11Y_CHART_VALUE
    else:
        category, value = x_title or text.A11Y_CHART_CATEGORY, y_title or text.A11Y_CHART_VALUE
    if category == value:
        value += " "
    rows: dict[str, list] = {text.A11Y_CHART_SERIES: [], category: [], value: [], text.A11Y_CHART_SHOWN: [],
                             text.A11Y_CHART_ERROR: []}
    for trace in fig.data:
        if getattr(trace, "hoverinfo", None) == "skip":     # a guide line, not data
            continue
        if trace.type == "scatterpolar":
            cats, vals, error = _values(trace.theta), _values(trace.r), None
        elif getattr(trace, "orientation", None) == "h":
            cats, vals, error = _values(trace.y), _values(trace.x), trace.error_x
        else:
            cats, vals, error = _values(trace.x), _values(trace.y), getattr(trace, "error_y", None)
        count = max(len(cats), len(vals))
        cats, vals = cats + [None] * (count - len(cats)), vals + [None] * (count - len(vals))
        labels = _values(getattr(trace, "text", None)) if trace.type == "bar" else []
        labels = labels + [None] * (count - len(labels)) if isinstance(labels, list) else [None] * count
        errors = _error(error, count) or [None] * count
        for cat, val, label, err in zip(cats, vals, labels[:count], errors[:count], strict=True):
            rows[text.A11Y_CHART_SERIES].append(_plain(trace.name or ""))
            rows[category].append(_plain(cat))
            rows[value].append(_plain(val))
            rows[text.A11Y_CHART_SHOWN].append(_plain(str(label)) if label is not None else None)
            rows[text.A11Y_CHART_ERROR].append(err)
    for optional in (text.A11Y_CHART_SERIES, text.A11Y_CHART_SHOWN, text.A11Y_CHART_ERROR):
        if all(v in (None, "") for v in rows[optional]):
            del rows[optional]
    return rows
