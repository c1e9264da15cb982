"""Översikt: the phase, the dates, and what the signed-in person has left, with a link to it."""
import datetime as dt

from streamlit.util import calc_hash

from scoring import assessment, consensus
from scoring.ui import registry, start_views, text
from tests.conftest import open_page, user_of

PAGE = "scoring/ui/pages/start.py"


def test_examiner_sees_how_many_assessments_are_left_and_the_deadline(app, db):
    at = open_page(app, "examinator1", PAGE)
    counts = assessment.progress(assessment.my_assessments(db, user_of(db, "examinator1"), 2026))
    left = counts["total"] - counts["submitted"]
    assert left > 0
    [link] = [p for p in at.page_link if "bedömningar** kvar" in p.value]
    assert link.value.startswith(f"**{left} av {counts['total']} bedömningar** kvar att skicka in, senast 15 september 2026")
    assert link.proto.page_script_hash == calc_hash("bedomningar")


def test_lead_sees_the_consensus_left_to_lead(app, db):
    at = open_page(app, "examinator1", PAGE)
    teams = consensus.my_teams(db, user_of(db, "examinator1"), 2026)
    led = teams.filter(teams["is_lead"] & (teams["consensus_status"] != "done"))
    [link] = [p for p in at.page_link if "konsensus**" in p.value]
    assert link.value.startswith(f"**{led.height} konsensus** att leda ({led.filter(led['may_view']).height} kan öppnas nu)")
    assert link.proto.page_script_hash == calc_hash("konsensus")


def test_kansli_and_committee_get_the_page_of_the_phase(app):
    at = open_page(app, "admin", PAGE)
    assert [p.value for p in at.page_link if p.value == "Följ bedömningarna"] == ["Följ bedömningarna"]
    at = open_page(app, "kommitte1", PAGE)
    assert [p.value for p in at.page_link if p.value == "Rangordningen"] == ["Rangordningen"]
    urls = {spec.url for spec in registry.specs_for("committee")}
    assert {url for url, _ in text.TODO_COMMITTEE.values()} | {text.TODO_COMMITTEE_OTHER[0]} <= urls
    assert {url for url, _ in text.TODO_ADMIN.values()} <= {spec.url for spec in registry.specs_for("admin")}


def test_deadline_wording_counts_days_both_ways():
    day = dt.date(2026, 9, 15)
    assert start_views.deadline(day, dt.date(2026, 9, 12)) == "senast 15 september 2026 (om 3 dagar)"
    assert start_views.deadline(day, dt.date(2026, 9, 14)) == "senast 15 september 2026 (i morgon)"
    assert start_views.deadline(day, day) == "senast 15 september 2026 (i dag)"
    assert start_views.deadline(day, dt.date(2026, 11, 30)) == "senast 15 september 2026 (passerad för 76 dagar sedan)"
