"""The visibility rules as a table: role × phase × own status (× team state) → may see / may edit."""
import pytest

from scoring.platform.access import AccessDenied
from scoring.assessment.visibility import TeamFacts, consensus_edit, consensus_open, team_view

ALL_IN = dict(all_submitted=True)
OPENED = dict(opened_by_admin=True)
MEMBER = dict(is_member=True)
LEAD = dict(is_member=True, is_lead=True)

SEE_TABLE = [
    # role, phase, own status, extra facts, may see
    ("examiner", "assessment", "submitted", {**MEMBER, **ALL_IN}, True),
    ("examiner", "assessment", "submitted", {**MEMBER, **OPENED}, True),
    ("examiner", "assessment", "submitted", MEMBER, False),            # teammates not done, not opened
    ("examiner", "assessment", "draft", {**MEMBER, **OPENED}, False),  # own not submitted
    ("examiner", "assessment", "not_started", {**MEMBER, **OPENED}, False),
    ("examiner", "registration", "submitted", {**MEMBER, **ALL_IN}, False),
    ("examiner", "consensus", "submitted", {**MEMBER, **ALL_IN}, True),
    ("examiner", "consensus", "submitted", MEMBER, False),
    ("examiner", "closed", "submitted", {**MEMBER, **ALL_IN}, True),
    ("examiner", "assessment", None, ALL_IN, False),                   # not on the team
    ("lead", "assessment", "submitted", {**LEAD, **ALL_IN}, True),
    ("lead", "assessment", "submitted", {**LEAD, **OPENED}, True),     # opened anyway: missing shown
    ("lead", "assessment", "submitted", LEAD, False),
    ("lead", "assessment", "draft", {**LEAD, **OPENED}, False),        # the lead's own comes first
    ("lead", "site_visit", "submitted", {**LEAD, **ALL_IN}, True),
    ("lead", "assessment", None, ALL_IN, False),                       # a lead of another team
    ("admin", "assessment", None, ALL_IN, True),
    ("admin", "assessment", None, OPENED, True),
    ("admin", "assessment", None, {}, False),
    ("admin", "registration", None, ALL_IN, False),
    ("committee", "site_visit", None, ALL_IN, False),                  # never individual scores
    ("chair", "closed", None, ALL_IN, False),
]


@pytest.mark.parametrize("role, phase, own, extra, expected", SEE_TABLE)
def test_team_view_table(role, phase, own, extra, expected):
    decision = team_view(TeamFacts(role=role, phase=phase, own_status=own, **extra))
    assert decision.allowed is expected
    assert (decision.reason == "") is expected


EDIT_TABLE = [
    ("lead", "assessment", "submitted", {**LEAD, **ALL_IN}, True),
    ("lead", "consensus", "submitted", {**LEAD, **OPENED}, True),
    ("lead", "site_visit", "submitted", {**LEAD, **ALL_IN}, False),    # later phases: read-only
    ("lead", "closed", "submitted", {**LEAD, **ALL_IN}, False),
    ("lead", "consensus", "submitted", {**LEAD, **ALL_IN, "consensus_done": True}, False),
    ("lead", "consensus", "draft", {**LEAD, **OPENED}, False),
    ("examiner", "consensus", "submitted", {**MEMBER, **ALL_IN}, False),  # a member sees but does not edit
    ("admin", "consensus", None, ALL_IN, False),
    ("committee", "consensus", None, ALL_IN, False),
]


@pytest.mark.parametrize("role, phase, own, extra, expected", EDIT_TABLE)
def test_consensus_edit_table(role, phase, own, extra, expected):
    assert consensus_edit(TeamFacts(role=role, phase=phase, own_status=own, **extra)).allowed is expected


def test_refusal_explains_in_swedish_and_raises_access_denied():
    decision = team_view(TeamFacts("examiner", "assessment", True, False, "draft", True))
    assert "egen bedömning" in decision.reason
    with pytest.raises(AccessDenied, match="egen bedömning"):
        decision.require()


def test_consensus_open_needs_all_submitted_or_the_admin():
    assert not consensus_open(TeamFacts("examiner", "assessment"))
    assert consensus_open(TeamFacts("examiner", "assessment", opened_by_admin=True))
    assert not consensus_open(TeamFacts("examiner", "registration", all_submitted=True))


# -- a cycle's results: the committee and the chair from the site-visit phase on --------------

RESULTS_TABLE = [
    (role, phase, role == "admin" or (role in ("committee", "chair") and phase in ("site_visit", "decision", "closed")))
    for role in ("admin", "committee", "chair", "examiner", "lead")
    for phase in ("registration", "assessment", "consensus", "site_visit", "decision", "closed")
]


@pytest.mark.parametrize("role, phase, expected", RESULTS_TABLE)
def test_results_visible_table(role, phase, expected):
    from scoring.platform.access import User
    from scoring.assessment.visibility import require_results_visible, results_visible
    actor = User("x", "X", role)
    assert results_visible(actor, phase).allowed is expected
    if expected:
        require_results_visible(actor, phase)
    else:
        with pytest.raises(AccessDenied):
            require_results_visible(actor, phase)


def test_results_too_early_names_the_phase_in_swedish():
    from scoring.platform.access import User
    from scoring.assessment.visibility import require_results_visible
    with pytest.raises(AccessDenied, match="fasen individuell bedömning.*från fasen platsbesök"):
        require_results_visible(User("kommitte1", "K", "committee"), "assessment")
