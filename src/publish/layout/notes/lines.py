"""The lines a layout set, as the repair of its notes needs them: each page's lines of text
(where each begins in the document, the note calls it holds, whether the page may end before
it), and each note's lines, measured in a galley where nothing competes for their room.

A line's place is counted as markup.Place names it: the element whose own text the line's first
character is in, by its mark, and how many counted characters of that element's own text the
lines before it set (from the element's FROM, where it is the second half of a cut one).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from lxml import etree, html
from weasyprint.document import Document
from weasyprint.formatting_structure import boxes

from publish.layout.engine import render_from_memory
from publish.layout.html import SECTION, SPOT
from publish.layout.notes.footnotes import NOTE_MARK, NOTE_SPOT
from publish.layout.notes.markup import FROM, PAGE_END, TAIL, Place
from publish.layout.notes.proof import CALL, Part, part_of
from publish.layout.page_map import ADDED_HYPHEN, counted, descendants
from publish.layout.served import Fetchable

GALLEY_HEIGHT = "14400pt"  # a page as tall as a PDF's may be: the notes measured fit on one
SENTENCE_END = (".", "!", "?", "\u2026", ".\u201d", "!\u201d", "?\u201d", ".\u2019", ".)")
AVOID = ("avoid", "avoid-page")
FORCED = ("page", "left", "right", "recto", "verso")


@dataclass(frozen=True)
class Line:
    """A line of the text as the layout set it on its page, in CSS px; or a row of a table,
    or an image set as a block, which a page break never cuts."""

    top: float
    bottom: float
    start: Place | None  # where it begins; None where no mark says (generated text)
    calls: tuple[Part, ...]  # the note parts it calls (or anchors), in order
    breakable: bool  # whether a page may end before it, as far as its blocks go
    hyphenated: bool  # it ends inside a word the layout hyphenated
    justified: bool  # it is set justified (a block cut after it keeps it so)
    keep_with_next: bool  # a heading's last line: no page may end right after it
    forced: bool = False  # a page always ends before it (a break-before its block asks)
    repaired: bool = False  # that break is one a repair made: the text goes on across it
    chapter: str | None = None  # the chapter it is in, by its index in the book


@dataclass(frozen=True)
class NoteLines:
    """A note part as set alone at the foot of a page: each line's foot below the part's top,
    where each begins, and the part's whole height."""

    bottoms: tuple[float, ...]
    starts: tuple[Place | None, ...]
    hyphenated: tuple[bool, ...]
    sentence_ends: tuple[bool, ...]  # whether the line ends a sentence
    height: float


@dataclass
class Counts:
    """How many counted characters of each element's own text the lines so far have set."""

    done: dict[int, int] = field(default_factory=dict)

    def place(self, box: Any, note: str | None = None) -> Place | None:
        element = box.element
        mark = NOTE_SPOT if note is not None else SPOT
        if element is None or element.get(mark) is None:
            return None
        return Place(mark, str(element.get(mark)),
                     int(element.get(FROM, "0")) + self.done.get(id(element), 0), note)

    def add(self, box: Any) -> bool:
        """Count a text box's characters; whether it ends with a hyphen the layout added."""
        text = str(box.text)
        element = box.element
        added = text.endswith(ADDED_HYPHEN) and ADDED_HYPHEN not in "".join(
            [element.text or "", *(child.tail or "" for child in element)])
        self.done[id(element)] = self.done.get(id(element), 0) + counted(text) - added
        return added


@dataclass(frozen=True)
class Scanned:
    """What a line (or a table row) holds: where it begins, its calls, how it ends."""

    start: Place | None
    calls: tuple[Part, ...]
    hyphenated: bool
    text: str


def scan(box: Any, counts: Counts, note: str | None = None) -> Scanned:
    start = None
    calls: list[Part] = []
    hyphenated = False
    text = ""
    for inner in descendants(box):
        tag = inner.element_tag or ""
        if tag.endswith(CALL) and isinstance(inner, boxes.InlineBox):
            calls.append(part_of(inner.element))
        elif isinstance(inner, boxes.TextBox) and "::" not in tag and counted(inner.text):
            if start is None:
                start = counts.place(inner, note)
            hyphenated = counts.add(inner)
            text += inner.text
        elif isinstance(inner, boxes.ReplacedBox) and start is None and note is None:
            start = counts.place(inner)
    return Scanned(start, tuple(calls), hyphenated, text)


def page_lines(document: Document) -> list[list[Line]]:
    """Every page's lines of text, in order."""
    counts = Counts()
    return [lines_of(page._page_box, counts) for page in document.pages]


def lines_of(page: Any, counts: Counts) -> list[Line]:
    found: list[Line] = []

    def visit(box: Any, ancestors: tuple[Any, ...]) -> None:
        if isinstance(box, boxes.TableRowBox):
            scanned = scan(box, counts)
            found.append(Line(float(box.position_y), float(box.position_y + box.height),
                              scanned.start, scanned.calls, True, False, False, False,
                              chapter=chapter_of(ancestors)))
        elif isinstance(box, boxes.LineBox):
            if not is_marker(box):
                found.append(line(box, ancestors, counts))
        elif isinstance(box, boxes.ReplacedBox):  # an image set as a block
            scanned = scan(box, counts)
            found.append(Line(float(box.position_y), float(box.position_y + box.margin_height()),
                              scanned.start, (), True, False, False, False,
                              chapter=chapter_of(ancestors)))
        else:
            for child in getattr(box, "children", None) or ():
                visit(child, (*ancestors, box))

    for child in page.children:
        if not isinstance(child, (boxes.MarginBox, boxes.FootnoteAreaBox)):
            visit(child, ())
    return found


def line(box: Any, ancestors: Sequence[Any], counts: Counts) -> Line:
    """A line of a paragraph (or any block of lines) and whether the page may end before it:
    not leaving fewer lines of its block than `orphans` before it or `widows` after it (counting
    those the block sets on the next page), nor inside a block kept whole."""
    scanned = scan(box, counts)
    parent = ancestors[-1]
    siblings = [child for child in parent.children
                if isinstance(child, boxes.LineBox) and not is_marker(child)]
    index = next(position for position, sibling in enumerate(siblings) if sibling is box)
    style = parent.style
    continues = getattr(siblings[-1], "resume_at", None) is not None  # on the next page
    after = len(siblings) - index
    breakable = index == 0 or (index >= style["orphans"] and (
        continues or after >= style["widows"]))
    authored = repaired = False  # a page break before it that its blocks ask, a repair made
    for ancestor in ancestors[2:]:  # not the root's boxes (html, body)
        opening = first_line(ancestor) is box and "top" not in getattr(
            ancestor, "remove_decoration_sides", ())  # not a block the page before began
        if ancestor.style["break_inside"] in AVOID and not opening:
            breakable = False
        if opening and ancestor.style["break_before"] in FORCED and (
                TAIL not in classes(ancestor)):
            repaired = repaired or PAGE_END in classes(ancestor)
            authored = authored or PAGE_END not in classes(ancestor)
    last = index == len(siblings) - 1
    return Line(float(box.position_y), float(box.position_y + box.height), scanned.start,
                scanned.calls, breakable, scanned.hyphenated,
                style["text_align_all"] == "justify" and not last,
                last and not continues and style["break_after"] in AVOID,
                authored or repaired, repaired and not authored, chapter_of(ancestors))


def chapter_of(ancestors: Sequence[Any]) -> str | None:
    """The chapter (its index in the book) whose section holds a box with these ancestors."""
    return next((str(box.element.get(SECTION)) for box in reversed(ancestors)
                 if box.element is not None and box.element.get(SECTION) is not None), None)


def is_marker(box: Any) -> bool:
    """Whether a line is a list item's marker (its bullet or number), which WeasyPrint sets as
    a line of its own beside the item's first line: not a line of the text."""
    return str(box.element_tag or "").endswith("::marker")


def classes(box: Any) -> list[str]:
    """The classes of the element a box is of (none for an anonymous box)."""
    return [] if box.element is None else str(box.element.get("class", "")).split()


def first_line(box: Any) -> Any:
    return next((inner for inner in descendants(box)
                 if isinstance(inner, boxes.LineBox) and not is_marker(inner)), None)


# --- Notes, measured in a galley ------------------------------------------------------------

def measured_notes(document: Document, markup: str, parts: Sequence[Part],
                   files: Mapping[str, Fetchable], sheets: Sequence[str], width: float
                   ) -> tuple[dict[Part, NoteLines], float]:
    """These note parts of the document, each as set whole at the foot of some page (its lines
    do not depend on where), and the room a notes area takes besides its notes (its margin,
    rule and padding). A part the layout set on no page is measured in a galley: at the foot
    of a page `width` px wide where nothing else competes for room."""
    measured, overhead = notes_set_in(document)
    missing = [part for part in parts if part not in measured]
    if missing or overhead is None:
        galley, galley_overhead = notes_set_in(galley_of(markup, missing or parts, files,
                                                         sheets, width))
        measured |= galley
        overhead = galley_overhead if overhead is None else overhead
    return measured, overhead or 0.0


def notes_set_in(document: Document) -> tuple[dict[Part, NoteLines], float | None]:
    """The note parts the document's pages set, and what a notes area takes besides them."""
    measured: dict[Part, NoteLines] = {}
    overhead = None
    for page in document.pages:
        area = next((child for child in page._page_box.children
                     if isinstance(child, boxes.FootnoteAreaBox) and child.children), None)
        if area is None:
            continue
        overhead = float(area.margin_top + area.border_top_width + area.padding_top
                         + area.padding_bottom + area.border_bottom_width + area.margin_bottom)
        for note in area.children:
            if note.element is not None:
                measured[part_of(note.element)] = note_lines(note)
    return measured, overhead


def galley_of(markup: str, parts: Sequence[Part], files: Mapping[str, Fetchable],
              sheets: Sequence[str], width: float) -> Document:
    """A document of these note parts alone, as footnotes of one tall page `width` px wide."""
    root = html.document_fromstring(markup)
    body = root.find("body")
    assert body is not None
    holder = etree.Element("p")
    holder.extend(copy.deepcopy(footnote) for footnote in root.iter("span")
                  if footnote.get(NOTE_MARK) is not None and part_of(footnote) in parts)
    for child in list(body):
        body.remove(child)
    body.append(holder)
    sheet = f"@page {{ size: {width:.3f}px {GALLEY_HEIGHT} !important; }}"
    return render_from_memory(
        "<!DOCTYPE html>\n" + etree.tostring(root, method="html", encoding="unicode"), files,
        [*sheets, sheet])


def note_lines(note: Any) -> NoteLines:
    """A footnote's lines, from the top of its box."""
    counts = Counts()
    owner = str(note.element.get(NOTE_MARK))
    top = float(note.position_y)
    lines = [(box, scan(box, counts, owner)) for box in descendants(note)
             if isinstance(box, boxes.LineBox) and not is_marker(box)]
    return NoteLines(tuple(float(box.position_y + box.height) - top for box, _ in lines),
                     tuple(scanned.start for _, scanned in lines),
                     tuple(scanned.hyphenated for _, scanned in lines),
                     tuple(scanned.text.rstrip().endswith(SENTENCE_END) for _, scanned in lines),
                     float(note.margin_height()))


def footnote_parts(markup: str) -> list[Part]:
    """Every note part the document holds, in order."""
    return [part_of(span) for span in html.document_fromstring(markup).iter("span")
            if span.get(NOTE_MARK) is not None]
