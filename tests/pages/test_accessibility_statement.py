"""Tillgänglighetsredogörelse: open without logging in and to every role, in the structure DIGG prescribes."""
import re

import pytest

from scoring.ui import navigation, registry, text
from tests.conftest import open_page

PAGE = navigation.STATEMENT_PATH
SECTIONS = ["Hur tillgängligt är verktyget?", "Vad kan du göra om du inte kan använda delar av verktyget?",
            "Rapportera brister i tillgängligheten", "Tillsynsmyndighet",
            "Teknisk information om verktygets tillgänglighet", "Innehåll som inte är tillgängligt",
            "Hur vi har testat verktyget"]


def _says(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_statement_opens_without_logging_in(app, monkeypatch):
    monkeypatch.delenv("KVALITET_KANSLI_EMAIL", raising=False)
    at = app(None)
    assert [t.label for t in at.text_input] == ["Användarnamn", "Lösenord"]   # the log-in form, with a link …
    at.switch_page(PAGE).run()                                                # … to the statement
    assert not at.exception
    assert [t.value for t in at.title] == [text.A11Y_TITLE]
    assert [h.value for h in at.header] == SECTIONS
    assert "Myndigheten för digital förvaltning (DIGG)" in _says(at)
    assert "ReportLab" in _says(at) and "WCAG 2.1 nivå AA" in _says(at)
    assert not at.text_input                                                  # no log-in form in the way


@pytest.mark.parametrize("username", ["examinator3", "kommitte1", "stadsdirektor", "admin"])
def test_every_role_has_the_statement_in_its_navigation(app, username):
    [spec] = [p for p in registry.PAGES if p.path == PAGE]
    assert spec.roles == registry.ALL and spec.url == navigation.STATEMENT_URL
    at = open_page(app, username, PAGE)
    assert not at.exception
    assert [t.value for t in at.title] == [text.A11Y_TITLE]


def test_statement_gives_the_installations_kansli_address_and_no_made_up_number(app, monkeypatch):
    monkeypatch.setenv("KVALITET_KANSLI_EMAIL", "kvalitet@stad.example")
    at = app(None)
    at.switch_page(PAGE).run()
    says = _says(at)
    assert "[kvalitet@stad.example](mailto:kvalitet@stad.example)" in says
    assert "stadens växel" in says and not re.search(r"\d{2,3}-\d", says)   # no telephone number is printed


@pytest.mark.parametrize("configured", [None, "inte en adress](javascript:alert(1))"])
def test_statement_says_when_no_kansli_address_is_configured(app, monkeypatch, configured):
    if configured is None:
        monkeypatch.delenv("KVALITET_KANSLI_EMAIL", raising=False)
    else:
        monkeypatch.setenv("KVALITET_KANSLI_EMAIL", configured)
    at = app(None)
    at.switch_page(PAGE).run()
    says = _says(at)
    assert "kansliets adress är inte inställd" in says and "KVALITET_KANSLI_EMAIL" in says
    assert "mailto:" not in says and "javascript" not in says
