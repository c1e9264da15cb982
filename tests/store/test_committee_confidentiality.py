"""The committee and the chair never see which examiner scored what, and see a cycle's results only
from its site-visit phase on: decided in the core (scoring.committee.views, scoring.committee.statistics), so every
page and export built on it inherits both rules."""
import polars as pl
import pytest

from scoring.committee import views as committee
from scoring.committee import statistics
from scoring.assessment import visibility
from scoring.platform.access import AccessDenied
from scoring.store import cycles

YEAR, HISTORY = 2026, 2022        # the demo: 2026 in individual assessment, 2022 closed


def set_phase(db, year: int, phase: str) -> None:
    db.write(lambda con: cycles.set_phase(con, year, phase))


def examiner_identities(db) -> set[str]:
    with db.read() as con:
        rows = con.execute("SELECT username, display_name FROM account WHERE role IN ('examiner', 'lead')").fetchall()
    return {name for row in rows for name in row}


def strings_in(value) -> list[str]:
    """Every text a view carries: string cells and column names of its frames, its notes."""
    if isinstance(value, pl.DataFrame):
        found = list(value.columns)
        for name, dtype in value.schema.items():
            if dtype == pl.String:
                found += [v for v in value[name].to_list() if v is not None]
        return found
    if isinstance(value, str):
        return [value]
    if isinstance(value, (tuple, list)):
        return [s for v in value for s in strings_in(v)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_in(v)]
    if hasattr(value, "__dataclass_fields__"):
        return [s for f in value.__dataclass_fields__ for s in strings_in(getattr(value, f))]
    return []


def leaks(view, identities: set[str]) -> list[str]:
    return sorted({text for text in strings_in(view) for name in identities if name in text})


@pytest.mark.parametrize("username", ["kommitte1", "stadsdirektor"])
@pytest.mark.parametrize("year", [HISTORY, YEAR])
def test_the_committees_views_name_no_examiner(db, user, username, year):
    set_phase(db, YEAR, "site_visit")
    actor, identities = user(username), examiner_identities(db)
    assert {"examinator1", "Examinator 1"} <= identities
    ranked = committee.ranking_view(db, actor, year)
    assert "examiner" not in ranked.criterion_scores.columns and "display_name" not in ranked.criterion_scores.columns
    sid = ranked.history.filter(pl.col("took_part"))["submission_id"][0] if year == YEAR else None
    views = [ranked, committee.ranking(db, actor, year), committee.calibration_view(db, actor, year),
             committee.ratings(db, actor, year), committee.criterion_scores(db, actor, year),
             statistics.statistics_view(db, actor)]
    if sid is not None:
        views.append(committee.unit_history(db, actor, ranked, sid))
    for view in views:
        assert leaks(view, identities) == []


def test_the_kansli_sees_the_examiners_by_name(db, user):
    view = committee.calibration_view(db, user("admin"), HISTORY)
    assert set(view.examiners["examiner"]) == {f"examinator{i}" for i in range(1, 16)}
    assert view.examiners["display_name"].str.starts_with("Examinator ").all()
    assert statistics.statistics_view(db, user("admin")).severity["examiner"].str.starts_with("examinator").all()


def test_the_committee_sees_severity_under_stable_pseudonyms(db, user):
    named = committee.calibration_view(db, user("admin"), HISTORY).examiners
    hidden = committee.calibration_view(db, user("kommitte1"), HISTORY).examiners
    again = committee.calibration_view(db, user("kommitte2"), HISTORY).examiners
    assert hidden.equals(again)                                   # the same letters on every read
    assert hidden["display_name"].str.contains(r"^Examinator [A-Z]+$").all()
    assert hidden["examiner"].equals(hidden["display_name"])
    assert hidden["severity"].to_list() == named["severity"].to_list()    # same estimates, same order
    # The letter follows the examiner (a stable key), not the rating: most lenient is not "A".
    letters = visibility.pseudonyms(named["examiner"].to_list())
    assert hidden["display_name"].to_list() == [letters[u] for u in named["examiner"]]
    assert hidden["display_name"].to_list() != sorted(hidden["display_name"].to_list())


def test_a_changed_rating_keeps_every_examiners_letter(db, user):
    before = committee.calibration_view(db, user("kommitte1"), HISTORY).examiners
    with db.read() as con:
        sid, examiner = con.execute("SELECT submission_id, examiner FROM score s JOIN submission b ON b.id ="
                                    " s.submission_id WHERE b.cycle = ? LIMIT 1", [HISTORY]).fetchone()
    db.write(lambda con: con.execute("UPDATE score SET score = CASE WHEN score >= 50 THEN 0 ELSE 100 END"
                                     " WHERE submission_id = ? AND examiner = ?", [sid, examiner]))
    after = committee.calibration_view(db, user("kommitte1"), HISTORY).examiners
    assert not before["severity"].equals(after["severity"])
    assert (before.sort("examiner").select("examiner", "n_assessments")
            .equals(after.sort("examiner").select("examiner", "n_assessments")))


COMMITTEE_READS = {
    "ranking": lambda db, me, year: committee.ranking(db, me, year),
    "ranking_view": lambda db, me, year: committee.ranking_view(db, me, year),
    "calibration_view": lambda db, me, year: committee.calibration_view(db, me, year),
    "ratings": lambda db, me, year: committee.ratings(db, me, year),
    "criterion_scores": lambda db, me, year: committee.criterion_scores(db, me, year),
}


@pytest.mark.parametrize("read", COMMITTEE_READS)
@pytest.mark.parametrize("username", ["kommitte1", "stadsdirektor"])
@pytest.mark.parametrize("phase", ["registration", "assessment", "consensus"])
def test_the_committee_sees_no_current_results_before_the_site_visit(db, user, read, username, phase):
    set_phase(db, YEAR, phase)
    with pytest.raises(AccessDenied, match="från fasen platsbesök"):
        COMMITTEE_READS[read](db, user(username), YEAR)
    COMMITTEE_READS[read](db, user(username), HISTORY)            # the closed cycle stays open
    COMMITTEE_READS[read](db, user("admin"), YEAR)                 # the kansli always


@pytest.mark.parametrize("phase", ["site_visit", "decision", "closed"])
def test_the_committee_sees_the_results_from_the_site_visit_on(db, user, phase):
    set_phase(db, YEAR, phase)
    for read in COMMITTEE_READS.values():
        read(db, user("kommitte1"), YEAR)


def test_unit_history_follows_the_phase_of_its_views_cycle(db, user):
    set_phase(db, YEAR, "site_visit")
    view = committee.ranking_view(db, user("kommitte1"), YEAR)
    set_phase(db, YEAR, "consensus")                               # moved back by the kansli
    with pytest.raises(AccessDenied):
        committee.unit_history(db, user("kommitte1"), view, view.table["submission_id"][0])


def test_statistics_leave_out_the_current_cycle_until_the_site_visit(db, user):
    view = statistics.statistics_view(db, user("kommitte1"))
    assert view.years == [HISTORY, YEAR]                           # participation is not a result
    assert set(view.hidden) == {YEAR} and "från fasen platsbesök" in view.hidden[YEAR]
    assert set(view.totals["cycle"]) == {HISTORY} and set(view.severity["cycle"]) == {HISTORY}
    assert set(view.organisations["cycle"]) == {HISTORY, YEAR}
    admin = statistics.statistics_view(db, user("admin"))
    assert admin.hidden == {} and set(admin.totals["cycle"]) == {HISTORY, YEAR}
    set_phase(db, YEAR, "site_visit")
    later = statistics.statistics_view(db, user("stadsdirektor"))
    assert later.hidden == {} and set(later.severity["cycle"]) == {HISTORY, YEAR}
