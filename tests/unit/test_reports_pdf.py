"""The shared PDF base: escaping, Swedish formats, metadata, fonts, pages."""

import datetime

from reportlab.lib.pagesizes import A4, landscape
from reportlab.platypus import PageBreak, Paragraph

from scoring.reports import pdf
from scoring.reports.model import ClassResult, Winner
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


# --- glyphs: no character is drawn as the font's empty box -------------------

def _hostile_texts() -> list[str]:
    import json
    from pathlib import Path
    corpus = json.loads((Path(__file__).resolve().parents[1] / "corpus" / "hostile" / "strings.json")
                        .read_text(encoding="utf-8"))
    texts = [c["text"] for c in corpus["cases"] if "text" in c] + [c["repeat"] * 3000 for c in corpus["cases"]
                                                                   if "repeat" in c][:1]
    return texts + ["Matematik 𝐀𝐁𝐂 𝒜 ﬁ ½ och emoji 🏅👍🏽"]


def test_printable_drops_format_characters_and_what_no_style_can_draw():
    assert pdf.printable("a\u200bb\u200ec\u202ed\ufeffe\u200d") == "abcde"
    assert pdf.printable("𝐀𝐁𝐂 𝒜") == "ABC A"
    assert pdf.printable("🏅 åäö\nrad") == " åäö\nrad"


def test_no_notdef_glyph_is_drawn_for_the_hostile_corpus():
    """Every hostile text as unit name, class name, motivation (italic on the diploma) and criterion text:
    every character drawn is in the character map of the font that draws it, and every page has ink."""
    from scoring.reports import build_diplomas, build_feedback_report, build_winner_list
    from tests.pdf_checks import missing_glyphs
    from tests.unit.test_reports_ceremony import make_pack
    from tests.unit.test_reports_feedback import make_report, with_criterion
    for text in _hostile_texts():
        name = "Enhet " + text[:200]
        pack = make_pack(chair_name="Anna " + text[:40], classes=(ClassResult(
            "Klass " + text[:80], text[:80], winners=(Winner(name, text[:80], text, 10_000),),
            honourable_mentions=(Winner(name + " 2", text[:80], text, None, True),)),))
        report = with_criterion(make_report(unit_name=name, summary=text), 0, strengths=text, improvements=text)
        for document in (build_winner_list(pack), build_diplomas(pack), build_feedback_report(report)):
            assert missing_glyphs(document) == {}, repr(text[:40])
            drawn = pdf_text(document)
            assert not any(c in drawn for c in "\u200b\u200d\u200e\u200f\u202c\u202e\ufeff"), repr(text[:40])
        assert_pages_not_blank(build_diplomas(pack))


def test_a_character_only_upright_styles_have_is_printed_upright_in_italic_text():
    body = pdf.styles()["body"]
    document = pdf.build_pdf([Paragraph(f"<i>{pdf.markup('kursiv مرحبا')}</i>", body)], title="t", subject="s")
    from tests.pdf_checks import drawn_chars, missing_glyphs
    assert missing_glyphs(document) == {}
    drawn = drawn_chars(document)
    assert "م" in "".join("".join(chars) for font, chars in drawn.items() if "Oblique" not in font)
