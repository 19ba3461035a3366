"""Preflight of the print cover wrap: the interior's checks, and the cover's own.

The cover is one sheet whose size depends on the interior: its spine is the interior's page
count times the paper's caliper (cover/wrap.py). So besides what print_file.py checks on any
print file (PDF/X identification, output intent, fonts, colour spaces, transparency,
annotations), it checks the wrap's dimensions against the interior's page count, total ink
against the cover limit, and where the text sits: inside the safe area, out of the barcode
area (or, on a book with a print ISBN, only the barcode's own digits there), and on the spine
only when the book is thick enough (KDP: more than 79 pages), with 0.0625 in of clear field
between its ink and each fold.

Where the characters sit comes from pdfminer (as for the interior); how close the spine's ink
comes to the folds, and whether anything at all is drawn in the barcode area, from the page
rendered by PDFium, since glyph boxes are not ink.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass

import pikepdf
import pypdfium2 as pdfium  # type: ignore[import-untyped]  # ships no type information
from pdfminer.high_level import extract_pages
from PIL import Image, ImageChops

from publish.checks.pdf_scan import ContentScan, box, characters, scan_content, trimmed_copy
from publish.checks.preflight_artwork import (
    NO_ARTWORK,
    Artwork,
    check_front_artwork,
    check_picture_ink,
    check_wrap_size,
)
from publish.checks.print_file import (
    TEXT_TOLERANCE,
    TOLERANCE,
    check_pdfx_identification,
    forbidden_objects,
    identification,
    pages_text,
    type_and_colour,
)
from publish.checks.report import Finding, Report
from publish.cover.inks import MAXIMUM_TOTAL_INK
from publish.cover.wrap import (
    INCH,
    SAFE_MARGIN,
    SPINE_CLEARANCE,
    SPINE_TEXT_MIN_PAGES,
    CoverGeometry,
    Rect,
    inches,
)
from publish.settings import Settings

SPINE_DPI = 600  # 0.0625 in is 37 pixels: the clearance is measured to a twentieth of it
BARCODE_DPI = 100
INK_DIFFERENCE = 64  # a pixel this far (0-255, any channel) from the field carries ink
PAPER = 250  # a pixel this light in every channel is bare paper
NEUTRAL = 8  # a pixel whose channels differ by no more than this is grey: black ink on paper
BARCODE_CHARACTERS = set("ISBN0123456789-")  # all the text a barcode box holds
DARK = 0.8  # text with this much black reads as black, and must be black ink alone


@dataclass(frozen=True)
class Barcode:
    """What the barcode should say: the ISBN as printed over it, and its add-on's digits."""

    isbn: str  # hyphenated, as 978-0-306-40615-7
    addon: str


@dataclass(frozen=True)
class Glyph:
    text: str
    area: Rect  # its box in points, from the trim's lower left corner

    @property
    def printed(self) -> bool:
        return bool(self.text.strip())


def preflight_cover(pdf: bytes, interior_page_count: int, settings: Settings,
                    title: str = "Preflight: cover", rtl: bool = False,
                    barcode: Barcode | None = None, artwork: Artwork = NO_ARTWORK) -> Report:
    """Every check on the cover wrap, for an interior of `interior_page_count` pages, the
    barcode it should carry (None: the barcode area should be clear) and the publisher's
    artwork it was made from (checks/preflight_artwork.py)."""
    document = pikepdf.open(io.BytesIO(pdf))
    geometry = CoverGeometry(settings.trim, interior_page_count, settings.paper, rtl)
    content = scan_content(document)
    if len(document.pages) != 1:
        return Report(title, (check_pdfx_identification(document), Finding(
            "C-008", False, f"{len(document.pages)} pages: a cover wrap is one page "
            "(back, spine and front side by side)")))
    glyphs = list(page_glyphs(document))  # spaces too, for quoting the text
    return Report(title, (
        *identification(document),
        check_cover_boxes(document, geometry),
        check_spine_width(document, geometry),
        *type_and_colour(document, content),
        check_total_ink(content),
        check_picture_ink(document),
        check_black_text(content),
        *forbidden_objects(document, content),
        check_cover_safe_area(glyphs, geometry),
        check_barcode_area(glyphs, pdf, geometry, barcode),
        check_spine_text(glyphs, pdf, geometry),
        check_front_artwork(artwork, geometry),
        check_wrap_size(document, artwork, geometry),
    ))


# ---- Dimensions -----------------------------------------------------------------------------


def check_cover_boxes(document: pikepdf.Pdf, geometry: CoverGeometry) -> Finding:
    """TrimBox as tall as the trim and at least two covers wide; 0.125 in bleed all round."""
    code = "C-001"
    page = document.pages[0]
    if "/TrimBox" not in page.obj:
        return Finding(code, False, "no TrimBox: the printer cannot tell the wrap from the bleed")
    tx0, ty0, tx1, ty1 = box(page, "/TrimBox")
    bx0, by0, bx1, by1 = box(page, "/BleedBox")
    mx0, my0, mx1, my1 = box(page, "/MediaBox")
    width, height, bleed = tx1 - tx0, ty1 - ty0, geometry.bleed
    trim = geometry.trim
    if abs(height - trim.height) > TOLERANCE or width < 2 * trim.width - TOLERANCE:
        return Finding(code, False, f"TrimBox {inches(width)} x {inches(height)} in: not a wrap "
                       f"for a {trim.name} book ({inches(2 * trim.width)} in wide and more, "
                       f"{inches(trim.height)} in tall)")
    if any(abs(actual - expected) > TOLERANCE for actual, expected in (
            (bx0, tx0 - bleed), (by0, ty0 - bleed), (bx1, tx1 + bleed), (by1, ty1 + bleed))):
        return Finding(code, False, f"BleedBox is not the trim plus {inches(bleed)} in on "
                       "every side (the cover's field must run off the edges)")
    if mx0 > bx0 + TOLERANCE or my0 > by0 + TOLERANCE or mx1 < bx1 - TOLERANCE or (
            my1 < by1 - TOLERANCE):
        return Finding(code, False, "MediaBox smaller than the BleedBox")
    return Finding(code, True, f"TrimBox {inches(width)} x {inches(height)} in, "
                   f"bleed {inches(bleed)} in on every side "
                   f"(sheet {inches(width + 2 * bleed)} x {inches(height + 2 * bleed)} in)")


def check_spine_width(document: pikepdf.Pdf, geometry: CoverGeometry) -> Finding:
    """The wrap's width less two covers is the spine; it must be the interior's page count times
    the paper's caliper, or the cover will not close round the book."""
    code = "C-002"
    x0, _, x1, _ = box(document.pages[0], "/TrimBox")
    spine = x1 - x0 - 2 * geometry.trim.width
    caliper = geometry.paper.caliper
    if abs(spine - geometry.spine) > TOLERANCE:
        made_for = round(spine / caliper)
        return Finding(code, False, f"spine {inches(spine)} in, the width for {made_for} pages; "
                       f"the interior's {geometry.page_count} pages x {caliper / INCH:.6g} in "
                       f"({geometry.paper.name}) need {inches(geometry.spine)} in: rebuild the "
                       "cover with the interior")
    return Finding(code, True, geometry.describe())


# ---- Colour ---------------------------------------------------------------------------------


def percent(colour: tuple[float, ...]) -> str:
    return " ".join(f"{ink}{value * 100:.0f}" for ink, value in zip("CMYK", colour, strict=True))


def check_total_ink(scan: ContentScan) -> Finding:
    """No colour asks the press for more than 240 % ink (IngramSpark's cover limit)."""
    code = "C-003"
    if not scan.cmyk:
        return Finding(code, True, "no CMYK colour")
    heaviest = max(scan.cmyk, key=sum)
    over = {colour: pages for colour, pages in scan.cmyk.items()
            if sum(colour) > MAXIMUM_TOTAL_INK + 1e-6}
    if over:
        parts = [f"{sum(colour):.0%} ({percent(colour)}, {pages_text(pages)})"
                 for colour, pages in sorted(over.items(), key=lambda item: -sum(item[0]))]
        return Finding(code, False, f"over the {MAXIMUM_TOTAL_INK:.0%} cover limit: "
                       + "; ".join(parts[:5]))
    return Finding(code, True, f"at most {sum(heaviest):.0%} ({percent(heaviest)}); the limit "
                   f"is {MAXIMUM_TOTAL_INK:.0%}")


def check_black_text(scan: ContentScan) -> Finding:
    """Black (or nearly black) text in black ink alone: four-colour black text prints blurred."""
    code = "C-004"
    colours = {colour for space, colour in scan.text_colours if space == "/DeviceCMYK"
               and len(colour) == 4}
    rich = sorted(colour for colour in colours if colour[3] >= DARK and any(colour[:3]))
    if rich:  # (text in RGB is the colour-space check's failure)
        return Finding(code, False, "black text in more than black ink: " +
                       ", ".join(percent(colour) for colour in rich))
    shown = ", ".join(percent(colour) for colour in sorted(colours)) or "no text"
    return Finding(code, True, f"text in {shown}; no four-colour black")


# ---- Where the text sits --------------------------------------------------------------------


def page_glyphs(document: pikepdf.Pdf) -> Iterator[Glyph]:
    """The printed characters of the sheet, their boxes measured from the trim."""
    for page in extract_pages(io.BytesIO(trimmed_copy(document)), laparams=None):
        for char in characters(page):
            yield Glyph(char.get_text(), Rect(char.x0, char.y0, char.x1, char.y1))


def panel_of(glyph: Glyph, geometry: CoverGeometry) -> str:
    centre = (glyph.area.x0 + glyph.area.x1) / 2
    for name, panel in (("back", geometry.back), ("front", geometry.front)):
        if panel.x0 <= centre <= panel.x1:
            return name
    return "spine"


def sample(glyphs: list[Glyph]) -> str:
    """The text of some glyphs as a person reads it, for the report.

    Letter-spaced and turned text carries no space characters to go by, so a word space is
    wherever the gap to the next glyph is wider than 0.3 of the type's size."""
    text, previous = "", None
    for glyph in glyphs:
        if previous is not None:
            size = max(previous.area.width, previous.area.height) if glyph.printed else 0.0
            gap = max(glyph.area.x0 - previous.area.x1, previous.area.y0 - glyph.area.y1,
                      glyph.area.y0 - previous.area.y1)
            if size and gap > 0.3 * size:
                text += " "
        text += glyph.text
        previous = glyph
    return repr(" ".join(text.split())[:40])


def check_cover_safe_area(glyphs: list[Glyph], geometry: CoverGeometry) -> Finding:
    """Text on the back and front at least 0.25 in inside the trim and the spine's folds
    (KDP asks 0.125 in); spine text between the folds and 0.25 in from the head and foot."""
    code = "C-005"
    areas = {"back": geometry.back.inset(SAFE_MARGIN), "front": geometry.front.inset(SAFE_MARGIN),
             "spine": Rect(geometry.spine_panel.x0, SAFE_MARGIN, geometry.spine_panel.x1,
                           geometry.height - SAFE_MARGIN)}
    stray: dict[str, list[Glyph]] = {}
    printed = [glyph for glyph in glyphs if glyph.printed]
    for glyph in printed:
        panel = panel_of(glyph, geometry)
        if not areas[panel].contains(glyph.area, TEXT_TOLERANCE):
            stray.setdefault(panel, []).append(glyph)
    if stray:
        return Finding(code, False, "text outside the safe area: " + "; ".join(
            f"{panel} {sample(found)}" for panel, found in stray.items()))
    return Finding(code, True, f"all {len(printed)} characters at least {inches(SAFE_MARGIN)} in "
                   "inside the trim and the folds")


def rendered(pdf: bytes, area: Rect, dpi: int) -> Image.Image:
    """`area` of the trimmed sheet, as PDFium draws it."""
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        media_left, media_bottom, media_right, media_top = page.get_mediabox()
        trim_left, trim_bottom, _, _ = page.get_trimbox()
        left, bottom = trim_left + area.x0, trim_bottom + area.y0
        right, top = trim_left + area.x1, trim_bottom + area.y1
        bitmap = page.render(scale=dpi / 72, crop=(left - media_left, bottom - media_bottom,
                                                   media_right - right, media_top - top))
        image: Image.Image = bitmap.to_pil().convert("RGB")
        page.close()
        return image
    finally:
        document.close()


def ink_box(image: Image.Image) -> tuple[int, int, int, int] | None:
    """The pixel box of whatever is drawn on the field (the commonest colour), or None."""
    counts = image.getcolors(image.width * image.height) or []
    field: tuple[int, int, int] = max(counts)[1] if counts else (0, 0, 0)  # type: ignore[assignment]
    red, green, blue = ImageChops.difference(image, Image.new("RGB", image.size, field)).split()
    strongest = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    return strongest.point(lambda value: 255 if value > INK_DIFFERENCE else 0).getbbox()


def check_barcode_area(glyphs: list[Glyph], pdf: bytes, geometry: CoverGeometry,
                       barcode: Barcode | None = None) -> Finding:
    """The barcode area (2 x 1.2 in, lower right of the back) holds no text and nothing drawn,
    for KDP to print its barcode there in a white box; or, when the book has a print ISBN, the
    cover's own barcode: a box of bare paper filling the area, ink in it neutral (black), and
    no text in it but the ISBN and the digits of the bars and the add-on."""
    code = "C-006"
    area = geometry.barcode
    where = (f"{inches(area.width)} x {inches(area.height)} in at the lower right of the back, "
             f"{inches(geometry.back.x1 - area.x1)} in from the "
             f"{'outer edge' if geometry.rtl else 'spine'} and {inches(area.y0)} in "
             "from the foot")
    inside = [glyph for glyph in glyphs if glyph.printed and area.overlaps(glyph.area)]
    picture = rendered(pdf, area, BARCODE_DPI)
    if barcode is not None:
        return check_barcode(inside, picture, area, barcode, where)
    if inside:
        return Finding(code, False, f"text in the barcode area ({where}): {sample(inside)}")
    if ink_box(picture) is not None:
        return Finding(code, False, f"something is drawn in the barcode area ({where})")
    return Finding(code, True, f"{where}: clear")


def check_barcode(inside: list[Glyph], picture: Image.Image, area: Rect, barcode: Barcode,
                  where: str) -> Finding:
    """The cover's own barcode fills the area: white at its edges (the quiet zones), nothing
    but black and white in it, and its text the ISBN line and the digits, nothing else."""
    code = "C-006"
    # A pixel in from the area's edges, where the field may blend into the box's edge pixels.
    inner = picture.crop((1, 1, picture.width - 1, picture.height - 1))
    edges = [inner.getpixel((x, y)) for x in range(inner.width) for y in (0, inner.height - 1)]
    edges += [inner.getpixel((x, y)) for y in range(inner.height) for x in (0, inner.width - 1)]
    if not all(min(pixel) >= PAPER for pixel in edges):  # type: ignore[arg-type]
        return Finding(code, False, f"no white box fills the barcode area ({where}), though "
                       f"the book's print ISBN is {barcode.isbn}")
    red, green, blue = inner.split()
    spread = ImageChops.lighter(ImageChops.lighter(ImageChops.difference(red, green),
                                                   ImageChops.difference(green, blue)),
                                ImageChops.difference(red, blue))
    if spread.getextrema()[1] > NEUTRAL:  # type: ignore[operator]
        return Finding(code, False, f"colour in the barcode's box ({where}): bars and digits "
                       "are black ink alone")
    text = "".join(glyph.text for glyph in inside if glyph.printed)
    stray = [glyph for glyph in inside if not area.contains(glyph.area, TEXT_TOLERANCE)
             or glyph.text not in BARCODE_CHARACTERS]
    digits = barcode.isbn.replace("-", "")
    if stray or f"ISBN{barcode.isbn}" not in text or digits not in text or (
            barcode.addon not in text):
        return Finding(code, False, f"the barcode area ({where}) should read ISBN "
                       f"{barcode.isbn}, {digits} and {barcode.addon}, and nothing else: it "
                       f"reads {sample(inside)}")
    return Finding(code, True, f"{where}: the barcode of ISBN {barcode.isbn}, add-on "
                   f"{barcode.addon}, in black on a white box")


def check_spine_text(glyphs: list[Glyph], pdf: bytes, geometry: CoverGeometry) -> Finding:
    """Spine text only on a book of more than 79 pages, its ink 0.0625 in clear of each fold."""
    code = "C-007"
    on_spine = [glyph for glyph in glyphs if panel_of(glyph, geometry) == "spine"]
    if not any(glyph.printed for glyph in on_spine):
        on_spine = []
    spine = f"spine {inches(geometry.spine)} in for {geometry.page_count} pages"
    if not on_spine:
        if geometry.spine_text:
            return Finding(code, False, f"none, though the {spine} has room for it",
                           severity="warning")
        return Finding(code, True, f"none ({spine}; KDP prints spine text from "
                       f"{SPINE_TEXT_MIN_PAGES} pages)")
    if not geometry.spine_text:
        return Finding(code, False, f"{sample(on_spine)} on the {spine}: KDP prints spine "
                       f"text only on books of {SPINE_TEXT_MIN_PAGES} pages or more")
    picture = rendered(pdf, geometry.spine_panel, SPINE_DPI)
    inked = ink_box(picture)
    if inked is None:
        return Finding(code, False, f"{sample(on_spine)} is set on the spine but no ink shows")
    pixel = 72 / SPINE_DPI
    left, right = inked[0] * pixel, (picture.width - inked[2]) * pixel
    detail = (f"{sample(on_spine)}, its ink {left / INCH:.4f} in and {right / INCH:.4f} in "
              f"from the folds (KDP asks {SPINE_CLEARANCE / INCH:g} in); {spine}")
    return Finding(code, min(left, right) >= SPINE_CLEARANCE, detail)
