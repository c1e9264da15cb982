"""The ceremony documents built from the database: winner list, diplomas, programme, presenters, CLI."""
import re

import pytest

from scoring.ceremony import winners as ceremony
from scoring.committee import decisions
from scoring.platform.access import AccessDenied, ValidationError
from scoring.cli import main
from scoring.reports import UnsignedDecisionError
from scoring.store import audit
from tests.ceremony_setup import LONG, NO_WINNER_REASON, TRICKY, YEAR, record_proposals, reopen_2022, sign_2022
from tests.conftest import user_of
from tests.pdf_checks import (assert_pages_not_blank, flat, fonts, metadata, page_sizes, page_texts,
                              pdf_text)

CHAIR_NAME = "Stadsdirektören (demo)"


@pytest.fixture
def signed(db):
    sign_2022(db)
    return db


@pytest.fixture
def proposed(db):
    """2022 with proposals recorded in every class but not signed (reopened, in the decision phase)."""
    reopen_2022(db)
    record_proposals(db)
    return db


def body_text(pdf: bytes) -> str:
    """The pages' text without the running head, footer and page number each page starts and ends with,
    so text that flows over a page break reads as one."""
    pages = [flat(t) for t in page_texts(pdf)]
    prefix = pages[0][:pages[0].index("Vinnare i Kvalitetsutmärkelsen")]
    assert all(p.startswith(prefix) for p in pages)
    return " ".join(re.sub(r" Sida \d+ av \d+$", "", p[len(prefix):]) for p in pages)


def listing(db):
    return decisions.signed_winner_list(db, user_of(db, "admin"), YEAR)


def test_winner_list_names_every_winner_class_date_and_place(signed):
    admin = user_of(signed, "admin")
    text = body_text(ceremony.winner_list_pdf(signed, admin, YEAR))
    signed_list = listing(signed)
    for klass in signed_list.classes:
        assert flat(klass.class_name) in text
        for award in (*klass.winners, *klass.honourable):
            assert award.unit_name in text and award.organisation in text
    for expected in ("29 november 2022", "Blå hallen, Stadshuset", TRICKY, flat(LONG), "50 000 kr", "25 000 kr",
                     "Hedersomnämnande", f"{CHAIR_NAME} Stadsdirektör, ordförande"):
        assert expected in text
    assert text.count("Ingen vinnare") == 1
    assert text.index(signed_list.classes[1].class_name) < text.index("Ingen vinnare")
    assert "UTKAST" not in text


def test_winner_list_keeps_a_class_heading_with_its_winner_despite_a_long_motivation(signed):
    klass = listing(signed).classes[2]
    texts = [flat(t) for t in page_texts(ceremony.winner_list_pdf(signed, user_of(signed, "admin"), YEAR))]
    page = next(t for t in texts if klass.class_name in t)
    assert klass.winners[0].unit_name in page and LONG[:60] in page


def test_winner_list_footer_names_chair_and_signed_date_on_every_page(signed):
    signed_on = listing(signed).signed_at.date()
    from scoring.reports.pdf import format_date
    texts = page_texts(ceremony.winner_list_pdf(signed, user_of(signed, "stadsdirektor"), YEAR))
    assert len(texts) >= 2
    assert all(f"Beslut signerat {format_date(signed_on)} av {CHAIR_NAME}" in flat(t) for t in texts)


def test_unsigned_cycle_is_refused_for_every_document(db, tmp_path):
    admin = user_of(db, "admin")
    for build in (ceremony.winner_list_pdf, ceremony.diplomas_pdf, ceremony.programme_pdf):
        with pytest.raises(UnsignedDecisionError, match="2026 är inte signerade.*utkast"):
            build(db, admin, 2026)
    with pytest.raises(UnsignedDecisionError):
        ceremony.export_folder(db, admin, 2026, tmp_path / "ut")
    assert not (tmp_path / "ut").exists()
    texts = page_texts(ceremony.winner_list_pdf(db, admin, 2026, draft=True))
    assert all("UTKAST" in t for t in texts)
    assert pdf_text(ceremony.programme_pdf(db, admin, 2026, draft=True)).count("Beslut saknas ännu") == 5
    assert flat(" ".join(texts)).count("Beslut saknas ännu") == 5 and "Ingen vinnare" not in " ".join(texts)
    with pytest.raises(ValidationError, match="inga vinnare"):
        ceremony.diplomas_pdf(db, admin, 2026, draft=True)


def test_reopened_decisions_are_refused_again(proposed):
    chair = user_of(proposed, "stadsdirektor")
    for build in (ceremony.winner_list_pdf, ceremony.diplomas_pdf, ceremony.programme_pdf):
        with pytest.raises(UnsignedDecisionError, match="öppnats igen.*utkast"):
            build(proposed, chair, YEAR)


def test_draft_has_utkast_on_every_page_of_every_document(proposed):
    admin = user_of(proposed, "admin")
    for kind in ceremony.DOCUMENTS:
        texts = page_texts(ceremony.document_pdf(proposed, admin, kind, YEAR, draft=True))
        assert texts and all("UTKAST" in t for t in texts), kind
    assert len(page_texts(ceremony.diplomas_pdf(proposed, admin, YEAR, draft=True))) == 5


def test_every_page_renders_non_blank_and_diplomas_are_landscape(signed):
    admin = user_of(signed, "admin")
    for kind in ceremony.DOCUMENTS:
        assert_pages_not_blank(ceremony.document_pdf(signed, admin, kind, YEAR))
    diplomas = ceremony.diplomas_pdf(signed, admin, YEAR)
    sizes = page_sizes(diplomas)
    assert len(sizes) == 5
    assert all(width > height and round(width) == 842 and round(height) == 595 for width, height in sizes)


def test_diplomas_one_page_per_winner_naming_unit_class_year_and_chair(signed):
    texts = [flat(t) for t in page_texts(ceremony.diplomas_pdf(signed, user_of(signed, "admin"), YEAR))]
    winners = [(klass, award) for klass in listing(signed).classes for award in klass.winners]
    assert len(texts) == len(winners)
    for text, (klass, award) in zip(texts, winners):
        assert award.unit_name in text and flat(klass.class_name) in text
        assert "Kvalitetsutmärkelsen 2022" in text and CHAIR_NAME in text and "Stadsdirektör" in text
    mention = listing(signed).classes[0].honourable[0].unit_name
    assert not any(mention in t for t in texts)


def test_documents_have_title_language_and_embedded_fonts(signed):
    admin = user_of(signed, "admin")
    titles = {"vinnarlista": "Vinnarlista – Kvalitetsutmärkelsen 2022", "diplom": "Diplom – Kvalitetsutmärkelsen 2022",
              "program": "Program – prisutdelning 2022"}
    for kind, title in titles.items():
        document = ceremony.document_pdf(signed, admin, kind, YEAR)
        assert metadata(document)["title"] == title and metadata(document)["lang"] == "sv"
        assert fonts(document) and all(fonts(document).values())


def test_only_admin_and_chair_get_the_documents(signed):
    for username in ("kommitte1", "examinator1", "examinator2"):
        actor = user_of(signed, username)
        with pytest.raises(AccessDenied):
            ceremony.winner_list_pdf(signed, actor, YEAR)
        with pytest.raises(AccessDenied):
            ceremony.set_presenters(signed, actor, YEAR, {"forskola": "Någon"})
    assert ceremony.winner_list_pdf(signed, user_of(signed, "stadsdirektor"), YEAR).startswith(b"%PDF")


def test_presenters_are_saved_audited_and_printed_in_the_programme(signed):
    chair = user_of(signed, "stadsdirektor")
    changed = ceremony.set_presenters(signed, chair, YEAR, {"forskola": "  Anna <Ek> & \"Co\" ", "skola": ""})
    assert changed == 1
    table = ceremony.presenters(signed, chair, YEAR)
    assert dict(zip(table["code"], table["presenter"]))["forskola"] == 'Anna <Ek> & "Co"'
    with signed.read() as con:
        entry = audit.entries(con, action="set_presenter").row(0, named=True)
    assert entry["actor"] == "stadsdirektor" and entry["entity_key"] == "2022/forskola"
    text = pdf_text(ceremony.programme_pdf(signed, chair, YEAR))
    assert 'Delas ut av Anna <Ek> & "Co"' in text
    assert text.count("Utdelare meddelas senare") == 4
    assert ceremony.set_presenters(signed, chair, YEAR, {"forskola": 'Anna <Ek> & "Co"'}) == 0


def test_presenters_refuse_bad_input_and_save_nothing(signed):
    admin = user_of(signed, "admin")
    with pytest.raises(ValidationError) as refused:
        ceremony.set_presenters(signed, admin, YEAR, {"forskola": "Ok", "skola": "x" * 201, "finnsinte": "y"})
    assert len(refused.value.messages) == 2
    assert ceremony.presenters(signed, admin, YEAR)["presenter"].to_list() == [None] * 5


def test_cli_export_ceremony_writes_every_file(signed, demo_path, tmp_path):
    signed.close()
    out = tmp_path / "ceremoni"
    assert main(["export", "ceremony", "--cycle", "2022", "--out", str(out), "--db", str(demo_path)]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == ["diplom.pdf", "program.pdf", "resultat-csv.zip", "resultat.xlsx", "vinnarlista.pdf"]
    assert all((out / n).read_bytes().startswith(b"%PDF") for n in names if n.endswith(".pdf"))
    assert all((out / n).read_bytes().startswith(b"PK") for n in names if not n.endswith(".pdf"))


def test_cli_export_ceremony_unsigned_refuses_unless_draft(demo_path, tmp_path, capsys):
    out = tmp_path / "ceremoni"
    assert main(["export", "ceremony", "--cycle", "2026", "--out", str(out), "--db", str(demo_path)]) == 2
    assert "--draft" in capsys.readouterr().err and not out.exists()
    assert main(["export", "ceremony", "--cycle", "2026", "--out", str(out), "--db", str(demo_path), "--draft"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["program-UTKAST.pdf", "resultat-csv.zip", "resultat.xlsx",
                                                     "vinnarlista-UTKAST.pdf"]
    assert "inga vinnare" in capsys.readouterr().out
    assert all("UTKAST" in t for t in page_texts((out / "vinnarlista-UTKAST.pdf").read_bytes()))


def test_no_winner_class_keeps_its_reason_in_the_decisions(signed):
    skola = listing(signed).classes[1]
    assert skola.winners == () and skola.no_winner and skola.motivation == NO_WINNER_REASON


def _rename_by_import(db, unit_id: str, new_name: str, organisation: str) -> None:
    """Rename a unit the way the kansli's import does (scoring.cycle.import_apply.import_units)."""
    from scoring.cycle import import_apply as unit_import
    csv = ("enhets_id;namn;organisation;chef_budgetansvar;chef_personalansvar;verksamhetsplan_med_mal;"
           f"antal_anstallda;driftform;andel_stockholmare;tavlingsklass\n"
           f"{unit_id};{new_name};{organisation};ja;ja;ja;20;kommunal;;\n").encode()
    plan = unit_import.import_units(db, user_of(db, "admin"), csv, "omdop.csv", None)
    assert plan.ok, plan.result


def test_signed_documents_keep_the_names_signed_and_report_a_later_rename(signed):
    admin = user_of(signed, "admin")
    winner = listing(signed).classes[0].winners[0]
    renamed = "Omdöpt efter signeringen"
    _rename_by_import(signed, winner.unit_id, renamed, winner.organisation)

    for pdf in (ceremony.winner_list_pdf(signed, admin, YEAR), ceremony.diplomas_pdf(signed, admin, YEAR),
                ceremony.programme_pdf(signed, admin, YEAR)):
        text = pdf_text(pdf)
        assert winner.unit_name in text and renamed not in text
    assert listing(signed).classes[0].winners[0].unit_name == winner.unit_name
    changes = decisions.changes_since_signing(signed, admin, YEAR)
    assert [(c.unit_name, c.what, c.signed, c.now) for c in changes] == [
        (winner.unit_name, "Enhetens namn", winner.unit_name, renamed)]
    assert ceremony.status(signed, admin, YEAR).changes == changes


def test_reopening_drops_the_frozen_copy_and_the_next_signature_takes_the_live_names(signed):
    admin, chair = user_of(signed, "admin"), user_of(signed, "stadsdirektor")
    winner = listing(signed).classes[0].winners[0]
    _rename_by_import(signed, winner.unit_id, "Nytt namn", winner.organisation)
    reopen_2022(signed)
    assert decisions.changes_since_signing(signed, admin, YEAR) == ()
    decisions.sign(signed, chair, YEAR)
    assert listing(signed).classes[0].winners[0].unit_name == "Nytt namn"
    assert decisions.changes_since_signing(signed, admin, YEAR) == ()


def test_a_class_renamed_after_signing_keeps_its_signed_name_in_the_documents(proposed):
    from scoring.cycle import setup as cycle_setup
    admin, chair = user_of(proposed, "admin"), user_of(proposed, "stadsdirektor")
    decisions.sign(proposed, chair, YEAR)
    classes = decisions.cycle_decisions(proposed, admin, YEAR).classes
    old_name = classes["class_name"][0]
    rows = [{"code": r["class_code"], "name": "Omdöpt klass" if i == 0 else r["class_name"],
             "prize_amount": r["class_prize"]} for i, r in enumerate(classes.iter_rows(named=True))]
    cycle_setup.save_classes(proposed, admin, YEAR, rows)
    text = body_text(ceremony.winner_list_pdf(proposed, admin, YEAR))
    assert flat(old_name) in text and "Omdöpt klass" not in text
    changes = decisions.changes_since_signing(proposed, admin, YEAR)
    assert [(c.what, c.signed, c.now) for c in changes] == [("Klassens namn", old_name, "Omdöpt klass")]


def test_a_total_changed_after_signing_is_reported_with_two_swedish_decimals(signed):
    from scoring import rulebook
    from scoring.assessment import results
    admin = user_of(signed, "admin")
    winner = listing(signed).classes[0].winners[0]
    sid = next(r["submission_id"] for r in results.weighted_totals(signed, YEAR).iter_rows(named=True)
               if r["submission_id"] in _submissions_of(signed, winner.unit_id))
    before = dict(results.weighted_totals(signed, YEAR).select("submission_id", "total").iter_rows())[sid]
    signed.write(lambda con: [con.execute(f"UPDATE {table} SET score = score - 5 WHERE submission_id = ? "
                                          "AND criterion = 1 AND score IS NOT NULL", [sid])
                              for table in ("score", "consensus_score", "site_visit_score")])
    after = dict(results.weighted_totals(signed, YEAR).select("submission_id", "total").iter_rows())[sid]
    weight = rulebook.load(signed, YEAR).criteria[0].weight
    assert after == pytest.approx(before - 5 * weight / 100)
    [change] = [c for c in decisions.changes_since_signing(signed, admin, YEAR) if c.what == "Viktad totalpoäng"]
    assert re.fullmatch(r"\d{1,3},\d\d", change.signed) and re.fullmatch(r"\d{1,3},\d\d", change.now)
    assert float(change.now.replace(",", ".")) == pytest.approx(float(change.signed.replace(",", ".")) - 5 * weight / 100,
                                                                abs=0.01)


def _submissions_of(db, unit_id):
    with db.read() as con:
        return {r[0] for r in con.execute("SELECT id FROM submission WHERE unit_id = ? AND cycle = ?",
                                          [unit_id, YEAR]).fetchall()}
