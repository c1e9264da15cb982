"""The ceremony documents: winner list, diplomas and programme.

All three name the winners, so all three follow the same rule: they are
final only once the stadsdirektör has signed the decisions (pack.signed_on).
Before that only a draft can be printed, marked UTKAST on every page.
Classes are printed in the pack's order, which is the ceremony order.
"""

from __future__ import annotations

import os

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepInFrame, KeepTogether, Paragraph, Spacer

from scoring.reports.model import CeremonyPack, ClassResult, Winner
from scoring.reports.pdf import (FONT, FONT_BOLD, FONT_ITALIC, GOLD, GREY, STOCKHOLM_BLUE,
                                 build_canvas_pdf, build_pdf, draw_watermark, fixed_paragraph,
                                 format_amount, format_date, format_long_date, heading, markup,
                                 paragraphs, printable, styles)

DRAFT_MARK = "UTKAST"
NO_WINNER = "Ingen vinnare"
NOT_DECIDED = "Beslut saknas ännu"
HONOURABLE = "Hedersomnämnande"


def _diploma_winners(pack: CeremonyPack) -> list[tuple[ClassResult, Winner]]:
    """Winners that get a diploma: those in `winners` not flagged honourable."""
    return [(c, w) for c in pack.classes for w in c.winners if not w.honourable]


def _signature_note(pack: CeremonyPack) -> str:
    if pack.signed_on is None:
        return f"{DRAFT_MARK} – besluten är ännu inte signerade"
    return f"Beslut signerat {format_date(pack.signed_on)} av {pack.chair_name}, {pack.chair_title}"


def _ceremony_line(pack: CeremonyPack) -> str:
    """Plain text: escape with markup() before it goes into a Paragraph."""
    return f"Prisutdelning {format_date(pack.ceremony_date)}, {pack.ceremony_place}"


# --- winner list ----------------------------------------------------------

def _no_winner(result: ClassResult) -> str:
    return NO_WINNER if result.decided else NOT_DECIDED


# The unit's name is kept with at most this many lines of its motivation. Keeping it with a
# whole long paragraph would move that block to the next page and leave the class heading
# alone at the foot of the page.
_KEEP_LINES = 3
_TEXT_WIDTH = A4[0] - 40 * mm - 12   # build_pdf's frame: 20 mm margins, 6 pt padding each side


def _winner_block(winner: Winner) -> tuple[list[Flowable], list[Flowable]]:
    """(what must stay together: name, förvaltning and the start of the motivation; the rest).
    A mention without a motivation of its own prints none (never the class's or a winner's)."""
    s = styles()
    prize = ("" if winner.prize_amount is None
             else f" · Prischeck: {format_amount(winner.prize_amount)}")
    head = [Paragraph(f"<b>{markup(winner.unit_name)}</b>", s["h3"]),
            Paragraph(f"{markup(winner.organisation)}{prize}", s["meta"])]
    if winner.honourable and not markup(winner.motivation):
        return head, [Spacer(1, 4)]
    # Keep the name with the start of its motivation; the rest may flow.
    body = paragraphs(winner.motivation, s["body"])
    first = body[0].split(_TEXT_WIDTH, _KEEP_LINES * s["body"].leading) or [body[0]]
    if len(first) > 1:  # the paragraph goes on right below: no paragraph space between the parts
        first[0].style = ParagraphStyle("body_continued", first[0].style, spaceAfter=0)
    return head + first[:1], [*first[1:], *body[1:], Spacer(1, 4)]


def _kept_with_next(title: Flowable, awards: tuple[Winner, ...]) -> list[Flowable]:
    """A heading and the awards under it: the heading stays on the page of the first award's start."""
    story: list[Flowable] = []
    for number, award in enumerate(awards):
        keep, rest = _winner_block(award)
        story += [KeepTogether(([title] if number == 0 else []) + keep), *rest]
    return story


def _class_section(result: ClassResult) -> list[Flowable]:
    s = styles()
    title = Paragraph(markup(result.class_name), s["h2"])
    if result.winners:
        story = _kept_with_next(title, result.winners)
    else:
        story = [KeepTogether([title, Paragraph(f"<i>{_no_winner(result)}</i>", s["body"])])]
    if result.honourable_mentions:
        story += _kept_with_next(fixed_paragraph(HONOURABLE, s["h3"]), result.honourable_mentions)
    return story


def chair_in_sentence(title: str) -> str:
    """The chair's title mid-sentence, definite: "Stadsdirektör" → "stadsdirektören". A title of
    several words is only lower-cased at its start; an acronym (two capitals) is left as it is."""
    title = " ".join(title.split())
    if len(title) > 1 and title[1].isupper():
        return title
    title = title[:1].lower() + title[1:]
    if not title or " " in title or title.endswith("n"):
        return title
    return title + ("n" if title[-1] in "aeiouyåäö" else "en")


def _signature_block(pack: CeremonyPack) -> list[Flowable]:
    s = styles()
    if pack.signed_on is None:
        return [Spacer(1, 18), Paragraph(f"<b>{DRAFT_MARK}</b> – besluten är ännu inte "
                                         f"signerade av {markup(pack.chair_title)}.", s["body"])]
    return [KeepTogether([
        Spacer(1, 24),
        Paragraph(f"Stockholm den {format_date(pack.signed_on)}", s["body"]),
        Spacer(1, 22),
        Paragraph("_" * 34, s["body"]),
        Paragraph(f"<b>{markup(pack.chair_name)}</b><br/>{markup(pack.chair_title)}, "
                  "ordförande i domarkommittén", s["body"]),
    ])]


def build_winner_list(pack: CeremonyPack, draft: bool = False) -> bytes:
    """The vinnarlista: every class in order with its winners, mentions and prizes."""
    pack.require_signed(draft)
    s = styles()
    story: list[Flowable] = [
        Paragraph(f"Vinnare i Kvalitetsutmärkelsen {pack.cycle_year}", s["title"]),
        Paragraph(markup(pack.cycle_title), s["subtitle"]),
        Paragraph(f"<b>{markup(_ceremony_line(pack))}</b>", s["body"]),
        Paragraph(f"Domarkommittén, med {markup(chair_in_sentence(pack.chair_title))} som ordförande, har beslutat "
                  f"att tilldela följande enheter Stockholms stads kvalitetsutmärkelse "
                  f"{pack.cycle_year}.", s["body"]),
    ]
    for result in pack.classes:
        story.extend(_class_section(result))
    story.extend(_signature_block(pack))
    return build_pdf(story, title=f"Vinnarlista – Kvalitetsutmärkelsen {pack.cycle_year}",
                     subject=f"Domarkommitténs beslut {pack.cycle_year}",
                     running_head=f"Vinnarlista {pack.cycle_year}",
                     footer_note=_signature_note(pack), watermark=DRAFT_MARK if draft else None)


# --- programme ------------------------------------------------------------

def _programme_item(number: int, result: ClassResult) -> list[Flowable]:
    s = styles()
    presenter = (f"Delas ut av {markup(result.presenter)}" if result.presenter
                 else "Utdelare meddelas senare")
    story = heading(f"{number}. {markup(result.class_name)}", "h3")
    story.append(Paragraph(presenter, s["meta"]))
    names = [f"<b>{markup(w.unit_name)}</b>, {markup(w.organisation)}" for w in result.winners]
    story.extend(Paragraph(name, s["body"]) for name in names)
    if not names:
        story.append(Paragraph(f"<i>{_no_winner(result)}</i>", s["body"]))
    story.extend(Paragraph(f"{HONOURABLE}: {markup(w.unit_name)}, {markup(w.organisation)}",
                           s["body"]) for w in result.honourable_mentions)
    return story


def build_programme(pack: CeremonyPack, draft: bool = False) -> bytes:
    """The ceremony programme: when and where, then the classes in order."""
    pack.require_signed(draft)
    s = styles()
    chair = f"{markup(pack.chair_name)}, {markup(pack.chair_title)}"
    when = format_long_date(pack.ceremony_date)
    story: list[Flowable] = [
        Paragraph("Program", s["title"]),
        Paragraph(f"Prisutdelning – Kvalitetsutmärkelsen {pack.cycle_year}", s["subtitle"]),
        Paragraph(f"<b>{when[0].upper() + when[1:]}</b><br/>{markup(pack.ceremony_place)}",
                  s["body"]),
        *heading("Välkommen", "h2"), Paragraph(chair, s["body"]),
        *heading("Prisutdelning per tävlingsklass", "h2"),
    ]
    for number, result in enumerate(pack.classes, start=1):
        story.extend(_programme_item(number, result))
    story.extend([*heading("Avslutning", "h2"), Paragraph(chair, s["body"])])
    return build_pdf(story, title=f"Program – prisutdelning {pack.cycle_year}",
                     subject=f"Kvalitetsutmärkelsen {pack.cycle_year}: program för prisutdelning",
                     running_head=f"Program {pack.cycle_year}", footer_note=_ceremony_line(pack),
                     watermark=DRAFT_MARK if draft else None)


# --- diplomas -------------------------------------------------------------

DIPLOMA_PAGE = landscape(A4)


def _diploma_style(name: str, font: str, size: float, color=STOCKHOLM_BLUE) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.25,
                          alignment=TA_CENTER, textColor=color)


def _load_logo(path: str | None) -> ImageReader | None:
    """The logo, or None when there is none or it cannot be read (skipped)."""
    if not path or not os.path.isfile(path):
        return None
    try:
        logo = ImageReader(path)
        logo.getSize()
    except OSError:
        return None
    return logo


def _draw_border(canv: Canvas) -> None:
    width, height = DIPLOMA_PAGE
    canv.saveState()
    canv.setStrokeColor(STOCKHOLM_BLUE)
    canv.setLineWidth(4)
    canv.rect(9 * mm, 9 * mm, width - 18 * mm, height - 18 * mm)
    canv.setStrokeColor(GOLD)
    canv.setLineWidth(1)
    canv.rect(13 * mm, 13 * mm, width - 26 * mm, height - 26 * mm)
    canv.setFillColor(GOLD)
    for x in (13 * mm, width - 13 * mm):
        for y in (13 * mm, height - 13 * mm):
            path = canv.beginPath()
            path.moveTo(x, y + 5 * mm)
            path.lineTo(x + 5 * mm, y)
            path.lineTo(x, y - 5 * mm)
            path.lineTo(x - 5 * mm, y)
            path.close()
            canv.drawPath(path, stroke=0, fill=1)
    canv.restoreState()


def _draw_fitted(canv: Canvas, text: str, style: ParagraphStyle, top: float,
                 max_height: float, min_size: float = 7, width: float = 165 * mm) -> float:
    """Draw centred markup below `top`, shrinking the font until it fits.

    Returns the height used. Below min_size the block is scaled down as a
    whole, so even an extreme text stays inside its box.
    """
    size = style.fontSize
    while True:
        fitted = ParagraphStyle("fit", style, fontSize=size, leading=size * 1.3)
        para = Paragraph(text, fitted)
        _, height = para.wrapOn(canv, width, max_height)
        if height <= max_height or size <= min_size:
            break
        size -= 0.5
    block = para if height <= max_height else KeepInFrame(width, max_height, [para],
                                                        mode="shrink")
    _, height = block.wrapOn(canv, width, max_height)
    block.drawOn(canv, (DIPLOMA_PAGE[0] - width) / 2, top - height)
    return height


def _draw_signature(canv: Canvas, pack: CeremonyPack) -> None:
    width = DIPLOMA_PAGE[0]
    left, right, base = width / 2 - 85 * mm, width / 2 + 85 * mm, 36 * mm
    canv.saveState()
    canv.setFillColor(GREY)
    canv.setFont(FONT, 11)
    canv.drawCentredString(left, base + 4 * mm,
                           f"Stockholm den {format_date(pack.ceremony_date)}")
    canv.setStrokeColor(GREY)
    canv.setLineWidth(0.6)
    canv.line(right - 38 * mm, base + 10 * mm, right + 38 * mm, base + 10 * mm)
    canv.setFillColor(STOCKHOLM_BLUE)
    canv.setFont(FONT_BOLD, 12)
    canv.drawCentredString(right, base + 4 * mm, printable(pack.chair_name))
    canv.setFont(FONT, 10)
    canv.setFillColor(GREY)
    canv.drawCentredString(right, base - 1 * mm, printable(pack.chair_title))
    canv.restoreState()


def _draw_diploma(canv: Canvas, pack: CeremonyPack, result: ClassResult, winner: Winner,
                  logo: ImageReader | None) -> None:
    width, height = DIPLOMA_PAGE
    _draw_border(canv)
    top = height - 22 * mm
    if logo is not None:
        logo_w, logo_h = logo.getSize()
        draw_h = 16 * mm
        draw_w = min(60 * mm, draw_h * logo_w / logo_h)
        canv.drawImage(logo, (width - draw_w) / 2, top - draw_h, draw_w, draw_h,
                       mask="auto", preserveAspectRatio=True)
        top -= draw_h + 3 * mm
    blocks = [
        ("STOCKHOLMS STAD", _diploma_style("city", FONT_BOLD, 11), 16),
        ("Diplom", _diploma_style("title", FONT_BOLD, 40), 56),
        (f"Kvalitetsutmärkelsen {pack.cycle_year}", _diploma_style("award", FONT, 17, GOLD), 30),
        ("tilldelas", _diploma_style("given", FONT_ITALIC, 12, GREY), 20),
        (f"<b>{markup(winner.unit_name)}</b>", _diploma_style("unit", FONT_BOLD, 26), 68),
        (f"{markup(winner.organisation)} · tävlingsklass {markup(result.class_name)}",
         _diploma_style("org", FONT, 12, GREY), 34),
    ]
    for text, style, room in blocks:
        top -= _draw_fitted(canv, text, style, top, room, min_size=9) + 2 * mm
    motivation = markup(winner.motivation) or "–"
    _draw_fitted(canv, f"<i>{motivation}</i>", _diploma_style("why", FONT_ITALIC, 13, GREY),
                 top - 2 * mm, top - 2 * mm - 52 * mm, width=200 * mm)
    _draw_signature(canv, pack)


def build_diplomas(pack: CeremonyPack, draft: bool = False) -> bytes:
    """One A4 landscape diploma per winning unit (not honourable mentions)."""
    pack.require_signed(draft)
    winners = _diploma_winners(pack)
    if not winners:
        raise ValueError("Det finns inga vinnare att skriva diplom för.")
    logo = _load_logo(pack.logo_path)

    def draw(canv: Canvas) -> None:
        for result, winner in winners:
            if draft:
                draw_watermark(canv, DRAFT_MARK)
            _draw_diploma(canv, pack, result, winner, logo)
            canv.showPage()

    return build_canvas_pdf(draw, title=f"Diplom – Kvalitetsutmärkelsen {pack.cycle_year}",
                            subject=f"Diplom till vinnarna {pack.cycle_year}",
                            pagesize=DIPLOMA_PAGE)
