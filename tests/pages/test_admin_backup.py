"""Säkerhetskopia: the admin builds a zip of the whole database and gets a download button."""
import io
import re
import zipfile

import pytest

from scoring.platform.access import ValidationError
from scoring.platform.audit_trail import AuditFilter, search
from tests.conftest import button, user_of

PAGE = "scoring/ui/pages/admin_backup.py"


def test_backup_page_builds_a_zip_and_logs_it(app, db, monkeypatch):
    monkeypatch.delenv("KVALITET_BACKUP_KEY", raising=False)
    at = app("admin").switch_page(PAGE).run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Säkerhetskopia"]
    assert any(c.value.startswith("KVALITET_BACKUP_KEY är inte satt") for c in at.caption)
    assert not at.get("file_uploader")  # no restore from the browser
    assert not at.get("download_button")
    button(at, "Skapa säkerhetskopia").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("Säkerhetskopian kvalitet-backup-")
    name, data = at.session_state["backup_zip"]
    shown = re.search(r"är klar \((\d+)\u00a0kB\)\.$", at.success[0].value)   # the demo's zip is under 1 MB
    assert len(data) < 1024 * 1024 and shown and abs(int(shown.group(1)) - len(data) / 1024) <= 0.5
    members = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert f"{name.removesuffix('.zip')}/score.parquet" in members
    assert f"{name.removesuffix('.zip')}/manifest.json" in members
    [download] = at.get("download_button")
    assert download.label == f"Ladda ner {name}"
    logged = search(db, user_of(db, "admin"), AuditFilter(action="backup")).entries
    assert logged["actor"].to_list() == ["admin"]


def test_backup_page_zip_is_verified_and_signed_with_the_key(app, db, tmp_path, monkeypatch):
    """The page's zip is the CLI's verified format: checksums, schema version and (with a key) an HMAC."""
    import json

    from scoring.platform import backup
    from scoring.store import backup as exports

    monkeypatch.setenv("KVALITET_BACKUP_KEY", "sidans-nyckel")
    at = app("admin").switch_page(PAGE).run()
    assert "Manifestet signeras (HMAC-SHA256) med nyckeln i KVALITET_BACKUP_KEY." in [c.value for c in at.caption]
    button(at, "Skapa säkerhetskopia").click().run()
    assert not at.exception
    name, data = at.session_state["backup_zip"]
    folder = name.removesuffix(".zip")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        manifest = json.loads(archive.read(f"{folder}/manifest.json"))
        members = {m.removeprefix(f"{folder}/") for m in archive.namelist()} - {"manifest.json"}
    assert set(manifest["files"]) == members and len(manifest["hmac"]) == 64
    assert manifest["schema_version"] == db.schema_version()
    (tmp_path / name).write_bytes(data)
    assert backup.restore(tmp_path / name, tmp_path / "ny.duckdb").signed
    assert exports.snapshot(tmp_path / "ny.duckdb")["score"] == exports.snapshot(db.path)["score"]
    monkeypatch.setenv("KVALITET_BACKUP_KEY", "fel-nyckel")
    with pytest.raises(ValidationError, match="signaturen stämmer inte"):
        backup.restore(tmp_path / name, tmp_path / "annan.duckdb")
    assert not (tmp_path / "annan.duckdb").exists()
