"""The accessible frame of every page (WCAG 2.1 AA, issue 17): our own sidebar navigation, the page's title and
the document language.

Streamlit's own sidebar navigation puts `<li>` elements inside `<div>`s under its `<ul>` (axe: `list` and
`listitem`, serious), so it is hidden (st.navigation(position="hidden")) and the role's pages are drawn here as
page links under a label per section. Streamlit serves `<html lang="en">` and has no setting for it; a few
lines of script set `lang="sv"` (the script is ours and constant, never user input). Page links and
st.switch_page keep the same document, so the language stays set after every navigation; a reload runs the
script again."""
from __future__ import annotations

import json

import streamlit as st

from scoring.ui import text

LANGUAGE = "sv"
STATEMENT_URL = "tillganglighet"
STATEMENT_PATH = "scoring/ui/pages/accessibility_statement.py"
_LANG_BOX = "kvalitet-sprak"
# The language script's box takes no room (display: none does not stop its script). Captions are drawn at 60 %
# opacity, which no coloured text or inline code inside them survives (axe: color-contrast, serious): a grey of
# 7:1 on white (6:1 on the sidebar) at full opacity instead.
# Focus: Streamlit marks a focused text field only by a faint border and a page link not at all; one clear
# outline in the theme's blue for everything the keyboard can reach (WCAG 2.4.7).
_FOCUS = "#0b3d91"
_STYLE = (f"<style>.st-key-{_LANG_BOX} {{ display: none; }}\n"
          '[data-testid="stCaptionContainer"] { opacity: 1; color: #595959; }\n'
          f":is(a, button, summary, [tabindex], [role=radio], [role=checkbox]):focus-visible {{ outline: 2px solid {_FOCUS} !important; outline-offset: 2px; }}\n"
          f"div:has(> :is(input, textarea):focus-visible) {{ outline: 2px solid {_FOCUS}; outline-offset: 1px; }}\n"
          # A page link in the page (a row of the examiner's list: status, unit, class, organisation) wraps
          # instead of being cut at the window's edge: at 390 px or 200 % zoom nothing is lost (WCAG 1.4.10).
          '.stMain [data-testid="stPageLink-NavLink"] :is(span, p, div) { white-space: normal; overflow: visible; }'
          "</style>")
# Besides the language, once per document: the PDF viewer (st.pdf, a component in a shadow root) scrolls its
# pages in a box the keyboard cannot reach (axe: scrollable-region-focusable, serious) and names its zoom
# buttons in English. Watched, because the viewer draws itself after this script has run.
_SCRIPT = ("<script>document.documentElement.lang = " + json.dumps(LANGUAGE) + """;
if (!window.kvalitetA11y) {
  window.kvalitetA11y = true;
  const names = """ + json.dumps(text.A11Y_ENGLISH) + """;
  const swedish = (root) => {   // Streamlit's own English names (WCAG 3.1.2): aria-labels, titles, the skip link
    root.querySelectorAll("[aria-label], [title]").forEach((el) => {
      for (const attr of ["aria-label", "title"]) {
        const value = el.getAttribute(attr) || "";
        const name = names[value] || (value.startsWith("Help for ") && names["Help for "] + value.slice(9));
        if (name) el.setAttribute(attr, name);
      }
    });
    root.querySelectorAll("a").forEach((a) => { const name = names[a.textContent]; if (name) a.textContent = name; });
  };
  const ring = document.createElement("style");   // the page's focus outline does not reach into a shadow root
  ring.textContent = ":is(button, [tabindex]):focus-visible { outline: 2px solid """ + _FOCUS + """; outline-offset: -2px; }";
  const fix = (root) => {
    if (!root.querySelector("style[data-kvalitet]")) {
      const copy = ring.cloneNode(true);
      copy.dataset.kvalitet = "1";
      root.appendChild(copy);
    }
    swedish(root);
    root.querySelectorAll('[data-testid="pdf-content"]:not([tabindex])').forEach((el) => {
      const region = el.closest("[role=region]");
      el.tabIndex = 0;
      el.setAttribute("role", "region");
      el.setAttribute("aria-label", region ? region.getAttribute("aria-label") : "PDF");
    });
    root.querySelectorAll("button[title]:not([aria-label])").forEach((b) => b.setAttribute("aria-label", b.title));
  };
  const scan = () => swedish(document) || document.querySelectorAll('[data-testid="stBidiComponentIsolated"]').forEach((host) => {
    const root = host.shadowRoot;
    if (!root) return;
    fix(root);
    if (!root.kvalitetWatched) {
      root.kvalitetWatched = true;
      new MutationObserver(() => fix(root)).observe(root, {subtree: true, childList: true});
    }
  });
  new MutationObserver(scan).observe(document.body, {subtree: true, childList: true});
  setInterval(scan, 250);   // a viewer can draw itself inside its shadow root with no change outside it
}</script>""")


OWN_HTML = frozenset({_STYLE, _SCRIPT})   # the only HTML the app writes itself: constant, never user input


def sidebar_links(sections: dict[str, list[st.Page]]) -> None:
    """The role's pages, grouped by section, as plain links (the current page is marked by Streamlit)."""
    with st.sidebar, st.container(key="huvudmeny"):
        for section, pages in sections.items():
            st.markdown(f"**{section}**")
            for page in pages:
                st.page_link(page, label=page.title, icon=page.icon or None)


def frame(title: str) -> None:
    """The document's title ("Bedöm bidrag – Kvalitetsutmärkelsen") and language for the page about to run."""
    st.set_page_config(page_title=f"{title} – {text.APP_TITLE}")
    st.html(_STYLE)   # style only: Streamlit puts it where it takes no room on the page
    with st.container(key=_LANG_BOX):
        st.html(_SCRIPT, unsafe_allow_javascript=True)


def statement_page() -> st.Page:
    """The accessibility statement, reachable without logging in."""
    return st.Page(STATEMENT_PATH, title=text.A11Y_TITLE, icon=":material/accessibility_new:", url_path=STATEMENT_URL)
