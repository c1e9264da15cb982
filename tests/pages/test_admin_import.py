"""Import (kansli): preview, every bad row with its number, then all or nothing on confirmation.

AppTest cannot drive st.file_uploader, so these tests put the uploaded file where the page keeps it
between reruns (session state 'import-pending'); the browser test uploads through the real widget.
"""
from pathlib import Path

import polars as pl

from scoring.cycle import registration
from scoring.cycle import import_apply as unit_import
from tests.conftest import button, user_of

PAGE = "scoring/ui/pages/admin_import.py"
CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "imports"
UNITS = ("enhets_id;namn;organisation;chef_budgetansvar;chef_personalansvar;verksamhetsplan_med_mal;"
         "antal_anstallda;driftform;andel_stockholmare\n"
         "N001;Förskolan Ny;Trafikkontoret;ja;ja;ja;12;kommunal;\n"
         "N002;=Parkenheten;Trafikkontoret;ja;ja;ja;8;enskilt driven;80 %\n").encode("utf-8")


def _open(app, kind: str, name: str, data: bytes):
    at = app("admin")
    at.switch_page(PAGE).run()
    if kind == "examiners":
        at.radio[0].set_value("examiners").run()
    at.session_state["import-pending"] = (kind, name, data)
    at.run()
    assert not at.exception
    return at


def _listed(at) -> list[str]:
    """The lines of the wrapped list of errors (the last text block on the page)."""
    return at.text[-1].value.split("\n")


def _unit_ids(db):
    return set(registration.units_overview(db, user_of(db, "admin"), 2026)["id"])


def test_good_file_preview_then_confirm_imports_and_lists_units(app, db):
    before = _unit_ids(db)
    at = _open(app, "units", "enheter.csv", UNITS)
    preview = next(d.value for d in at.dataframe if "rad" in d.value.columns)
    assert list(preview["rad"]) == [2, 3] and list(preview["namn"]) == ["Förskolan Ny", "=Parkenheten"]
    assert at.success[0].value == "Filen är kontrollerad utan fel. Inläsningen ger 2 nya enheter och 0 uppdaterade."
    assert _unit_ids(db) == before  # the preview writes nothing
    button(at, "Läs in alla 2 rader").click().run()
    assert not at.exception
    assert at.success[0].value == "Inläst: 2 nya enheter och 0 uppdaterade."
    assert _unit_ids(db) == before | {"N001", "N002"}
    listed = next(d.value for d in at.dataframe if "Enhet" in d.value.columns)
    assert set(listed["Enhet"]) == {"Förskolan Ny", "=Parkenheten"}
    assert not any(b.label.startswith("Läs in alla") for b in at.button)  # the file is not offered again


def test_bad_file_lists_every_row_error_and_offers_no_import(app, db):
    before = _unit_ids(db)
    at = _open(app, "units", "units_text_in_numbers.csv", (CORPUS / "units_text_in_numbers.csv").read_bytes())
    # the corpus' 7 cell errors plus 'FSK', which is no code, name or prefix of a 2026 class (SKO, ÄLD and AND
    # are prefixes of skola, Äldreomsorg … and andra)
    assert at.error[0].value.startswith("Filen har 8 fel. Inget läses in")
    lines = _listed(at)
    assert len(lines) == 8 and [line.split(",")[0] for line in lines] == [
        "• Rad 2", "• Rad 2", "• Rad 3", "• Rad 4", "• Rad 4", "• Rad 4", "• Rad 6", "• Rad 6"]
    assert lines[0] == "• Rad 2, antal_anstallda: Antal anställda måste vara ett heltal, fick 'tolv'."
    # the long class message is shown in full (wrapped), with every valid class of 2026
    assert lines[1].startswith("• Rad 2, tavlingsklass: Okänd tävlingsklass: 'FSK'. Giltiga klasser i omgången: "
                               "forskola (Förskola), skola (Skola), aldreomsorg (Äldreomsorg inklusive")
    assert lines[1].endswith("tekniska verksamheter). Skriv koden, namnet eller början av namnet.")
    assert not at.dataframe[-1].value.columns.tolist() == ["Att känna till"]
    assert not any(b.label.startswith("Läs in alla") for b in at.button)
    assert _unit_ids(db) == before


def test_unreadable_file_shows_the_reason(app):
    at = _open(app, "units", "old_format.xls", (CORPUS / "old_format.xls").read_bytes())
    assert _listed(at)[0].startswith("• Rad 1: Filen 'old_format.xls' är i det gamla Excel-formatet (.xls).")


def test_examiners_import_shows_roster_with_password_state(app, db):
    data = ("anvandarnamn;namn;organisation;utbildningsar;kapacitet;erfarenhet_klasser\n"
            "greta.g;Greta G;Trafikkontoret;2025;4;skola\n").encode("utf-8")
    at = _open(app, "examiners", "examinatorer.csv", data)
    assert at.success[0].value == "Filen är kontrollerad utan fel. Inläsningen ger 1 ny examinator och 0 uppdaterade."
    button(at, "Läs in raden").click().run()
    assert at.success[0].value == "Inläst: 1 ny examinator och 0 uppdaterade."
    roster = unit_import.examiner_roster(db, user_of(db, "admin")).filter(pl.col("username") == "greta.g")
    assert roster["needs_password"][0]
    shown = next(d.value for d in at.dataframe if "Lösenord" in d.value.columns and len(d.value) == 1)
    assert shown.iloc[0]["Lösenord"] == "Saknas – sätts av kansliet"


def test_page_has_excel_and_csv_exports(app):
    at = _open(app, "units", "units_text_in_numbers.csv", (CORPUS / "units_text_in_numbers.csv").read_bytes())
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Mall (Excel)", "Mall (CSV)", "Giltiga värden (CSV)", "Excel", "CSV"]  # template, errors


def test_long_notices_are_listed_in_full_with_row_numbers(app, db):
    rows = "".join(f"N{i:03d};Förskolan Liten {i};Trafikkontoret;ja;ja;ja;3;kommunal;\n" for i in range(3))
    data = ("enhets_id;namn;organisation;chef_budgetansvar;chef_personalansvar;verksamhetsplan_med_mal;"
            "antal_anstallda;driftform;andel_stockholmare;kommentar\n" + rows).encode("utf-8")
    at = _open(app, "units", "enheter.csv", data)
    notices = at.text[0].value.split("\n")
    assert notices == ["• Kolumnen 'kommentar' känns inte igen och läses inte in."]
    assert not any("Att känna till" in d.value.columns for d in at.dataframe)  # no longer a cut-off table


def test_template_downloads_for_the_selected_cycle(app):
    at = _open(app, "units", "enheter.csv", UNITS)
    labels = [b.proto.label for b in at.get("download_button")]
    assert {"Mall (Excel)", "Mall (CSV)", "Giltiga värden (CSV)"} <= set(labels)


def test_no_cycle_says_so_in_swedish_and_never_none(init_app):
    at = init_app()
    at.switch_page(PAGE).run()
    assert not at.exception
    shown = " ".join(c.value for c in at.caption) + " ".join(i.value for i in at.info)
    assert "Det finns ingen omgång ännu, så enheterna kan inte anmälas" in shown
    assert "None" not in shown
    at.session_state["import-pending"] = ("units", "enheter.csv", UNITS)
    at.run()
    assert not at.exception and "None" not in " ".join(t.value for t in at.text)
