"""Statistik över åren: participation against targets and the distributions, from the core."""
import polars as pl

from scoring import statistics
from tests.conftest import number_formats, user_of

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


def test_statistics_tables_show_decimals_the_swedish_way(app, db):
    at = app("kommitte1")
    at.switch_page(PAGE).run()
    assert not at.exception
    one = ("localized", 0.1)
    distribution = next(d for d in at.dataframe if "Enheter med totalpoäng" in d.value.columns)
    assert number_formats(distribution) == {"Median": one, "Lägst": one, "Högst": one}
    severity = next(d for d in at.dataframe if "Examinator" in d.value.columns)
    years = [str(y) for y in statistics.statistics_view(db, user_of(db, "kommitte1")).severity["cycle"].unique()]
    assert number_formats(severity) == dict.fromkeys(years, one)


def test_the_committee_sees_the_current_cycles_results_from_the_site_visit_on(app, db):
    from scoring.store import cycles
    at = app("kommitte1")                                   # the demo's 2026 is in individual assessment
    at.switch_page(PAGE).run()
    assert not at.exception
    notice = [i.value for i in at.info if "från fasen platsbesök" in i.value]
    assert len(notice) == 1 and notice[0].startswith("Omgång 2026 visas inte här ännu.")
    distribution = next(d for d in at.dataframe if "Enheter med totalpoäng" in d.value.columns).value
    assert set(distribution["Omgång"]) == {2022}
    severity = next(d for d in at.dataframe if "Examinator" in d.value.columns).value
    assert list(severity.columns) == ["Examinator", "2022"]
    assert severity["Examinator"].str.fullmatch(r"Examinator [A-Z]+").all()       # pseudonyms
    db.write(lambda con: cycles.set_phase(con, 2026, "site_visit"))
    later = app("kommitte1")
    later.switch_page(PAGE).run()
    assert not [i for i in later.info if "från fasen platsbesök" in i.value]
    severity = next(d for d in later.dataframe if "Examinator" in d.value.columns).value
    assert list(severity.columns) == ["Examinator", "2022", "2026"]


def test_the_kansli_sees_every_cycle_and_the_examiners_names(app):
    at = app("admin")
    at.switch_page(PAGE).run()
    assert not [i for i in at.info if "från fasen platsbesök" in i.value]
    severity = next(d for d in at.dataframe if "Examinator" in d.value.columns).value
    assert list(severity.columns) == ["Examinator", "2022", "2026"]
    assert severity["Examinator"].str.fullmatch(r"Examinator \d+").all()
