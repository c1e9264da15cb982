"""Two browser sessions of the same examiner edit the same assessment (scoring page) or consensus (lead)."""
from scoring.assessment import individual as assessment
from tests.conftest import button, user_of

PAGE = "scoring/ui/pages/score_submission.py"


def _session(app, sid: int):
    at = app("examinator3")
    at.switch_page(PAGE)
    at.query_params["bidrag"] = str(sid)
    return at.run()


def test_later_save_is_refused_shows_newer_values_and_keeps_the_input(app, db):
    me = user_of(db, "examinator3")
    mine = assessment.my_assessments(db, me, 2026)
    sid = mine.filter(mine["status"] == "draft")["submission_id"][0]
    start = assessment.open_assessment(db, me, sid).version
    tab_a, tab_b = _session(app, sid), _session(app, sid)

    tab_a.text_area[0].input("Från flik A")
    button(tab_a, "Spara utkast").click().run()
    assert [s.value for s in tab_a.success] == [f"Utkastet är sparat (version {start + 1})."]

    tab_b.text_area[0].input("Från flik B")
    button(tab_b, "Spara utkast").click().run()
    assert tab_b.error[0].value.startswith("Bedömningen har sparats i en annan flik eller session")
    assert tab_b.expander[-1].label == f"Nyare sparade värden (version {start + 1})"
    assert "Från flik A" in [t.value for t in tab_b.text]          # the newer values, shown as text
    assert tab_b.text_area[0].value == "Från flik B"                # B's input is still in the form
    assert assessment.open_assessment(db, me, sid).entries[1].strengths == "Från flik A"

    button(tab_b, "Spara utkast").click().run()                     # B saves again, knowingly
    assert [s.value for s in tab_b.success] == [f"Utkastet är sparat (version {start + 2})."]
    assert assessment.open_assessment(db, me, sid).entries[1].strengths == "Från flik B"


def test_later_consensus_save_is_refused_and_shows_the_newer_consensus(app, db):
    def lead():
        at = app("examinator1")
        at.switch_page("scoring/ui/pages/consensus.py").run()
        assert not at.exception
        return at

    tab_a, tab_b = lead(), lead()
    tab_a.number_input[0].set_value(70)
    button(tab_a, "Spara utkast").click().run()
    assert any("sparad som utkast" in s.value for s in tab_a.success)

    tab_b.number_input[0].set_value(40)
    button(tab_b, "Spara utkast").click().run()
    assert tab_b.error and not tab_b.success
    assert tab_b.expander[-1].label.startswith("Nyare sparade värden (version ")
    assert tab_b.number_input[0].value == 40                          # B's input is still in the form

    button(tab_b, "Spara utkast").click().run()                       # B saves again, knowingly
    assert any("sparad som utkast" in s.value for s in tab_b.success)
