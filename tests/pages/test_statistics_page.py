"""Statistik över åren: participation against targets and the distributions, from the core."""
import polars as pl

from scoring.committee import statistics
from tests.conftest import number_formats, user_of

PAGE = "scoring/ui/pages/statistics.py"
SECTIONS = ("Deltagande per förvaltning", "Deltagande per klass", "Totalpoäng", "Examinatorernas stränghet")


def _section(at, name: str):
    """Show one section of the page (one is drawn at a time), as a click on it does."""
    return at.segmented_control(key="stats-section").set_value(name).run()


def _frame(at, section: str, column: str):
    return next(d for d in _section(at, section).dataframe if column in d.value.columns)


def test_statistics_page_shows_participation_against_targets(app, db):
    at = app("admin")
    at.switch_page(PAGE).run()
    assert not at.exception
    view = statistics.statistics_view(db, user_of(db, "admin"))
    table = next(d for d in at.dataframe if "Förvaltning/bolag" in d.value.columns).value
    social = table[table["Förvaltning/bolag"] == "Socialförvaltningen"].iloc[0]
    core = view.organisations.filter(pl.col("organisation") == "Socialförvaltningen", pl.col("cycle") == 2026)
    assert social["2026"] == f"{core['participants'][0]} av 7 ✗"
    assert len(at.get("plotly_chart")) == 1                 # one section drawn at a time
    at.selectbox(key="stats_org").select("Socialförvaltningen").run()
    charts = 0
    for name in SECTIONS[1:]:
        charts += len(_section(at, name).get("plotly_chart"))
    assert charts == 3
    _section(at, "Totalpoäng").radio(key="stats_kind").set_value("violin").run()
    assert not at.exception and len(at.get("plotly_chart")) == 1


def test_statistics_tables_show_decimals_the_swedish_way(app, db):
    at = app("kommitte1")
    at.switch_page(PAGE).run()
    assert not at.exception
    one = ("localized", 0.1)
    distribution = _frame(at, "Totalpoäng", "Enheter med totalpoäng")
    assert number_formats(distribution) == {"Median": one, "Lägst": one, "Högst": one}
    severity = _frame(at, "Examinatorernas stränghet", "Examinator")
    years = [str(y) for y in statistics.statistics_view(db, user_of(db, "kommitte1")).severity["cycle"].unique()]
    assert number_formats(severity) == dict.fromkeys(years, one)


def test_the_committee_sees_the_current_cycles_results_from_the_site_visit_on(app, db):
    from scoring.store import cycles
    at = app("kommitte1")                                   # the demo's 2026 is in individual assessment
    at.switch_page(PAGE).run()
    assert not at.exception
    notice = [i.value for i in at.info if "från fasen platsbesök" in i.value]
    assert len(notice) == 1 and notice[0].startswith("Omgång 2026 visas inte här ännu.")
    distribution = _frame(at, "Totalpoäng", "Enheter med totalpoäng").value
    assert set(distribution["Omgång"]) == {2022}
    severity = _frame(at, "Examinatorernas stränghet", "Examinator").value
    assert list(severity.columns) == ["Examinator", "2022"]
    assert severity["Examinator"].str.fullmatch(r"Examinator [A-Z]+").all()       # pseudonyms
    db.write(lambda con: cycles.set_phase(con, 2026, "site_visit"))
    later = app("kommitte1")
    later.switch_page(PAGE).run()
    assert not [i for i in later.info if "från fasen platsbesök" in i.value]
    severity = _frame(later, "Examinatorernas stränghet", "Examinator").value
    assert list(severity.columns) == ["Examinator", "2022", "2026"]


def test_the_kansli_sees_every_cycle_and_the_examiners_names(app):
    at = app("admin")
    at.switch_page(PAGE).run()
    assert not [i for i in at.info if "från fasen platsbesök" in i.value]
    severity = _frame(at, "Examinatorernas stränghet", "Examinator").value
    assert list(severity.columns) == ["Examinator", "2022", "2026"]
    assert severity["Examinator"].str.fullmatch(r"Examinator \d+").all()
