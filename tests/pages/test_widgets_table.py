"""scoring/ui/widgets.table: every float cell is rounded by scoring/swedish.py's one rule before the grid draws it
(the grid cuts decimals off), columns the caller configures itself are left alone, and cells stay numbers."""
import polars as pl
import pyarrow as pa
from streamlit.testing.v1 import AppTest

from scoring import swedish
from scoring.ui import widgets


def test_polars_floats_are_rounded_by_the_one_rule_and_stay_numbers():
    frame = pl.DataFrame({"namn": ["a", "b", "c"], "poäng": [62.96, 48.25, None], "antal": [1, 2, 3]})
    shown = widgets._rounded_floats(frame, 1, {})
    assert shown["poäng"].dtype == pl.Float64 and shown["antal"].to_list() == [1, 2, 3]
    assert [swedish.decimal(v) for v in shown["poäng"].to_list()] == ["63,0", "48,3", "–"]
    assert shown["poäng"][0] > 63.0 and shown["poäng"][0] - 63.0 < 1e-6     # a hair above: never drawn as 62,9


def test_digits_per_column_and_own_config_win():
    data = {"a": [0.876], "b": [0.876], "c": [0.876]}
    shown = widgets._rounded_floats(data, {"a": 2}, {"c": object()})
    assert round(shown["a"][0], 6) == 0.88 and round(shown["b"][0], 6) == 0.9 and shown["c"] == [0.876]


def test_arrow_tables_are_rounded_too():
    shown = widgets._rounded_floats(pa.table({"x": [79.45]}), 1, {})
    assert round(shown["x"][0], 6) == 79.5


def test_the_page_sends_the_rounded_cells():
    def page() -> None:
        import polars as pl

        from scoring.ui import widgets
        widgets.table(pl.DataFrame({"poäng": [62.96, 99.99]}), hide_index=True)
    at = AppTest.from_function(page).run()
    assert [round(v, 6) for v in at.dataframe[0].value["poäng"]] == [63.0, 100.0]


def test_every_table_of_the_product_goes_through_widgets_table():
    """st.dataframe is called only in widgets.py, so no table can show floats with a point or cut decimals."""
    from pathlib import Path
    root = Path(widgets.__file__).resolve().parents[1]
    callers = sorted(str(p.relative_to(root)) for p in root.rglob("*.py")
                     if "st.dataframe(" in p.read_text(encoding="utf-8") and "bench" not in p.parts)
    assert callers == ["ui/widgets.py"]
