"""Säkerhetskopia: the admin builds a zip of the whole database and gets a download button."""
import io
import zipfile

from scoring.audit_trail import AuditFilter, search
from tests.conftest import button, user_of

PAGE = "scoring/ui/pages/admin_backup.py"


def test_backup_page_builds_a_zip_and_logs_it(app, db):
    at = app("admin").switch_page(PAGE).run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Säkerhetskopia"]
    assert not at.get("download_button")
    button(at, "Skapa säkerhetskopia").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("Säkerhetskopian kvalitet-backup-")
    name, data = at.session_state["backup_zip"]
    members = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert f"{name.removesuffix('.zip')}/score.parquet" in members
    assert f"{name.removesuffix('.zip')}/manifest.json" in members
    [download] = at.get("download_button")
    assert download.label == f"Ladda ner {name}"
    logged = search(db, user_of(db, "admin"), AuditFilter(action="backup")).entries
    assert logged["actor"].to_list() == ["admin"]
