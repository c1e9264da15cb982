"""Rangordning: when the best estimate puts another unit first than the official table, the page says
so at the top; the calibrated total stands beside the official one."""
import polars as pl

from scoring.committee import views as committee
from tests.conftest import user_of

PAGE = "scoring/ui/pages/committee_ranking.py"


def _open(app, klass: str):
    at = app("stadsdirektor")
    at.switch_page(PAGE).run()
    at.selectbox(key="cycle_year_committee").select(2022).run()
    at.selectbox(key="ranking_class").select(klass).run()
    assert not at.exception
    return at


def _agree_on_top(db, klass: str) -> str:
    """The team of the unit the best estimate places last in the class agrees on 100 everywhere (as
    the site visit): the official table puts it first, the best estimate (the individual scores)
    still does not. Returns its name."""
    view = committee.ranking_view(db, user_of(db, "stadsdirektor"), 2022)
    last = view.table.filter(pl.col("class_code") == klass).sort("best_place").row(-1, named=True)

    def agree(con):
        con.execute("UPDATE consensus_score SET score = 100 WHERE submission_id = ?", [last["submission_id"]])
        con.execute("UPDATE site_visit_score SET score = 100 WHERE submission_id = ?", [last["submission_id"]])
    db.write(agree)
    return last["unit_name"]


def test_ranking_page_says_when_the_best_estimate_puts_another_unit_first(app, db):
    lifted = _agree_on_top(db, "forskola")
    view = committee.ranking_view(db, user_of(db, "stadsdirektor"), 2022)
    differ = committee.first_places_differ(view.table).filter(pl.col("class_code") == "forskola")
    assert differ.height == 1
    row = differ.row(0, named=True)
    assert row["official"] == lifted
    at = _open(app, "forskola")
    said = [e.value for e in at.info if "först i tabellen" in e.value]
    assert len(said) == 1
    assert f"står {lifted} först i tabellen" in said[0]
    assert f"sätter {row['best']} först" in said[0]
    table = view.table.filter(pl.col("class_code") == "forskola")
    assert table.filter(pl.col("place") == 1)["unit_name"][0] == lifted
    assert table.filter(pl.col("best_place") == 1)["unit_name"][0] == row["best"] != lifted


def test_ranking_page_is_silent_where_both_agree_and_shows_the_calibrated_total(app, db):
    view = committee.ranking_view(db, user_of(db, "stadsdirektor"), 2022)
    differ = set(committee.first_places_differ(view.table)["class_code"])
    agree = next(c for c in view.classes["class_code"] if c not in differ)
    at = _open(app, agree)
    assert not any("först i tabellen" in e.value for e in at.info)
    shown = next(d for d in at.dataframe if "P(bäst i klassen)" in d.value.columns).value
    core = view.table.filter(pl.col("class_code") == agree)
    assert shown["Enhet"].tolist() == core["unit_name"].to_list()
    calibrated = shown["Kalibrerad totalpoäng"].tolist()
    assert core["calibrated_total"].null_count() < core.height      # 2022 has done consensus
    assert all("±" in c for c, t in zip(calibrated, core["calibrated_total"], strict=True) if t is not None)
    first = core.row(0, named=True)
    assert calibrated[0].startswith(f"{first['calibrated_total']:.1f}".replace(".", ",").replace("-", "−"))
