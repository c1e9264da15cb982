"""The återföringsrapport, the all-units zip and the radar chart."""

import dataclasses
import io
import re
import zipfile

import pytest
from reportlab.graphics import renderPDF

from scoring.reports.feedback import build_feedback_report, build_feedback_zip
from scoring.reports.model import CriterionResult, FeedbackReport
from scoring.reports.radar import radar_chart
from tests.pdf_checks import (assert_pages_not_blank, fonts, metadata, page_texts, pdf_text)

TITLES = ("Stockholmarnas synpunkter och dialog", "Systematiskt förbättringsarbete och samverkan",
          "Ledarskap, tillit och öppenhet", "Medarbetarnas delaktighet",
          "Uppföljning, analys och resultat")
SCORES = (60, 45, 70, 80, 55)
MEDIANS = (50.0, 52.5, 48.0, 60.0, 57.0)
TRICKY = '<b>&"x"'


def make_report(unit_name="Förskolan Äppelträdet", **changes) -> FeedbackReport:
    criteria = tuple(
        CriterionResult(number=n, title=title, score=score,
                        band_descriptor="Goda metoder som används i stora delar av verksamheten",
                        strengths=f"Styrka för kriterium {n}: brukarråd fyra gånger per år.",
                        improvements=f"Förbättring för kriterium {n}: återkoppla till brukarna.",
                        class_median=median, score_source="konsensus")
        for n, title, score, median in zip(range(1, 6), TITLES, SCORES, MEDIANS))
    report = FeedbackReport(cycle_year=2022, cycle_title="Kvalitetsutmärkelsen 2022",
                            unit_name=unit_name,
                            organisation="Hägersten-Älvsjö stadsdelsförvaltning",
                            class_name="Förskola", criteria=criteria, weighted_total=62.5,
                            summary="Tydligt ledarskap och engagerade medarbetare.")
    return dataclasses.replace(report, **changes)


def with_criterion(report: FeedbackReport, index: int, **changes) -> FeedbackReport:
    criteria = list(report.criteria)
    criteria[index] = dataclasses.replace(criteria[index], **changes)
    return dataclasses.replace(report, criteria=tuple(criteria))


def test_feedback_report_shows_cycle_unit_organisation_and_class():
    text = pdf_text(build_feedback_report(make_report()))
    for expected in ("Återföringsrapport", "Kvalitetsutmärkelsen 2022", "Förskolan Äppelträdet",
                     "Hägersten-Älvsjö stadsdelsförvaltning", "Förskola"):
        assert expected in text


def test_feedback_report_shows_every_criterion_title_score_and_source():
    text = pdf_text(build_feedback_report(make_report()))
    for n, title, score in zip(range(1, 6), TITLES, SCORES):
        assert f"{n}. {title}" in text
        assert f"Poäng: {score} av 100" in text
    assert text.count("Poängen bygger på: konsensus") == 5
    assert "Goda metoder som används i stora delar av verksamheten" in text


def test_feedback_report_shows_strengths_improvements_median_and_total():
    text = pdf_text(build_feedback_report(make_report()))
    assert "Styrka för kriterium 3: brukarråd fyra gånger per år." in text
    assert "Förbättring för kriterium 5: återkoppla till brukarna." in text
    assert "Klassens median: 52,5" in text
    assert "Viktad totalpoäng: 62,5 av 100" in text
    assert "Tydligt ledarskap och engagerade medarbetare." in text


def test_feedback_report_prints_markup_characters_as_written():
    report = with_criterion(make_report(unit_name=f"Enhet {TRICKY}"), 0,
                            strengths=f"Före {TRICKY} efter", improvements=f"{TRICKY}\nny rad")
    text = pdf_text(build_feedback_report(report))
    assert f"Före {TRICKY} efter" in text
    assert f"{TRICKY} ny rad" in text
    assert f"Enhet {TRICKY}" in text


def test_feedback_report_round_trips_swedish_letters():
    report = make_report(unit_name="Åsö gymnasium – Ängby Öst", summary="Blåbärsöl åt ÅÄÖ åäö.")
    text = pdf_text(build_feedback_report(report))
    assert "Åsö gymnasium – Ängby Öst" in text
    assert "Blåbärsöl åt ÅÄÖ åäö." in text


def test_feedback_report_missing_score_and_median_print_placeholders():
    report = with_criterion(make_report(weighted_total=None), 2, score=None, class_median=None)
    text = pdf_text(build_feedback_report(report))
    assert "Poäng: Ej bedömd" in text
    assert "Viktad totalpoäng: Ej beräknad" in text


def test_feedback_report_long_strength_flows_over_pages_and_is_complete():
    words = [f"styrka{i:05d}" for i in range(1700)]  # 20,400 characters
    long_text = " ".join(words)
    assert len(long_text) >= 20_000
    document = build_feedback_report(with_criterion(make_report(), 0, strengths=long_text))
    texts = page_texts(document)
    pages_with_words = [i for i, t in enumerate(texts) if "styrka" in t]
    assert len(pages_with_words) >= 3
    assert re.findall(r"styrka\d{5}", " ".join(texts)) == words


def test_feedback_report_metadata_title_lang_and_embedded_fonts():
    document = build_feedback_report(make_report())
    assert metadata(document) == {
        "title": "Återföringsrapport – Förskolan Äppelträdet", "author": "Stockholms stad",
        "subject": "Kvalitetsutmärkelsen 2022: återföringsrapport", "lang": "sv"}
    used = fonts(document)
    assert used and all(used.values()), used


def test_feedback_report_numbers_every_page():
    long_text = "Lång text. " * 1500
    report = with_criterion(make_report(), 1, improvements=long_text)
    texts = page_texts(build_feedback_report(report))
    total = len(texts)
    assert total > 1
    assert [f"Sida {n} av {total}" in t for n, t in enumerate(texts, start=1)] == [True] * total


def test_feedback_report_pages_render_non_blank():
    assert_pages_not_blank(build_feedback_report(make_report()))


def test_feedback_report_radar_legend_is_printed():
    text = pdf_text(build_feedback_report(make_report()))
    assert "Enheten" in text and "Klassens median" in text


def test_feedback_zip_holds_one_report_per_unit():
    names = [("enhet-1.pdf", make_report("Enhet Ett")), ("enhet-2.pdf", make_report("Enhet Två"))]
    with zipfile.ZipFile(io.BytesIO(build_feedback_zip(names))) as archive:
        assert archive.namelist() == ["enhet-1.pdf", "enhet-2.pdf"]
        assert "Enhet Ett" in pdf_text(archive.read("enhet-1.pdf"))
        assert "Enhet Två" in pdf_text(archive.read("enhet-2.pdf"))


def test_feedback_zip_with_two_workers_keeps_order_and_content():
    names = [(f"enhet-{i}.pdf", make_report(f"Enhet nr {i}")) for i in range(5)]
    with zipfile.ZipFile(io.BytesIO(build_feedback_zip(names, workers=2))) as archive:
        assert archive.namelist() == [name for name, _ in names]
        assert ["Enhet nr 3" in pdf_text(archive.read(n)) for n in archive.namelist()] == [
            False, False, False, True, False]


def test_feedback_zip_repeated_file_name_is_refused():
    with pytest.raises(ValueError, match="unika"):
        build_feedback_zip([("a.pdf", make_report()), ("a.pdf", make_report())])


def _radar_text(drawing) -> str:
    return pdf_text(renderPDF.drawToString(drawing))


def test_radar_chart_labels_axes_rings_and_legend():
    text = _radar_text(radar_chart([f"{n}. {t}" for n, t in enumerate(TITLES, 1)], SCORES, MEDIANS))
    for expected in ("1. Stockholmarnas", "5. Uppföljning", "20", "100", "Enheten",
                     "Klassens median"):
        assert expected in text


def test_radar_chart_without_any_median_leaves_median_out():
    text = _radar_text(radar_chart(["A", "B", "C", "D", "E"], [10, None, 30, 40, 50], [None] * 5))
    assert "Enheten" in text and "Klassens median" not in text


def test_radar_chart_fewer_than_three_axes_is_refused():
    with pytest.raises(ValueError):
        radar_chart(["A", "B"], [1, 2], [1, 2])


def test_score_table_headers_fit_inside_their_columns_and_the_text_width():
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from scoring.reports import feedback as report_module
    from scoring.reports.pdf import FONT_BOLD
    widths = report_module.score_column_widths()
    assert sum(widths) <= report_module.TEXT_WIDTH + 0.01
    for header, width in zip(report_module.SCORE_HEADERS, widths):
        assert stringWidth(header, FONT_BOLD, 9.5) + 12 <= width, header   # 6 pt padding each side


def test_an_adjusted_score_prints_the_reason_and_an_unadjusted_none():
    report = with_criterion(make_report(), 1, score_source="justerad vid platsbesök",
                            adjustment_reason="Besöket visade <rutiner> som inte fanns i bidraget.")
    text = pdf_text(build_feedback_report(report))
    assert "Justerad vid platsbesöket: Besöket visade <rutiner> som inte fanns i bidraget." in text
    assert text.count("Justerad vid platsbesöket") == 1
