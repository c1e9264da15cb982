"""Hostile input: each string in tests/corpus/hostile/strings.json either round-trips exactly (core, page)
or is refused with its Swedish message, writing nothing. The same strings go into a feedback PDF.

Import files (formulas, wrong encodings, 100 000 rows, binary junk, long cells) have their own corpus in
tests/corpus/imports, run through the parser (tests/unit/test_imports.py) and through the database
(tests/store/test_unit_import.py); here: hostile cell values end-to-end through the database.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from scoring.assessment import individual as assessment
from scoring.cycle import import_apply as unit_import
from scoring.platform.access import ValidationError
from scoring.reports.feedback import build_feedback_report
from scoring.reports.model import CriterionResult, FeedbackReport
from scoring.store import Store
from scoring.store import backup as exports
from scoring.ui import navigation
from tests.conftest import button, user_of
from tests.pdf_checks import flat, pdf_text

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "hostile" / "strings.json"
PAGE = "scoring/ui/pages/score_submission.py"


def _load() -> list[dict]:
    cases = json.loads(CORPUS.read_text(encoding="utf-8"))["cases"]
    for case in cases:
        if "repeat" in case:
            case["text"] = case["repeat"] * case["times"]
    return cases


CASES = _load()
EXACT = [c for c in CASES if c["expect"] == "exact"]
REFUSED = [c for c in CASES if c["expect"] == "refused"]
SHORT = [c for c in EXACT if len(c["text"]) < 1000]


def _draft(db: Store, username: str = "examinator3") -> tuple[int, object]:
    me = user_of(db, username)
    mine = assessment.my_assessments(db, me, 2026)
    return mine.filter(mine["status"] == "draft")["submission_id"][0], me


def test_corpus_has_every_kind_the_issue_names():
    names = {c["name"] for c in CASES}
    assert {"html", "script", "markdown", "emoji", "max-length", "nul-and-controls", "rtl-marks"} <= names
    assert any(len(c["text"]) == 100_000 for c in EXACT)


@pytest.mark.parametrize("case", EXACT, ids=[c["name"] for c in EXACT])
def test_examiner_text_round_trips_exactly_through_the_core(case, db: Store):
    sid, me = _draft(db)
    text = case["text"]
    version = assessment.open_assessment(db, me, sid).version
    assessment.save_draft(db, me, sid, {1: {"score": 50, "strengths": text, "improvements": text[::-1]}}, version)
    stored = assessment.open_assessment(db, me, sid).entries[1]
    assert stored.strengths == text
    assert stored.improvements == text[::-1]


@pytest.mark.parametrize("case", REFUSED, ids=[c["name"] for c in REFUSED])
def test_refused_text_gives_swedish_message_and_writes_nothing(case, db: Store, demo_path):
    sid, me = _draft(db)
    before = exports.snapshot(demo_path)
    with pytest.raises(ValidationError) as refused:
        assessment.save_draft(db, me, sid, {1: {"score": 50, "strengths": case["text"]}},
                              assessment.open_assessment(db, me, sid).version)
    assert refused.value.messages == [case["message"]]
    assert exports.snapshot(demo_path) == before


# -- the page shows it as text, never as markdown/HTML -------------------------------------------------

def _markup_values(at) -> list[str]:
    """Every element that would interpret markdown or HTML (less the app's own constant style and script)."""
    kinds = ("markdown", "caption", "title", "header", "subheader", "info", "success", "warning", "error", "html")
    values = [str(getattr(e, "value", "")) for kind in kinds for e in at.get(kind)]
    return [v for v in values if v not in navigation.OWN_HTML]


def test_scoring_page_shows_hostile_text_exactly_as_text(app, db: Store):
    sid, me = _draft(db)
    texts = [c["text"] for c in EXACT]
    raw = {n: {"score": 50, "strengths": texts[(2 * n - 2) % len(texts)],
               "improvements": texts[(2 * n - 1) % len(texts)]} for n in range(1, 6)}
    assessment.submit(db, me, sid, raw, assessment.open_assessment(db, me, sid).version)
    at = app("examinator3")
    at.switch_page(PAGE)
    at.query_params["bidrag"] = str(sid)
    at.run()
    assert not at.exception
    shown = [t.value for t in at.text]
    for n in range(1, 6):
        assert raw[n]["strengths"] in shown and raw[n]["improvements"] in shown
    markup = "\n".join(_markup_values(at))
    for case in SHORT:
        assert case["text"] not in markup, case["name"]
    assert "<script>" not in markup and "onerror" not in markup


def test_draft_form_gives_hostile_text_back_unchanged(app, db: Store):
    sid, me = _draft(db)
    raw = {n: {"score": 50, "strengths": SHORT[n - 1]["text"], "improvements": SHORT[-n]["text"]} for n in range(1, 6)}
    assessment.save_draft(db, me, sid, raw, assessment.open_assessment(db, me, sid).version)
    at = app("examinator3")
    at.switch_page(PAGE)
    at.query_params["bidrag"] = str(sid)
    at.run()
    for n in range(1, 6):   # the form shows one criterion at a time
        at.segmented_control[0].set_value(n).run()
        assert [t.value for t in at.text_area] == [raw[n]["strengths"], raw[n]["improvements"]]
    button(at, "Spara utkast").click().run()  # saving again changes nothing in the text
    assert not at.error
    stored = assessment.open_assessment(db, me, sid).entries
    assert [stored[n].strengths for n in range(1, 6)] == [raw[n]["strengths"] for n in range(1, 6)]


# -- inside PDFs ---------------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0c\x0e-\x1f\x7f]")


_RIGHT_TO_LEFT = re.compile(r"[\u0590-\u08ff]+")


def _printable(text: str, supported: set[int]) -> str:
    """What the PDF can show: the builder drops control characters and, by its own rule
    (scoring.reports.pdf.printable), invisible format characters and glyphs no font style has;
    pypdf reads a right-to-left run back reversed."""
    from scoring.reports import pdf
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\t", " "))
    shown = flat("".join(ch for ch in pdf.printable(text) if ord(ch) in supported or ch.isspace()))
    return _RIGHT_TO_LEFT.sub(lambda run: run.group(0)[::-1], shown)


def _font_chars() -> set[int]:
    from reportlab.pdfbase import pdfmetrics
    from scoring.reports import pdf
    pdf.register_fonts()
    return set(pdfmetrics.getFont(pdf.FONT).face.charToGlyph)


def _report(strengths: list[str], unit_name: str) -> FeedbackReport:
    criteria = tuple(CriterionResult(n, f"Kriterium {n}", 50, "Goda metoder", strengths[n - 1], f"Förbättra {n}",
                                     40.0, "konsensus") for n in range(1, 6))
    return FeedbackReport(2026, "Kvalitetsutmärkelsen 2026", unit_name, "Förvaltning", "Klass", criteria,
                          50.0, strengths[-1])


@pytest.mark.parametrize("batch", [SHORT[:5], SHORT[5:]], ids=["first", "rest"])
def test_hostile_strings_inside_a_feedback_pdf_read_back_as_written(batch):
    supported = _font_chars()
    texts = [c["text"] for c in batch] + ["–"] * (6 - len(batch))
    pdf = build_feedback_report(_report(texts, unit_name=batch[0]["text"][:80]))
    extracted = flat(pdf_text(pdf).replace("\x00", ""))
    for case in batch:
        expected = _printable(case["text"], supported)
        assert expected and expected in extracted, case["name"]


def test_long_hostile_text_flows_over_pages_in_the_pdf():
    longest = next(c["text"] for c in EXACT if len(c["text"]) == 100_000)
    text = " ".join(longest[i:i + 40] for i in range(0, 20_000, 40))  # a fifth of it, in words: keeps the test fast
    pdf = build_feedback_report(_report([text] + ["x"] * 5, "Enhet"))
    assert pdf_text(pdf).count("å") >= 20_000


# -- imports: hostile cell values end-to-end through the database --------------------------------------

def test_imported_unit_names_with_markup_are_stored_as_typed(db: Store):
    admin = user_of(db, "admin")
    org = db.frame("SELECT name FROM organisation ORDER BY id LIMIT 1")["name"][0]
    names = ["<script>alert(1)</script> förskola", "**Fet** _skola_ [länk](x)", "=1+1 Äldreboende", "Enhet 🏅 ‏ett‏"]
    lines = ["enhets_id;namn;organisation;chef_budgetansvar;chef_personalansvar;verksamhetsplan_med_mal;"
             "antal_anstallda;driftform;andel_stockholmare"] + \
        [f"X{i:03d};{name};{org};ja;ja;ja;12;kommunal;" for i, name in enumerate(names)]
    plan = unit_import.import_units(db, admin, "\n".join(lines).encode("utf-8"), "fientlig.csv", None)
    assert plan.ok, [e.message for e in plan.errors]
    stored = db.frame("SELECT id, name FROM unit WHERE id LIKE 'X%' ORDER BY id")
    assert stored["name"].to_list() == names
