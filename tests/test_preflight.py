"""The print interior as a print shop receives it: PDF/X, output intent, boxes, and the preflight.

The preflight must pass on the built interiors and fail on files spoiled in the ways a print
shop rejects (RGB text, an annotation, a page of another size, a font not embedded, ...).
What it claims is confirmed with independent programs: Ghostscript's inkcov device, pdfinfo,
pdffonts, pdfimages and pdftoppm (poppler-utils).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pdfplumber
import pikepdf
import PIL.Image
import pytest
from conftest import ROOT

from publish.book.model import Book, Resource
from publish.checks.preflight import preflight_interior
from publish.checks.report import Report
from publish.layout import typeset
from publish.layout.cache import LayoutCache
from publish.layout.font_cut import CutTypeface
from publish.layout.typeset import typeset_book
from publish.layout.workers import Layouts
from publish.settings import BLEED, TRIMS, Settings, minimum_gutter
from publish.source.styles import Styles

INCH = 72.0
BOOKS = ["chile", "sampler"]


@pytest.fixture(scope="module", params=BOOKS)
def interior(request: pytest.FixtureRequest, settings: Settings) -> bytes:
    book, styles = request.getfixturevalue(request.param)
    return typeset_book(book, styles, settings).pdf


@pytest.fixture(scope="module")
def chile_pdf(chile: tuple[Book, Styles], settings: Settings) -> bytes:
    return typeset_book(*chile, settings).pdf


def finding(report: Report, check: str) -> tuple[bool, str]:
    found = [item for item in report.findings if item.check == check]
    assert len(found) == 1, check
    return found[0].passed, found[0].detail


def save(data: bytes, tmp_path: Path, name: str = "interior.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def tool(*command: str) -> str:
    """An independent checker's output; a missing checker fails the test (no skip)."""
    assert shutil.which(command[0]), f"{command[0]} is not installed (bash scripts/setup)"
    return subprocess.run(command, capture_output=True, text=True, check=True,
                          timeout=300).stdout


# ---- The built interiors pass ------------------------------------------------------------


def test_preflight_passes_on_the_built_interior(interior: bytes, settings: Settings) -> None:
    report = preflight_interior(interior, settings)
    assert report.passed, "\n".join(report.lines())
    failed = [item.check for item in report.findings if not item.passed]
    assert set(failed) <= {"page count"}  # the test books are under KDP's 24 pages: a warning
    assert finding(report, "PDF/X identification") == (True, "PDF/X-1a:2003, PDF 1.4")


def test_output_intent_embeds_the_cmyk_profile(interior: bytes, chile: tuple[Book, Styles]
                                               ) -> None:
    document = pikepdf.open(io.BytesIO(interior))
    (intent,) = document.Root.OutputIntents
    assert intent.S == "/GTS_PDFX"
    profile = intent.DestOutputProfile
    assert int(profile.N) == 4
    assert profile.read_bytes() == chile[1].output_profile.data
    assert document.docinfo["/GTS_PDFXVersion"] == "PDF/X-1a:2003"
    assert document.docinfo["/Trapped"] == "/False"


def test_ghostscript_inkcov_shows_black_ink_only(interior: bytes, tmp_path: Path) -> None:
    """Independent: Ghostscript's ink coverage per page has C = M = Y = 0 and K > 0 in text."""
    lines = tool("gs", "-q", "-o", "-", "-sDEVICE=inkcov", str(save(interior, tmp_path))
                 ).splitlines()
    coverage = [[float(value) for value in line.split()[:4]] for line in lines
                if line.rstrip().endswith("OK")]
    assert len(coverage) == len(pikepdf.open(io.BytesIO(interior)).pages)
    assert all(c == m == y == 0 for c, m, y, _ in coverage)
    assert sum(k > 0 for *_, k in coverage) > len(coverage) / 2


def test_pdfinfo_shows_the_trimbox(interior: bytes, tmp_path: Path) -> None:
    output = tool("pdfinfo", "-box", "-f", "1", "-l", "999", str(save(interior, tmp_path)))
    trims = re.findall(r"Page\s+\d+ TrimBox:\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)",
                       output)
    pages = int(re.search(r"^Pages:\s+(\d+)", output, re.M)[1])  # type: ignore[index]
    assert len(trims) == pages and pages % 2 == 0
    assert {tuple(float(value) for value in trim) for trim in trims} == {(0, 0, 432, 648)}
    assert re.search(r"^PDF version:\s+1\.4$", output, re.M)
    assert re.search(r"^PDF subtype:\s+PDF/X-1a:2003$", output, re.M)  # poppler reads it too


def test_pdffonts_shows_every_font_embedded(interior: bytes, tmp_path: Path) -> None:
    rows = tool("pdffonts", str(save(interior, tmp_path))).splitlines()[2:]
    assert rows
    for row in rows:
        emb, _subset, uni = row.split()[-5:-2]
        assert (emb, uni) == ("yes", "yes"), row


def test_a_rendered_page_is_not_blank(chile_pdf: bytes, tmp_path: Path) -> None:
    """Independent: poppler renders the first text page with ink on it, and only gray."""
    path = save(chile_pdf, tmp_path)
    first_text_page = next(number for number, page in enumerate(
        pdfplumber.open(io.BytesIO(chile_pdf)).pages, 1) if len(page.chars) > 500)
    tool("pdftoppm", "-r", "100", "-png", "-f", str(first_text_page), "-l",
         str(first_text_page), "-singlefile", str(path), str(tmp_path / "page"))
    with PIL.Image.open(tmp_path / "page.png") as image:
        gray = image.convert("L")
        histogram = gray.histogram()
    inked = sum(histogram[:200])
    assert inked > 0.005 * sum(histogram)  # a full text page is about 1.3 % ink at 100 dpi


def test_sampler_image_is_printed_at_300_ppi_at_least(sampler: tuple[Book, Styles],
                                                      settings: Settings, tmp_path: Path) -> None:
    """Independent: pdfimages gives the placed resolution of every image."""
    data = typeset_book(*sampler, settings).pdf
    rows = tool("pdfimages", "-list", str(save(data, tmp_path))).splitlines()[2:]
    assert rows
    for row in rows:
        x_ppi, y_ppi = (int(value) for value in row.split()[12:14])
        assert min(x_ppi, y_ppi) >= 300, row


# ---- Settings: bleed, PDF/X-4, the gutter ------------------------------------------------


def boxes_of(data: bytes, tmp_path: Path, page: int) -> dict[str, str]:
    """pdfinfo's boxes of one page: {"MediaBox": "-9.00 -9.00 441.00 657.00", ...}."""
    output = tool("pdfinfo", "-box", "-f", str(page), "-l", str(page), str(save(data, tmp_path)))
    return {match[1]: " ".join(match[2].split())
            for match in re.finditer(r"Page\s+\d+\s+(\w+Box):\s+([-\d. ]+)", output)}


def test_bleed_at_head_foot_and_outside_edge_by_default(chile: tuple[Book, Styles],
                                                         tmp_path: Path) -> None:
    """KDP's rule: the page is the trim plus 0.125 in wide (the outside edge) and 0.25 in
    tall; the bound edge (left on a recto, right on a verso) has no bleed."""
    settings = Settings(bleed=True)
    data = typeset_book(*chile, settings).pdf
    recto, verso = boxes_of(data, tmp_path, 1), boxes_of(data, tmp_path, 2)
    assert recto["TrimBox"] == verso["TrimBox"] == "0.00 0.00 432.00 648.00"
    assert recto["MediaBox"] == recto["BleedBox"] == "0.00 -9.00 441.00 657.00"
    assert verso["MediaBox"] == verso["BleedBox"] == "-9.00 -9.00 432.00 657.00"
    assert BLEED == 9.0
    report = preflight_interior(data, settings)
    assert report.passed, "\n".join(report.lines())
    assert "none at the spine" in finding(report, "trim and boxes")[1]
    assert typeset_book(*chile, settings).pdf == data  # rewriting the boxes: still reproducible
    # a bleed file is not what a build without bleed, or with bleed all round, is checked against
    assert not finding(preflight_interior(data, Settings()), "trim and boxes")[0]
    assert not finding(preflight_interior(data, replace(settings, bleed_edges="all")),
                       "trim and boxes")[0]


def test_bleed_on_every_edge_is_an_option(chile: tuple[Book, Styles], tmp_path: Path) -> None:
    """Lulu's rule: 0.125 in on all four edges of every page."""
    settings = Settings(bleed=True, bleed_edges="all")
    data = typeset_book(*chile, settings).pdf
    for page in (1, 2):
        boxes = boxes_of(data, tmp_path, page)
        assert boxes["TrimBox"] == "0.00 0.00 432.00 648.00"
        assert boxes["MediaBox"] == boxes["BleedBox"] == "-9.00 -9.00 441.00 657.00"
    report = preflight_interior(data, settings)
    assert report.passed, "\n".join(report.lines())


def test_pdf_x4_is_an_option(chile: tuple[Book, Styles]) -> None:
    settings = Settings(pdf_variant="pdf/x-4")
    report = preflight_interior(typeset_book(*chile, settings).pdf, settings)
    assert report.passed
    assert finding(report, "PDF/X identification") == (True, "PDF/X-4, PDF 1.6")


def test_kdp_gutter_table() -> None:
    assert [minimum_gutter(pages) / INCH for pages in (10, 24, 150, 151, 300, 301, 500, 501,
                                                       700, 701, 828, 900)] == [
        0.375, 0.375, 0.375, 0.5, 0.5, 0.625, 0.625, 0.75, 0.75, 0.875, 0.875, 0.875]


def test_the_default_stylesheet_needs_one_layout(chile: tuple[Book, Styles],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Its gutter meets KDP's whole table, so the second layout pass never runs for it."""
    gutters: list[float | None] = []
    laid_out_book = typeset.laid_out_book

    def counted(book: Book, styles: Styles, settings: Settings, layouts: Layouts,
                cache: LayoutCache | None, cut: CutTypeface, gutter: float | None,
                gathering: bool = True) -> object:
        gutters.append(gutter)
        return laid_out_book(book, styles, settings, layouts, cache, cut, gutter, gathering)

    monkeypatch.setattr(typeset, "laid_out_book", counted)
    typeset_book(*chile, Settings())
    assert gutters == [None]


def test_a_narrow_gutter_is_widened_to_kdps_minimum(chile: tuple[Book, Styles]) -> None:
    """A publisher's stylesheet with a 0.25in gutter gets KDP's 0.375in (second layout)."""
    book, styles = chile
    narrow = replace(styles, print=styles.print + (
        "\n@page :right { margin-left: 0.25in; } @page :left { margin-right: 0.25in; }\n"))
    data = typeset_book(book, narrow, Settings()).pdf
    with pdfplumber.open(io.BytesIO(data)) as document:
        pages = document.pages
        needed = minimum_gutter(len(pages))
        recto_lefts = [min(char["x0"] for char in page.chars) for page in pages[::2]
                       if len(page.chars) > 200]
        verso_rights = [432 - max(char["x1"] for char in page.chars) for page in pages[1::2]
                        if len(page.chars) > 200]
    assert recto_lefts and verso_rights
    assert min(recto_lefts) >= needed - 0.5
    assert min(verso_rights) >= needed - 0.5
    assert min(recto_lefts) < 0.45 * INCH  # the stylesheet's narrow gutter was honoured above it
    assert finding(preflight_interior(data, Settings()), "inside margin")[0]


# ---- Spoiled files fail ------------------------------------------------------------------


def spoiled(data: bytes, spoil: Callable[[pikepdf.Pdf], None]) -> bytes:
    document = pikepdf.open(io.BytesIO(data))
    spoil(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def first_text_page(document: pikepdf.Pdf) -> pikepdf.Page:
    return next(page for page in document.pages
                if any(str(instruction.operator) == "TJ"
                       for instruction in pikepdf.parse_content_stream(page)))


def rgb_text(document: pikepdf.Pdf) -> None:
    """Every CMYK fill on one page becomes the RGB black a careless stylesheet gives."""
    page = first_text_page(document)
    instructions = []
    for instruction in pikepdf.parse_content_stream(page):
        operator = str(instruction.operator)
        if operator == "cs":
            continue
        if operator == "scn":
            instruction = pikepdf.ContentStreamInstruction([0, 0, 0], pikepdf.Operator("rg"))
        instructions.append(instruction)
    page.Contents = document.make_stream(pikepdf.unparse_content_stream(instructions))


def four_colour_text(document: pikepdf.Pdf) -> None:
    page = first_text_page(document)
    instructions = [pikepdf.ContentStreamInstruction([0.6, 0.5, 0.4, 1], pikepdf.Operator("scn"))
                    if str(instruction.operator) == "scn" else instruction
                    for instruction in pikepdf.parse_content_stream(page)]
    page.Contents = document.make_stream(pikepdf.unparse_content_stream(instructions))


def link_annotation(document: pikepdf.Pdf) -> None:
    document.pages[3].Annots = document.make_indirect(pikepdf.Array([pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[100, 100, 200, 120],
        A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://example.org/")))]))


def other_page_size(document: pikepdf.Pdf) -> None:
    page = document.pages[5]
    page.MediaBox = page.TrimBox = page.BleedBox = pikepdf.Array([0, 0, 360, 576])


def font_not_embedded(document: pikepdf.Pdf) -> None:
    font = next(iter(first_text_page(document).Resources.Font.values()))
    del font.DescendantFonts[0].FontDescriptor["/FontFile2"]


def transparency(document: pikepdf.Pdf) -> None:
    page = first_text_page(document)
    for state in page.Resources.ExtGState.values():
        state.ca = 0.5


def bookmarks(document: pikepdf.Pdf) -> None:
    with document.open_outline() as outline:
        outline.root.append(pikepdf.OutlineItem("Chapter", 8))


def odd_page_count(document: pikepdf.Pdf) -> None:
    del document.pages[-1]


def no_trapped_key(document: pikepdf.Pdf) -> None:
    del document.docinfo["/Trapped"]


def no_output_intent(document: pikepdf.Pdf) -> None:
    del document.Root["/OutputIntents"]


def rgb_image(document: pikepdf.Pdf) -> None:
    page = first_text_page(document)
    image = pikepdf.Stream(document, bytes(3 * 300 * 300), Type=pikepdf.Name.XObject,
                           Subtype=pikepdf.Name.Image, Width=300, Height=300,
                           ColorSpace=pikepdf.Name.DeviceRGB, BitsPerComponent=8)
    page.Resources.XObject = pikepdf.Dictionary(Im9=image)
    page.contents_add(document.make_stream(b"q 72 0 0 72 100 100 cm /Im9 Do Q"))


def text_in_the_margin(document: pikepdf.Pdf) -> None:
    page = first_text_page(document)
    font = next(iter(page.Resources.Font.keys()))
    page.contents_add(document.make_stream(
        f"BT {font} 10 Tf 0 0 0 1 k 1 0 0 1 10 300 Tm <0010> Tj ET".encode()))


SPOILS = {
    "rgb text": (rgb_text, {"colour spaces", "text K-only"}),
    "four-colour black text": (four_colour_text, {"text K-only"}),
    "link annotation": (link_annotation, {"annotations"}),
    "page of another size": (other_page_size, {"trim and boxes"}),
    "font not embedded": (font_not_embedded, {"fonts embedded"}),
    "transparency": (transparency, {"transparency"}),
    "bookmarks": (bookmarks, {"bookmarks"}),
    "odd page count": (odd_page_count, {"page count"}),
    "no output intent": (no_output_intent, {"output intent"}),
    "no Trapped key": (no_trapped_key, {"PDF/X identification"}),
    "rgb image": (rgb_image, {"colour spaces"}),
    "text in the margin": (text_in_the_margin, {"safe area", "inside margin"}),
}


@pytest.mark.parametrize("name", SPOILS)
def test_preflight_fails_a_spoiled_file(name: str, chile_pdf: bytes, settings: Settings) -> None:
    spoil, expected = SPOILS[name]
    report = preflight_interior(spoiled(chile_pdf, spoil), settings)
    assert not report.passed
    failed = {item.check for item in report.findings
              if not item.passed and item.severity == "error"}
    assert failed == expected, "\n".join(report.lines())
    assert "result: FAILED" in report.lines()[-1]


def test_four_blank_pages_in_a_row_are_a_warning(chile_pdf: bytes, settings: Settings) -> None:
    """Amazon queries more than 2 blank pages in a row; a warning, since the file prints."""
    def blank_run(document: pikepdf.Pdf) -> None:
        blank = pikepdf.Page(document.pages[1])  # the half-title's verso
        for _ in range(4):
            document.pages.insert(8, blank)

    report = preflight_interior(spoiled(chile_pdf, blank_run), settings)
    assert report.passed, "\n".join(report.lines())
    blank = next(item for item in report.findings if item.check == "blank pages")
    assert (blank.passed, blank.severity) == (False, "warning")
    assert int(blank.detail.split()[0]) >= 4 and "in a row inside the book" in blank.detail
    assert "warn  P-014 blank pages" in "\n".join(report.lines())
    assert finding(report, "page count")[0]  # 24 pages: KDP's minimum reached


def test_a_low_resolution_image_fails(chile: tuple[Book, Styles], settings: Settings) -> None:
    """An image too small for the space it is stretched to prints soft: a failure."""
    book, styles = chile
    picture = io.BytesIO()
    PIL.Image.new("L", (120, 60), 100).save(picture, "PNG")
    chapter = book.chapters[-1]
    body = chapter.body + '<p><img src="images/small.png" alt="A small picture"/></p>'
    stretched = replace(styles, print=styles.print + "\nimg { width: 4in; }\n")
    small = replace(book, chapters=(*book.chapters[:-1], replace(chapter, body=body)),
                    resources=(Resource("images/small.png", "image/png", picture.getvalue()),))
    report = preflight_interior(typeset_book(small, stretched, settings).pdf, settings)
    passed, detail = finding(report, "image resolution")
    assert not passed and "30 ppi" in detail


# ---- The command -------------------------------------------------------------------------


def publish(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "publish", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600, check=False)


def test_check_command_reports_and_exits_by_the_verdict(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "manuscript", tmp_path / "manuscript")
    missing = publish("check", cwd=tmp_path)
    assert missing.returncode == 1
    assert "build it first with publish build pdf" in missing.stderr
    assert publish("build", cwd=tmp_path).returncode == 0  # all editions: check runs parity too
    passed = publish("check", cwd=tmp_path)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert passed.stdout.startswith("Preflight: build/the-coup-in-chile.pdf\n")
    assert "result: passed" in passed.stdout
    wrong_trim = publish("check", "--trim", "5x8", cwd=tmp_path)
    assert wrong_trim.returncode == 1
    assert "FAIL  P-009 trim and boxes" in wrong_trim.stdout


def test_build_options_bleed_and_variant(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "manuscript", tmp_path / "manuscript")
    built = publish("build", "--bleed", "--pdf-variant", "pdf/x-4", "--trim", "5.5x8.5",
                    cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    document = pikepdf.open(tmp_path / "build" / "the-coup-in-chile.pdf")
    trim = TRIMS["5.5x8.5"]
    assert [float(value) for value in document.pages[0].TrimBox] == pytest.approx(
        [0, 0, trim.width, trim.height], abs=0.01)
    assert [float(value) for value in document.pages[0].MediaBox] == pytest.approx(
        [0, -9, trim.width + 9, trim.height + 9], abs=0.01)  # none at the spine (KDP's rule)
    assert publish("check", "--bleed", "--trim", "5.5x8.5", cwd=tmp_path).returncode == 0
    bad = publish("build", "pdf", "--pdf-variant", "pdf/x-9", cwd=tmp_path)
    assert bad.returncode == 1 and "unknown PDF variant" in bad.stderr
    bad = publish("build", "pdf", "--bleed", "--bleed-edges", "three", cwd=tmp_path)
    assert bad.returncode == 1
    assert bad.stderr.strip() == "error: unknown bleed edges 'three' (one of: outside, all)"


def test_build_with_bleed_on_every_edge_checks_as_built(tmp_path: Path) -> None:
    """`publish check` reads the bleed's edges from the build's manifest."""
    shutil.copytree(ROOT / "manuscript", tmp_path / "manuscript")
    built = publish("build", "pdf", "--bleed", "--bleed-edges", "all", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    with pikepdf.open(tmp_path / "build" / "the-coup-in-chile.pdf") as document:
        assert [float(value) for value in document.pages[0].MediaBox] == [-9, -9, 441, 657]
    checked = publish("check", cwd=tmp_path)
    assert "bleed 0.125 in at every edge" in checked.stdout
    assert "trim and boxes" in checked.stdout and "FAIL  P-009" not in checked.stdout
