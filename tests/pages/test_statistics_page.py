"""Statistik över åren: participation against targets and the distributions, from the core."""
import polars as pl

from scoring import statistics
from tests.conftest import user_of

PAGE = "scoring/ui/pages/statistics.py"


def test_statistics_page_shows_participation_against_targets(app, db):
    at = app("admin")
    at.switch_page(PAGE).run()
    assert not at.exception
    view = statistics.statistics_view(db, user_of(db, "admin"))
    table = next(d for d in at.dataframe if "Förvaltning/bolag" in d.value.columns).value
    social = table[table["Förvaltning/bolag"] == "Socialförvaltningen"].iloc[0]
    core = view.organisations.filter(pl.col("organisation") == "Socialförvaltningen", pl.col("cycle") == 2026)
    assert social["2026"] == f"{core['participants'][0]} av 7 ✗"
    assert len(at.get("plotly_chart")) >= 4
    at.selectbox(key="stats_org").select("Socialförvaltningen").run()
    at.radio(key="stats_kind").set_value("violin").run()
    assert not at.exception
