"""What a print layout did with the text and its notes, read back from WeasyPrint's pages, and
what is wrong with it.

Each footnote of the print document (html.footnote) is a part of a note: the note's beginning
(part 1), at its call, or one of its continuations (parts 2, 3...), each anchored at the top of
the page it continues on (markup.py). For every page this reads which parts the text calls
(their anchors) and which its notes area holds, where the text ends and where the area lies.
The layout is right when every part is on a page, in the notes area of the page that calls it;
a continuation is the first note of the page after the part before it; the notes area lies
inside the text area, below the text; no line of text lies outside the text area; and the last
page of a unit, the next division's recto it drops, holds nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from weasyprint.document import Document
from weasyprint.formatting_structure import boxes

from publish.layout.html import SPOT
from publish.layout.notes.footnotes import NOTE_MARK, PART_MARK
from publish.layout.page_map import descendants

TOLERANCE = 0.5  # CSS px: WeasyPrint places boxes to a rounding error
LONG_NOTE = 0.4  # of the text area's height: a note to begin where it is called, and split
ROOM_FOR_A_START = 80.0  # CSS px (60 pt): room for a line of text and a note's first lines
TEXT_KEPT = 0.3  # of the text area: what a note's continuation leaves the text going on over it
TAKEN_OVER = "a note's continuation filling a page the text goes on over"
CALL = "::footnote-call"


@dataclass(frozen=True, order=True)
class Part:
    """A part of a note: its beginning (1) or a continuation (2, 3...)."""

    note: str  # the note's id
    number: int


@dataclass(frozen=True)
class PageNotes:
    """One page as the layout set it, in CSS px from the page's top left corner."""

    calls: tuple[Part, ...]  # the parts whose call or anchor the page's text holds, in order
    area: tuple[Part, ...]  # the parts its notes area holds, in order
    text_bottom: float  # the foot of its last line of text (the top of the page if none)
    area_top: float | None  # where its notes area begins (its rule), below its margin
    area_bottom: float | None  # the foot of its last note
    top: float  # the text area's top and foot
    bottom: float
    outside: tuple[str, ...]  # the data-spot of each element with a line outside the text area
    heights: tuple[float, ...] = ()  # of each part in the notes area
    opening: tuple[Part, ...] = ()  # the parts its first two lines call (which the layout
    # sends on together, a paragraph's last two lines not being parted)


@dataclass(frozen=True)
class Problem:
    """Something the layout got wrong, on the page (0-based, in the laid-out document) where it
    shows; the note part concerned, or the element (data-spot) whose text it is."""

    page: int
    what: str
    part: Part | None = None
    spot: str | None = None
    soft: bool = False  # a page a typesetter would set better, not a wrong one


def read_pages(document: Document) -> tuple[PageNotes, ...]:
    return tuple(page_notes(page._page_box) for page in document.pages)


def page_notes(page: Any) -> PageNotes:
    top = float(page.content_box_y())
    bottom = top + float(page.height)
    left = float(page.content_box_x())
    right = left + float(page.width)
    calls: list[Part] = []
    opening = 0  # how many of the calls are in the first two lines
    lines = 0
    text_bottom = top
    outside: dict[str, None] = {}
    for box in main_flow_boxes(page):
        tag = box.element_tag or ""
        if tag.endswith(CALL) and isinstance(box, boxes.InlineBox):
            calls.append(part_of(box.element))
            opening += lines <= 2
        elif isinstance(box, boxes.LineBox):
            lines += 1
            text_bottom = max(text_bottom, float(box.position_y + box.height))
            if box.position_y + box.height > bottom + TOLERANCE and box.element is not None:
                outside[str(box.element.get(SPOT, ""))] = None  # below the text area
        elif isinstance(box, boxes.ReplacedBox):  # an image: inside the text area too
            text_bottom = max(text_bottom, float(box.position_y + box.margin_height()))
            if (box.position_x < left - TOLERANCE or box.position_x + box.width > right
                    + TOLERANCE or box.position_y + box.height > bottom + TOLERANCE):
                outside[str(box.element.get(SPOT, ""))] = None
        elif (isinstance(box, boxes.TextBox) and "::" not in tag and box.text.strip()
              and (box.position_x < left - TOLERANCE
                   or box.position_x + box.width > right + TOLERANCE)):
            outside[str(box.element.get(SPOT, ""))] = None
    area = next((child for child in page.children
                 if isinstance(child, boxes.FootnoteAreaBox) and child.children), None)
    if area is None:
        return PageNotes(tuple(calls), (), text_bottom, None, None, top, bottom,
                         tuple(outside), (), tuple(calls[:opening]))
    notes = [child for child in area.children if child.element is not None]
    first, last = notes[0], notes[-1]
    above = float(area.border_top_width + area.padding_top)
    return PageNotes(tuple(calls), tuple(part_of(note.element) for note in notes), text_bottom,
                     float(first.position_y) - above,
                     float(last.position_y + last.margin_height() - last.margin_bottom),
                     top, bottom, tuple(outside),
                     tuple(float(note.margin_height()) for note in notes),
                     tuple(calls[:opening]))


def main_flow_boxes(page: Any) -> Iterator[Any]:
    """The page's boxes in document order, without its margin boxes and notes area."""
    for child in page.children:
        if not isinstance(child, (boxes.MarginBox, boxes.FootnoteAreaBox)):
            yield from descendants(child)


def part_of(element: Any) -> Part:
    return Part(str(element.get(NOTE_MARK)), int(element.get(PART_MARK, "1")))


def problems(pages: Sequence[PageNotes], parts: Sequence[Part], *,
             drops_last: bool) -> list[Problem]:
    """What is wrong with the layout of `pages`, which should set every one of `parts` (every
    footnote of the document); `drops_last`: the last page is a unit's dropped recto."""
    found: list[Problem] = []
    where: dict[Part, int] = {}
    for index, page in enumerate(pages):
        for part in page.area:
            if part in where:
                found.append(Problem(index, "a note set twice", part))
            where.setdefault(part, index)
        for part in page.calls:
            if part not in page.area:
                found.append(Problem(index, "a note not on the page of its call", part))
        for part in page.area:
            if part not in page.calls:
                found.append(Problem(index, "a note set on another page than its call's",
                                     part))
        found += area_problems(index, page)
        found += [Problem(index, "a line of text outside the text area", spot=spot)
                  for spot in page.outside]
    for part in parts:
        if part not in where:
            found.append(Problem(len(pages) - 1, "a note set on no page", part))
        elif part.number > 1:
            before = where.get(Part(part.note, part.number - 1))
            page = pages[where[part]]
            if before is None or where[part] != before + 1 or page.area[0] != part:
                found.append(Problem(where[part], "a note's continuation not first at the foot "
                                     "of the page after its beginning", part))
    if drops_last and pages and (pages[-1].area or pages[-1].text_bottom > pages[-1].top):
        found.append(Problem(len(pages) - 1, "text or notes after the end of the division"))
    found += sent_on(pages) + taken_over(pages)
    return sorted(found, key=lambda problem: problem.page)


def taken_over(pages: Sequence[PageNotes]) -> list[Problem]:
    """Pages a note's continuation fills but for a line or two of the text, where the text goes
    on over the next page: a typesetter gives the text most of the page and continues the
    note again at the foot of the next."""
    found = []
    for index in range(len(pages) - 1):
        page, after = pages[index], pages[index + 1]
        height = page.bottom - page.top
        if (page.area and page.area[0].number > 1 and page.area[0] in page.calls
                and page.heights[0] > (1 - TEXT_KEPT) * height
                and page.top < page.text_bottom < page.top + TEXT_KEPT * height
                and after.text_bottom > after.top):
            found.append(Problem(index, TAKEN_OVER, page.area[0], soft=True))
    return found


def sent_on(pages: Sequence[PageNotes]) -> list[Problem]:
    """Long notes the layout sent whole to the next page with the line that calls them, where
    the page before had room for the line and the note's first lines: a typesetter begins
    such a note on that page, and continues it on the next."""
    found = []
    for index in range(1, len(pages)):
        page, before = pages[index], pages[index - 1]
        long = [part for part, height in zip(page.area, page.heights, strict=True)
                if part in page.opening and part.number == 1
                and height > LONG_NOTE * (page.bottom - page.top)]
        foot = before.area_top if before.area_top is not None else before.bottom
        if long and foot - before.text_bottom > ROOM_FOR_A_START:
            found.append(Problem(index - 1, "a long note sent to the next page with its call",
                                 long[0], soft=True))
    return found


def area_problems(index: int, page: PageNotes) -> list[Problem]:
    """A notes area above the text area's top, below its foot, or over the page's text."""
    if page.area_top is None or page.area_bottom is None:
        return []
    note = page.area[-1]
    if page.area_bottom > page.bottom + TOLERANCE or page.area_top < page.top - TOLERANCE:
        return [Problem(index, "notes outside the text area", note)]
    if page.text_bottom > page.area_top + TOLERANCE:
        return [Problem(index, "notes set over the text", note)]
    return []
