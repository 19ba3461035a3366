"""The print ISBN's barcode on the back cover: an EAN-13 with its EAN-5 price add-on, read back
by programs that did not draw it.

zxing-cpp decodes the bars (the symbol and its add-on) from poppler's 300 dpi picture of the
sheet; Ghostscript's CMYK separation shows which inks the barcode's box carries; pdfplumber
(pdfminer) measures the box and the bars from the PDF's own rectangles and reads its text.
"""

from __future__ import annotations

import io
import shutil
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pikepdf
import PIL.Image
import PIL.ImageChops
import PIL.ImageDraw
import pytest
import zxingcpp
from conftest import SAMPLER
from test_cover_pdf import cmyk_raster, printed
from test_preflight import publish, save, tool

from publish.book.imprint import imprint
from publish.book.model import Book
from publish.checks.preflight_cover import Barcode, preflight_cover
from publish.cover.ean import LEFT_QUIET, ean_symbol
from publish.cover.wrap import CoverGeometry
from publish.editions import cover_wrap
from publish.errors import PublishError
from publish.settings import Settings
from publish.source.metadata import Metadata, MetadataSource
from publish.source.metadata_reader import load_metadata
from publish.source.price import Price
from publish.source.styles import Styles

MULTI = SAMPLER.parent / "multi"
INCH = 72.0
BLEED = 9.0
PAGES = 40  # the interior the covers are made for: its page count only sets the spine
ISBN = "979-8-00-000001-4"  # the sampler's print ISBN, as its metadata hyphenates it
DPI = 300


def with_price(book: Book, price: Price | None) -> Book:
    return replace(book, metadata=replace(book.metadata, price=price))


@pytest.fixture(scope="module")
def priced_cover(sampler: tuple[Book, Styles], settings: Settings) -> bytes:
    book, styles = sampler
    return cover_wrap.render(with_price(book, Price("USD", Decimal("24.95"))), styles, settings,
                             printed(PAGES))


@pytest.fixture(scope="module")
def unpriced_cover(sampler: tuple[Book, Styles], settings: Settings) -> bytes:
    return cover_wrap.render(*sampler, settings, printed(PAGES))


@pytest.fixture(scope="module")
def bare_cover(chile: tuple[Book, Styles], settings: Settings) -> bytes:
    """The repository's own book, which has no print ISBN."""
    return cover_wrap.render(*chile, settings, printed(PAGES))


def geometry(settings: Settings) -> CoverGeometry:
    return CoverGeometry(settings.trim, PAGES, settings.paper)


def back_picture(data: bytes, tmp_path: Path) -> PIL.Image.Image:
    """poppler's 300 dpi picture of the back panel (the left one), bleed included."""
    path = save(data, tmp_path, "cover.pdf")
    back_width = round((BLEED + geometry(Settings()).back.x1) * DPI / INCH)
    tool("pdftoppm", "-r", str(DPI), "-png", "-singlefile", "-x", "0", "-y", "0", "-W",
         str(back_width), "-H", "100000", str(path), str(tmp_path / "back"))
    with PIL.Image.open(tmp_path / "back.png") as image:
        return image.convert("L")


def decoded(image: PIL.Image.Image) -> list[str]:
    return [found.text for found in zxingcpp.read_barcodes(
        image, formats=zxingcpp.BarcodeFormat.EAN13,
        ean_add_on_symbol=zxingcpp.EanAddOnSymbol.Require)]


@pytest.mark.parametrize(("cover", "addon"), [("priced", "52495"), ("unpriced", "90000")])
def test_zxing_reads_the_isbn_and_its_price(cover: str, addon: str, priced_cover: bytes,
                                            unpriced_cover: bytes, tmp_path: Path) -> None:
    data = {"priced": priced_cover, "unpriced": unpriced_cover}[cover]
    assert decoded(back_picture(data, tmp_path)) == ["9798000000014" + addon]


def test_a_book_without_a_print_isbn_keeps_the_area_clear(bare_cover: bytes,
                                                           tmp_path: Path) -> None:
    assert decoded(back_picture(bare_cover, tmp_path)) == []
    with pdfplumber.open(io.BytesIO(bare_cover)) as document:
        assert not [rect for rect in document.pages[0].rects
                    if rect["non_stroking_color"] in ((0, 0, 0, 0), (0, 0, 0, 1))]


def boxes(data: bytes) -> tuple[dict[str, float], list[dict[str, float]]]:
    """The white box and the bars as pdfplumber finds the PDF's rectangles, in its
    coordinates (x from the left, top and bottom from the top)."""
    with pdfplumber.open(io.BytesIO(data)) as document:
        rects = [{key: float(rect[key]) for key in ("x0", "x1", "top", "bottom")}
                 | {"colour": tuple(rect["non_stroking_color"])}
                 for rect in document.pages[0].rects]
    white = [rect for rect in rects if rect["colour"] == (0, 0, 0, 0)]
    assert len(white) == 1
    return white[0], [rect for rect in rects if rect["colour"] == (0, 0, 0, 1)]


def test_the_box_is_large_enough_and_clear_of_trim_and_spine(priced_cover: bytes,
                                                              settings: Settings,
                                                              tmp_path: Path) -> None:
    """The box as Ghostscript paints it (the pixels without any ink, bleed included), and the
    bars inside it as pdfplumber reads them."""
    sheet = cmyk_raster(priced_cover, tmp_path, DPI)
    inked = PIL.Image.merge("RGB", sheet.split()[1:]).convert("L").point(
        lambda value: 255 if value == 0 else 0)  # no magenta, yellow or black: bare paper
    inked = PIL.ImageChops.multiply(inked, sheet.split()[0].point(
        lambda value: 255 if value == 0 else 0))
    left, top, right, bottom = (value * INCH / DPI - BLEED for value in inked.getbbox())
    height = geometry(settings).height
    width, tall = right - left, bottom - top
    assert width >= 1.4 * INCH and tall >= 0.8 * INCH
    assert (width, tall) == pytest.approx((2 * INCH, 1.2 * INCH), abs=0.5)
    assert geometry(settings).back.x1 - right >= 0.25 * INCH - 0.5  # from the spine's fold
    assert left >= 0.25 * INCH and top >= 0.25 * INCH  # from the trim's edges
    assert height - bottom >= 0.25 * INCH - 0.5
    box, bars = boxes(priced_cover)
    # 30 bars of the EAN-13 and 16 of the add-on, inside the box, clear of its quiet zone
    assert len(bars) == 46
    module = (box["x1"] - box["x0"]) / ean_symbol("9798000000014", "52495").width
    for bar in bars:
        assert box["x0"] + LEFT_QUIET * module - 0.01 <= bar["x0"] < bar["x1"] <= box["x1"]
        assert box["top"] < bar["top"] < bar["bottom"] < box["bottom"]


def test_the_barcode_is_black_ink_alone(priced_cover: bytes, settings: Settings,
                                        tmp_path: Path) -> None:
    """Ghostscript's separation of the box: no cyan, magenta or yellow anywhere in it, black
    both solid (the bars) and absent (the paper); and the PDF sets every colour in DeviceCMYK,
    black as 0 0 0 1."""
    sheet = cmyk_raster(priced_cover, tmp_path, DPI)
    area = geometry(settings).barcode
    scale = DPI / INCH
    top = BLEED + geometry(settings).height - area.y1
    box = sheet.crop((round((BLEED + area.x0) * scale) + 1, round(top * scale) + 1,
                      round((BLEED + area.x1) * scale) - 1,
                      round((top + area.height) * scale) - 1))
    cyan, magenta, yellow, black = box.split()
    assert cyan.getextrema() == magenta.getextrema() == yellow.getextrema() == (0, 0)
    assert black.getextrema() == (0, 255)
    with pikepdf.open(io.BytesIO(priced_cover)) as document:
        operators = [(str(operator), tuple(str(value) for value in operands))
                     for operands, operator in pikepdf.parse_content_stream(document.pages[0])
                     if str(operator) in ("cs", "CS", "rg", "RG", "g", "G", "sc", "scn")]
    assert {operator for operator, _ in operators} <= {"cs", "CS", "scn", "SCN"}
    assert {operands for operator, operands in operators if operator in ("cs", "CS")} == {
        ("/DeviceCMYK",)}
    assert ("scn", ("0", "0", "0", "1")) in operators  # the bars and digits: black alone
    assert ("scn", ("0", "0", "0", "0")) in operators  # the box: no ink


def test_the_isbn_is_printed_over_the_bars(priced_cover: bytes, settings: Settings) -> None:
    box, bars = boxes(priced_cover)
    with pdfplumber.open(io.BytesIO(priced_cover)) as document:
        words = document.pages[0].crop((box["x0"], box["top"], box["x1"], min(
            bar["top"] for bar in bars))).extract_text()
    assert f"ISBN {ISBN}" in words


def test_preflight_passes_the_barcode_and_fails_a_missing_one(
        priced_cover: bytes, bare_cover: bytes, settings: Settings) -> None:
    expected = Barcode(ISBN, "52495")
    passed = preflight_cover(priced_cover, PAGES, settings, barcode=expected)
    assert passed.passed, "\n".join(passed.lines())
    (finding,) = [item for item in passed.findings if item.code == "C-006"]
    assert "the barcode of ISBN 979-8-00-000001-4, add-on 52495" in finding.detail
    for data, barcode in ((bare_cover, expected), (priced_cover, Barcode(ISBN, "90000")),
                          (priced_cover, None)):
        report = preflight_cover(data, PAGES, settings, barcode=barcode)
        assert {item.code for item in report.findings if not item.passed} == {"C-006"}


# One add-on for each value of its checksum, which chooses its digits' sets (A or B)
ADDONS = ("50395", "50095", "50399", "50099", "50195", "50000", "50199", "50295", "50100",
          "50299", "90000", "59999")


def addon_checksum(code: str) -> int:
    return (3 * sum(map(int, code[0::2])) + 9 * sum(map(int, code[1::2]))) % 10


def test_the_addons_cover_every_parity() -> None:
    assert {addon_checksum(code) for code in ADDONS} == set(range(10))


@pytest.mark.parametrize("addon", ADDONS)
def test_every_addon_parity_reads_back(addon: str) -> None:
    """Each add-on drawn plainly with Pillow from the symbol's bars, read back by zxing-cpp."""
    symbol = ean_symbol("9780306406157", addon)
    scale, height = 4, 300
    image = PIL.Image.new("L", (symbol.width * scale, height), 255)
    draw = PIL.ImageDraw.Draw(image)
    for bar in symbol.bars:
        left = (LEFT_QUIET + bar.start) * scale
        draw.rectangle((left, 60 if bar.addon else 20, left + bar.width * scale - 1,
                        height - 20), fill=0)
    assert decoded(image) == ["9780306406157" + addon]


# ---- The metadata ---------------------------------------------------------------------------

BASE = ("title: T\ncreator: A\nlang: en\nidentifier:\n  - urn:uuid:6f1c2b7e-3d4a-5b8c-9e0f-"
        "1a2b3c4d5e6f\n  - text: {isbn}\n    scheme: ISBN-13\n    edition: print\n")


def metadata_of(text: str) -> Metadata:
    return load_metadata([MetadataSource(Path("metadata.yaml"), text)], Path("metadata.yaml"))


@pytest.mark.parametrize(("written", "addon"), [("USD 24.95", "52495"), ("usd 7", "50700"),
                                                ("USD 99.98", "59998"), ("USD 120.00", "59999")])
def test_a_price_in_dollars_gives_its_addon(written: str, addon: str) -> None:
    metadata = metadata_of(BASE.format(isbn=ISBN) + f"price: {written}\n")
    assert metadata.price is not None and metadata.price.addon == addon


@pytest.mark.parametrize(("line", "message"), [
    ("price: EUR 20.00", "US dollars only"),
    ("price: 24.95", "write the currency's code, then the amount"),
    ("price: USD 0", "more than nothing"),
])
def test_a_price_the_addon_cannot_carry_is_reported_at_its_line(line: str,
                                                                 message: str) -> None:
    with pytest.raises(PublishError) as raised:
        metadata_of(BASE.format(isbn=ISBN) + line + "\n")
    (problem,) = raised.value.problems
    assert problem.line == 9 and "M-001 price:" in problem.message and message in (
        problem.message)


def test_a_print_isbn_the_agency_ranges_cannot_hyphenate_needs_its_hyphens() -> None:
    """9798000000014 lies in a range the agency has not assigned: without its author's hyphens
    nothing says how to print it, which is an error at its line, not a guess."""
    with pytest.raises(PublishError) as raised:
        metadata_of(BASE.format(isbn="9798000000014"))
    (problem,) = raised.value.problems
    assert problem.line == 6 and "write it with the hyphens its agency gave it" in (
        problem.message)
    assert metadata_of(BASE.format(isbn="9780306406157")).print_identifier.value == (
        "9780306406157")


def test_publish_check_passes_a_built_cover_with_its_barcode(tmp_path: Path) -> None:
    """`multi` sets a print ISBN and `price: USD 24.95`: built and checked as an author would."""
    project = tmp_path / "multi"
    shutil.copytree(MULTI, project, ignore=shutil.ignore_patterns("build"))
    built = publish("build", cwd=project)
    assert built.returncode == 0, built.stderr
    checked = publish("check", cwd=project)
    assert "the barcode of ISBN 979-8-00-000013-7, add-on 52495" in checked.stdout
    assert checked.returncode == 0, checked.stdout


@pytest.mark.parametrize(("written", "printed"), [
    ("9780306406157", "ISBN 978-0-306-40615-7 (paperback)"),
    ("978-0-306-40615-7", "ISBN 978-0-306-40615-7 (paperback)"),
    ("979-8-00-000001-4", "ISBN 979-8-00-000001-4 (paperback)")])  # a range not assigned
def test_the_copyright_page_prints_an_isbn_as_the_agency_hyphenates_it(
        written: str, printed: str) -> None:
    """The same ISBN over the barcode and on the copyright page, hyphenated as the agency does
    where the author wrote none; as written where the agency's tables know no range."""
    lines = [line.text for line in imprint(metadata_of(BASE.format(isbn=written)))]
    assert printed in lines
