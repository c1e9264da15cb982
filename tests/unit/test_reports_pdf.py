"""The shared PDF base: escaping, Swedish formats, metadata, fonts, pages."""

import datetime

from reportlab.lib.pagesizes import A4, landscape
from reportlab.platypus import PageBreak, Paragraph

from scoring.reports import pdf
from tests.pdf_checks import (assert_pages_not_blank, fonts, metadata, page_sizes, page_texts,
                              pdf_text)


def _three_pages(**options) -> bytes:
    body = pdf.styles()["body"]
    story = [Paragraph("Första sidan", body), PageBreak(), Paragraph("Andra sidan", body),
             PageBreak(), Paragraph("Tredje sidan", body)]
    return pdf.build_pdf(story, title="Provdokument åäö", subject="Prov", **options)


def test_markup_escapes_tags_ampersand_and_quotes():
    assert pdf.markup('<b>&"x"\'') == "&lt;b&gt;&amp;&quot;x&quot;&#39;"


def test_markup_newlines_become_line_breaks():
    assert pdf.markup("rad ett\r\nrad två\nrad tre") == "rad ett<br/>rad två<br/>rad tre"


def test_markup_word_line_breaks_and_control_characters_are_cleaned():
    assert pdf.markup("a\x0bb\x00c\td") == "a<br/>bc d"


def test_paragraphs_blank_line_starts_new_paragraph():
    parts = pdf.paragraphs("första\nfortsättning\n\n  \nandra", pdf.styles()["body"])
    assert [p.text for p in parts] == ["första<br/>fortsättning", "andra"]


def test_paragraphs_empty_text_prints_placeholder():
    assert [p.text for p in pdf.paragraphs("  ", pdf.styles()["body"])] == ["–"]


def test_format_date_uses_swedish_month_names():
    assert pdf.format_date(datetime.date(2022, 11, 29)) == "29 november 2022"
    assert pdf.format_long_date(datetime.date(2022, 11, 29)) == "tisdag 29 november 2022"


def test_format_amount_groups_thousands_with_no_break_spaces():
    assert pdf.format_amount(50000) == "50\u00a0000\u00a0kr"
    assert pdf.format_amount(1250000) == "1\u00a0250\u00a0000\u00a0kr"


def test_format_number_uses_decimal_comma_without_trailing_zero():
    assert [pdf.format_number(v) for v in (62.5, 55.0, 48.25, 0)] == ["62,5", "55", "48,3", "0"]


def test_register_fonts_twice_is_harmless():
    pdf.register_fonts()
    pdf.register_fonts()
    assert pdf.FONT_BOLD_ITALIC in pdf.pdfmetrics.getRegisteredFontNames()


def test_build_pdf_sets_title_author_subject_and_lang_sv():
    assert metadata(_three_pages()) == {"title": "Provdokument åäö", "author": "Stockholms stad",
                                        "subject": "Prov", "lang": "sv"}


def test_build_pdf_embeds_every_font_as_truetype():
    used = fonts(_three_pages())
    assert used and all(used.values()), used


def test_build_pdf_numbers_pages_sida_n_av_m():
    texts = page_texts(_three_pages())
    assert [f"Sida {n} av 3" in text for n, text in enumerate(texts, start=1)] == [True] * 3


def test_build_pdf_watermark_marks_every_page():
    texts = page_texts(_three_pages(watermark="UTKAST"))
    assert ["UTKAST" in text for text in texts] == [True, True, True]


def test_build_pdf_without_watermark_has_no_mark():
    assert "UTKAST" not in pdf_text(_three_pages())


def test_build_pdf_footer_note_and_running_head_print_on_each_page():
    texts = page_texts(_three_pages(running_head="Rubrik <&>", footer_note="Fot åäö"))
    assert all("Rubrik <&>" in t and "Fot åäö" in t for t in texts)


def test_build_pdf_pages_render_non_blank():
    assert_pages_not_blank(_three_pages())


def test_build_canvas_pdf_sets_metadata_and_page_size():
    def draw(canv):
        canv.setFont(pdf.FONT, 20)
        canv.drawString(100, 300, "Ölandsbro")
        canv.showPage()

    document = pdf.build_canvas_pdf(draw, title="Duk", subject="Prov", pagesize=landscape(A4))
    assert metadata(document)["lang"] == "sv"
    assert metadata(document)["title"] == "Duk"
    assert [(round(w), round(h)) for w, h in page_sizes(document)] == [(842, 595)]
    assert pdf_text(document) == "Ölandsbro"
    assert all(fonts(document).values())
