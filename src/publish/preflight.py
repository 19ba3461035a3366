"""Preflight of the print interior: what a print shop's checker would reject, found first.

Each check reads the built PDF back (pikepdf for structure and content streams, pdfplumber for
where the characters sit) and returns a Finding with the figures a person can act on. The
checks are those of PDF/X-1a and of KDP's, IngramSpark's and Lulu's file requirements (see
../shared/research/print-pdf.md): boxes, fonts, colour, transparency, annotations, bookmarks,
output intent, page count, safe area, image resolution, PDF/X identification.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import pikepdf
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTComponent, LTContainer

from publish.colour import is_cmyk_printer_profile
from publish.report import Finding, Report
from publish.settings import SAFE_MARGIN, Settings, minimum_gutter

KDP_MINIMUM_PAGES = 24
MAX_BLANK_RUN = 2  # Amazon: no more consecutive blank pages inside the book
MAX_TRAILING_BLANKS = 10
MINIMUM_PPI = 300.0
TOLERANCE = 0.05  # points: boxes are written with two decimals
TEXT_TOLERANCE = 0.25  # points: a glyph's advance may overhang its line by a hair
PROCESS_SPACES = {"/DeviceCMYK", "/DeviceGray"}  # what PDF/X-1a allows (besides spot colours)
SPOT_SPACES = {"/Separation", "/DeviceN"}
TEXT_SHOWING = {"Tj", "TJ", "'", '"'}
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def preflight_interior(pdf: bytes, settings: Settings, title: str = "Preflight: interior"
                       ) -> Report:
    """Every check on the print interior, in the order a print shop reads them."""
    document = pikepdf.open(io.BytesIO(pdf))
    content = scan_content(document)
    findings = (
        check_pdfx_identification(document),
        check_output_intent(document),
        check_boxes(document, settings),
        check_page_count(document),
        check_fonts_embedded(document),
        check_colour_spaces(content),
        check_text_black_only(content),
        check_transparency(document),
        check_annotations(document),
        check_bookmarks(document),
        check_image_resolution(content),
        *check_page_text(document),
    )
    return Report(title, findings)


# ---- Metadata -------------------------------------------------------------------------------


def check_pdfx_identification(document: pikepdf.Pdf) -> Finding:
    """GTS_PDFXVersion in Info (X-1a, X-3) or the XMP (X-4 needs only that), with the other
    keys PDF/X requires: a Title, Trapped True or False, and a file identifier."""
    check = "PDF/X identification"
    info = document.docinfo
    version = info.get("/GTS_PDFXVersion")
    if version is None:
        version = document.open_metadata().get("pdfxid:GTS_PDFXVersion")  # read, not written
    if not version:
        return Finding(check, False, "no GTS_PDFXVersion in Info or XMP: not a PDF/X file")
    missing = [name for name, present in (
        ("Title", bool(str(info.get("/Title", "")))),
        ("Trapped", str(info.get("/Trapped", "")) in ("/True", "/False")),
        ("file ID", "/ID" in document.trailer)) if not present]
    if missing:
        return Finding(check, False, f"{version}, but without {', '.join(missing)}")
    return Finding(check, True, f"{version}, PDF {document.pdf_version}")


def check_output_intent(document: pikepdf.Pdf) -> Finding:
    """A GTS_PDFX OutputIntent carrying an embedded CMYK output profile."""
    check = "output intent"
    intents = [intent for intent in document.Root.get("/OutputIntents", [])
               if intent.get("/S") == "/GTS_PDFX"]
    if len(intents) != 1:
        return Finding(check, False, f"{len(intents)} GTS_PDFX output intents (PDF/X needs one)")
    intent = intents[0]
    profile = intent.get("/DestOutputProfile")
    name = str(intent.get("/OutputConditionIdentifier", "?"))
    if profile is None:
        return Finding(check, False, f"{name}: no embedded ICC profile")
    if not is_cmyk_printer_profile(profile.read_bytes()):
        return Finding(check, False, f"{name}: the embedded profile is not a CMYK printer profile")
    return Finding(check, True, f"{name}, CMYK profile embedded")


# ---- Pages ----------------------------------------------------------------------------------


def box(page: pikepdf.Page, name: str) -> tuple[float, float, float, float]:
    values = page.obj.get(name) or page.obj.get("/MediaBox") or page.MediaBox
    x0, y0, x1, y1 = (float(value) for value in values)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def check_boxes(document: pikepdf.Pdf, settings: Settings) -> Finding:
    """TrimBox = the trim on every page; BleedBox = trim + bleed; MediaBox around them."""
    check = "trim and boxes"
    width, height = settings.trim.width, settings.trim.height
    wrong = []
    for number, page in enumerate(document.pages, 1):
        if "/TrimBox" not in page.obj:
            wrong.append(f"p. {number}: no TrimBox")
            continue
        tx0, ty0, tx1, ty1 = box(page, "/TrimBox")
        bx0, by0, bx1, by1 = box(page, "/BleedBox")
        mx0, my0, mx1, my1 = box(page, "/MediaBox")
        if abs(tx1 - tx0 - width) > TOLERANCE or abs(ty1 - ty0 - height) > TOLERANCE:
            wrong.append(f"p. {number}: TrimBox {tx1 - tx0:.1f} x {ty1 - ty0:.1f} pt")
        elif any(abs(actual - expected) > TOLERANCE for actual, expected in zip(
                (bx0, by0, bx1, by1), bleed_box((tx0, ty0, tx1, ty1), settings, number),
                strict=True)):
            wrong.append(f"p. {number}: BleedBox is not the trim with "
                         f"{settings.bleed_description}")
        elif mx0 > bx0 + TOLERANCE or my0 > by0 + TOLERANCE or mx1 < bx1 - TOLERANCE or (
                my1 < by1 - TOLERANCE):
            wrong.append(f"p. {number}: MediaBox smaller than the BleedBox")
    if wrong:
        return Finding(check, False, f"{len(wrong)} page(s) wrong: " + "; ".join(wrong[:5]))
    return Finding(check, True, f"TrimBox {settings.trim.name} ({width:.0f} x {height:.0f} pt) "
                   f"on all {len(document.pages)} pages, {settings.bleed_description}")


def bleed_box(trim: tuple[float, float, float, float], settings: Settings, number: int
              ) -> tuple[float, float, float, float]:
    left, bottom, right, top = settings.bleed_margins(number)
    return trim[0] - left, trim[1] - bottom, trim[2] + right, trim[3] + top


def check_page_count(document: pikepdf.Pdf) -> Finding:
    """Even (every leaf has two sides); KDP prints paperbacks of 24 pages or more."""
    count = len(document.pages)
    if count % 2:
        return Finding("page count", False, f"{count} pages: odd (a printed book needs an even "
                       "count; add a blank last page)")
    if count < KDP_MINIMUM_PAGES:
        return Finding("page count", False, f"{count} pages: even, but under KDP's minimum of "
                       f"{KDP_MINIMUM_PAGES} for a paperback", severity="warning")
    return Finding("page count", True, f"{count} pages, even")


# ---- Fonts ----------------------------------------------------------------------------------


def font_dictionaries(document: pikepdf.Pdf) -> Iterator[pikepdf.Object]:
    """Every font a page or form uses, once each (by object identity)."""
    seen: set[tuple[int, int]] = set()
    for resources in all_resources(document):
        for font in resources.get("/Font", pikepdf.Dictionary()).values():
            key = font.objgen
            if key != (0, 0) and key in seen:
                continue
            seen.add(key)
            yield font


def all_resources(document: pikepdf.Pdf) -> Iterator[pikepdf.Object]:
    """The resource dictionaries of every page and of every form XObject they draw."""
    pending: list[pikepdf.Object] = [page.obj.get("/Resources", pikepdf.Dictionary())
                                     for page in document.pages]
    seen: set[tuple[int, int]] = set()
    while pending:
        resources = pending.pop()
        yield resources
        for xobject in resources.get("/XObject", pikepdf.Dictionary()).values():
            if xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
                seen.add(xobject.objgen)
                pending.append(xobject.get("/Resources", pikepdf.Dictionary()))


def is_embedded(font: pikepdf.Object) -> bool:
    """A Type 3 font is its own drawing; any other needs a FontFile in its descriptor."""
    if font.get("/Subtype") == "/Type3":
        return True
    descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
    descriptor = descendant.get("/FontDescriptor", pikepdf.Dictionary())
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def check_fonts_embedded(document: pikepdf.Pdf) -> Finding:
    fonts = list(font_dictionaries(document))
    missing = sorted({str(font.get("/BaseFont", "?")) for font in fonts if not is_embedded(font)})
    if missing:
        return Finding("fonts embedded", False, "not embedded: " + ", ".join(missing))
    names = sorted({str(font.get("/BaseFont", "?")).split("+")[-1].lstrip("/") for font in fonts})
    return Finding("fonts embedded", True, f"all {len(fonts)} embedded ({', '.join(names)})")


# ---- Content streams: colour and images -----------------------------------------------------


@dataclass
class GraphicsState:
    matrix: Matrix = IDENTITY
    fill_space: str = "/DeviceGray"
    fill: tuple[float, ...] = (0.0,)
    stroke_space: str = "/DeviceGray"


@dataclass
class ContentScan:
    """What the content streams do with colour and images, gathered in one pass."""

    spaces: dict[str, set[int]] = field(default_factory=dict)  # colour space -> pages
    text_colours: dict[tuple[str, tuple[float, ...]], set[int]] = field(default_factory=dict)
    image_spaces: dict[str, set[int]] = field(default_factory=dict)
    image_ppi: list[tuple[int, float, str]] = field(default_factory=list)  # page, ppi, name
    cmyk: dict[tuple[float, ...], set[int]] = field(default_factory=dict)  # CMYK colour -> pages


def matrix_times(first: Matrix, second: Matrix) -> Matrix:
    """first then second, as PDF composes `cm` with the current matrix."""
    a, b, c, d, e, f = first
    a2, b2, c2, d2, e2, f2 = second
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def space_name(space: Any, resources: pikepdf.Object) -> str:
    """The family of a colour space operand or object: /DeviceCMYK, /ICCBased, /Separation..."""
    if isinstance(space, pikepdf.Name) and str(space) not in PROCESS_SPACES | {"/DeviceRGB",
                                                                                 "/Pattern"}:
        space = resources.get("/ColorSpace", pikepdf.Dictionary()).get(str(space), space)
    if isinstance(space, pikepdf.Array):
        return str(space[0])
    return str(space)


def image_space(image: pikepdf.Object) -> str:
    if image.get("/ImageMask", False):
        return "stencil mask"
    space = image.get("/ColorSpace")
    if space is None:
        return "JPX (own colour space)" if image.get("/Filter") == "/JPXDecode" else "none"
    if isinstance(space, pikepdf.Array) and str(space[0]) == "/Indexed":
        return f"Indexed {space_name(space[1], pikepdf.Dictionary())}"
    return space_name(space, pikepdf.Dictionary())


def scan_content(document: pikepdf.Pdf) -> ContentScan:
    scan = ContentScan()
    for number, page in enumerate(document.pages, 1):
        scan_stream(page.obj, page.obj.get("/Resources", pikepdf.Dictionary()), number,
                    GraphicsState(), scan, depth=0)
    return scan


def scan_stream(stream: pikepdf.Object, resources: pikepdf.Object, number: int,
                start: GraphicsState, scan: ContentScan, depth: int) -> None:
    """Follow the graphics state through one content stream (and the forms it draws)."""
    state, stack = replace(start), []
    for instruction in pikepdf.parse_content_stream(stream):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            continue  # WeasyPrint writes none; an inline image is small by definition
        operands, op = instruction.operands, str(instruction.operator)
        if op == "q":
            stack.append(replace(state))
        elif op == "Q" and stack:
            state = stack.pop()
        elif op == "cm":
            matrix = tuple(float(value) for value in operands)
            state.matrix = matrix_times(matrix, state.matrix)  # type: ignore[arg-type]
        elif op in COLOUR_OPERATORS:
            COLOUR_OPERATORS[op](operands, resources, state, scan, number)
        elif op in TEXT_SHOWING:
            key = (state.fill_space, state.fill)
            scan.text_colours.setdefault(key, set()).add(number)
        elif op == "Do":
            draw_xobject(str(operands[0]), resources, number, state, scan, depth)


def draw_xobject(name: str, resources: pikepdf.Object, number: int, state: GraphicsState,
                 scan: ContentScan, depth: int) -> None:
    xobject = resources.get("/XObject", pikepdf.Dictionary()).get(name)
    if xobject is None:
        return
    if xobject.get("/Subtype") == "/Image":
        space = image_space(xobject)
        scan.image_spaces.setdefault(space, set()).add(number)
        a, b, c, d, _, _ = state.matrix
        placed_width, placed_height = math.hypot(a, b), math.hypot(c, d)
        if placed_width > 0 and placed_height > 0:
            ppi = min(int(xobject.Width) / (placed_width / 72),
                      int(xobject.Height) / (placed_height / 72))
            scan.image_ppi.append((number, ppi, name))
    elif xobject.get("/Subtype") == "/Form" and depth < 8:
        form_matrix = tuple(float(value) for value in xobject.get("/Matrix", IDENTITY))
        inner = replace(state, matrix=matrix_times(form_matrix, state.matrix))  # type: ignore[arg-type]
        scan_stream(xobject, xobject.get("/Resources", resources), number, inner, scan,
                    depth + 1)


def note_space(space: str, scan: ContentScan, number: int) -> None:
    scan.spaces.setdefault(space, set()).add(number)


def note_cmyk(space: str, colour: tuple[float, ...], scan: ContentScan, number: int) -> None:
    """Every process colour set, for the total ink it asks of the press."""
    if space == "/DeviceCMYK" and len(colour) == 4:
        scan.cmyk.setdefault(colour, set()).add(number)


def set_fill_space(operands: list[Any], resources: pikepdf.Object, state: GraphicsState,
                   scan: ContentScan, number: int) -> None:
    state.fill_space = space_name(operands[0], resources)
    note_space(state.fill_space, scan, number)


def set_stroke_space(operands: list[Any], resources: pikepdf.Object, state: GraphicsState,
                     scan: ContentScan, number: int) -> None:
    state.stroke_space = space_name(operands[0], resources)
    note_space(state.stroke_space, scan, number)


def set_fill(operands: list[Any], resources: pikepdf.Object, state: GraphicsState,
             scan: ContentScan, number: int) -> None:
    state.fill = tuple(float(value) for value in operands if not isinstance(value, pikepdf.Name))
    note_cmyk(state.fill_space, state.fill, scan, number)


def set_stroke(operands: list[Any], resources: pikepdf.Object, state: GraphicsState,
               scan: ContentScan, number: int) -> None:
    colour = tuple(float(value) for value in operands if not isinstance(value, pikepdf.Name))
    note_cmyk(state.stroke_space, colour, scan, number)


def device_colour(space: str, fill: bool) -> Callable[..., None]:
    """k/K, g/G, rg/RG: set the space and the colour in one operator."""
    def operator(operands: list[Any], resources: pikepdf.Object, state: GraphicsState,
                 scan: ContentScan, number: int) -> None:
        note_space(space, scan, number)
        colour = tuple(float(value) for value in operands)
        note_cmyk(space, colour, scan, number)
        if fill:
            state.fill_space = space
            state.fill = colour
        else:
            state.stroke_space = space
    return operator


COLOUR_OPERATORS: dict[str, Callable[..., None]] = {
    "cs": set_fill_space, "CS": set_stroke_space, "sc": set_fill, "scn": set_fill,
    "SC": set_stroke, "SCN": set_stroke,
    "k": device_colour("/DeviceCMYK", True), "K": device_colour("/DeviceCMYK", False),
    "g": device_colour("/DeviceGray", True), "G": device_colour("/DeviceGray", False),
    "rg": device_colour("/DeviceRGB", True), "RG": device_colour("/DeviceRGB", False),
}


def pages_text(pages: set[int]) -> str:
    shown = sorted(pages)
    return "p. " + ", ".join(map(str, shown[:6])) + (" ..." if len(shown) > 6 else "")


def check_colour_spaces(scan: ContentScan) -> Finding:
    """Only DeviceCMYK and DeviceGray (and spot colours) in drawing and in images."""
    allowed = PROCESS_SPACES | SPOT_SPACES
    bad = {space: pages for space, pages in scan.spaces.items() if space not in allowed}
    bad_images = {space: pages for space, pages in scan.image_spaces.items()
                  if space.removeprefix("Indexed ") not in allowed | {"stencil mask"}}
    if bad or bad_images:
        parts = [f"{space.lstrip('/')} ({pages_text(pages)})" for space, pages in bad.items()]
        parts += [f"{space.lstrip('/')} image ({pages_text(pages)})"
                  for space, pages in bad_images.items()]
        return Finding("colour spaces", False, "not CMYK or gray: " + "; ".join(parts))
    used = sorted({space.lstrip("/") for space in [*scan.spaces, *scan.image_spaces]})
    return Finding("colour spaces", True, "only " + (", ".join(used) or "no colour") +
                   " (no RGB)")


def is_black_ink(space: str, colour: tuple[float, ...]) -> bool:
    """Black or gray from the K plate alone: C = M = Y = 0, or a DeviceGray tint."""
    if space == "/DeviceCMYK" and len(colour) == 4:
        return all(abs(value) < 1e-6 for value in colour[:3])
    return space == "/DeviceGray"


def check_text_black_only(scan: ContentScan) -> Finding:
    """Text printed with K ink only: four-colour black text prints gray or blurred."""
    bad = {key: pages for key, pages in scan.text_colours.items() if not is_black_ink(*key)}
    if bad:
        parts = [f"{space.lstrip('/')} {' '.join(f'{v:g}' for v in colour)} ({pages_text(pages)})"
                 for (space, colour), pages in bad.items()]
        return Finding("text K-only", False, "text in other colours: " + "; ".join(parts))
    colours = sorted(" ".join(f"{value:g}" for value in colour) for _, colour in scan.text_colours)
    return Finding("text K-only", True, "all text in black ink only (" +
                   ", ".join(colours or ["no text"]) + ")")


def check_image_resolution(scan: ContentScan) -> Finding:
    """Every image at 300 ppi or more at the size it is printed."""
    if not scan.image_ppi:
        return Finding("image resolution", True, "no images")
    low = [(number, ppi, name) for number, ppi, name in scan.image_ppi if ppi < MINIMUM_PPI - 0.5]
    if low:
        return Finding("image resolution", False, f"{len(low)} image(s) under "
                       f"{MINIMUM_PPI:.0f} ppi: " + "; ".join(
                           f"p. {number} {ppi:.0f} ppi" for number, ppi, _ in low[:6]))
    lowest = min(ppi for _, ppi, _ in scan.image_ppi)
    return Finding("image resolution", True, f"{len(scan.image_ppi)} image(s), lowest "
                   f"{lowest:.0f} ppi at placed size")


# ---- Transparency, annotations, bookmarks ---------------------------------------------------


def transparency_in(resources: pikepdf.Object) -> Iterator[str]:
    for name, state in resources.get("/ExtGState", pikepdf.Dictionary()).items():
        for key in ("/ca", "/CA"):
            if key in state and float(state[key]) < 1:
                yield f"ExtGState {name} {key.lstrip('/')} {float(state[key]):g}"
        if state.get("/SMask", pikepdf.Name.None_) != pikepdf.Name.None_:
            yield f"ExtGState {name} soft mask"
        if str(state.get("/BM", "/Normal")) not in ("/Normal", "/Compatible"):
            yield f"ExtGState {name} blend mode {state.BM}"
    for name, xobject in resources.get("/XObject", pikepdf.Dictionary()).items():
        if "/SMask" in xobject:
            yield f"image {name} soft mask (alpha)"
        group = xobject.get("/Group")
        if group is not None and group.get("/S") == "/Transparency":
            yield f"form {name} transparency group"


def check_transparency(document: pikepdf.Pdf) -> Finding:
    """PDF/X-1a has no transparency: soft masks, alpha below 1, blend modes, groups."""
    found = [item for resources in all_resources(document)
             for item in transparency_in(resources)]
    found += [f"p. {number} transparency group" for number, page in enumerate(document.pages, 1)
              if page.obj.get("/Group", pikepdf.Dictionary()).get("/S") == "/Transparency"]
    if found:
        unique = sorted(set(found))
        return Finding("transparency", False, f"{len(unique)} found: " + "; ".join(unique[:5]))
    return Finding("transparency", True, "none (no soft masks, alpha or blend modes)")


def check_annotations(document: pikepdf.Pdf) -> Finding:
    """No links, comments or form fields: KDP rejects them in a print file."""
    pages = {number for number, page in enumerate(document.pages, 1)
             if len(page.obj.get("/Annots", [])) > 0}
    forms = "/AcroForm" in document.Root
    if pages or forms:
        where = pages_text(pages) if pages else "a form (AcroForm)"
        return Finding("annotations", False, f"annotations or links on {where}")
    return Finding("annotations", True, "none")


def check_bookmarks(document: pikepdf.Pdf) -> Finding:
    outlines = document.Root.get("/Outlines")
    if outlines is not None and "/First" in outlines:
        return Finding("bookmarks", False, "the file has bookmarks (outlines): remove them")
    return Finding("bookmarks", True, "none")


# ---- Safe area ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageText:
    characters: int  # printed characters on the page
    outside: str  # those closer than the safe margin to the trim
    left: float  # the leftmost character's left edge, from the trim's left (inf when none)
    right: float  # the rightmost character's right edge, from the trim's right (inf when none)


def page_texts(document: pikepdf.Pdf) -> list[PageText]:
    """Where each page's characters sit, measured from the trim (one pdfminer pass).

    pdfminer without layout analysis is about twice as fast as pdfplumber over it, which
    matters for a long book.
    """
    pages = []
    for page in extract_pages(io.BytesIO(trimmed_copy(document)), laparams=None):
        _, _, width, height = page.bbox
        chars = [item for item in characters(page) if item.get_text().strip()]
        low, high_x, high_y = (SAFE_MARGIN - TEXT_TOLERANCE, width - SAFE_MARGIN + TEXT_TOLERANCE,
                               height - SAFE_MARGIN + TEXT_TOLERANCE)
        stray = [char for char in chars if char.x0 < low or char.y0 < low or char.x1 > high_x
                 or char.y1 > high_y]
        pages.append(PageText(len(chars), "".join(char.get_text() for char in stray),
                              min((char.x0 for char in chars), default=math.inf),
                              min((width - char.x1 for char in chars), default=math.inf)))
    return pages


def characters(container: LTContainer[LTComponent]) -> Iterator[LTChar]:
    """The characters of a page, inside figures (form XObjects) too."""
    for item in container:
        if isinstance(item, LTChar):
            yield item
        elif isinstance(item, LTContainer):
            yield from characters(item)


def check_page_text(document: pikepdf.Pdf) -> tuple[Finding, Finding, Finding]:
    pages = page_texts(document)
    return check_safe_area(pages), check_gutter(pages), check_blank_runs(pages)


def check_gutter(pages: list[PageText]) -> Finding:
    """Text clear of the binding by KDP's inside margin for this page count.

    Page 1 is a recto: on odd pages the spine is at the left, on even pages at the right.
    """
    needed = minimum_gutter(len(pages))
    inside = [page.left if number % 2 else page.right for number, page in enumerate(pages, 1)]
    narrow = [f"p. {number} {margin / 72:.3f} in" for number, margin in enumerate(inside, 1)
              if margin < needed - TEXT_TOLERANCE]
    if narrow:
        return Finding("inside margin", False, f"text nearer the spine than KDP's "
                       f"{needed / 72:.3f} in for {len(pages)} pages: " + "; ".join(narrow[:5]))
    return Finding("inside margin", True, f"at least {min(inside, default=math.inf) / 72:.3f} in"
                   f" (KDP asks {needed / 72:.3f} in for {len(pages)} pages)")


def check_safe_area(pages: list[PageText]) -> Finding:
    """Every character at least 0.5 in inside the trim (IngramSpark, Lulu; folios included)."""
    outside = [f"p. {number} ({page.outside[:12]!r})" for number, page in enumerate(pages, 1)
               if page.outside]
    if outside:
        return Finding("safe area", False, f"text closer than 0.5 in to the trim on "
                       f"{len(outside)} page(s): " + "; ".join(outside[:5]))
    return Finding("safe area", True, "all text at least 0.5 in inside the trim")


def check_blank_runs(pages: list[PageText]) -> Finding:
    """Amazon's rule: at most 2 blank pages in a row, 10 at the end (else a query)."""
    runs, run = [], 0
    for page in pages:
        run = run + 1 if page.characters == 0 else 0
        runs.append(run)
    trailing = runs[-1] if runs else 0
    inner = max((run for run, page in zip(runs, pages[1:], strict=False)
                 if page.characters), default=0)
    if inner > MAX_BLANK_RUN or trailing > MAX_TRAILING_BLANKS:
        return Finding("blank pages", False, f"{inner} blank pages in a row inside the book, "
                       f"{trailing} at the end (Amazon allows {MAX_BLANK_RUN} and "
                       f"{MAX_TRAILING_BLANKS})", severity="warning")
    blanks = sum(page.characters == 0 for page in pages)
    return Finding("blank pages", True, f"{blanks} blank, at most {max(runs, default=0)} "
                   "in a row")


def trimmed_copy(document: pikepdf.Pdf) -> bytes:
    """The file with each MediaBox set to its TrimBox, so positions are measured from the trim
    (pdfminer measures from the MediaBox's corner, which a bleed moves)."""
    copy = pikepdf.open(io.BytesIO(serialised(document)))
    for page in copy.pages:
        trim = page.obj.get("/TrimBox")
        if trim is not None:
            page.obj.MediaBox = pikepdf.Array(trim)
            for name in ("/CropBox", "/BleedBox"):
                if name in page.obj:
                    del page.obj[name]
    return serialised(copy)


def serialised(document: pikepdf.Pdf) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
