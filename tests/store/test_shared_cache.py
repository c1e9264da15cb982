"""scoring.ui.shared_cache: what is the same for everyone is read once per data version, and any committed write
makes the next read fetch afresh."""
import shutil

from scoring import rulebook
from scoring.store import audit
from scoring.ui import shared_cache, shell


def _counting(calls: list, year: int = 2026):
    def compute():
        calls.append(year)
        return rulebook.load(shell.store(), year)
    return compute


def test_sessions_share_one_read_until_a_write_changes_the_database(demo_path, monkeypatch):
    monkeypatch.setenv("KVALITET_DB", str(demo_path))
    calls: list = []
    first = shared_cache.shared("rulebook:2026", _counting(calls))
    again = shared_cache.shared("rulebook:2026", _counting(calls))
    assert again is first and len(calls) == 1
    shell.store().write(lambda con: audit.record(con, "test", "note", "test", 1))
    after = shared_cache.shared("rulebook:2026", _counting(calls))
    assert len(calls) == 2 and after is not first and after == first


def test_keys_and_database_files_are_kept_apart(demo_path, tmp_path, monkeypatch):
    monkeypatch.setenv("KVALITET_DB", str(demo_path))
    calls: list = []
    book_2026 = shared_cache.shared("rulebook:2026", _counting(calls, 2026))
    book_2022 = shared_cache.shared("rulebook:2022", _counting(calls, 2022))
    assert calls == [2026, 2022] and book_2026.year == 2026 and book_2022.year == 2022
    other = tmp_path / "other.duckdb"
    shutil.copy(demo_path, other)
    monkeypatch.setenv("KVALITET_DB", str(other))
    shared_cache.shared("rulebook:2026", _counting(calls, 2026))
    assert calls == [2026, 2022, 2026]      # another database file is never answered from the first one's read
