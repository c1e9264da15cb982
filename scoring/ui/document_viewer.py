"""The submission as the examiner reads it: the PDF in an embedded viewer (with a download), the text,
and the button to declare a conflict of interest (jäv)."""
from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitAPIException

from scoring.cycle import documents
from scoring.cycle import teams
from scoring.platform.access import AccessDenied, User, ValidationError
from scoring.store import Store
from scoring.ui import shell, text, widgets


def show(db: Store, actor: User, submission_id: int, submission_text: str, height: int = 720) -> None:
    """The PDF if one is uploaded (viewer + download), and the submission's text."""
    try:
        # One slot per session: the shown submission's PDF is not read and checksummed again on every rerun.
        doc = shell.unchanged_or_compute(f"document:{actor.username}:{submission_id}",
                                         lambda: documents.fetch(db, actor, submission_id), slot="document",
                                         drafts=False)
    except (ValidationError, AccessDenied) as exc:
        widgets.errors(exc)
        doc = None
    if doc is None:
        st.caption(text.DOCS_NO_PDF)
        with st.container(height=height, border=True):
            widgets.plain(submission_text)
        return
    st.download_button(text.DOCS_DOWNLOAD, doc.content, doc.filename, "application/pdf",
                       icon=":material/download:", key=f"pdf-download-{submission_id}")
    try:
        _fitted_pdf(doc.content, height, submission_id, f"{text.DOCS_VIEWER}: {doc.filename}")
    except StreamlitAPIException:  # the streamlit-pdf component is missing: the download above still works
        st.caption(widgets.escape_md(doc.filename))
    with st.expander(text.DOCS_TEXT):
        widgets.plain(submission_text)


# streamlit-pdf draws every page at 100 % (an A4 page is 595 px wide) and has no fit-to-width option, so in the
# scoring page's half-width column the right side of the page was cut off (issue 13.12). The viewer is scaled
# with CSS zoom to its column's width: 100cqi is the width of the keyed container (a size container) and 640 px
# a page plus the viewer's 16 px margins; at most 125 % on very wide screens. The zoom scales the viewer's height
# with its width (about 450 px on a 1366 px laptop, 720 px at 1920 px). The viewer's own + and − buttons (top
# right, shown on hover or keyboard focus) zoom from there. A browser without CSS typed arithmetic ignores the
# second declaration and keeps the first, which fits the narrowest column (a 1366 px laptop).
FIT_KEY = "pdf-fit"
_FIT_CSS = f"""<style>
.st-key-{FIT_KEY} {{ container-type: inline-size; }}
.st-key-{FIT_KEY} [data-testid="stBidiComponentIsolated"] {{ zoom: 0.6; zoom: min(1.25, calc(100cqi / 640px)); }}
</style>"""


def _fitted_pdf(content: bytes, height: int, submission_id: int, alt: str) -> None:
    """st.pdf scaled to fit its column's width (see _FIT_CSS)."""
    st.html(_FIT_CSS)
    with st.container(key=FIT_KEY, border=False):
        st.pdf(content, height=height, key=f"pdf-{submission_id}", alt=alt)


def declare_conflict(db: Store, actor: User, submission_id: int, unit_name: str) -> None:
    """A small 'Anmäl jäv' button with a reason; on success the examiner goes back to their list."""
    with st.popover(text.CONFLICT_DECLARE, icon=":material/front_hand:"):
        st.caption(text.CONFLICT_HELP)
        with st.form(f"conflict-{submission_id}", border=False):
            reason = st.text_input(text.CONFLICT_REASON, max_chars=1000)
            pressed = st.form_submit_button(text.CONFLICT_DECLARE, type="primary")
    if pressed:
        try:
            teams.declare_conflict(db, actor, submission_id, reason)
        except (ValidationError, AccessDenied, LookupError) as exc:
            widgets.errors(exc)
        else:
            widgets.flash(text.CONFLICT_DONE_EXAMINER.format(unit=widgets.escape_md(unit_name)), "info")
            st.query_params.pop("bidrag", None)
            st.switch_page(shell.page("bedomningar"))
