"""The print cover wrap: its size from the trim, page count and paper; where its text sits; its
colour; and the preflight that checks all of it, passing on the built covers and failing on
spoiled ones.

What the renderer claims is confirmed by independent programs: poppler's pdfinfo (boxes),
pdffonts and pdftoppm (a render), Ghostscript's CMYK raster (ink per pixel), pikepdf and
pdfplumber (text positions and orientation).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf
import PIL.Image
import pytest
from conftest import ROOT
from test_cover import LONG_TITLE
from test_preflight import publish, save, spoiled, tool

from publish.book.model import Book
from publish.checks.preflight_cover import Barcode, preflight_cover
from publish.checks.report import Report
from publish.cover import image, inks
from publish.cover.wrap import CoverGeometry
from publish.editions import cover_wrap
from publish.errors import PublishError
from publish.layout.printed import PrintLayout, PrintPage, Typeset
from publish.layout.typeset import typeset_book
from publish.settings import PAPERS, TRIMS, Settings, parse_paper
from publish.source.styles import Styles

INCH = 72.0
BLEED = 9.0  # 0.125 in
# The sampler's print ISBN, and the add-on of a book without a price: its cover's barcode.
SAMPLER_BARCODE = Barcode("979-8-00-000001-4", "90000")


def printed(page_count: int) -> Typeset:
    """An interior of `page_count` pages, as far as the cover is concerned (its page count)."""
    return Typeset(PrintLayout(tuple(PrintPage(number, str(number), False, None)
                                     for number in range(1, page_count + 1))), lambda: b"")


@pytest.fixture(scope="module")
def chile_interior(chile: tuple[Book, Styles], settings: Settings) -> Typeset:
    return typeset_book(*chile, settings)


@pytest.fixture(scope="module")
def chile_cover(chile: tuple[Book, Styles], settings: Settings, chile_interior: Typeset) -> bytes:
    return cover_wrap.render(*chile, settings, chile_interior)


@pytest.fixture(scope="module")
def sampler_interior(sampler: tuple[Book, Styles], settings: Settings) -> Typeset:
    return typeset_book(*sampler, settings)


@pytest.fixture(scope="module")
def sampler_cover(sampler: tuple[Book, Styles], settings: Settings,
                  sampler_interior: Typeset) -> bytes:
    return cover_wrap.render(*sampler, settings, sampler_interior)


@pytest.fixture(scope="module")
def thick_cover(sampler: tuple[Book, Styles], settings: Settings) -> bytes:
    """The sampler's cover as if its interior had 200 pages: a spine with text."""
    return cover_wrap.render(*sampler, settings, printed(200))


def trim_width(data: bytes) -> float:
    with pikepdf.open(io.BytesIO(data)) as document:
        return float(document.pages[0].TrimBox[2])


def finding(report: Report, check: str) -> tuple[bool, str]:
    (found,) = [item for item in report.findings if item.check == check]
    return found.passed, found.detail


# ---- Dimensions ---------------------------------------------------------------------------

# (trim, pages, paper, expected trimmed wrap width in inches, as KDP's calculator gives it)
SIZES = {
    "6x9, 20 pages, cream": ("6x9", 20, "kdp-cream", 2 * 6 + 20 * 0.0025),
    "6x9, 200 pages, white": ("6x9", 200, "kdp-white", 12.4504),  # KDP: 12.7004 with bleed
    "5x8, 80 pages, white": ("5x8", 80, "kdp-white", 2 * 5 + 80 * 0.002252),
    "a5, 300 pages, colour": ("a5", 300, "kdp-colour", 2 * 148 / 25.4 + 300 * 0.002347),
    "5.5x8.5, 150 pages, 0.0023in": ("5.5x8.5", 150, "0.0023in", 11 + 150 * 0.0023),
}


@pytest.fixture(scope="module")
def sized_covers(chile: tuple[Book, Styles]) -> dict[str, tuple[Settings, int, bytes]]:
    made = {}
    for name, (trim, pages, paper, _) in SIZES.items():
        settings = Settings(trim=TRIMS[trim], paper=parse_paper(paper))
        made[name] = (settings, pages, cover_wrap.render(*chile, settings, printed(pages)))
    return made


@pytest.mark.parametrize("name", SIZES)
def test_pdfinfo_shows_the_wrap_for_trim_pages_and_paper(
        name: str, sized_covers: dict[str, tuple[Settings, int, bytes]], tmp_path: Path) -> None:
    """TrimBox = 2 x trim width + pages x caliper by trim height; 0.125 in bleed round it."""
    settings, pages, data = sized_covers[name]
    width = SIZES[name][3] * INCH
    height = settings.trim.height
    output = tool("pdfinfo", "-box", str(save(data, tmp_path, "cover.pdf")))
    assert re.search(r"^Pages:\s+1$", output, re.M)

    def box(kind: str) -> list[float]:
        found = re.search(rf"^{kind}:\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)$", output, re.M)
        assert found, kind
        return [float(value) for value in found.groups()]

    assert box("TrimBox") == pytest.approx([0, 0, width, height], abs=0.01)
    assert box("BleedBox") == pytest.approx([-BLEED, -BLEED, width + BLEED, height + BLEED],
                                            abs=0.01)
    assert box("MediaBox") == box("BleedBox")
    report = preflight_cover(data, pages, settings)
    assert report.passed, "\n".join(report.lines())


def test_geometry_matches_kdps_calculator() -> None:
    """KDP's cover calculator: 6 x 9 in, 200 pages on white paper: spine 0.4504 in, the PDF
    12.7004 x 9.25 in with bleed."""
    geometry = CoverGeometry(TRIMS["6x9"], 200, PAPERS["kdp-white"])
    assert geometry.spine / INCH == pytest.approx(0.4504)
    assert (geometry.width + 2 * geometry.bleed) / INCH == pytest.approx(12.7004)
    assert (geometry.height + 2 * geometry.bleed) / INCH == pytest.approx(9.25)
    assert "spine 0.450 in (200 pages x 0.002252 in, KDP white)" in geometry.describe()


def test_the_cover_takes_the_page_count_of_the_interior(
        chile: tuple[Book, Styles], settings: Settings, chile_interior: Typeset,
        chile_cover: bytes) -> None:
    """The wrap is as wide as the interior's page count makes the spine; laid out afresh, the
    interior gives the same cover."""
    assert cover_wrap.render(*chile, settings, typeset_book(*chile, settings)) == chile_cover
    width = trim_width(chile_cover)
    pages = len(pikepdf.open(io.BytesIO(chile_interior.pdf)).pages)
    assert width == pytest.approx(2 * settings.trim.width + pages * settings.paper.caliper,
                                  abs=0.01)


def test_two_renders_are_byte_identical(sampler: tuple[Book, Styles], settings: Settings,
                                        thick_cover: bytes) -> None:
    assert cover_wrap.render(*sampler, settings, printed(200)) == thick_cover


# ---- Where the text sits ------------------------------------------------------------------


def trimmed_chars(data: bytes) -> tuple[list[dict[str, Any]], float, float]:
    """pdfplumber's characters measured from the trim's top left (MediaBox set to the TrimBox
    first: pdfplumber measures from the MediaBox's corner, which the bleed moves)."""
    document = pikepdf.open(io.BytesIO(data))
    page = document.pages[0]
    page.MediaBox = page.CropBox = page.TrimBox
    for name in ("/BleedBox", "/ArtBox"):
        if name in page.obj:
            del page.obj[name]
    out = io.BytesIO()
    document.save(out)
    with pdfplumber.open(out) as opened:
        plumbed = opened.pages[0]
        chars = [char for char in plumbed.chars if char["text"].strip()]
        return chars, float(plumbed.width), float(plumbed.height)


def geometry_of(data: bytes, settings: Settings, pages: int) -> CoverGeometry:
    geometry = CoverGeometry(settings.trim, pages, settings.paper)
    assert trim_width(data) == pytest.approx(geometry.width, abs=0.01)
    return geometry


def spine_chars(data: bytes, geometry: CoverGeometry) -> list[dict[str, Any]]:
    chars, _, _ = trimmed_chars(data)
    return [char for char in chars if float(char["x1"]) > geometry.back.x1
            and float(char["x0"]) < geometry.front.x0]


@pytest.mark.parametrize(("pages", "spine_text"), [(20, False), (78, False), (79, False),
                                                   (80, True), (200, True)])
def test_spine_text_only_above_79_pages(pages: int, spine_text: bool,
                                        sampler: tuple[Book, Styles], settings: Settings,
                                        thick_cover: bytes) -> None:
    data = thick_cover if pages == 200 else cover_wrap.render(*sampler, settings, printed(pages))
    geometry = geometry_of(data, settings, pages)
    found = spine_chars(data, geometry)
    assert bool(found) == spine_text
    if spine_text:
        text = "".join(str(char["text"]) for char in found)
        assert text.startswith("ASAMPLEROFBOOKMARKUP")  # the title from the head
        assert all(not char["upright"] for char in found)
        # turned a quarter clockwise: read top to bottom, the letters' tops facing the front
        tops = [float(char["top"]) for char in found]
        assert tops == sorted(tops)
        for char in found:
            a, b, c, _, _, _ = char["matrix"]
            assert a == pytest.approx(0, abs=1e-6) and b < 0 and c > 0
            assert float(char["x0"]) >= geometry.spine_panel.x0
            assert float(char["x1"]) <= geometry.spine_panel.x1
    report = preflight_cover(data, pages, settings, barcode=SAMPLER_BARCODE)
    assert report.passed, "\n".join(report.lines())
    assert finding(report, "spine text")[0]


@pytest.mark.parametrize("paper", ["kdp-cream", "kdp-white"])
def test_spine_ink_is_clear_of_the_folds(paper: str, sampler: tuple[Book, Styles],
                                         tmp_path: Path) -> None:
    """Independent: poppler renders the spine of the thinnest books that have spine text;
    between each fold and the ink, 0.0625 in of plain field."""
    settings = Settings(paper=PAPERS[paper])
    thin = cover_wrap.render(*sampler, settings, printed(80))
    geometry = geometry_of(thin, settings, 80)
    dpi = 600
    scale = dpi / INCH
    left = round((BLEED + geometry.spine_panel.x0) * scale)
    right = round((BLEED + geometry.spine_panel.x1) * scale)
    strip = rendered(thin, tmp_path, dpi, columns=(left, right)).convert("L")
    field = strip.getpixel((0, 0))
    assert isinstance(field, int)
    ink = strip.point(lambda value: 255 if abs(value - field) > 64 else 0).getbbox()
    assert ink is not None, "no spine text"
    assert ink[0] / scale >= 0.0625 * INCH
    assert (strip.width - ink[2]) / scale >= 0.0625 * INCH


@pytest.mark.parametrize("book", ["chile", "sampler", "thick"])
def test_text_keeps_to_the_safe_areas_and_off_the_barcode(
        book: str, chile_cover: bytes, sampler_cover: bytes, thick_cover: bytes,
        chile_interior: Typeset, sampler_interior: Typeset, settings: Settings) -> None:
    data, pages = {"chile": (chile_cover, chile_interior.layout.page_count),
                   "sampler": (sampler_cover, sampler_interior.layout.page_count),
                   "thick": (thick_cover, 200)}[book]
    geometry = geometry_of(data, settings, pages)
    chars, _, height = trimmed_chars(data)
    barcode = geometry.barcode
    for char in chars:
        x0, x1 = float(char["x0"]), float(char["x1"])
        top, bottom = float(char["top"]), float(char["bottom"])
        assert top >= 0.25 * INCH and bottom <= height - 0.25 * INCH, char["text"]
        on_back = x1 <= geometry.back.x1 - 0.25 * INCH
        on_front = x0 >= geometry.front.x0 + 0.25 * INCH
        on_spine = geometry.spine_panel.x0 <= x0 and x1 <= geometry.spine_panel.x1
        assert (x0 >= 0.25 * INCH and on_back) or (x1 <= geometry.width - 0.25 * INCH
                                                   and on_front) or on_spine, char["text"]
        in_barcode = (x1 > barcode.x0 and x0 < barcode.x1 and height - bottom < barcode.y1
                      and height - top > barcode.y0)
        # only the barcode's own text, on the books with a print ISBN (the sampler)
        assert not in_barcode or (book != "chile" and str(char["text"]) in "ISBN0123456789-"), (
            char["text"])
    words = "".join(str(char["text"]) for char in chars)
    metadata = {"chile": "TheFourthInternational", "sampler": "Asmallfictional",
                "thick": "Asmallfictional"}[book]
    assert metadata in words  # the description is on the back


def rendered(data: bytes, tmp_path: Path, dpi: int, columns: tuple[int, int] | None = None
             ) -> PIL.Image.Image:
    """poppler's picture of the sheet, bleed included: whole, or only the pixel columns
    from columns[0] up to columns[1]."""
    path = save(data, tmp_path, "cover.pdf")
    crop = [] if columns is None else ["-x", str(columns[0]), "-y", "0", "-W",
                                       str(columns[1] - columns[0]), "-H", "100000"]
    tool("pdftoppm", "-r", str(dpi), "-png", "-singlefile", *crop, str(path),
         str(tmp_path / "sheet"))
    with PIL.Image.open(tmp_path / "sheet.png") as image:
        return image.convert("RGB")


def test_barcode_area_is_plain_field(chile_cover: bytes, settings: Settings,
                                     chile_interior: Typeset, tmp_path: Path) -> None:
    geometry = geometry_of(chile_cover, settings, chile_interior.layout.page_count)
    dpi = 100
    image = rendered(chile_cover, tmp_path, dpi)
    scale = dpi / INCH
    area = geometry.barcode
    top = BLEED + geometry.height - area.y1
    crop = image.crop((round((BLEED + area.x0) * scale), round(top * scale),
                       round((BLEED + area.x1) * scale), round((top + area.height) * scale)))
    colours = crop.getcolors(crop.width * crop.height)
    assert colours is not None and len(colours) == 1, "something is drawn in the barcode area"
    assert crop.size == (200, 120)


# ---- Colour, fonts, bleed -----------------------------------------------------------------


def cmyk_raster(data: bytes, tmp_path: Path, dpi: int = 50) -> PIL.Image.Image:
    """Ghostscript's CMYK separation of the sheet with its bleed (DeviceCMYK goes straight
    through), one byte an ink."""
    path = save(data, tmp_path, "cover.pdf")
    tool("gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiff32nc", f"-r{dpi}",
         "-dUseBleedBox", f"-sOutputFile={tmp_path / 'cmyk.tif'}", str(path))
    with PIL.Image.open(tmp_path / "cmyk.tif") as image:
        image.load()
        return image


@pytest.mark.parametrize("book", ["chile", "thick"])
def test_ghostscript_finds_no_pixel_over_240_percent_ink(book: str, chile_cover: bytes,
                                                         thick_cover: bytes,
                                                         tmp_path: Path) -> None:
    image = cmyk_raster({"chile": chile_cover, "thick": thick_cover}[book], tmp_path, 100)
    assert image.mode == "CMYK"
    colours = image.getcolors(image.width * image.height)
    assert colours is not None
    heaviest = max(sum(colour) for _, colour in colours if isinstance(colour, tuple)) / 255
    assert heaviest <= 2.40 + 0.01
    assert heaviest >= 2.30  # the field is nearly at the limit: the test sees real ink


def test_the_field_fills_the_bleed_in_the_palettes_inks(chile_cover: bytes,
                                                         tmp_path: Path) -> None:
    """Independent: Ghostscript's CMYK picture of the whole sheet (bleed included) has the
    field's inks at every edge pixel, and the lettering's inks somewhere."""
    image = cmyk_raster(chile_cover, tmp_path, 40)  # the sheet is a whole number of pixels
    assert image.size == (round(12.3 * 40), round(9.25 * 40))
    field = tuple(round(value * 255) for value in (
        inks.FIELD.cyan, inks.FIELD.magenta, inks.FIELD.yellow, inks.FIELD.black))
    edges = [image.getpixel((x, y)) for x in range(image.width) for y in (0, image.height - 1)]
    edges += [image.getpixel((x, y)) for y in range(image.height) for x in (0, image.width - 1)]
    assert all(pixel == pytest.approx(field, abs=1) for pixel in edges)
    colours = {colour for _, colour in image.getcolors(image.width * image.height) or []}
    lettering = tuple(round(value * 255) for value in (
        inks.LETTERING.cyan, inks.LETTERING.magenta, inks.LETTERING.yellow,
        inks.LETTERING.black))
    assert any(colour == pytest.approx(lettering, abs=1) for colour in colours)


def test_poppler_renders_lettering_on_the_front(chile_cover: bytes, tmp_path: Path) -> None:
    """A rendered cover is not blank: the front's lettering covers a few per cent of it."""
    image = rendered(chile_cover, tmp_path, 50)
    front = image.crop((image.width // 2, 0, image.width, image.height)).convert("L")
    histogram = front.histogram()
    light = sum(histogram[150:])  # cream on the dark field
    assert 0.01 < light / sum(histogram) < 0.5


def test_only_cmyk_operators_and_no_transparency(thick_cover: bytes) -> None:
    document = pikepdf.open(io.BytesIO(thick_cover))
    operators = {str(instruction.operator) for instruction in
                 pikepdf.parse_content_stream(document.pages[0])}
    assert not operators & {"rg", "RG", "g", "G", "sh"}
    spaces = {str(instruction.operands[0]) for instruction in
              pikepdf.parse_content_stream(document.pages[0])
              if str(instruction.operator) in ("cs", "CS")}
    assert spaces == {"/DeviceCMYK"}
    for state in document.pages[0].Resources.get("/ExtGState", {}).values():
        assert float(state.get("/ca", 1)) == 1 and float(state.get("/CA", 1)) == 1


def test_the_epub_cover_shows_the_print_inks() -> None:
    """One palette: the EPUB cover's RGB is the print cover's CMYK through the output profile,
    and every ink is within the cover limit."""
    assert (inks.FIELD.rgb, inks.LETTERING.rgb) == (image.FIELD, image.INK)
    assert inks.FIELD.total <= 2.40 and inks.LETTERING.total <= 2.40
    red, green, blue = image.FIELD
    assert red > 2 * green and red > 2 * blue and red < 140  # a deep red, not black or pink
    with pytest.raises(ValueError, match="ink"):
        inks.Ink(0.8, 0.8, 0.8, 0.8)


def test_pdffonts_shows_every_font_embedded(thick_cover: bytes, tmp_path: Path) -> None:
    rows = tool("pdffonts", str(save(thick_cover, tmp_path, "cover.pdf"))).splitlines()[2:]
    assert len(rows) == 2  # EB Garamond medium (capitals, description) and italic (subtitle)
    for row in rows:
        emb, _subset, uni = row.split()[-5:-2]
        assert (emb, uni) == ("yes", "yes"), row


# ---- Long text ----------------------------------------------------------------------------

LONG_DESCRIPTION = " ".join(["A statement on the coup, its causes and its lessons, and a call "
                             "for solidarity with the workers of Chile."] * 8)  # 176 words


def test_long_title_and_description_are_fitted(chile: tuple[Book, Styles],
                                               settings: Settings) -> None:
    book, styles = chile
    long_book = replace(book, metadata=replace(
        book.metadata, title=LONG_TITLE, subtitle=LONG_TITLE, description=LONG_DESCRIPTION))
    data = cover_wrap.render(long_book, styles, settings, printed(120))
    report = preflight_cover(data, 120, settings)
    assert report.passed, "\n".join(report.lines())
    chars, _, _ = trimmed_chars(data)
    text = "".join(str(char["text"]) for char in chars)
    assert "workersofChile." in text  # the description's end is there, not cut off
    sizes = {round(float(char["size"]), 1) for char in chars
             if char["fontname"].endswith("Medium") and char["upright"]}
    assert min(sizes) < max(cover_wrap.DESCRIPTION_SIZES)  # it was set smaller to fit


def test_a_description_too_long_for_the_back_is_an_error(chile: tuple[Book, Styles],
                                                         settings: Settings) -> None:
    book, styles = chile
    description = " ".join([LONG_DESCRIPTION] * 4)
    wordy = replace(book, metadata=replace(book.metadata, description=description))
    with pytest.raises(PublishError) as raised:
        cover_wrap.render(wordy, styles, settings, printed(20))
    message = str(raised.value)
    words = len(description.split())
    assert message.startswith(f"description: {words} words do not fit on the back cover of a "
                              "6 x 9 in book, even at 9 pt (about ")
    fits = int(message.split("(about ")[1].split()[0])
    assert words / 3 < fits < words
    assert "shorten it in metadata.yaml" in message and "\n" not in message


# ---- The preflight ------------------------------------------------------------------------


@pytest.mark.parametrize("book", ["chile", "sampler"])
def test_preflight_passes_on_the_built_covers(book: str, chile_cover: bytes, sampler_cover: bytes,
                                              chile_interior: Typeset, sampler_interior: Typeset,
                                              settings: Settings) -> None:
    data, interior = {"chile": (chile_cover, chile_interior),
                      "sampler": (sampler_cover, sampler_interior)}[book]
    pages = len(pikepdf.open(io.BytesIO(interior.pdf)).pages)
    report = preflight_cover(data, pages, settings,
                             barcode=SAMPLER_BARCODE if book == "sampler" else None)
    assert report.passed, "\n".join(report.lines())
    assert all(item.passed for item in report.findings), "\n".join(report.lines())
    assert finding(report, "PDF/X identification") == (True, "PDF/X-1a:2003, PDF 1.4")
    spine = f"{pages * 0.0025:.3f}"
    assert finding(report, "spine width")[1].startswith(
        f"{12 + pages * 0.0025:.3f} x 9.000 in = 2 x 6.000 in + spine {spine} in "
        f"({pages} pages x 0.0025 in, KDP cream)")
    assert finding(report, "total ink")[1].startswith("at most 235% (C0 M95 Y65 K75)")


def draw(document: pikepdf.Pdf, content: bytes) -> None:
    """More content, drawn from the trim's lower left corner (WeasyPrint's stream leaves its
    flipped coordinates in force, so it is wrapped in q ... Q first)."""
    page = document.pages[0]
    page.contents_add(document.make_stream(b"q\n"), prepend=True)
    page.contents_add(document.make_stream(b"\nQ\n" + content))


def font_name(document: pikepdf.Pdf) -> str:
    return str(next(iter(document.pages[0].Resources.Font.keys())))


def text_at(x: float, y: float, size: float = 10) -> Callable[[pikepdf.Pdf], None]:
    """A few characters at (x, y) from the trim's lower left (the page's origin is the trim)."""
    def spoil(document: pikepdf.Pdf) -> None:
        draw(document, f"BT {font_name(document)} {size} Tf 0 0.04 0.15 0.05 k "
                       f"1 0 0 1 {x} {y} Tm <00100011> Tj ET".encode())
    return spoil


def rgb_field(document: pikepdf.Pdf) -> None:
    instructions = []
    for instruction in pikepdf.parse_content_stream(document.pages[0]):
        if str(instruction.operator) == "cs":
            continue
        if str(instruction.operator) == "scn":
            instruction = pikepdf.ContentStreamInstruction([0.4, 0.1, 0.1],
                                                           pikepdf.Operator("rg"))
        instructions.append(instruction)
    document.pages[0].Contents = document.make_stream(
        pikepdf.unparse_content_stream(instructions))


def recoloured(colour: list[float]) -> Callable[[pikepdf.Pdf], None]:
    """The first colour set (the field) becomes `colour`."""
    def spoil(document: pikepdf.Pdf) -> None:
        instructions = list(pikepdf.parse_content_stream(document.pages[0]))
        index = next(number for number, instruction in enumerate(instructions)
                     if str(instruction.operator) == "scn")
        instructions[index] = pikepdf.ContentStreamInstruction(colour, pikepdf.Operator("scn"))
        document.pages[0].Contents = document.make_stream(
            pikepdf.unparse_content_stream(instructions))
    return spoil


def rich_black_text(document: pikepdf.Pdf) -> None:
    draw(document, f"BT {font_name(document)} 10 Tf 0.5 0.4 0.4 1 k 1 0 0 1 100 400 Tm "
                   "<00100011> Tj ET".encode())


def box_in_barcode_area(document: pikepdf.Pdf) -> None:
    draw(document, b"0 0.04 0.15 0.05 k 300 40 60 30 re f")


def link(document: pikepdf.Pdf) -> None:
    document.pages[0].Annots = document.make_indirect(pikepdf.Array([pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[100, 100, 200, 120])]))


def transparency(document: pikepdf.Pdf) -> None:
    for state in document.pages[0].Resources.ExtGState.values():
        state.ca = 0.5


# The chile cover: 6 x 9 in, 20 pages on cream, so the back is x 0-432 and the spine 432-435.6;
# the barcode area x 214-358, y 18-104.4.
SPOILS = {
    "rgb field": (rgb_field, {"colour spaces"}),
    "too much ink": (recoloured([0.7, 0.7, 0.7, 0.7]), {"total ink"}),
    "four-colour black text": (rich_black_text, {"black text K-only"}),
    "text in the barcode area": (text_at(280, 60), {"barcode area"}),
    "a box in the barcode area": (box_in_barcode_area, {"barcode area"}),
    "text near the trim": (text_at(8, 300), {"safe area"}),
    "text near the spine fold": (text_at(412, 300), {"safe area"}),
    "spine text on a thin book": (text_at(432.5, 300, 1.5), {"spine text"}),
    "a link": (link, {"annotations"}),
    "transparency": (transparency, {"transparency"}),
}


@pytest.mark.parametrize("name", SPOILS)
def test_preflight_fails_a_spoiled_cover(name: str, chile_cover: bytes,
                                         chile_interior: Typeset, settings: Settings) -> None:
    spoil, expected = SPOILS[name]
    report = preflight_cover(spoiled(chile_cover, spoil), chile_interior.layout.page_count,
                             settings)
    failed = {item.check for item in report.findings
              if not item.passed and item.severity == "error"}
    assert failed == expected, "\n".join(report.lines())
    assert "result: FAILED" in report.lines()[-1]


def test_spine_text_crowding_a_fold_fails(thick_cover: bytes, settings: Settings) -> None:
    geometry = CoverGeometry(settings.trim, 200, settings.paper)
    x = geometry.spine_panel.x0 + 1  # 1 pt from the fold, inside the spine
    report = preflight_cover(spoiled(thick_cover, text_at(x, 300, 4)), 200, settings)
    passed, detail = finding(report, "spine text")
    assert not passed and "from the folds (KDP asks 0.0625 in)" in detail


def test_preflight_fails_a_cover_for_another_page_count(
        chile: tuple[Book, Styles], settings: Settings, chile_interior: Typeset) -> None:
    """A cover made for 40 pages, checked against the 20-page interior: its spine is wrong."""
    pages = chile_interior.layout.page_count
    stale = cover_wrap.render(*chile, settings, printed(2 * pages))
    report = preflight_cover(stale, pages, settings)
    failed = {item.check for item in report.findings if not item.passed}
    assert failed == {"spine width"}, "\n".join(report.lines())
    assert finding(report, "spine width")[1] == (
        f"spine {2 * pages * 0.0025:.3f} in, the width for {2 * pages} pages; the interior's "
        f"{pages} pages x 0.0025 in (KDP cream) need {pages * 0.0025:.3f} in: rebuild the cover "
        "with the interior")
    other_paper = preflight_cover(stale, 2 * pages, replace(settings, paper=PAPERS["kdp-white"]))
    assert not finding(other_paper, "spine width")[0]
    other_trim = preflight_cover(stale, 2 * pages, replace(settings, trim=TRIMS["5x8"]))
    assert {item.check for item in other_trim.findings if not item.passed} >= {"trim and boxes"}


def test_a_multi_page_file_is_not_a_cover(chile_interior: Typeset, settings: Settings) -> None:
    report = preflight_cover(chile_interior.pdf, chile_interior.layout.page_count, settings)
    assert not report.passed and not finding(report, "one sheet")[0]


# ---- The commands -------------------------------------------------------------------------


def test_check_uses_the_settings_of_the_build(tmp_path: Path) -> None:
    """`publish check` preflights the cover beside the interior, with the trim and paper the
    manifest records; an option given on the command line wins."""
    shutil.copytree(ROOT / "manuscript", tmp_path / "manuscript")
    built = publish("build", "--trim", "5x8", "--paper", "kdp-white", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    checked = publish("check", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Preflight: build/the-coup-in-chile-cover.pdf\n" in checked.stdout
    cover_report = checked.stdout.split("Preflight: build/the-coup-in-chile-cover.pdf\n")[1]
    with pikepdf.open(tmp_path / "build" / "the-coup-in-chile.pdf") as interior:
        pages = len(interior.pages)
    spine = pages * 0.002252
    assert (f"ok    C-002 spine width: {10 + spine:.3f} x 8.000 in = 2 x 5.000 in + spine "
            f"{spine:.3f} in ({pages} pages x 0.002252 in, KDP white)") in cover_report
    assert "result: passed" in cover_report.split("Parity:")[0]
    wrong_paper = publish("check", "--paper", "kdp-cream", cwd=tmp_path)
    assert wrong_paper.returncode == 1
    assert (f"FAIL  C-002 spine width: spine {spine:.3f} in, the width for "
            f"{round(spine / 0.0025)} pages") in wrong_paper.stdout
    assert "--paper" in publish("check", "--help", cwd=tmp_path).stdout
    (tmp_path / "build" / "manifest.json").write_text("{}", "utf-8")
    broken = publish("check", cwd=tmp_path)
    assert broken.returncode == 1
    assert broken.stderr.startswith("error: build/manifest.json: cannot read the build's "
                                    "settings")


def test_ghostscript_renders_the_cover_without_errors(chile_cover: bytes, tmp_path: Path) -> None:
    path = save(chile_cover, tmp_path, "cover.pdf")
    result = subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=nullpage",
                             "-dPDFSTOPONERROR", str(path)], capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr
