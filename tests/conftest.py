"""One fixture builder for every test layer: the demo database, copied per test.

The demo is built once per session (argon2 hashing and inserts take a few
seconds) and each test gets its own copy in a temporary folder, so tests never
see each other's writes.
"""
from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from scoring import demo
from scoring.platform.access import User
from scoring.store import Store, accounts

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo-template") / "demo.duckdb"
    demo.build(path)
    return path


@pytest.fixture
def demo_path(demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo database for one test."""
    target = tmp_path / "kvalitet.duckdb"
    shutil.copy(demo_template, target)
    return target


@pytest.fixture
def db(demo_path: Path) -> Iterator[Store]:
    store = Store(demo_path)
    yield store
    store.close()


@pytest.fixture
def empty_db(tmp_path: Path) -> Iterator[Store]:
    store = Store(tmp_path / "empty.duckdb")
    yield store
    store.close()


def user_of(db: Store, username: str) -> User:
    with db.read() as con:
        row = accounts.get(con, username)
    assert row is not None, username
    return User(row["username"], row["display_name"], row["role"], row["organisation_id"])


@pytest.fixture
def user(db: Store) -> Callable[[str], User]:
    """user('examinator1') → the demo account as the core's User."""
    return lambda username: user_of(db, username)


@pytest.fixture
def app(demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., object]:
    """app('examinator1') → an AppTest started from app.py and logged in (None: not logged in)."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("KVALITET_DB", str(demo_path))
    monkeypatch.chdir(REPO)

    def start(username: str | None = None, password: str = "demo") -> AppTest:
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60).run()
        if username is not None:
            login(at, username, password)
        return at

    return start


INIT_PASSWORD = "ett-långt-lösenord"


@pytest.fixture
def init_path(tmp_path: Path) -> Path:
    """A database as `kvalitet init` leaves it: no cycle, one administrator 'admin' (password INIT_PASSWORD)."""
    from scoring.platform import auth
    path = tmp_path / "init.duckdb"
    store = Store(path)
    try:
        auth.add_user(store, "init", "admin", "Administratör", "admin", INIT_PASSWORD)
    finally:
        store.close()
    return path


@pytest.fixture
def init_app(init_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., object]:
    """init_app('admin') → an AppTest on the `kvalitet init` database, logged in with INIT_PASSWORD."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("KVALITET_DB", str(init_path))
    monkeypatch.chdir(REPO)

    def start(username: str = "admin", password: str = INIT_PASSWORD) -> AppTest:
        return login(AppTest.from_file(str(REPO / "app.py"), default_timeout=60).run(), username, password)

    return start


def login(at, username: str, password: str = "demo"):
    """Fill the log-in form of an AppTest and submit it."""
    fields = {t.label: t for t in at.text_input}
    fields["Användarnamn"].input(username)
    fields["Lösenord"].input(password)
    next(b for b in at.button if b.label == "Logga in").click().run()
    return at


def button(at, label: str):
    """The button with this label (form submit buttons included)."""
    return next(b for b in at.button if b.label == label)


@pytest.fixture
def full_error_details() -> Iterator[None]:
    """Production config redacts exception details; a test that must see which exception it was uses this."""
    from streamlit import config
    before = config.get_option("client.showErrorDetails")
    config.set_option("client.showErrorDetails", "full")
    yield
    config.set_option("client.showErrorDetails", before)


def open_page(app, username: str, page: str):
    """An AppTest logged in as `username` on `page` (a path from scoring.ui.registry), run without error."""
    at = app(username)
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def by_label(widgets, label: str):
    """The widget with this label among `widgets` (e.g. at.selectbox)."""
    return next(w for w in widgets if w.label == label)


def number_formats(element) -> dict[str, tuple[str, float]]:
    """The number columns an st.dataframe configures: name → (format, step), as the browser receives them."""
    import json
    config = json.loads(element.proto.columns)
    return {name: (col["type_config"]["format"], col["type_config"]["step"]) for name, col in config.items()
            if col.get("type_config", {}).get("type") == "number"}
