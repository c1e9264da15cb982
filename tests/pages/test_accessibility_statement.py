"""Tillgänglighetsredogörelse: open without logging in and to every role, in the structure DIGG prescribes."""
import pytest

from scoring.ui import navigation, registry, text
from tests.conftest import open_page

PAGE = navigation.STATEMENT_PATH
SECTIONS = ["Hur tillgängligt är verktyget?", "Innehåll som inte är tillgängligt", "Hur vi har testat verktyget",
            "Rapportera brister i tillgängligheten", "Tillsyn"]


def _says(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_statement_opens_without_logging_in(app):
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
