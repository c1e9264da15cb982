"""Cycle set-up: copy the previous year, edit dates, classes and criteria, and move through the phases."""
import datetime as dt

import pytest

from criteria import load_year
from scoring import rulebook
from scoring.cycle import setup as cycle_setup
from scoring.platform.access import AccessDenied, ValidationError
from scoring.store import audit, cycles


def _snapshot(db, year):
    with db.read() as con:
        return (cycles.get_cycle(con, year), cycles.classes(con, year).to_dicts(),
                cycles.criteria(con, year).to_dicts())


def _criteria_rows(db, year, **changes):
    rows = [{"number": c.number, "title": c.title, "description": c.description, "guidance": list(c.guidance),
             "weight": c.weight} for c in rulebook.load(db, year).criteria]
    for number, change in changes.items():
        rows[int(number[1:]) - 1].update(change)
    return rows


def _class_rows(db, year):
    return [{"code": c.code, "name": c.name, "prize_amount": c.prize_amount} for c in rulebook.load(db, year).classes]


def test_copy_cycle_copies_rulebook_and_targets_and_shifts_dates(db, user):
    new = cycle_setup.copy_cycle(db, user("admin"), 2026)
    old, copy = rulebook.load(db, 2026), rulebook.load(db, 2027)
    assert new == 2027
    assert copy.title == "Stockholms stads kvalitetsutmärkelse 2027"
    assert rulebook.phase(db, 2027) == "registration"
    assert copy.classes == old.classes
    assert copy.criteria == old.criteria
    assert copy.scale == old.scale
    assert copy.dates["approval_deadline"] == dt.date(2027, 6, 30)
    assert all(copy.dates[k] == old.dates[k].replace(year=2027) for k in old.dates)
    with db.read() as con:
        from scoring.store import units as store
        targets = store.organisations(con, 2027).drop_nulls("target").height
        assert targets == store.organisations(con, 2026).drop_nulls("target").height > 0
        entry = audit.entries(con, entity="cycle").row(0, named=True)
    assert (entry["action"], entry["entity_key"]) == ("copy", "2027")


def test_copy_cycle_to_existing_year_refused_and_nothing_changes(db, user):
    before = _snapshot(db, 2026)
    with pytest.raises(ValidationError, match="Omgången 2026 finns redan"):
        cycle_setup.copy_cycle(db, user("admin"), 2022, 2026)
    assert _snapshot(db, 2026) == before


def test_copy_cycle_refused_for_examiner(db, user):
    with pytest.raises(AccessDenied):
        cycle_setup.copy_cycle(db, user("examinator1"), 2026)


def test_shift_year_moves_leap_day_to_28_february():
    assert cycle_setup.shift_year(dt.date(2028, 2, 29), 1) == dt.date(2029, 2, 28)
    assert cycle_setup.shift_year(dt.date(2026, 6, 30), 1) == dt.date(2027, 6, 30)
    assert cycle_setup.shift_year(None, 1) is None


def test_update_details_saves_and_audits(db, user):
    cycle_setup.update_details(db, user("admin"), 2026, {"ceremony_place": "Gyllene salen", "title": " Ny rubrik "})
    row = cycle_setup.cycle_details(db, user("admin"), 2026)
    assert (row["ceremony_place"], row["title"]) == ("Gyllene salen", "Ny rubrik")
    with db.read() as con:
        entry = audit.entries(con, entity="cycle").row(0, named=True)
    assert entry["action"] == "update" and "Gyllene salen" in entry["new_value"]


@pytest.mark.parametrize("values, message", [
    ({"assessment_deadline": dt.date(2026, 5, 1)},
     "Individuell bedömning klar (2026-05-01) kan inte ligga före inlämning av tävlingsbidrag (2026-05-18)."),
    ({"ceremony_date": None}, "Datumet för prisutdelning måste fyllas i."),
    ({"approval_deadline": dt.date(2026, 12, 1)}, "Nämndens protokoll senast (2026-12-01) måste ligga före"),
    ({"title": "  "}, "Rubrik måste fyllas i."),
])
def test_update_details_bad_values_refused_and_nothing_saved(db, user, values, message):
    before = _snapshot(db, 2026)
    with pytest.raises(ValidationError) as err:
        cycle_setup.update_details(db, user("admin"), 2026, values)
    assert any(m.startswith(message) for m in err.value.messages), err.value.messages
    assert _snapshot(db, 2026) == before


def test_closed_cycle_cannot_be_edited(db, user):
    with pytest.raises(ValidationError, match="Omgången 2022 är avslutad"):
        cycle_setup.update_details(db, user("admin"), 2022, {"ceremony_place": "Annat"})
    with pytest.raises(ValidationError, match="avslutad"):
        cycle_setup.save_classes(db, user("admin"), 2022, _class_rows(db, 2022))


def test_save_classes_adds_renames_reorders_and_removes_unused(db, user):
    cycle_setup.copy_cycle(db, user("admin"), 2026)
    rows = _class_rows(db, 2027)
    rows[0]["name"] = "Förskola (inkl. pedagogisk omsorg)"
    rows = [rows[1], rows[0], *rows[2:4], {"code": "kultur", "name": "Kultur och fritid", "prize_amount": "40 000"}]
    cycle_setup.save_classes(db, user("admin"), 2027, rows)  # 'andra' removed: it has no submissions in 2027
    classes = rulebook.load(db, 2027).classes
    assert [c.code for c in classes] == ["skola", "forskola", "aldreomsorg", "socialtjanst_lss", "kultur"]
    assert classes[1].name == "Förskola (inkl. pedagogisk omsorg)"
    assert classes[4].prize_amount == 40000


def test_save_classes_removing_class_with_submissions_refused(db, user):
    before = _snapshot(db, 2026)
    rows = [r for r in _class_rows(db, 2026) if r["code"] != "forskola"]
    with pytest.raises(ValidationError, match="Klassen 'forskola' har 9 anmälda bidrag och kan inte tas bort"):
        cycle_setup.save_classes(db, user("admin"), 2026, rows)
    assert _snapshot(db, 2026) == before


@pytest.mark.parametrize("change, message", [
    ({"code": "skola"}, "Två klasser har koden 'skola'."),
    ({"code": "ny klass"}, "Klass 6: koden 'ny klass' får bara innehålla"),
    ({"name": ""}, "Klass 6: namnet måste fyllas i."),
    ({"prize_amount": "-5"}, "Klass 6: prissumman måste vara ett heltal ≥ 0"),
])
def test_save_classes_bad_rows_refused(db, user, change, message):
    rows = [*_class_rows(db, 2026), {"code": "ny", "name": "Ny klass", "prize_amount": None, **change}]
    with pytest.raises(ValidationError) as err:
        cycle_setup.save_classes(db, user("admin"), 2026, rows)
    assert any(m.startswith(message) for m in err.value.messages), err.value.messages


def test_save_criteria_new_weights_in_registration_phase(db, user):
    cycle_setup.copy_cycle(db, user("admin"), 2026)
    rows = _criteria_rows(db, 2027, c1={"weight": 30, "guidance": "Fråga ett\n\nFråga två "},
                          c2={"weight": 10, "title": "Förbättring och samverkan"})
    cycle_setup.save_criteria(db, user("admin"), 2027, rows)
    crit = rulebook.load(db, 2027).criteria
    assert [c.weight for c in crit] == [30, 10, 20, 20, 20]
    assert crit[0].guidance == ("Fråga ett", "Fråga två")
    assert crit[1].title == "Förbättring och samverkan"


@pytest.mark.parametrize("mutate, message", [
    (lambda rows: rows[0].update(weight=25), "Vikterna måste summera till 100 %; nu summerar de till 105 %."),
    (lambda rows: rows[0].update(weight=20.5), "Vikterna måste summera till 100 %; nu summerar de till 100,5 %."),
    (lambda rows: rows.pop(), "Omgången måste ha kriterierna 1–5"),
    (lambda rows: rows[1].update(number=1), "Omgången måste ha kriterierna 1–5"),
    (lambda rows: rows[2].update(weight=0), "Kriterium 3: vikten måste vara ett tal större än 0"),
    (lambda rows: rows[3].update(title=" "), "Kriterium 4: rubriken måste fyllas i."),
])
def test_save_criteria_bad_set_refused_and_nothing_saved(db, user, mutate, message):
    cycle_setup.copy_cycle(db, user("admin"), 2026)
    before = _snapshot(db, 2027)
    rows = _criteria_rows(db, 2027)
    mutate(rows)
    with pytest.raises(ValidationError) as err:
        cycle_setup.save_criteria(db, user("admin"), 2027, rows)
    assert any(m.startswith(message) for m in err.value.messages), err.value.messages
    assert _snapshot(db, 2027) == before


def test_save_criteria_weights_locked_after_registration_but_texts_editable(db, user):
    rows = _criteria_rows(db, 2026, c1={"weight": 25}, c2={"weight": 15})
    with pytest.raises(ValidationError, match="Vikterna kan bara ändras i fasen anmälan"):
        cycle_setup.save_criteria(db, user("admin"), 2026, rows)
    cycle_setup.save_criteria(db, user("admin"), 2026, _criteria_rows(db, 2026, c5={"title": "Uppföljning och resultat"}))
    assert rulebook.load(db, 2026).criteria[4].title == "Uppföljning och resultat"


def test_move_phase_forward_one_step_and_audited(db, user):
    cycle_setup.move_phase(db, user("admin"), 2026, "consensus")
    assert rulebook.phase(db, 2026) == "consensus"
    history = cycle_setup.phase_history(db, user("admin"), 2026)
    assert history.select("action", "from_phase", "to_phase", "reason").rows() == [
        ("phase_forward", "assessment", "consensus", None)]


def test_move_phase_cannot_skip_a_phase(db, user):
    with pytest.raises(ValidationError, match="ett steg i taget: framåt till konsensus eller bakåt till anmälan"):
        cycle_setup.move_phase(db, user("admin"), 2026, "decision")
    assert rulebook.phase(db, 2026) == "assessment"


def test_move_phase_back_needs_a_reason_which_is_kept(db, user):
    with pytest.raises(ValidationError, match="Skriv varför"):
        cycle_setup.move_phase(db, user("admin"), 2026, "registration", "  ")
    assert rulebook.phase(db, 2026) == "assessment"
    cycle_setup.move_phase(db, user("admin"), 2026, "registration", "En förvaltning anmälde för sent")
    assert rulebook.phase(db, 2026) == "registration"
    entry = cycle_setup.phase_history(db, user("admin"), 2026).row(0, named=True)
    assert (entry["action"], entry["to_phase"], entry["reason"]) == (
        "phase_back", "registration", "En förvaltning anmälde för sent")


def test_move_phase_refused_for_committee(db, user):
    with pytest.raises(AccessDenied):
        cycle_setup.move_phase(db, user("kommitte1"), 2026, "consensus")


def test_phase_warnings_name_what_is_still_open(db, user):
    warnings = cycle_setup.phase_warnings(db, user("admin"), 2026)
    assert len(warnings) == 1 and warnings[0].endswith("individuella bedömningar är inte inskickade.")
    cycle_setup.copy_cycle(db, user("admin"), 2026)
    assert cycle_setup.phase_warnings(db, user("admin"), 2027) == ["Inga enheter är anmälda till omgången."]


# ---------------------------------------------------------------- the first cycle (13.1) and closing (13.6)

PASSWORD = "ett-långt-lösenord"


@pytest.fixture
def init_db(empty_db):
    """What `kvalitet init` leaves: an empty database with one administrator."""
    from scoring.platform import auth
    auth.add_user(empty_db, "init", "admin", "Administratör", "admin", PASSWORD)
    return empty_db


def _admin(db):
    from tests.conftest import user_of
    return user_of(db, "admin")


def _audit(db):
    with db.read() as con:
        return audit.entries(con, entity="cycle")


def test_new_cycle_from_rulebook_file_in_empty_database(init_db):
    year, source = cycle_setup.new_cycle(init_db, _admin(init_db), 2027, "criteria/2026.toml")
    book, template = rulebook.load(init_db, 2027), load_year(2026)
    assert (year, source) == (2027, "criteria/2026.toml")
    assert rulebook.phase(init_db, 2027) == "registration"
    assert book.title == "Stockholms stads kvalitetsutmärkelse 2027"
    assert book.classes == template.classes and book.criteria == template.criteria and book.scale == template.scale
    assert book.dates["ceremony"] == template.dates["ceremony"].replace(year=2027)
    entry = _audit(init_db).row(0, named=True)
    assert (entry["action"], entry["entity_key"], entry["actor"]) == ("create", "2027", "admin")
    assert "criteria/2026.toml" in entry["new_value"]


def test_new_cycle_without_file_uses_newest_bundled_rulebook_then_copies(init_db):
    from criteria import available_years
    admin = _admin(init_db)
    assert cycle_setup.new_cycle(init_db, admin, 2026) == (2026, f"criteria/{max(available_years())}.toml")
    assert cycle_setup.new_cycle(init_db, admin, 2027) == (2027, "omgången 2026")
    assert [r["action"] for r in _audit(init_db).iter_rows(named=True)] == ["copy", "create"]
    assert rulebook.load(init_db, 2027).criteria == rulebook.load(init_db, 2026).criteria


def test_new_cycle_existing_year_refused_in_swedish_and_nothing_written(init_db):
    admin = _admin(init_db)
    cycle_setup.new_cycle(init_db, admin, 2026)
    before = (_snapshot(init_db, 2026), _audit(init_db).height)
    for source in (None, "criteria/2022.toml"):
        with pytest.raises(ValidationError, match="Omgången 2026 finns redan"):
            cycle_setup.new_cycle(init_db, admin, 2026, source)
    assert (_snapshot(init_db, 2026), _audit(init_db).height) == before


@pytest.mark.parametrize("content, message", [
    ("year = 2026\ntitle = ", "inte giltig TOML"),
    ("year = 2026\ntitle = 'x'\n", "trasig.toml"),
])
def test_create_from_broken_rulebook_refused_and_nothing_written(init_db, content, message):
    with pytest.raises(ValidationError, match=message):
        book = cycle_setup.read_rulebook(content.encode(), "trasig.toml")
        cycle_setup.create_from_rulebook(init_db, _admin(init_db), 2026, book, "trasig.toml")
    with init_db.read() as con:
        assert cycles.years(con) == []


def test_new_cycle_bad_year_or_missing_file_refused(init_db, tmp_path):
    admin = _admin(init_db)
    with pytest.raises(ValidationError, match="mellan 2000 och 2100"):
        cycle_setup.new_cycle(init_db, admin, 1999)
    with pytest.raises(ValidationError, match="går inte att läsa"):
        cycle_setup.new_cycle(init_db, admin, 2026, tmp_path / "finns-inte.toml")
    with init_db.read() as con:
        assert cycles.years(con) == []


def test_new_cycle_refused_for_non_admin(init_db):
    from scoring.platform import auth
    from tests.conftest import user_of
    auth.add_user(init_db, "admin", "ordf", "Ordförande", "chair", PASSWORD)
    with pytest.raises(AccessDenied):
        cycle_setup.new_cycle(init_db, user_of(init_db, "ordf"), 2026)
    with pytest.raises(AccessDenied):
        cycle_setup.create_from_rulebook(init_db, user_of(init_db, "ordf"), 2026, load_year(2026), "x")


def test_close_refused_while_decisions_unsigned_and_allowed_once_signed(db, user):
    from scoring.committee import decisions
    admin, chair = user("admin"), user("stadsdirektor")
    cycle_setup.move_phase(db, admin, 2022, "decision", "Rättelse av ett beslut")
    assert decisions.cycle_decisions(db, admin, 2022).status == decisions.SIGNED
    decisions.reopen(db, chair, 2022, "Ett beslut ska rättas")
    with pytest.raises(ValidationError, match="kan inte avslutas: domarkommitténs beslut är inte signerade"):
        cycle_setup.move_phase(db, admin, 2022, "closed")
    assert rulebook.phase(db, 2022) == "decision"
    assert cycle_setup.phase_blockers(db, admin, 2022) == [cycle_setup.UNSIGNED_CLOSE.format(year=2022)]
    decisions.sign(db, chair, 2022)
    assert cycle_setup.phase_blockers(db, admin, 2022) == []
    cycle_setup.move_phase(db, admin, 2022, "closed")
    assert rulebook.phase(db, 2022) == "closed"


def test_uploaded_rulebook_creates_the_cycle_it_describes(init_db):
    """What the Omgång page's uploader hands the core: the file's bytes and its name."""
    data = (cycle_setup.bundled_rulebooks()["criteria/2026.toml"].read_bytes().decode()
            .replace('name = "Skola"', 'name = "Grundskola"'))
    book = cycle_setup.read_rulebook(data.encode(), "egen.toml")
    cycle_setup.create_from_rulebook(init_db, _admin(init_db), 2026, book, "egen.toml")
    assert [c.name for c in rulebook.load(init_db, 2026).classes][:2] == ["Förskola", "Grundskola"]
    assert '"from": "egen.toml"' in _audit(init_db)["new_value"][0]


def test_first_steps_for_the_new_cycle_tick_what_is_done(db, user):
    from scoring.cycle import import_apply as unit_import
    admin = user("admin")
    assert cycle_setup.first_steps(db, admin) is None               # 2026 is under way: no checklist
    cycle_setup.copy_cycle(db, admin, 2026)
    steps = cycle_setup.first_steps(db, admin)
    assert steps.year == 2027
    assert [k for k in cycle_setup.FIRST_STEPS if steps.done[k]] == ["cycle", "examiners", "passwords"]
    data = ("anvandarnamn;namn;organisation;utbildningsar;kapacitet;erfarenhet_klasser;e-post\n"
            "ny.examinator;Ny Examinator;Södermalms stadsdelsförvaltning;2026;4;;ny@stockholm.se\n").encode()
    plan = unit_import.import_examiners(db, admin, data, "examinatorer.csv", 2027)
    assert plan.ok and plan.created, plan.errors
    steps = cycle_setup.first_steps(db, admin)
    assert not steps.done["passwords"]                                # imported, no password yet
    assert steps.counts["examiners"] - steps.counts["with_password"] == len(plan.created)
    with pytest.raises(AccessDenied):
        cycle_setup.first_steps(db, user("kommitte1"))


def test_every_role_sees_every_cycle_and_its_phase_newest_first_for_the_picker(db, user):
    cycle_setup.copy_cycle(db, user("admin"), 2026)
    for name in ("admin", "examinator1", "examinator10", "kommitte1", "stadsdirektor"):
        assert cycle_setup.cycle_phases(db, user(name)) == [(2027, "registration"), (2026, "assessment"),
                                                           (2022, "closed")], name
