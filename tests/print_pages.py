"""The print PDF's pages read back with pdfplumber and pikepdf, independently of the layout
that set them: each page's text lines, its notes (the lines at its foot set in the notes'
size), the note calls in its text (superior figures) and its running head and folio, in points
from the trim's top left corner. Read by the tests of the print edition's notes.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf

INCH = 72.0
TOP, BOTTOM, INSIDE, OUTSIDE = 0.875 * INCH, 0.9 * INCH, 0.875 * INCH, 0.625 * INCH
NOTE_SIZE = 8.5  # pt: print.css sets the notes so
# The number print.css sets before a note: at a line's left, or at its right end in a note set
# right to left (its characters read here as drawn, from the left).
NOTE_START = re.compile(r"^(\d+)\.\u2002|\u2002\.(\d+)$")
CONTINUED = re.compile(r"^(\d+) \(continued\)")
SLACK = 1.0  # pt
ASCENT, DESCENT = 0.8, 0.2  # of the size: a line's box above and below its baseline


@dataclass(frozen=True)
class Line:
    text: str  # its characters as drawn (spaces as they are: the en space after a note's number)
    size: float  # the size most of its characters are set in
    top: float  # from the trim's top, in points
    bottom: float
    left: float  # from the trim's left edge
    right: float
    calls: tuple[int, ...]  # the note numbers it calls: digits set as superior figures


@dataclass(frozen=True)
class Page:
    number: int  # from 1
    width: float  # the trim's
    height: float
    body: tuple[Line, ...]  # the lines above the notes' rule, running head and folio aside
    notes: tuple[Line, ...]  # the lines below it
    furniture: tuple[Line, ...]  # the running head and the folio

    @property
    def calls(self) -> list[int]:
        return [number for line in self.body for number in line.calls]

    @property
    def starts(self) -> list[int]:
        """The notes that begin on the page, in order."""
        return [int(found[1] or found[2]) for line in self.notes
                if (found := NOTE_START.search(line.text))]

    @property
    def continued(self) -> list[int]:
        return [int(found[1]) for line in self.notes if (found := CONTINUED.match(line.text))]


def read_pages(path: Path) -> Iterator[Page]:
    with pikepdf.open(path) as pdf:
        boxes = [([float(value) for value in page.obj["/TrimBox"]],
                  [float(value) for value in page.obj["/MediaBox"]]) for page in pdf.pages]
    with pdfplumber.open(path) as pdf:
        for number, (page, (trim, media)) in enumerate(zip(pdf.pages, boxes, strict=True),
                                                      start=1):
            yield read_page(number, page, trim, media)


def read_page(number: int, page: Any, trim: list[float], media: list[float]) -> Page:
    """A page's lines, in points from the trim's top left corner: its text, its notes, its
    running head and folio. pdfplumber gives a character's x in the PDF's user space and its
    matrix from the MediaBox's lower left corner."""
    x0, y0, x1, y1 = trim
    lines: dict[float, list[dict[str, Any]]] = {}
    for char in page.chars:
        baseline = round(y1 - (float(char["matrix"][5]) + media[1]), 1)
        lines.setdefault(baseline, []).append(char)
    read = [line_of(chars, x0, baseline) for baseline, chars in sorted(lines.items()) if chars]
    foot = (y1 - y0) - BOTTOM
    head = [line for line in read if line.bottom < TOP - 4]
    foot_lines = [line for line in read if line.top > foot + 4]
    inside = [line for line in read if line not in head and line not in foot_lines]
    # The notes: the lines at the page's foot set in the notes' size (smaller than the text,
    # its quotations and its tables).
    split = len(inside)
    while split and inside[split - 1].size <= NOTE_SIZE + 0.25:
        split -= 1
    body, notes = tuple(inside[:split]), tuple(inside[split:])
    return Page(number, x1 - x0, y1 - y0, body, notes, (*head, *foot_lines))


def line_of(chars: list[dict[str, Any]], left_edge: float, baseline: float) -> Line:
    """A line from its characters, with the trim's left edge and its baseline below the
    trim's top."""
    chars = sorted(chars, key=lambda char: float(char["x0"]))
    size = Counter(round(float(char["size"]), 1) for char in chars).most_common(1)[0][0]
    text, calls, digits = "", [], ""
    for char in chars:
        superior = (str(char["text"]).isdigit()
                    and float(char["x1"]) - float(char["x0"]) < 0.4 * float(char["size"])
                    and float(char["size"]) > NOTE_SIZE + 1)
        if superior:
            digits += str(char["text"])
            continue
        if digits:
            calls.append(int(digits))
            digits = ""
        text += str(char["text"])
    if digits:
        calls.append(int(digits))
    # A combining mark (Hebrew's points and accents) is drawn over its letter and may stand
    # out of the line's box by a hair, as a face with taller ascenders does: the letters give
    # the line's extent across, its baseline and size its height (as if every face had the
    # ascent and descent of the text's).
    letters = [char for char in chars if not unicodedata.combining(str(char["text"])[:1] or " ")]
    return Line(text.strip(" "), size, baseline - ASCENT * size, baseline + DESCENT * size,
                min(float(char["x0"]) for char in letters or chars) - left_edge,
                max(float(char["x1"]) for char in letters or chars) - left_edge, tuple(calls))


def chapters(pages: tuple[Page, ...]) -> list[list[Page]]:
    """The pages in runs, a new run where the notes' numbers start again from 1."""
    runs: list[list[Page]] = [[]]
    for page in pages:
        if 1 in page.starts and runs[-1] and any(p.starts for p in runs[-1]):
            runs.append([])
        runs[-1].append(page)
    return runs
