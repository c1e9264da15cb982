"""Looking inside generated PDFs from tests: text, pages, fonts, pixels.

Text comes from pypdf; pixels come from poppler's pdftoppm, rendered as
greyscale PGM, which is simple enough to read here without an image library.
"""

from __future__ import annotations

import functools
import io
import re
import subprocess
import tempfile
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import DictionaryObject

# A page counts as "not blank" when more than this share of its pixels is ink.
MIN_INK = 0.002
_INK_LEVEL = 200  # grey value (0 black .. 255 white) below which a pixel is ink


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    """Each page's extracted text."""
    return [page.extract_text() or "" for page in reader(pdf).pages]


def flat(text: str) -> str:
    """Whitespace (line breaks, no-break spaces) collapsed to single spaces."""
    return " ".join(text.split())


def pdf_text(pdf: bytes) -> str:
    """All pages' text, whitespace collapsed, pages joined by a space."""
    return flat(" ".join(page_texts(pdf)))


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """(width, height) in points of each page as displayed (rotation applied)."""
    sizes = []
    for page in reader(pdf).pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        if int(page.get("/Rotate", 0)) % 180:
            width, height = height, width
        sizes.append((width, height))
    return sizes


def metadata(pdf: bytes) -> dict[str, str | None]:
    """Title, author, subject and the catalog's /Lang."""
    doc = reader(pdf)
    info = doc.metadata or {}
    lang = doc.trailer["/Root"].get("/Lang")
    return {"title": info.get("/Title"), "author": info.get("/Author"),
            "subject": info.get("/Subject"), "lang": None if lang is None else str(lang)}


def _has_font_file2(font: DictionaryObject) -> bool:
    font = font.get_object()
    if "/DescendantFonts" in font:  # composite (Type0) font: check its parts
        return all(_has_font_file2(part) for part in font["/DescendantFonts"])
    descriptor = font.get("/FontDescriptor")
    return descriptor is not None and "/FontFile2" in descriptor.get_object()


def fonts(pdf: bytes) -> dict[str, bool]:
    """Every font used on any page: base font name -> embedded as TrueType (/FontFile2)."""
    found: dict[str, bool] = {}
    for page in reader(pdf).pages:
        resources = page.get("/Resources")
        font_dict = resources.get_object().get("/Font") if resources else None
        for ref in (font_dict.get_object().values() if font_dict else []):
            font = ref.get_object()
            found[str(font["/BaseFont"])] = _has_font_file2(font)
    return found


def _read_pgm(path: Path) -> tuple[int, int, bytes]:
    """Width, height and pixel bytes of a binary (P5) 8-bit PGM file."""
    data = path.read_bytes()
    fields: list[bytes] = []
    pos = 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":  # comment to end of line
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    if fields[0] != b"P5" or fields[3] != b"255":
        raise ValueError(f"not an 8-bit binary PGM: {path}")
    width, height = int(fields[1]), int(fields[2])
    pixels = data[pos + 1:pos + 1 + width * height]
    return width, height, pixels


def ink_per_page(pdf: bytes, dpi: int = 40) -> list[float]:
    """Render every page with pdftoppm; the share of ink pixels on each."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "doc.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", str(source), str(Path(tmp) / "page")],
                       check=True, capture_output=True)
        shares = []
        for image in sorted(Path(tmp).glob("page-*.pgm"), key=lambda p: int(p.stem.split("-")[-1])):
            width, height, pixels = _read_pgm(image)
            ink = sum(1 for value in pixels if value < _INK_LEVEL)
            shares.append(ink / (width * height))
        return shares


def assert_pages_not_blank(pdf: bytes) -> None:
    shares = ink_per_page(pdf)
    assert len(shares) == len(reader(pdf).pages)
    blank = [number for number, share in enumerate(shares, start=1) if share <= MIN_INK]
    assert blank == [], f"blank pages {blank} (ink shares {shares})"


_BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


def drawn_chars(pdf: bytes) -> dict[str, set[str]]:
    """Per font (base name without the subset tag, e.g. DejaVuSans-Oblique): every character the
    pages draw with it, read from the fonts' ToUnicode maps (ReportLab gives every drawn character
    a code in its subset, whether the font has a glyph for it or not)."""
    found: dict[str, set[str]] = {}
    for page in reader(pdf).pages:
        resources = page.get("/Resources")
        font_dict = resources.get_object().get("/Font") if resources else None
        for ref in (font_dict.get_object().values() if font_dict else []):
            font = ref.get_object()
            name = str(font["/BaseFont"]).lstrip("/").split("+")[-1]
            cmap = font.get("/ToUnicode")
            if cmap is None:
                continue
            data = cmap.get_object().get_data()
            sections = re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S)
            for _, target in (pair for section in sections for pair in _BFCHAR.findall(section)):
                char = bytes.fromhex(target.decode()).decode("utf-16-be")
                if char >= " " and char != "\x7f":   # the subset's fixed ASCII codes include the controls
                    found.setdefault(name, set()).add(char)
    return found


@functools.cache
def _font_cmaps() -> dict[str, frozenset[str]]:
    """PostScript name -> the characters with a glyph of their own, for each of our font files."""
    from reportlab.pdfbase.ttfonts import TTFont

    from scoring.reports.pdf import font_files
    cmaps = {}
    for path in set(font_files().values()):
        face = TTFont("probe", path).face
        cmaps[face.name.decode()] = frozenset(chr(c) for c, glyph in face.charToGlyph.items() if glyph)
    return cmaps


def missing_glyphs(pdf: bytes) -> dict[str, set[str]]:
    """Per font: the drawn characters it has no glyph for, which a viewer shows as .notdef (a box)."""
    cmaps = _font_cmaps()
    missing = {name: {c for c in chars if c not in cmaps.get(name, set())} for name, chars in drawn_chars(pdf).items()}
    return {name: chars for name, chars in missing.items() if chars}
