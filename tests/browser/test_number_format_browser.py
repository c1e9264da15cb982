"""Swedish decimals in real Chromium: the committee's ranking grid shows its totals as 78,0 / 63,3, not 63.3.

st.dataframe draws its cells on a canvas (glide-data-grid) and its accessible copy holds the raw
numbers, so the test records the text the page actually draws: an init script wraps
CanvasRenderingContext2D.fillText before any page script runs. The browser context uses the
staff's locale, sv-SE: Streamlit's "localized" number format follows the browser's languages.
"""
import json

import polars as pl
import pytest

from scoring.committee import views as committee
from scoring.swedish import decimal
from scoring.store import Store, cycles
from tests.browser.conftest import log_in, new_context, open_nav, screenshot, settle
from tests.conftest import user_of

pytestmark = pytest.mark.browser

RECORD_DRAWN_TEXT = """
window.__drawn = new WeakMap();   // canvas → the texts drawn on it
const fillText = CanvasRenderingContext2D.prototype.fillText;
CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
    const texts = window.__drawn.get(this.canvas) || [];
    texts.push(String(text).trim());
    window.__drawn.set(this.canvas, texts);
    return fillText.call(this, text, ...rest);
};
"""
HEADER = "Kalibrerad totalpoäng"                         # a column only the ranking grid has, drawn in view
# The texts drawn on the canvases of the st.dataframe whose header has this column.
GRID_TEXT = """header => {
    const grids = [...document.querySelectorAll('[data-testid="stDataFrame"]')].map(
        grid => [...grid.querySelectorAll('canvas')].flatMap(c => window.__drawn.get(c) || []));
    return grids.find(texts => texts.includes(header)) || [];
}"""


@pytest.fixture
def demo_path(demo_path):
    """The 2026 förskola ranking as the core computes it, read before the server owns the database. The cycle is
    moved to the site visit first: the committee sees a cycle's results from then on."""
    db = Store(demo_path)
    try:
        db.write(lambda con: cycles.set_phase(con, 2026, "site_visit"))
        table = committee.ranking_view(db, user_of(db, "kommitte1"), 2026).table
    finally:
        db.close()
    forskola = table.filter(pl.col("class_code") == "forskola", pl.col("total").is_not_null())
    demo_path.with_suffix(".ranking.json").write_text(json.dumps(forskola.select("unit_name", "total").to_dicts()))
    return demo_path


@pytest.fixture
def swedish_page(browser, server, request):
    """Like conftest's `page` (sv-SE too), but every canvas's drawn text is recorded from the start."""
    context = new_context(browser)
    context.add_init_script(RECORD_DRAWN_TEXT)
    page = context.new_page()
    page.goto(server)
    yield page
    if getattr(request.node, "failed_call", False):
        screenshot(page, f"FAILED-{request.node.name}")
    context.close()


def _grid_text(page, header: str) -> list[str]:
    return page.evaluate(GRID_TEXT, header)


def test_ranking_grid_shows_totals_with_a_decimal_comma(swedish_page, demo_path):
    page = swedish_page
    expected = json.loads(demo_path.with_suffix(".ranking.json").read_text())
    assert page.evaluate("() => navigator.languages[0]") == "sv-SE"
    log_in(page, "kommitte1")
    open_nav(page, "Rangordning")
    page.get_by_role("heading", name="Rangordning").wait_for()
    settle(page)
    last_unit = expected[-1]["unit_name"]                 # its row drawn: the grid's cells are on the canvas
    page.wait_for_function(f"unit => ({GRID_TEXT})('{HEADER}').includes(unit)", arg=last_unit)

    drawn = _grid_text(page, HEADER)
    totals = [r["total"] for r in expected]
    swedish = [decimal(t, 1) for t in totals]                 # the one rule (scoring/swedish.py), half up
    assert set(swedish) <= set(drawn), (swedish, drawn)
    with_point = [f"{t:.1f}" for t in totals if round(t, 1) != round(t)]
    assert with_point, "the demo should have a total with decimals, e.g. 63.3"
    assert not set(with_point) & set(drawn)
    assert any(t.endswith(",0") for t in drawn)           # 78.0 keeps its decimal: 78,0
    screenshot(page, "rangordning-decimalkomma")
