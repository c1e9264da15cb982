"""widgets.escape_md: the one escaping path for user-supplied strings placed into markdown-rendered elements."""
import pytest

from scoring.ui.widgets import escape_md


@pytest.mark.parametrize("raw, escaped", [
    ("**fet** _kursiv_", r"\*\*fet\*\* \_kursiv\_"),
    ("![bild](x.png) [länk](y)", r"!\[bild\](x.png) \[länk\](y)"),
    ("<b>fet</b> &amp;", r"\<b\>fet\</b\> \&amp;"),
    (":red[röd] :material/delete: :smile:", r"\:red\[röd\] \:material\/delete\: \:smile\:"),
    ("$x^2$ `kod` ~~s~~ a|b # R", r"\$x^2\$ \`kod\` \~\~s\~\~ a\|b \# R"),
    ("- punkt", r"\- punkt"), ("1. Första", r"1\. Första"), ("= rubrik", r"\= rubrik"),
    ("rad 1\nrad 2\r\n\x00slut", "rad 1 rad 2 slut"),
    ("http://example.com www.example.com", "http:\u2060//example.com www\u2060.example.com"),
])
def test_markup_is_escaped(raw, escaped):
    assert escape_md(raw) == escaped


@pytest.mark.parametrize("plain", ["Solhems grundskola", "ny.person", "andel_stockholmare: fel", "kl 12:30 (ca)",
                                   "Förvaltning/bolag, 3–5 år!", "Examinator 4"])
def test_ordinary_text_is_left_as_it_is(plain):
    assert escape_md(plain) == plain


def test_none_is_empty():
    assert escape_md(None) == ""
