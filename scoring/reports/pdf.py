"""The shared base for every printed document: fonts, text, styles, pages.

Invariants every builder relies on:
- Only one embedded TrueType family is used: DejaVu Sans (Debian's
  fonts-dejavu-core, wide coverage: Latin, Greek, Cyrillic, Arabic, many
  symbols) when installed, otherwise ReportLab's own Vera. No page refers to a
  non-embedded base-14 font (not even as the canvas's initial font).
- No character is drawn as the font's empty box (.notdef): printable() drops
  invisible format characters (Unicode category Cf: bidi and zero-width
  marks), replaces a character the family lacks by its compatibility form
  when that one can be drawn (mathematical 𝐀 → A, ﬁ → fi), and otherwise
  leaves it out (emoji: no installed font can draw them in a PDF).
- User text reaches a Paragraph only through `markup()`, which escapes it, so
  `<`, `&`, `>` and quotes print as written and can never become markup.
- Every document says who made it (Stockholms stad), what it is, and that it
  is Swedish (/Lang sv in the catalog), for screen readers and archives.
"""

from __future__ import annotations

import functools
import io
import os
import re
import threading
import unicodedata
from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape

import reportlab
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (BaseDocTemplate, CondPageBreak, Flowable, Frame, PageTemplate,
                                Paragraph)

from scoring import swedish

# ASCII85 stream encoding only makes a PDF 7-bit clean for old mail transports.
# In ReportLab's pure-Python fallback it was ~40 % of a feedback report's build
# time and makes every stream 25 % larger; every PDF reader takes binary streams.
# This is a process-wide ReportLab setting; this package is its only user.
rl_config.useA85 = 0

AUTHOR = "Stockholms stad"
LANG = "sv"
STOCKHOLM_BLUE = colors.HexColor("#0b3d91")
PALE_BLUE = colors.HexColor("#e6edf8")
GOLD = colors.HexColor("#a8842c")
GREY = colors.HexColor("#5a5a5a")
WATERMARK_GREY = colors.HexColor("#d9d9d9")

FONT = "KvSans"
FONT_BOLD = "KvSans-Bold"
FONT_ITALIC = "KvSans-Italic"
FONT_BOLD_ITALIC = "KvSans-BoldItalic"
_VERA_FILES = {
    FONT: "Vera.ttf",
    FONT_BOLD: "VeraBd.ttf",
    FONT_ITALIC: "VeraIt.ttf",
    FONT_BOLD_ITALIC: "VeraBI.ttf",
}
DEJAVU_DIR = "/usr/share/fonts/truetype/dejavu"   # Debian: fonts-dejavu-core
_DEJAVU_FILES = {
    FONT: "DejaVuSans.ttf",
    FONT_BOLD: "DejaVuSans-Bold.ttf",
    FONT_ITALIC: "DejaVuSans-Oblique.ttf",
    FONT_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}
FONT_UPRIGHT = "KvSansUpright"   # a family for the per-glyph fallback (see register_fonts)
_font_lock = threading.Lock()
_glyphs: frozenset[str] = frozenset()
_upright_only: frozenset[str] = frozenset()


def font_files() -> dict[str, str]:
    """The family's four TrueType files: DejaVu Sans when all are installed, else Vera."""
    dejavu = {name: os.path.join(DEJAVU_DIR, file) for name, file in _DEJAVU_FILES.items()}
    if all(os.path.isfile(path) for path in dejavu.values()):
        return dejavu
    vera_dir = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
    return {name: os.path.join(vera_dir, file) for name, file in _VERA_FILES.items()}



def register_fonts() -> None:
    """Register the font family once per process (safe to call every time)."""
    global _glyphs, _upright_only
    if _glyphs:
        return
    with _font_lock:
        if _glyphs:
            return
        drawable, files = {}, font_files()
        for name, path in files.items():
            font = TTFont(name, path)
            pdfmetrics.registerFont(font)
            # Glyph 0 is .notdef: a code point mapped to it has no glyph of its own.
            drawable[name] = {code for code, glyph in font.face.charToGlyph.items() if glyph}
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD,
                                      italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC)
        # Per-glyph fallback: what the upright styles draw and the italic ones lack (DejaVu's
        # obliques have no Arabic) is printed upright: a family whose italics are the uprights.
        upright = {FONT_UPRIGHT: files[FONT], f"{FONT_UPRIGHT}-Bold": files[FONT_BOLD],
                   f"{FONT_UPRIGHT}-Italic": files[FONT], f"{FONT_UPRIGHT}-BoldItalic": files[FONT_BOLD]}
        for name, path in upright.items():
            pdfmetrics.registerFont(TTFont(name, path))
        pdfmetrics.registerFontFamily(FONT_UPRIGHT, *upright)
        everywhere = set.intersection(*drawable.values())
        _upright_only = frozenset(chr(c) for c in (drawable[FONT] & drawable[FONT_BOLD]) - everywhere)
        _glyphs = frozenset(chr(code) for code in everywhere)


def glyphs() -> frozenset[str]:
    """Every character all four styles of the family can draw."""
    register_fonts()
    return _glyphs


def upright_glyphs() -> frozenset[str]:
    """Characters only the upright styles can draw (markup() prints them upright)."""
    register_fonts()
    return _upright_only


def printable(text: str) -> str:
    """Text with only characters the family can draw (see the module's invariants); line breaks kept."""
    drawable = glyphs()
    if set(text) <= drawable:
        return text
    drawable = drawable | _upright_only | {"\n"}
    out = []
    for char in text:
        if unicodedata.category(char) == "Cf":
            continue
        if char in drawable:
            out.append(char)
            continue
        compatible = unicodedata.normalize("NFKC", char)
        if compatible != char and set(compatible) <= drawable:
            out.append(compatible)
    return "".join(out)


# --- text -----------------------------------------------------------------

# Word pastes line breaks as vertical tab; other C0 controls are not text.
_CONTROL = re.compile(r"[\x00-\x08\x0c\x0e-\x1f\x7f]")
_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")


def _clean(text: str | None) -> str:
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    return printable(_CONTROL.sub("", text.replace("\t", " "))).strip()


def _escape(text: str) -> str:
    return escape(text, {'"': "&quot;", "'": "&#39;"})


def markup(text: str | None) -> str:
    """User text as safe Paragraph markup: escaped, newlines as <br/>; characters only the
    upright styles can draw are set in the upright family, so italic text never draws a box."""
    cleaned = _clean(text)
    upright = upright_glyphs()
    if upright and not upright.isdisjoint(cleaned):
        runs = re.split(f"([{re.escape(''.join(sorted(upright & set(cleaned))))}]+)", cleaned)
        escaped = "".join(f'<font face="{FONT_UPRIGHT}">{_escape(run)}</font>' if i % 2 else _escape(run)
                          for i, run in enumerate(runs))
    else:
        escaped = _escape(cleaned)
    return escaped.replace("\n", "<br/>")


def paragraphs(text: str | None, style: ParagraphStyle, empty: str = "–") -> list[Paragraph]:
    """User text as flowing Paragraphs; a blank line starts a new paragraph.

    Each paragraph can split across pages, so text of any length flows.
    """
    parts = [p for p in _BLANK_LINE.split(_clean(text)) if p.strip()]
    return [Paragraph(markup(p), style) for p in parts] or [Paragraph(markup(empty), style)]


# The reports write numbers, money and dates as scoring.swedish does (one rounding rule for the whole app).
format_date = swedish.date              # 29 november 2022
format_long_date = swedish.long_date    # tisdag 29 november 2022
format_amount = swedish.kronor          # 50 000 kr, with no-break spaces
format_number = swedish.number          # 62,5 / 55 / 48,25 → 48,3


# --- styles ---------------------------------------------------------------

@functools.cache
def styles() -> dict[str, ParagraphStyle]:
    """The house paragraph styles, built once per process."""
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=14, spaceAfter=5)
    return {
        "body": body,
        "title": ParagraphStyle("title", body, fontName=FONT_BOLD, fontSize=22, leading=27,
                                textColor=STOCKHOLM_BLUE, spaceAfter=4),
        "subtitle": ParagraphStyle("subtitle", body, fontSize=12, leading=16, textColor=GREY,
                                   spaceAfter=12),
        "h2": ParagraphStyle("h2", body, fontName=FONT_BOLD, fontSize=14, leading=18,
                             textColor=STOCKHOLM_BLUE, spaceBefore=14, spaceAfter=6),
        "h3": ParagraphStyle("h3", body, fontName=FONT_BOLD, fontSize=10.5, leading=14,
                             spaceBefore=6, spaceAfter=3),
        "meta": ParagraphStyle("meta", body, fontSize=9, leading=12, textColor=GREY,
                               spaceAfter=2),
        "cell": ParagraphStyle("cell", body, fontSize=9.5, leading=12.5, spaceAfter=0),
        "cell_bold": ParagraphStyle("cell_bold", body, fontName=FONT_BOLD, fontSize=9.5,
                                    leading=12.5, spaceAfter=0),
        "centre": ParagraphStyle("centre", body, alignment=TA_CENTER),
    }


def heading(text: str, level: str = "h2") -> list[Flowable]:
    """A heading (markup: escape user text first) never left alone at a page foot.

    CondPageBreak rather than keepWithNext: keepWithNext wraps a heading and
    its follower twice and cost about a tenth of a feedback report's build.
    """
    return [CondPageBreak(90 if level == "h2" else 50), fixed_paragraph(text, styles()[level])]


@functools.lru_cache(maxsize=1024)
def _parsed(text: str, style: ParagraphStyle) -> tuple:
    return tuple(Paragraph(text, style).frags)


def fixed_paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """Paragraph(text, style) for text that recurs in every document (headings,
    fixed wording, criterion titles): the markup is parsed once per process and
    each Paragraph gets its own copies of the parsed fragments. Parsing is about
    a seventh of a feedback report's build time. Not for one-off user text."""
    return Paragraph(text, style, frags=[frag.clone() for frag in _parsed(text, style)])


# --- pages ----------------------------------------------------------------

def draw_watermark(canv: Canvas, text: str) -> None:
    """A large diagonal mark (e.g. UTKAST) across the middle of the page."""
    width, height = canv._pagesize
    canv.saveState()
    canv.setFillColor(WATERMARK_GREY)
    canv.setFont(FONT_BOLD, min(width, height) / 5)
    canv.translate(width / 2, height / 2)
    canv.rotate(35 if height > width else 20)
    canv.drawCentredString(0, -min(width, height) / 14, text)
    canv.restoreState()


def _draw_page_frame(canv: Canvas, running_head: str, footer_note: str,
                     watermark: str | None) -> None:
    """Header band and footer note for a normal document page."""
    width, height = canv._pagesize
    if watermark:
        draw_watermark(canv, watermark)
    canv.saveState()
    canv.setFillColor(STOCKHOLM_BLUE)
    canv.setFont(FONT_BOLD, 9)
    canv.drawString(20 * mm, height - 14 * mm, "STOCKHOLMS STAD")
    canv.setFont(FONT, 9)
    canv.drawRightString(width - 20 * mm, height - 14 * mm,
                         _clip(running_head, FONT, 9, width - 80 * mm))
    canv.setStrokeColor(STOCKHOLM_BLUE)
    canv.setLineWidth(1.2)
    canv.line(20 * mm, height - 16.5 * mm, width - 20 * mm, height - 16.5 * mm)
    canv.setStrokeColor(colors.lightgrey)
    canv.setLineWidth(0.5)
    canv.line(20 * mm, 15 * mm, width - 20 * mm, 15 * mm)
    canv.setFillColor(GREY)
    canv.setFont(FONT, 8)
    canv.drawString(20 * mm, 10 * mm, _clip(footer_note, FONT, 8, width - 70 * mm))
    canv.restoreState()


def _clip(text: str, font: str, size: float, max_width: float) -> str:
    """One line of plain text, cut with an ellipsis so it keeps clear of "Sida N av M"."""
    text = " ".join(printable(text).split())
    if pdfmetrics.stringWidth(text, font, size) <= max_width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > max_width:
        text = text[:-1]
    return text.rstrip() + "…"


class _NumberedCanvas(Canvas):
    """Holds pages back until the end so each can say "Sida N av M"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._held_pages: list[dict] = []

    def showPage(self):
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._held_pages)
        for number, state in enumerate(self._held_pages, start=1):
            self.__dict__.update(state)
            self.saveState()
            self.setFont(FONT, 8)
            self.setFillColor(GREY)
            self.drawRightString(self._pagesize[0] - 20 * mm, 10 * mm, f"Sida {number} av {total}")
            self.restoreState()
            Canvas.showPage(self)
        Canvas.save(self)


def build_pdf(story: Sequence[Flowable], *, title: str, subject: str,
              running_head: str = "Kvalitetsutmärkelsen", footer_note: str = "",
              watermark: str | None = None, pagesize: tuple[float, float] = A4) -> bytes:
    """Lay out a story on house-style pages with "Sida N av M"; return PDF bytes.

    watermark: text drawn diagonally under the content of every page
        (e.g. "UTKAST" for drafts); None for none.
    """
    register_fonts()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(buffer, pagesize=pagesize, title=title, author=AUTHOR,
                          subject=subject, creator=AUTHOR, lang=LANG, initialFontName=FONT,
                          leftMargin=20 * mm, rightMargin=20 * mm,
                          topMargin=24 * mm, bottomMargin=22 * mm)
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")

    def on_page(canv: Canvas, _doc: BaseDocTemplate) -> None:
        _draw_page_frame(canv, running_head, footer_note, watermark)

    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
    doc.build(list(story), canvasmaker=_NumberedCanvas)
    return buffer.getvalue()


def build_canvas_pdf(draw_pages: Callable[[Canvas], None], *, title: str, subject: str,
                     pagesize: tuple[float, float] = A4) -> bytes:
    """For fixed-layout documents (diplomas): `draw_pages` draws on the canvas
    and calls showPage() after each page; metadata and fonts as in build_pdf."""
    register_fonts()
    buffer = io.BytesIO()
    canv = Canvas(buffer, pagesize=pagesize, lang=LANG, initialFontName=FONT)
    canv.setTitle(title)
    canv.setAuthor(AUTHOR)
    canv.setSubject(subject)
    canv.setCreator(AUTHOR)
    draw_pages(canv)
    canv.save()
    return buffer.getvalue()
