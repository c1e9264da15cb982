"""The examiner reads the PDF beside the scoring form, and can declare jäv from the scoring page."""
import polars as pl

from scoring.cycle import documents
from scoring.cycle import teams
from scoring.ui import document_viewer
from tests.conftest import button, user_of

PAGE = "scoring/ui/pages/score_submission.py"


def open_submission(app, db, username: str, with_pdf: bool):
    docs = documents.cycle_documents(db, user_of(db, "admin"), 2026)
    with db.read() as con:
        mine = set(r[0] for r in con.execute("SELECT submission_id FROM assignment WHERE examiner = ?",
                                             [username]).fetchall())
    wanted = docs.filter(pl.col("submission_id").is_in(list(mine)) & (pl.col("filename").is_not_null() == with_pdf))
    sid = wanted["submission_id"][0]
    at = app(username)
    at.query_params["bidrag"] = str(sid)
    at.switch_page(PAGE).run()
    assert not at.exception
    return at, sid


def test_pdf_is_shown_with_a_download_and_the_text(app, db):
    at, sid = open_submission(app, db, "examinator2", with_pdf=True)
    doc = documents.fetch(db, user_of(db, "admin"), sid)
    assert [b.label for b in at.get("download_button")] == ["Ladda ner PDF"]
    assert [e.key for e in at.get("bidi_component")] == [f"pdf-{sid}"]  # st.pdf (the streamlit-pdf component)
    assert doc.filename.endswith(".pdf")
    assert any(e.label == "Bidragets text" for e in at.expander)


def test_pdf_viewer_is_fitted_to_its_column_width(app, db):
    """Issue 13.12: streamlit-pdf draws pages at 100 %, wider than the scoring page's column; the viewer sits in
    a size container that the page's CSS zooms to the column's width (the browser test measures the result)."""
    at, sid = open_submission(app, db, "examinator2", with_pdf=True)
    css = [h.proto.body for h in at.get("html")]
    assert any(f".st-key-{document_viewer.FIT_KEY}" in body and "zoom" in body and "100cqi" in body for body in css)


def test_without_pdf_the_text_is_shown_and_a_note_says_so(app, db):
    at, sid = open_submission(app, db, "examinator2", with_pdf=False)
    assert not at.get("download_button")
    assert "inte laddat upp bidraget som PDF" in at.caption[1].value


def test_examiner_declares_jav_from_the_scoring_page(app, db):
    at, sid = open_submission(app, db, "examinator2", with_pdf=True)
    next(t for t in at.text_input if t.label == "Vad består jävet i?").input("Min kusin är chef på enheten.")
    button(at, "Anmäl jäv").click().run()
    assert not at.exception
    assert "Ditt jäv mot" in at.info[0].value
    with db.read() as con:
        still = con.execute("SELECT count(*) FROM assignment WHERE submission_id = ? AND examiner = 'examinator2'",
                            [sid]).fetchone()[0]
    assert still == 0
    assert teams.conflict_log(db, user_of(db, "admin"))["Examinator"][0] == "examinator2"
