"""scoring/ui/chart_text.py: every chart's text alternative; its table is built only while its expander is open."""
from streamlit.testing.v1 import AppTest

from scoring.ui import chart_text


def _chart_page(bars: int) -> AppTest:
    def page(bars: int) -> None:
        import plotly.graph_objects as go

        from scoring.ui import chart_text
        fig = go.Figure(go.Bar(x=[f"E{i}" for i in range(bars)], y=list(range(bars)), name="Antal"))
        chart_text.show(fig, "probe", "Huvudfyndet i ord.")
    return AppTest.from_function(page, kwargs={"bars": bars}, default_timeout=30)


def test_closed_expander_builds_no_table():
    at = _chart_page(5).run()
    assert not at.exception
    assert [e.label for e in at.expander] == ["Diagrammets siffror som tabell"]
    assert not at.dataframe
    assert at.caption[0].value == ":material/insights: Huvudfyndet i ord."


def test_opened_expander_shows_the_figures():
    at = _chart_page(5).run()
    at.session_state["probe-oppen"] = True          # as a click on the expander does
    at.run()
    table = at.dataframe[0].value
    assert list(table["Serie"]) == ["Antal"] * 5
    assert list(table.iloc[:, 1]) == [f"E{i}" for i in range(5)] and list(table.iloc[:, 2]) == list(range(5))


def test_a_long_table_is_capped_with_the_rest_in_a_csv():
    at = _chart_page(chart_text.TABLE_ROWS + 50).run()
    at.session_state["probe-oppen"] = True
    at.run()
    assert len(at.dataframe[0].value) == chart_text.TABLE_ROWS
    assert any(c.value.startswith(f"Tabellen visar de första {chart_text.TABLE_ROWS} av {chart_text.TABLE_ROWS + 50}")
               for c in at.caption)
    assert at.get("download_button")


def test_every_chart_of_the_product_goes_through_the_text_alternative():
    """st.plotly_chart is called only in chart_text.show, so no page can draw a chart without its finding and its
    table (the bench's own pages are tooling, not the product)."""
    from pathlib import Path
    root = Path(chart_text.__file__).resolve().parents[1]
    callers = sorted(str(p.relative_to(root)) for p in root.rglob("*.py")
                     if "plotly_chart(" in p.read_text(encoding="utf-8") and "bench" not in p.parts)
    assert callers == ["ui/chart_text.py"]


def test_a_horizontal_bar_chart_is_read_by_category_with_its_labels():
    import plotly.graph_objects as go
    fig = go.Figure(go.Bar(x=[0.876, 0.124], y=["Förskolan A", "Förskolan B"], orientation="h",
                           text=["88 %", "12 %"]))
    fig.update_xaxes(title_text="Sannolikhet att vara bäst")
    rows = chart_text.figure_rows(fig)
    assert rows == {"Kategori": ["Förskolan A", "Förskolan B"], "Sannolikhet att vara bäst": [0.876, 0.124],
                    "Visas i diagrammet som": ["88 %", "12 %"]}


def test_error_bars_and_named_series_get_their_columns():
    import plotly.graph_objects as go
    fig = go.Figure(go.Scatter(x=["E1", "E2"], y=[-2.5, 1.0], name="Stränghet", mode="markers",
                               error_y={"type": "data", "array": [1.2, 0.8]}))
    rows = chart_text.figure_rows(fig)
    assert rows["Serie"] == ["Stränghet", "Stränghet"] and rows["± (felstapel)"] == [1.2, 0.8]
    assert rows["Kategori"] == ["E1", "E2"] and rows["Värde"] == [-2.5, 1.0]
