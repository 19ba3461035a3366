"""A PDF's glyphs: each page's glyphs with their text, box, baseline and size, measured from
the page's trim.

pdfminer interprets the pages (the fonts, their widths and ToUnicode maps, the text and
graphics state), as a reader's program does. Two things are done around it. Its content
streams are cut into operators and operands by qpdf (pikepdf), many times faster than
pdfminer's own tokeniser in Python. And a font whose encoding is a CMap embedded in the file
(WeasyPrint writes one for a face that lacks a glyph the text asked for) is given that CMap:
pdfminer looks an encoding up by its name only, finds none, and reads every glyph of the font
as no text, so a whole script (polytonic Greek set in such a face) would read as nothing.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

import pikepdf
from pdfminer.cmapdb import FileCMap
from pdfminer.layout import LTChar
from pdfminer.pdfcolor import PDFColorSpace
from pdfminer.pdfdevice import PDFTextDevice
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdffont import PDFCIDFont, PDFFont, PDFUnicodeNotDefined
from pdfminer.pdfinterp import (
    PDFGraphicState,
    PDFPageInterpreter,
    PDFResourceManager,
    PDFTextState,
)
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFStream, resolve1, stream_value
from pdfminer.psparser import LIT
from pdfminer.utils import mult_matrix

CID_CHAR = re.compile(rb"<([0-9a-fA-F]+)>\s*(\d+)")
CID_RANGE = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\d+)")
CID_BLOCK = re.compile(rb"begincid(char|range)(.*?)endcid\1", re.DOTALL)
MOST_CODES = 0x10000  # codes in one cidrange: two bytes' worth (a file may claim four)


class Glyph(NamedTuple):
    """One glyph drawn on a page, in points from the trim's lower left corner."""

    text: str  # what its ToUnicode map gives ("" for a glyph drawn with no text of its own)
    x0: float  # where it is drawn
    x1: float  # x0 and its advance
    y0: float  # its box, from its baseline less the face's descent, one size tall
    y1: float
    baseline: float
    size: float  # the size it is set in, as printed


Shown = tuple[tuple[int, str, float], ...]  # a string's glyphs: CID, text, width (/1000 em)


class PageGlyphs(NamedTuple):
    glyphs: tuple[Glyph, ...]
    width: float  # the trim's
    height: float


def pages_glyphs(pdf: bytes, start: int, end: int) -> list[PageGlyphs]:
    """The glyphs of pages start to end - 1."""
    manager = EmbeddedCMaps(caching=True)
    device = GlyphDevice(manager)
    interpreter = QpdfTokenised(manager, device)
    found = []
    document = PDFDocument(PDFParser(io.BytesIO(pdf)))
    for page in PDFPage.create_pages(document):
        if device.page_number >= end:
            break
        if device.page_number >= start:
            interpreter.process_page(page)
            found.append(device.page(page))
        device.page_number += 1
    return found


class EmbeddedCMaps(PDFResourceManager):
    """Fonts, a CID font whose encoding is a CMap stream given that CMap."""

    def get_font(self, objid: object, spec: Mapping[str, object]) -> PDFFont:
        font = super().get_font(objid, spec)
        encoding = resolve1(spec.get("Encoding"))
        if isinstance(font, PDFCIDFont) and isinstance(encoding, PDFStream):
            font.cmap = embedded_cmap(encoding.get_data())
        return font


def embedded_cmap(data: bytes) -> FileCMap:
    """A CMap stream's codes and the CIDs they select (its cidchar and cidrange blocks)."""
    cmap = FileCMap()
    for kind, block in CID_BLOCK.findall(data):
        if kind == b"char":
            pairs = [(code, int(cid)) for code, cid in CID_CHAR.findall(block)]
        else:
            pairs = [(f"{first + offset:0{len(low)}x}".encode(), int(cid) + offset)
                     for low, high, cid in CID_RANGE.findall(block)
                     for first in [int(low, 16)]
                     for offset in range(min(int(high, 16) - first + 1, MOST_CODES))]
        for code, cid in pairs:
            cmap.add_code2cid(bytes.fromhex(code.decode()).decode("latin-1"), cid)
    return cmap


class GlyphDevice(PDFTextDevice):
    """Keeps each glyph drawn as a Glyph, its box computed as pdfminer's LTChar computes it."""

    def __init__(self, manager: PDFResourceManager) -> None:
        super().__init__(manager)
        self.page_number = 0
        self.glyphs: list[Glyph] = []
        self.fonts: dict[PDFFont, tuple[dict[bytes, Shown], float]] = {}

    def page(self, page: PDFPage) -> PageGlyphs:
        """The glyphs drawn since the last page, measured from this page's trim."""
        x0, y0, x1, y1 = page.mediabox
        trim = resolve1(page.attrs.get("TrimBox")) or page.mediabox
        left, bottom, right, top = (float(value) for value in trim)
        left, bottom, right, top = min(left, right), min(bottom, top), max(left, right), max(
            bottom, top)
        dx, dy = left - min(x0, x1), bottom - min(y0, y1)
        glyphs = tuple(glyph._replace(x0=glyph.x0 - dx, x1=glyph.x1 - dx, y0=glyph.y0 - dy,
                                      y1=glyph.y1 - dy, baseline=glyph.baseline - dy)
                       for glyph in self.glyphs) if dx or dy else tuple(self.glyphs)
        self.glyphs = []
        return PageGlyphs(glyphs, right - left, top - bottom)

    def render_string(self, textstate: PDFTextState, seq: Iterable[Any], ncs: PDFColorSpace,
                      graphicstate: PDFGraphicState) -> None:
        """A string of glyphs (Tj, TJ), placed as pdfminer's render_string_horizontal places
        them, each glyph's box as its LTChar's: from the baseline less the face's descent,
        one size tall, as wide as its advance. Its operands are qpdf's, unconverted."""
        font = textstate.font
        if font is None or self.ctm is None:
            return
        if font.is_vertical():  # pdfminer's own way, glyph by glyph (render_char)
            super().render_string(textstate, [plain(item) for item in seq], ncs, graphicstate)
            return
        a, b, c, d, e, f = mult_matrix(textstate.matrix, self.ctm)
        size, scaling = textstate.fontsize, textstate.scaling * 0.01
        charspace = textstate.charspace * scaling
        wordspace = 0 if font.is_multibyte() else textstate.wordspace * scaling
        strings, descent = self.metrics(font)
        low = descent * size + textstate.rise
        high = low + size
        scale = size * scaling
        x, y = textstate.linematrix
        upright = a > 0 and d > 0 and b == c == 0
        spaced = False
        for item in seq:
            if not isinstance(item, (bytes, pikepdf.String)):
                x -= float(item) * 0.001 * scale
                spaced = True
                continue
            raw = bytes(item)
            if raw not in strings:  # a book draws the same few hundred strings again and again
                strings[raw] = tuple((cid, glyph_text(font, cid), float(font.char_width(cid)))
                                     for cid in font.decode(raw))
            for cid, text, width in strings[raw]:
                if spaced:
                    x += charspace
                advance = width * scale
                left, baseline = a * x + c * y + e, b * x + d * y + f
                x0, y0 = c * low + left, d * low + baseline
                x1, y1 = a * advance + c * high + left, b * advance + d * high + baseline
                if upright:  # as text nearly always is: no need to sort the corners
                    self.glyphs.append(Glyph(text, x0, x1, y0, y1, baseline, y1 - y0))
                else:
                    self.glyphs.append(Glyph(text, min(x0, x1), max(x0, x1), min(y0, y1),
                                             max(y0, y1), baseline, abs(y1 - y0)))
                x += advance + (wordspace if cid == 32 else 0)
                spaced = True
        textstate.linematrix = (x, y)

    def metrics(self, font: PDFFont) -> tuple[dict[bytes, Shown], float]:
        """A font's strings as they are met, each as the glyphs it shows (their CIDs, texts
        and widths), and the font's descent."""
        if font not in self.fonts:
            self.fonts[font] = ({}, float(font.get_descent()))
        return self.fonts[font]

    def render_char(self, matrix: tuple[float, float, float, float, float, float],
                    font: PDFFont, fontsize: float, scaling: float, rise: float, cid: int,
                    ncs: Any, graphicstate: Any) -> float:
        """A glyph of a vertical font, as pdfminer's LTChar is."""
        char = LTChar(matrix, font, fontsize, scaling, rise, glyph_text(font, cid),
                      font.char_width(cid), font.char_disp(cid), ncs, graphicstate)
        self.glyphs.append(Glyph(char.get_text(), char.x0, char.x1, char.y0, char.y1,
                                 float(matrix[5]), char.size))
        return float(char.adv)


def glyph_text(font: PDFFont, cid: int) -> str:
    try:
        return str(font.to_unichr(cid))
    except PDFUnicodeNotDefined:  # a glyph with no text of its own: the cluster's is elsewhere
        return ""


def plain(item: Any) -> Any:
    return bytes(item) if isinstance(item, pikepdf.String) else (
        item if isinstance(item, bytes) else float(item))


class QpdfTokenised(PDFPageInterpreter):
    """pdfminer's interpreter, the content streams tokenised by qpdf."""

    def execute(self, streams: Sequence[object]) -> None:
        for stream in streams:
            found = stream_value(stream)
            if found.objid is not None and found.objid in self.parent_stream_ids:
                continue  # a form that draws itself
            if found.objid is not None:
                self.stream_ids.add(found.objid)
            for operands, operator in instructions(found.get_data()):
                method = getattr(self, TEXT_OPERATORS.get(operator, ""), None)
                if method is None:
                    continue  # it draws no text and moves none
                self.argstack = operands  # as pdfminer's own execute leaves them for pop()
                wanted = method.__code__.co_argcount - 1
                arguments = self.pop(wanted) if wanted else []
                if len(arguments) == wanted:
                    method(*arguments)


# What places text: the text state and showing operators, and the graphics state's matrix and
# forms. Colours, paths and images are not read.
TEXT_OPERATORS = {name: "do_" + name.replace("*", "_a").replace('"', "_w").replace("'", "_q")
                  for name in ("BT", "ET", "Tc", "Tw", "Tz", "TL", "Tf", "Tr", "Ts", "Td", "TD",
                               "Tm", "T*", "Tj", "TJ", "'", '"', "cm", "q", "Q", "Do")}
SHOWN = {"Tj", "TJ", "'", '"'}
SCRATCH: list[pikepdf.Pdf] = []


def instructions(data: bytes) -> Iterator[tuple[list[Any], str]]:
    """A content stream's operators, each with its operands as pdfminer holds them."""
    if not SCRATCH:
        SCRATCH.append(pikepdf.new())
    for instruction in pikepdf.parse_content_stream(pikepdf.Stream(SCRATCH[0], data)):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            continue  # an image: no text
        operator = str(instruction.operator)
        if operator in SHOWN:  # the strings shown go to GlyphDevice.render_string as they are
            yield list(instruction.operands), operator
        else:
            yield [operand(value) for value in instruction.operands], operator


def operand(value: Any) -> Any:
    """A pikepdf operand of a text or matrix operator as pdfminer's tokeniser gives it."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, pikepdf.String):
        return bytes(value)
    if isinstance(value, pikepdf.Name):
        return LIT(str(value)[1:])
    if isinstance(value, pikepdf.Array):
        return [operand(item) for item in value]
    return value  # a number, or what pdfminer's operators ignore
