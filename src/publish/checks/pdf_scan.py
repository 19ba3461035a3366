"""Reading a built PDF back for the checks: what its content streams do with colour and
images, which fonts and resources it holds, and where its characters sit.

The content streams are interpreted with pikepdf, following the graphics state (q/Q, cm, the
colour operators) through pages and the forms they draw, in one pass per file; character
positions come from pdfminer, measured from the trim.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import pikepdf
from pdfminer.layout import LTChar, LTComponent, LTContainer

PROCESS_SPACES = {"/DeviceCMYK", "/DeviceGray"}  # what PDF/X-1a allows (besides spot colours)
TEXT_SHOWING = {"Tj", "TJ", "'", '"'}
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def box(page: pikepdf.Page, name: str) -> tuple[float, float, float, float]:
    values = page.obj.get(name) or page.obj.get("/MediaBox") or page.MediaBox
    x0, y0, x1, y1 = (float(value) for value in values)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


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


def characters(container: LTContainer[LTComponent]) -> Iterator[LTChar]:
    """The characters of a page, inside figures (form XObjects) too."""
    for item in container:
        if isinstance(item, LTChar):
            yield item
        elif isinstance(item, LTContainer):
            yield from characters(item)


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
