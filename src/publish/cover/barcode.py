"""The print ISBN's barcode in the back cover's barcode area (cover/wrap.py): a box of bare
paper filling the area, the EAN-13 with its price add-on (cover/ean.py) drawn in it as
rectangles of black ink alone, its digits under the bars and over the add-on, and the ISBN,
hyphenated, over it all. Placed as absolutely positioned HTML, like the rest of the wrap
(editions/cover_wrap.py lays it out with WeasyPrint), so every bar is a vector rectangle.

The module (the narrowest bar) is the area's width over the symbol's width with its quiet
zones: 2 in over 167 modules is 0.30 mm, 92 % of GS1's nominal 0.33 mm and well within the
80-200 % a retail scanner reads. Heights are in modules too, so a larger or smaller area
scales the whole: the bars come out about 76 modules tall, about GS1's nominal 69 at this
size plus the room their digits leave. A book without a print ISBN has no barcode, and the
area stays clear for the printer's own.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from publish.cover import design
from publish.cover.ean import LEFT_QUIET, ean_symbol
from publish.cover.inks import BARCODE_BLACK, BARCODE_PAPER
from publish.cover.lettering import Face
from publish.cover.placing import box_element, line_element
from publish.cover.wrap import CoverGeometry, Rect
from publish.source.fonts import Typeface
from publish.source.identifiers import isbn_digits, printed_isbn
from publish.source.metadata import Metadata
from publish.source.price import addon_digits

# In modules, from the box's edges.
TEXT_SIZE = 10.0  # of the digits and the ISBN line (about 8.6 pt at 2 in)
FOOT = 3.0  # the digits' baseline, above the box's foot
GUARD_FOOT = 6.0  # where the guard and add-on bars end, between the digits
BAR_FOOT = 11.0  # where the other bars end, above the digits
HEAD = 13.0  # from the box's top to the bars' top: the ISBN line and room round it
ISBN_BASELINE = 10.0  # from the box's top
ADDON_DROP = 10.0  # the add-on's bars begin this far below the main bars' top
ADDON_DIGITS = 8.0  # the add-on digits' baseline, below the main bars' top
MEASURE = Face(False, design.WEIGHT, 1000)  # widths are measured at 1000 px, in ems

CSS = (f".barcode {{ position: absolute; background: {BARCODE_PAPER.css}; }}\n"
       f".bar {{ position: absolute; background: {BARCODE_BLACK.css}; }}\n"
       f".barcode-text {{ color: {BARCODE_BLACK.css}; "
       "font-variant-numeric: lining-nums tabular-nums; }\n")


def print_isbn(metadata: Metadata) -> str | None:
    """The print edition's ISBN-13 as the barcode's line prints it, or None without one."""
    identifier = metadata.print_identifier
    return printed_isbn(identifier.value) if identifier.scheme == "isbn" else None


def barcode_elements(metadata: Metadata, typeface: Typeface, geometry: CoverGeometry
                     ) -> Iterator[etree._Element]:
    """The box, the bars and the lines of text; nothing for a book without a print ISBN."""
    isbn = print_isbn(metadata)
    if isbn is None:
        return
    area = geometry.barcode
    symbol = ean_symbol(isbn_digits(isbn), addon_digits(metadata.price))
    module = area.width / symbol.width
    left = area.x0 + LEFT_QUIET * module  # the main symbol's first module
    top = area.y1 - HEAD * module
    yield box_element("barcode", area, geometry)
    for bar in symbol.bars:
        bottom = area.y0 + (GUARD_FOOT if bar.guard or bar.addon else BAR_FOOT) * module
        head = top - (ADDON_DROP * module if bar.addon else 0.0)
        yield box_element("bar", Rect(left + bar.start * module, bottom,
                                      left + (bar.start + bar.width) * module, head), geometry)
    size = TEXT_SIZE * module
    baselines = ((symbol.digit_centres, symbol.number, area.y0 + FOOT * module),
                 (symbol.addon_centres, symbol.addon, top - ADDON_DIGITS * module))
    for centres, digits, baseline in baselines:
        for centre, digit in zip(centres, digits, strict=True):
            yield text(digit, typeface, left + centre * module, baseline, size, geometry)
    yield text(f"ISBN {isbn}", typeface, area.x0 + area.width / 2,
               area.y1 - ISBN_BASELINE * module, size, geometry)


def text(line: str, typeface: Typeface, centre: float, baseline: float, size: float,
         geometry: CoverGeometry) -> etree._Element:
    """A line centred on `centre`, its baseline at `baseline` (PDF coordinates, y up)."""
    width = design.width_of(typeface, MEASURE, line, 0.0) / MEASURE.size * size
    return line_element(line, typeface, left=centre - width / 2,
                        baseline=geometry.height - baseline, size=size, weight=design.WEIGHT,
                        classes="line barcode-text")

