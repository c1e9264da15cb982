"""The återföringsrapport: one unit's result, criterion by criterion.

For most units this report is the main benefit of taking part, so it gives
every criterion's final score with its wording and origin, the strengths and
areas for improvement in full (any length; they flow over pages), and a radar
chart against the class median.
"""

from __future__ import annotations

import io
import multiprocessing
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from scoring.reports.model import CriterionResult, FeedbackReport
from scoring.reports.pdf import (FONT, FONT_BOLD, PALE_BLUE, STOCKHOLM_BLUE, build_pdf,
                                 fixed_paragraph, format_number, heading, markup, paragraphs,
                                 styles)
from scoring.reports.radar import radar_flowable

INTRO = ("Rapporten återger examinatorernas samlade bedömning av enhetens tävlingsbidrag. "
         "För varje kriterium anges slutlig poäng, vad poängen bygger på, styrkor och "
         "förbättringsområden. Använd den gärna som underlag i det fortsatta "
         "utvecklingsarbetet.")
NOT_ASSESSED = "Ej bedömd"


def _score_text(score: float | None, scale_max: int) -> str:
    return NOT_ASSESSED if score is None else f"{format_number(score)} av {scale_max}"


def _facts_table(report: FeedbackReport) -> Table:
    rows = [("Enhet", report.unit_name), ("Förvaltning/bolag", report.organisation),
            ("Tävlingsklass", report.class_name),
            ("Omgång", f"{report.cycle_year} – {report.cycle_title}")]
    cell = styles()["cell"]
    table = Table([[key, Paragraph(markup(value), cell)] for key, value in rows],
                  colWidths=[110, None], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT, 9.5),
        ("FONT", (0, 0), (0, -1), FONT_BOLD, 9.5),
        ("BACKGROUND", (0, 0), (-1, -1), PALE_BLUE),
        ("LINEBEFORE", (0, 0), (0, -1), 3, STOCKHOLM_BLUE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table


# The score table fills the text width exactly; every header fits its column with its padding.
TEXT_WIDTH = A4[0] - 40 * mm - 12   # build_pdf's frame: 20 mm margins, 6 pt padding each side
SCORE_COLUMNS = (28, None, 76, 104)
SCORE_HEADERS = ("Nr", "Kriterium", "Poäng", "Klassens median")


def score_column_widths() -> list[float]:
    fixed = sum(w for w in SCORE_COLUMNS if w is not None)
    return [TEXT_WIDTH - fixed if w is None else w for w in SCORE_COLUMNS]


def _score_table(report: FeedbackReport) -> Table:
    # Only the title can be long enough to wrap; plain strings are much
    # cheaper to lay out than Paragraphs, and this table is in every report.
    cell = styles()["cell"]
    rows = [SCORE_HEADERS] + [(
        str(c.number), fixed_paragraph(markup(c.title), cell), _score_text(c.score, report.scale_max),
        "–" if c.class_median is None else format_number(c.class_median),
    ) for c in report.criteria]
    table = Table(rows, colWidths=score_column_widths(), repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT, 9.5),
        ("FONT", (0, 0), (-1, 0), FONT_BOLD, 9.5),
        ("LINEBELOW", (0, 0), (-1, 0), 1, STOCKHOLM_BLUE),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, colors.lightgrey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table


def _radar(report: FeedbackReport) -> Flowable:
    labels = report.short_titles or tuple(c.title for c in report.criteria)
    axis_labels = [f"{c.number}. {label}" for c, label in zip(report.criteria, labels)]
    return radar_flowable(axis_labels, [c.score for c in report.criteria],
                       [c.class_median for c in report.criteria], scale_max=report.scale_max,
                       height=250)


def _overview(report: FeedbackReport) -> list[Flowable]:
    s = styles()
    total = ("Ej beräknad" if report.weighted_total is None
             else f"<b>{format_number(report.weighted_total)}</b> av {report.scale_max}")
    story: list[Flowable] = [*heading("Resultat i korthet"),
                             Paragraph(f"Viktad totalpoäng: {total}", s["body"]),
                             _score_table(report)]
    if len(report.criteria) >= 3:
        caption = f"Enhetens poäng jämförd med klassens median (skala 0–{report.scale_max})."
        story.append(KeepTogether([Spacer(1, 8), _radar(report), fixed_paragraph(caption, s["meta"])]))
    return story


def _criterion(c: CriterionResult, scale_max: int) -> list[Flowable]:
    s = styles()
    score = _score_text(c.score, scale_max)
    descriptor = f" – {markup(c.band_descriptor)}" if c.band_descriptor.strip() else ""
    median = ("" if c.class_median is None
              else f" · Klassens median: {format_number(c.class_median)}")
    return [
        *heading(f"{c.number}. {markup(c.title)}"),
        Paragraph(f"<b>Poäng: {score}</b>{descriptor}", s["body"]),
        Paragraph(f"Poängen bygger på: {markup(c.score_source)}{median}", s["meta"]),
        *([Paragraph(f"Justerad vid platsbesöket: {markup(c.adjustment_reason)}", s["meta"])]
          if c.adjustment_reason.strip() else []),
        *heading("Styrkor", "h3"),
        *paragraphs(c.strengths, s["body"]),
        *heading("Förbättringsområden", "h3"),
        *paragraphs(c.improvements, s["body"]),
    ]


def build_feedback_report(report: FeedbackReport) -> bytes:
    """The återföringsrapport for one unit as PDF bytes."""
    s = styles()
    story: list[Flowable] = [
        fixed_paragraph("Återföringsrapport", s["title"]),
        fixed_paragraph(f"Kvalitetsutmärkelsen {report.cycle_year}", s["subtitle"]),
        _facts_table(report), Spacer(1, 8),
        fixed_paragraph(INTRO, s["body"]),
        *heading("Sammanfattning"), *paragraphs(report.summary, s["body"]),
        *_overview(report),
    ]
    for criterion in report.criteria:
        story.extend(_criterion(criterion, report.scale_max))
    return build_pdf(story, title=f"Återföringsrapport – {report.unit_name}",
                     subject=f"Kvalitetsutmärkelsen {report.cycle_year}: återföringsrapport",
                     running_head=f"Återföringsrapport {report.cycle_year}",
                     footer_note=report.unit_name)


def build_feedback_pdfs(reports: Iterable[tuple[str, FeedbackReport]], *,
                        workers: int = 1) -> Iterator[tuple[str, bytes]]:
    """(file name, PDF bytes) of each report, in the given order; the names must be unique.

    workers > 1 builds the PDFs in that many fresh processes ("spawn", which
    is safe inside a threaded server such as Streamlit).
    """
    named = list(reports)
    names = [name for name, _ in named]
    repeated = sorted(name for name, count in Counter(names).items() if count > 1)
    if repeated:
        raise ValueError("Filnamnen måste vara unika; dessa förekommer flera gånger: "
                         + ", ".join(repeated))

    def built() -> Iterator[tuple[str, bytes]]:
        with _pool(workers) as pool:
            yield from zip(names, pool.map(build_feedback_report, [report for _, report in named],
                                           chunksize=16))
    return built()


def build_feedback_zip(reports: Iterable[tuple[str, FeedbackReport]], *, workers: int = 1) -> bytes:
    """All the given reports as one zip, each under its (unique) file name.

    Built as in `build_feedback_pdfs`; entries keep the given order. The PDFs
    are already compressed, so they are stored as is.
    """
    pdfs = build_feedback_pdfs(reports, workers=workers)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, pdf_bytes in pdfs:
            archive.writestr(name, pdf_bytes)
    return buffer.getvalue()


def _pool(workers: int) -> Executor:
    if workers <= 1:
        return _InlineExecutor()
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))


class _InlineExecutor(Executor):
    """Runs map() lazily in this process, so one worker costs no start-up."""

    def map(self, fn, *iterables, timeout=None, chunksize=1):
        return map(fn, *iterables)
