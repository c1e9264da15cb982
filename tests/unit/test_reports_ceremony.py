"""The ceremony documents: winner list, diplomas and programme."""

import dataclasses
import datetime
import re
import struct
import zlib

import pytest

from scoring.reports.ceremony import build_diplomas, build_programme, build_winner_list
from scoring.reports.model import CeremonyPack, ClassResult, UnsignedDecisionError, Winner
from tests.pdf_checks import (assert_pages_not_blank, fonts, metadata, page_sizes, page_texts,
                              pdf_text, reader)

UNSIGNED_MESSAGE = "Vinnarlistan kan inte skapas innan stadsdirektören har signerat besluten."
MOTIVATION = ("Enheten visar ett föredömligt systematiskt kvalitetsarbete där brukarnas "
              "synpunkter tas tillvara och omsätts i förbättringar.")


def make_pack(**changes) -> CeremonyPack:
    preschool = ClassResult(
        "Förskola", "Ulf Lind, förskoledirektör",
        winners=(Winner("Förskolan Äppelträdet", "Hägersten-Älvsjö stadsdelsförvaltning",
                        MOTIVATION, 50_000),),
        honourable_mentions=(Winner("Förskolan Ekorren", "Skarpnäcks stadsdelsförvaltning",
                                    "Ett lovvärt arbete med barns delaktighet.", None, True),))
    school = ClassResult("Skola", "Eva Berg", winners=())
    elderly = ClassResult(
        "Äldreomsorg inklusive myndighetsutövning", "Åsa Öberg",
        winners=(Winner("Vård- och omsorgsboendet Solgården", "Norrmalms stadsdelsförvaltning",
                        MOTIVATION, 100_000),
                 Winner("Hemtjänsten Söder", "Södermalms stadsdelsförvaltning", MOTIVATION,
                        25_000)))
    pack = CeremonyPack(cycle_year=2022, cycle_title="Stockholms stads kvalitetsutmärkelse",
                        ceremony_date=datetime.date(2022, 11, 29),
                        ceremony_place="Blå hallen, Stadshuset", chair_name="Anna Ek",
                        chair_title="stadsdirektör", signed_on=datetime.date(2022, 11, 15),
                        classes=(preschool, school, elderly))
    return dataclasses.replace(pack, **changes)


def write_png(path, width=8, height=4) -> None:
    """A tiny solid blue RGB PNG, written without an image library."""
    rows = b"".join(b"\x00" + bytes((11, 61, 145)) * width for _ in range(height))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
                     + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def images_per_page(document: bytes) -> list[int]:
    counts = []
    for page in reader(document).pages:
        xobjects = page["/Resources"].get_object().get("/XObject", {})
        counts.append(sum(1 for x in xobjects.values() if x.get_object()["/Subtype"] == "/Image"))
    return counts


# --- winner list ----------------------------------------------------------

def test_winner_list_names_every_winner_class_date_and_place():
    text = pdf_text(build_winner_list(make_pack()))
    for expected in ("Förskola", "Skola", "Äldreomsorg inklusive myndighetsutövning",
                     "Förskolan Äppelträdet", "Vård- och omsorgsboendet Solgården",
                     "Hemtjänsten Söder", "Hägersten-Älvsjö stadsdelsförvaltning",
                     "29 november 2022", "Blå hallen, Stadshuset", "2022", MOTIVATION):
        assert expected in text


def test_winner_list_prints_prize_amounts_in_swedish_format():
    text = pdf_text(build_winner_list(make_pack()))
    assert "50 000 kr" in text and "100 000 kr" in text and "25 000 kr" in text


def test_winner_list_prints_classes_in_pack_order():
    text = pdf_text(build_winner_list(make_pack()))
    positions = [text.index(name) for name in ("Förskolan Äppelträdet", "Ingen vinnare",
                                               "Vård- och omsorgsboendet Solgården")]
    assert positions == sorted(positions)


def test_winner_list_empty_class_prints_ingen_vinnare():
    text = pdf_text(build_winner_list(make_pack()))
    assert text.count("Ingen vinnare") == 1
    assert text.index("Skola") < text.index("Ingen vinnare")


def test_winner_list_prints_honourable_mentions():
    text = pdf_text(build_winner_list(make_pack()))
    assert "Hedersomnämnande" in text
    assert "Förskolan Ekorren" in text and "Ett lovvärt arbete med barns delaktighet." in text


def test_winner_list_footer_names_chair_and_signing_date():
    texts = page_texts(build_winner_list(make_pack()))
    assert all("Beslut signerat 15 november 2022 av Anna Ek, stadsdirektör" in t for t in texts)
    assert "Stockholm den 15 november 2022" in texts[-1]


def test_winner_list_prints_markup_characters_as_written():
    tricky = Winner('Enhet <b>&"x"', "Förvaltning & co", 'Motivering <i>"citat"</i>', 1_000)
    pack = make_pack(classes=(ClassResult("Klass <1>", None, (tricky,)),))
    text = pdf_text(build_winner_list(pack))
    for expected in ('Enhet <b>&"x"', "Förvaltning & co", 'Motivering <i>"citat"</i>', "Klass <1>"):
        assert expected in text


def test_winner_list_unsigned_is_refused_with_swedish_message():
    with pytest.raises(UnsignedDecisionError) as refused:
        build_winner_list(make_pack(signed_on=None))
    assert str(refused.value) == UNSIGNED_MESSAGE
    assert isinstance(refused.value, ValueError)


def test_winner_list_draft_marks_every_page_utkast():
    long_winner = Winner("Lång enhet", "Förvaltning", MOTIVATION * 60, 10_000)
    pack = make_pack(signed_on=None, classes=make_pack().classes
                     + (ClassResult("Andra verksamheter", None, (long_winner,)),))
    texts = page_texts(build_winner_list(pack, draft=True))
    assert len(texts) >= 2
    assert ["UTKAST" in t for t in texts] == [True] * len(texts)


def test_winner_list_final_has_no_utkast():
    assert "UTKAST" not in pdf_text(build_winner_list(make_pack()))


def test_winner_list_metadata_fonts_and_pages():
    document = build_winner_list(make_pack())
    assert metadata(document)["lang"] == "sv"
    assert metadata(document)["title"] == "Vinnarlista – Kvalitetsutmärkelsen 2022"
    assert all(fonts(document).values())
    assert_pages_not_blank(document)


# --- diplomas -------------------------------------------------------------

def test_diplomas_one_landscape_page_per_winner():
    document = build_diplomas(make_pack())
    sizes = page_sizes(document)
    assert len(sizes) == 3  # honourable mentions get no diploma
    assert all(width > height for width, height in sizes)


def test_diplomas_name_unit_class_year_motivation_and_chair():
    texts = page_texts(build_diplomas(make_pack()))
    first = " ".join(texts[0].split())
    for expected in ("Diplom", "Kvalitetsutmärkelsen 2022", "Förskolan Äppelträdet",
                     "Hägersten-Älvsjö stadsdelsförvaltning", "Förskola", MOTIVATION,
                     "Anna Ek", "stadsdirektör", "29 november 2022"):
        assert expected in first
    assert "Hemtjänsten Söder" in texts[2]
    assert "Förskolan Ekorren" not in " ".join(texts)


def test_diplomas_very_long_motivation_still_fits_on_its_page():
    words = [f"ord{i:04d}" for i in range(300)]  # 2,400 characters
    winner = Winner("Enheten med lång motivering", "Förvaltning", " ".join(words), 5_000)
    document = build_diplomas(make_pack(classes=(ClassResult("Skola", None, (winner,)),)))
    texts = page_texts(document)
    assert len(texts) == 1
    assert re.findall(r"ord\d{4}", texts[0]) == words
    assert_pages_not_blank(document)


def test_diplomas_unsigned_is_refused_with_swedish_message():
    with pytest.raises(UnsignedDecisionError, match=UNSIGNED_MESSAGE):
        build_diplomas(make_pack(signed_on=None))


def test_diplomas_draft_marks_every_page_utkast():
    texts = page_texts(build_diplomas(make_pack(signed_on=None), draft=True))
    assert ["UTKAST" in t for t in texts] == [True, True, True]


def test_diplomas_without_any_winner_are_refused():
    with pytest.raises(ValueError, match="inga vinnare"):
        build_diplomas(make_pack(classes=(ClassResult("Skola", None, ()),)))


def test_diplomas_logo_is_drawn_on_every_page(tmp_path):
    logo = tmp_path / "logo.png"
    write_png(logo)
    assert images_per_page(build_diplomas(make_pack(logo_path=str(logo)))) == [1, 1, 1]


def test_diplomas_missing_or_unreadable_logo_is_skipped(tmp_path):
    broken = tmp_path / "trasig.png"
    broken.write_bytes(b"ingen bild")
    for path in (str(tmp_path / "finns-inte.png"), str(broken)):
        assert images_per_page(build_diplomas(make_pack(logo_path=path))) == [0, 0, 0]


def test_diplomas_metadata_fonts_and_pages_render():
    document = build_diplomas(make_pack())
    assert metadata(document)["lang"] == "sv"
    assert metadata(document)["title"] == "Diplom – Kvalitetsutmärkelsen 2022"
    assert all(fonts(document).values())
    assert_pages_not_blank(document)


# --- programme ------------------------------------------------------------

def test_programme_lists_classes_in_order_with_presenters_and_winners():
    text = pdf_text(build_programme(make_pack()))
    assert "Tisdag 29 november 2022" in text and "Blå hallen, Stadshuset" in text
    order = ["1. Förskola", "Delas ut av Ulf Lind, förskoledirektör", "Förskolan Äppelträdet",
             "2. Skola", "Delas ut av Eva Berg", "Ingen vinnare",
             "3. Äldreomsorg inklusive myndighetsutövning", "Delas ut av Åsa Öberg",
             "Vård- och omsorgsboendet Solgården", "Hemtjänsten Söder"]
    positions = [text.index(item) for item in order]
    assert positions == sorted(positions)


def test_programme_missing_presenter_says_announced_later():
    pack = make_pack(classes=(ClassResult("Skola", None, ()),))
    assert "Utdelare meddelas senare" in pdf_text(build_programme(pack))


def test_programme_unsigned_is_refused_and_draft_is_marked():
    with pytest.raises(UnsignedDecisionError):
        build_programme(make_pack(signed_on=None))
    texts = page_texts(build_programme(make_pack(signed_on=None), draft=True))
    assert all("UTKAST" in t for t in texts)
    assert_pages_not_blank(build_programme(make_pack()))


# --- 13.15 / 13.5: headings kept with their first award, wording, mentions ---

def _pushed_down(paragraphs: int, second: ClassResult) -> CeremonyPack:
    """A first class whose motivation has `paragraphs` one-line paragraphs, pushing `second` down the page."""
    first = ClassResult("Första klassen", None, winners=(Winner("Första enheten", "Förvaltningen",
                                                                "\n\n".join(["En rad."] * paragraphs), 1),))
    return make_pack(classes=(first, second))


@pytest.mark.parametrize("second", [
    ClassResult("Andra klassen", None, winners=(Winner("Andra enheten", "Förvaltningen", MOTIVATION * 3, 1),)),
    ClassResult("Andra klassen", None, winners=()),
    ClassResult("Andra klassen", None, winners=(Winner("Vinnaren", "F", "Kort.", 1),),
                honourable_mentions=(Winner("Andra enheten", "Förvaltningen", MOTIVATION, None, True),)),
], ids=["winner", "no-winner", "mention"])
def test_winner_list_never_leaves_a_heading_alone_at_a_page_foot(second):
    """The second class's heading (or the mentions' heading) is pushed a line at a time down to and
    over the foot of the first page: wherever it lands, what it heads starts on the same page."""
    heading = "Hedersomnämnande" if second.honourable_mentions else second.class_name
    follower = ("Andra enheten" if second.winners or second.honourable_mentions else "Ingen vinnare")
    for paragraphs in range(18, 40):
        pages = [" ".join(t.split()) for t in page_texts(build_winner_list(_pushed_down(paragraphs, second)))]
        page = next(p for p in pages if heading in p)
        assert follower in page, f"{heading} ensam längst ned på sidan ({paragraphs} rader före)"


def test_winner_list_names_the_chair_in_lower_case_mid_sentence():
    text = pdf_text(build_winner_list(make_pack(chair_title="Stadsdirektör")))
    assert "Domarkommittén, med stadsdirektören som ordförande, har beslutat" in text
    assert "med Stadsdirektör" not in text


@pytest.mark.parametrize("title, expected", [("Stadsdirektör", "stadsdirektören"), ("stadsdirektör", "stadsdirektören"),
                                             ("Ordförande", "ordföranden"), ("Stadsdirektören", "stadsdirektören"),
                                             ("Biträdande stadsdirektör", "biträdande stadsdirektör"),
                                             ("VD", "VD")])
def test_chair_in_sentence(title, expected):
    from scoring.reports.ceremony import chair_in_sentence
    assert chair_in_sentence(title) == expected


def test_a_mention_without_its_own_motivation_prints_none():
    pack = make_pack(classes=(ClassResult("Förskola", None, winners=(Winner("Vinnaren", "Förv", MOTIVATION, 1),),
                                          honourable_mentions=(Winner("Omnämnd", "Förv", "", None, True),)),))
    text = pdf_text(build_winner_list(pack))
    assert text.count(MOTIVATION) == 1
    after = text[text.index("Omnämnd"):]
    assert MOTIVATION not in after and "–" not in after.split("Förv", 1)[1][:5]
