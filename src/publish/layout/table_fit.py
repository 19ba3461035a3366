"""A table too wide for the text area is set in a smaller size until it fits, instead of
running past the margin.

Print does not break a cell's words (print.css), so a column is as wide as its longest word,
and a table of many columns (a ledger's pounds, shillings and pence three times over) can
outgrow a small trim's text area; WeasyPrint then lets it run past the margin, and the proof
would stop the build (T-003). A typesetter sets such a table smaller. So after a layout, each
table wider than the text area is given the size of type that makes it fit: its cells' size
scaled by the room over the table's width (a cell's width, padding included, goes with its
size), never below SMALLEST. Then the document is laid out again (settled.py). A table that is
still too wide at SMALLEST is left to the proof, which names its line.

A table is kept whole on a page (print.css), so one that fits a page is not cut; but one
longer than a page is then moved whole to the next page all the same, leaving the foot of the
page before it empty. A table laid out over several pages is let break where it begins.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from weasyprint.document import Document
from weasyprint.formatting_structure import boxes

from publish.layout.engine import PX
from publish.layout.html import SPOT
from publish.layout.page_map import descendants, main_flow

SMALLEST = 6.5  # pt: the smallest type a table is set in; smaller is not read with ease
STEP = 0.25  # pt: sizes are rounded down to this
TOLERANCE = 0.5  # CSS px a table may stand out by (rounding in the layout)


def fitted_tables_sheet(sizes: Mapping[str, float]) -> str:
    """Each fitted table's cells' size (pt) and leading, by the table's data-spot."""
    return "".join(f'[{SPOT}="{spot}"] :is(td, th) {{ font-size: {size:g}pt !important; '
                   f"line-height: {size * 1.25:g}pt !important; }}\n"
                   for spot, size in sorted(sizes.items()))


def long_tables_sheet(spots: set[str]) -> str:
    """The tables longer than a page, by data-spot, let begin where the text before ends."""
    return "".join(f'[{SPOT}="{spot}"] {{ break-inside: auto !important; }}\n'
                   for spot in sorted(spots))


def long_tables(document: Document) -> set[str]:
    """The tables, by data-spot, that are laid out over more than one page."""
    pages: dict[str, int] = {}
    for page in document.pages:
        for spot in {str(table.element.get(SPOT)) for table in main_flow(page._page_box)
                     if isinstance(table, boxes.TableBox) and table.element.get(SPOT)}:
            pages[spot] = pages.get(spot, 0) + 1
    return {spot for spot, count in pages.items() if count > 1}


def tables_to_fit(document: Document, sizes: Mapping[str, float]) -> dict[str, float]:
    """The tables to set smaller, by data-spot, each with the size (pt) of its cells that
    makes it as wide as the text area at most; `sizes`: those already made smaller."""
    fits: dict[str, float] = {}
    for page in document.pages:
        page_box = page._page_box
        left = float(page_box.content_box_x())
        room = float(page_box.width)
        for table in main_flow(page_box):
            if not isinstance(table, boxes.TableBox) or not table.element.get(SPOT):
                continue
            start, width = float(table.border_box_x()), float(table.border_width())
            if start >= left - TOLERANCE and start + width <= left + room + TOLERANCE:
                continue
            spot = str(table.element.get(SPOT))
            size = sizes.get(spot, cell_size(table))
            fitted = math.floor(size * room / width / STEP) * STEP
            if SMALLEST <= fitted < size:
                fits[spot] = min(fits.get(spot, fitted), fitted)
    return fits


def cell_size(table: Any) -> float:
    """The size (pt) of the table's first cell's type, or of the table's own."""
    cell = next((box for box in descendants(table) if isinstance(box, boxes.TableCellBox)),
                table)
    return float(cell.style["font_size"]) * PX

