"""Konsensus page: the lead edits and locks, a member reads, an examiner not yet allowed sees why."""
from tests.conftest import button


def _open(app, who):
    at = app(who)
    at.switch_page("scoring/ui/pages/consensus.py").run()
    assert not at.exception
    return at


def _pick(at, *parts: str):
    """Choose the first bidrag whose label contains every part."""
    index = next(i for i, label in enumerate(at.selectbox[0].options) if all(p in label for p in parts))
    at.selectbox[0].select_index(index).run()
    assert not at.exception
    return at


def _markdown(at) -> list[str]:
    return [m.value for m in at.markdown]


def _criteria(at):
    """The criterion picker of the lead's form (one criterion at a time)."""
    return next(s for s in at.segmented_control if s.key.startswith("consensus_criterion_"))


def _score_each(at, values):
    """Give the criteria, in the picker's order, these consensus scores: one criterion shown at a time."""
    order = _criteria(at).options
    for label, value in zip(order, values, strict=True):
        _criteria(at).set_value(int(label.split()[0])).run()
        assert not at.exception
        [field] = at.number_input
        field.set_value(value).run()
    return order


def test_lead_lands_on_the_draft_with_flagged_criteria_first(app):
    at = _open(app, "examinator1")
    assert "Utvärderingsledare · 3/3 inskickade · konsensus: utkast" in at.selectbox[0].options[
        at.selectbox[0].options.index(at.selectbox[0].format_func(at.selectbox[0].value))]
    order = _criteria(at).options
    flagged = ["⚑" in label for label in order]
    assert sorted(int(label.split()[0]) for label in order) == [1, 2, 3, 4, 5]
    assert flagged == sorted(flagged, reverse=True) and flagged.count(True) == 1   # the one in dispute first
    assert _criteria(at).value == int(order[0].split()[0])                        # and shown first
    headers = [m for m in _markdown(at) if m.startswith("**") and "vikt" in m]
    badges = [m for m in _markdown(at) if "Oenighet" in m or "Samstämmigt" in m]
    assert len(headers) == 1 and len(badges) == 1 and "Oenighet" in badges[0]     # one criterion at a time
    assert "1 av 5 kriterier har en spridning på 30 poäng eller mer" in " ".join(c.value for c in at.caption)


def test_lead_saves_draft_then_marks_done_and_it_locks(app):
    at = _open(app, "examinator1")
    _score_each(at, (70, 60, 50, 40, 30))
    unsaved = [c.value for c in at.caption if "Osparade ändringar i kriterium" in c.value]
    assert unsaved and "1, 2, 3, 4, 5" in unsaved[0]        # kept for every criterion while moving between them
    button(at, "Spara utkast").click().run()
    assert not at.exception
    assert any("sparad som utkast" in s.value for s in at.success)
    assert not [c for c in at.caption if "Osparade ändringar" in c.value]    # the form starts from what is stored
    assert all(label.endswith("✓") for label in _criteria(at).options)      # scores and the pre-filled texts
    button(at, "Markera som klar").click().run()
    assert any("markerad som klar" in s.value for s in at.success)
    assert "Markera som klar" not in [b.label for b in at.button] and not at.number_input
    assert "**Konsensus: 70** · Konsensus 70" in " ".join(_markdown(at))


def test_lead_cannot_mark_done_without_scores(app):
    at = _open(app, "examinator1")
    button(at, "Markera som klar").click().run()
    assert at.error and "saknar poäng" in at.error[0].value
    assert "Markera som klar" in [b.label for b in at.button]


def test_member_sees_team_read_only(app):
    at = _pick(_open(app, "examinator2"), "3/3 inskickade", "ej påbörjad")
    assert any("Utvärderingsledaren för in teamets konsensus" in i.value for i in at.info)
    assert "Markera som klar" not in [b.label for b in at.button] and not at.number_input
    assert any("\nPoäng: **" in m for m in _markdown(at))


def test_examiner_without_own_submission_is_told_why_and_sees_no_scores(app):
    at = _pick(_open(app, "examinator3"), "0/3 inskickade")
    assert any("först när du har skickat in din egen bedömning" in i.value for i in at.info)
    assert not any("Poäng: **" in m for m in _markdown(at))
