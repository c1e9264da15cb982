"""Rangordning: what the page shows equals what the core computes."""
import json
import re
from decimal import ROUND_HALF_UP, Decimal

import polars as pl

from scoring.committee import views as committee
from scoring.store import cycles
from tests.conftest import number_formats, user_of

PAGE = "scoring/ui/pages/committee_ranking.py"


def _phase(db, phase: str, year: int = 2026) -> None:
    """The demo's 2026 is in individual assessment, before the committee sees its results."""
    db.write(lambda con: cycles.set_phase(con, year, phase))


def _table(at):
    return _element(at, "P(bäst i klassen)").value


def _element(at, column):
    return next(d for d in at.dataframe if column in d.value.columns)


def _unit_detail(at):
    """The page's second section: one unit's profile, spread and history (one section is drawn at a time)."""
    return at.segmented_control(key="ranking-section").set_value("Enhetens detaljer").run()


def test_ranking_page_shows_the_cores_order_and_close_call(app, db):
    _phase(db, "site_visit")
    at = app("kommitte1")
    at.switch_page(PAGE).run()
    assert not at.exception
    view = committee.ranking_view(db, user_of(db, "kommitte1"), 2026)
    core = view.table.filter(pl.col("class_code") == "forskola")
    shown = _table(at)
    assert shown["Enhet"].tolist() == core["unit_name"].to_list()
    assert shown["Plats"].tolist() == core["place"].to_list()
    assert shown["Källa"].tolist()[0] == core["source"][0]
    leader = view.confidence.filter(pl.col("class_code") == "forskola").row(0, named=True)
    banner = " ".join(e.value for e in [*at.warning, *at.success, *at.info])
    assert ("Jämnt avgörande – diskutera" if leader["close_call"] else "Tydlig ledare") in banner
    percent = (Decimal(str(leader["leader_p_first"])) * 100).quantize(Decimal(1), ROUND_HALF_UP)
    assert f"med {percent}\u00a0% sannolikhet" in banner       # half away from zero, a no-break space before %
    assert any("Så rangordnas enheter med lika totalpoäng" in e.label for e in at.expander)


def test_ranking_page_other_class_and_year_with_history(app, db):
    at = app("stadsdirektor")
    at.switch_page(PAGE).run()
    at.selectbox(key="cycle_year_committee").select(2022).run()
    at.selectbox(key="ranking_class").select("aldreomsorg").run()
    assert not at.exception
    view = committee.ranking_view(db, user_of(db, "stadsdirektor"), 2022)
    core = view.table.filter(pl.col("class_code") == "aldreomsorg")
    assert _table(at)["Enhet"].tolist() == core["unit_name"].to_list()
    leader = view.confidence.filter(pl.col("class_code") == "aldreomsorg").row(0, named=True)
    banner = (at.warning if leader["close_call"] else at.success)[0].value
    assert core.filter(pl.col("submission_id") == leader["leader"])["unit_name"][0] in banner


def test_ranking_page_unit_detail_shows_history_for_a_returning_unit(app, db):
    _phase(db, "site_visit")
    at = app("kommitte2")
    at.switch_page(PAGE).run()
    view = committee.ranking_view(db, user_of(db, "kommitte2"), 2026)
    returning = view.table.filter(pl.col("class_code") == "forskola", pl.col("history") != "–").row(0, named=True)
    _unit_detail(at).selectbox(key="ranking_unit_forskola").select(returning["submission_id"]).run()
    assert not at.exception
    history = next(d for d in at.dataframe if "Utmärkelse" in d.value.columns).value
    row = history[history["Omgång"] == 2022].iloc[0]
    assert row["Deltog"] == "Ja"
    assert returning["history"].startswith("2022:")
    spread = next(d for d in at.dataframe if "Spridning" in d.value.columns).value
    assert len(spread) == 5


def test_ranking_page_is_read_only_for_the_kansli(app):
    at = app("admin")
    at.switch_page(PAGE).run()
    assert not at.exception
    assert any("utan att kunna ändra" in c.value for c in at.caption)


def test_ranking_table_shows_its_decimals_the_swedish_way_and_stays_numeric(app, db):
    _phase(db, "decision")
    at = app("kommitte1")
    at.switch_page(PAGE).run()
    assert not at.exception
    ranking = _element(at, "P(bäst i klassen)")
    # "localized" uses the browser's locale (sv-SE: 72,5); the step keeps one decimal as the page rounds
    assert number_formats(ranking) == {"Totalpoäng": ("localized", 0.1), "Lägsta kriteriepoäng": ("localized", 0.1),
                                       "Kalibrerat medel": ("localized", 0.1)}
    assert ranking.value["Totalpoäng"].dtype.kind == "f"          # still numbers, so the column sorts as numbers
    assert ranking.value["Plats"].dtype.kind == "i"               # places stay integers, without a format
    assert not [d for d in at.dataframe if "Spridning" in d.value.columns]   # the unit's section is not drawn
    spread = _element(_unit_detail(at), "Spridning")
    assert number_formats(spread) == {"Slutpoäng": ("localized", 0.1), "Klassens median": ("localized", 0.1),
                                      "Medel": ("localized", 0.1), "Standardavvikelse": ("localized", 0.1),
                                      "Lägst": ("localized", 1), "Högst": ("localized", 1),
                                      "Spridning": ("localized", 1)}


def test_ranking_history_writes_earlier_totals_with_a_decimal_comma(app, db):
    _phase(db, "site_visit")
    at = app("kommitte2")
    at.switch_page(PAGE).run()
    actor = user_of(db, "kommitte2")
    view = committee.ranking_view(db, actor, 2026)
    returning = view.table.filter(pl.col("class_code") == "forskola", pl.col("history") != "–").row(0, named=True)
    _unit_detail(at).selectbox(key="ranking_unit_forskola").select(returning["submission_id"]).run()
    assert not at.exception
    history = _element(at, "Utmärkelse").value
    total = history[history["Omgång"] == 2022].iloc[0]["Totalpoäng"]
    assert re.fullmatch(r"\d+,\d", total), total
    core = committee.unit_history(db, actor, view, returning["submission_id"])
    assert total == f"{core.filter(pl.col('earlier_cycle') == 2022)['total'][0]:.1f}".replace(".", ",")


def test_the_committee_sees_no_current_results_before_the_site_visit(app, db):
    at = app("kommitte1")
    at.switch_page(PAGE).run()
    assert not at.exception
    notice = " ".join(i.value for i in at.info)
    assert "fasen individuell bedömning" in notice and "från fasen platsbesök" in notice
    assert len(at.dataframe) == 0 and len(at.get("plotly_chart")) == 0     # no totals, places or P(bäst)
    at.selectbox(key="cycle_year_committee").select(2022).run()             # the closed cycle stays open
    assert not at.exception and len(at.dataframe) >= 1
    assert len(_unit_detail(at).dataframe) >= 1 and len(at.get("plotly_chart")) == 2   # radar and spread
    admin = app("admin")
    admin.switch_page(PAGE).run()
    assert not admin.exception and _table(admin).shape[0] > 0


def test_the_spread_chart_is_anonymous(app, db):
    _phase(db, "site_visit")
    at = app("kommitte1")
    at.switch_page(PAGE).run()
    assert not at.exception
    spread = json.loads(next(c for c in _unit_detail(at).get("plotly_chart") if c.proto.id.endswith("spread_chart")).proto.spec)
    assert not re.search(r"Examinator \w|examinator\d", json.dumps(spread, ensure_ascii=False))  # none named
    assert [t["name"] for t in spread["data"]] == ["Lägst–högst", "En examinators poäng", "Medel ± standardavvikelse"]
