"""The layout's repair where its notes went wrong: the first page the proof finds at fault is
set again as a typesetter sets a page with notes, from the lines the layout set on it.

Down the page, each line takes its room and the room of the notes it calls. Where a line and
its notes no longer fit, the page ends before that line (where a page may end: not leaving a
paragraph's first or last line alone, nor a heading at the foot), and the line and its notes
go to the next page. A long note is split instead: its call stays on the page, with as many of
its lines as fit there (at least two, and two for the next page; not ending a sentence where it
can be helped, so that a reader sees the note go on), and the rest opens the notes of the next
page; a continuation that would fill a page the text goes on over is cut again the same way, the
next page's text run on to take the room it leaves (given_back). The page is made to end where
it was decided (markup.PageEnd), so the layout sets the same page again, the notes in their
place; the pages after are laid out anew, and proved again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from weasyprint.document import Document

from publish.layout.html import SECTION
from publish.layout.notes.lines import Line, NoteLines, measured_notes, page_lines
from publish.layout.notes.markup import Edit, NoteSplit, PageEnd, Place, run_on_page
from publish.layout.notes.proof import (
    LONG_NOTE,
    TAKEN_OVER,
    TEXT_KEPT,
    PageNotes,
    Part,
    Problem,
)
from publish.layout.served import Fetchable

MIN_LINES = 2  # lines of a note on either side of a split
AFTER_STOP = 3  # lines a split may move up not to end a part with a sentence
SLACK = 1.0  # CSS px left free: the layout must not find a planned page a hair too full


@dataclass(frozen=True)
class Unit:
    """What the repair lays out again: the document's markup as edited so far, and what it
    is laid out with."""

    markup: str
    files: Mapping[str, Fetchable]
    sheets: Sequence[str]


@dataclass(frozen=True)
class Repair:
    """The edits that set a page right, and the first page they change (the pages before it
    are as they were laid out), with the place where it begins."""

    edits: list[Edit]
    page: int = 0
    start: Place | None = None


def repair(document: Document, pages: Sequence[PageNotes], problems: Sequence[Problem],
           unit: Unit) -> Repair:
    """The edits that set right the first page at fault (the first of `problems`); none if
    it cannot be set right."""
    first = problems[0]
    lines = page_lines(document)
    call = next((index for index, page in enumerate(pages)
                 if first.part is not None and first.part in page.calls), None)
    target = first.page if call is None else call if first.soft else min(first.page, call)
    earliest = target if call != target else earliest_short(pages, lines, target)
    if not lines[target]:
        return Repair([])
    given = first.what == TAKEN_OVER  # the page after is run on into this one
    width = float(document.pages[target].width)
    parts = [part for page in lines[earliest:target + 1 + given] for line in page
             for part in line.calls]
    measured, overhead = measured_notes(document, unit.markup, parts, unit.files, unit.sheets,
                                        width)
    if given:
        return given_back(pages, lines, target, measured, overhead)
    # The layout may have left pages short, sending lines on with a long note: the nearest
    # from which the note can begin on the page of its call, and go on, is set again.
    for start in range(target - 1, earliest - 1, -1):
        edits = Page(run_on(lines[start:target + 1]), lines[target + 1:], measured, overhead,
                     pages[start].bottom - pages[start].top - SLACK, pages[start].top).settled()
        if any(isinstance(edit, NoteSplit) for edit in edits):
            return Repair(edits, start, lines[start][0].start)
    page = pages[target]
    return Repair(Page(lines[target], lines[target + 1:], measured, overhead,
                       page.bottom - page.top - SLACK, page.top).settled(), target,
                  lines[target][0].start)


def given_back(pages: Sequence[PageNotes], lines: Sequence[Sequence[Line]], target: int,
               measured: Mapping[Part, NoteLines], overhead: float) -> Repair:
    """The page a note's continuation fills, set again with the text of the page after it run
    on, the continuation cut to leave the text its share (proof.TEXT_KEPT): the text goes on
    where it can, and the note at the foot of the next page."""
    following = lines[target + 1] if target + 1 < len(lines) else []
    if not following or (following[0].forced and not following[0].repaired):
        return Repair([])  # its chapter ends there: nothing to give the page
    page = pages[target]
    room = page.bottom - page.top - SLACK
    return Repair(Page(run_on(lines[target:target + 2]), lines[target + 2:], measured,
                       overhead, room, page.top, kept=TEXT_KEPT * room).settled(), target,
                  lines[target][0].start)


def lines_fitting(note: NoteLines, room: float) -> int:
    """How many of a note's lines to set in `room` px where it is cut: as many as fit, leaving
    the next page two; but a note that goes on should not seem to end, not after a full stop
    where a line a little higher ends without one (a list whose every item ends so cuts
    anywhere)."""
    most = min(sum(1 for bottom in note.bottoms if bottom <= room), len(note.bottoms) - MIN_LINES)
    return next((count for count in range(most, max(most - AFTER_STOP, MIN_LINES) - 1, -1)
                 if not note.sentence_ends[count - 1]), most)


def earliest_short(pages: Sequence[PageNotes], lines: Sequence[Sequence[Line]],
                   target: int) -> int:
    """The first of the pages before `target` that the layout left with room for another
    line, each running on to the next (no forced break between them, no notes called at the
    top of the next): a note too long for the room left sends its call's line on, and the
    lines before it with it."""
    start = target
    while start > 0 and lines[start] and lines[start - 1] and not lines[start][0].forced:
        if start < target and lines[start][0].calls:
            break  # its own notes may be why the page before ended short
        before = pages[start - 1]
        foot = before.area_top if before.area_top is not None else before.bottom
        line_height = lines[start][0].bottom - lines[start][0].top
        if foot - before.text_bottom < line_height + SLACK:
            break
        start -= 1
    return start


def run_on(pages: Sequence[Sequence[Line]]) -> list[Line]:
    """The lines of several pages as if the first page had held them all."""
    lines = list(pages[0])
    for page in pages[1:]:
        if page:
            shift = (lines[-1].bottom if lines else 0.0) - page[0].top
            lines += [replace(line, top=line.top + shift, bottom=line.bottom + shift)
                      for line in page]
    return lines


@dataclass(frozen=True)
class Page:
    """A page to set again: its lines as the layout set them, the lines of the pages after it,
    its notes measured, and the room it has (from `top`, the text area's top)."""

    lines: Sequence[Line]
    later: Sequence[Sequence[Line]]
    notes: Mapping[Part, NoteLines]
    overhead: float  # what a notes area takes besides its notes
    room: float
    top: float
    kept: float = 0.0  # room kept for the text from a continuation at the page's head

    def settled(self) -> list[Edit]:
        used = 0.0
        cut: tuple[Part, NoteLines, int] | None = None  # the continuation cut to keep room
        for index, line in enumerate(self.lines):
            if self.taken(line, used) > self.room:  # the line itself no longer fits
                return self.cutting(cut, self.break_before(index))
            for position, part in enumerate(line.calls):
                note = self.notes.get(part)
                height = note.height if note is not None else 0.0
                if index == 0 and self.kept and note is not None and part.number > 1:
                    fitting = lines_fitting(note, self.room - self.kept - self.overhead)
                    if fitting >= MIN_LINES:
                        cut, height = (part, note, fitting), note.bottoms[fitting - 1]
                if self.taken(line, used + height) > self.room:
                    return (self.first_too_full(index, position, used) if cut is None
                            else self.cutting(cut, self.break_before(index)))
                used += height
        return self.cutting(cut, len(self.lines))  # it fits: end it where it ends

    def cutting(self, cut: tuple[Part, NoteLines, int] | None, index: int) -> list[Edit]:
        """The page ended before its `index`-th line, and the continuation cut at its head
        (if one is) going on at the foot of the next page."""
        ending = self.ending_before(index)
        if cut is None:
            return ending
        part, note, fitting = cut
        anchor, at = self.next_start(index), note.starts[fitting]
        if not ending or anchor is None or at is None:
            return []
        return [*ending, NoteSplit(part.note, part.number, at, anchor,
                                   hyphen=note.hyphenated[fitting - 1])]

    def taken(self, line: Line, notes: float) -> float:
        """The room the page's text down to `line` takes with `notes` of notes."""
        return line.bottom - self.top + (self.overhead + notes if notes else 0.0)

    def first_too_full(self, index: int, position: int, used: float) -> list[Edit]:
        """The page's `index`-th line does not fit with its `position`-th note: split the note
        when it is long (or when nothing else can go), else end the page before the line."""
        line = self.lines[index]
        part = line.calls[position]
        note = self.notes.get(part)
        after = sum(self.notes[later].height for later in line.calls[position + 1:]
                    if later in self.notes)  # the line's later notes go whole after it
        split = [] if note is None else self.split(index, part, note, used + after)
        if split and note is not None and (note.height > LONG_NOTE * self.room or index == 0):
            return split
        before = self.break_before(index)
        if before > 0:
            return self.ending_before(before)
        return split or self.ending_before(index)

    def split(self, index: int, part: Part, note: NoteLines, used: float) -> list[Edit]:
        """The note `part`, called on the page's `index`-th line with `used` px of other notes,
        split where the page is full, the page ending after that line; none when too few of
        its lines would fit."""
        room = self.room - (self.lines[index].bottom - self.top) - self.overhead - used
        fitting = lines_fitting(note, room)
        if fitting < (MIN_LINES if index else 1):
            return []
        anchor = self.next_start(index + 1)
        ending = self.ending_before(index + 1) if anchor is not None else []
        if anchor is None and (chapter := self.lines[index].chapter) is not None:
            anchor = run_on_page(chapter)  # the note goes on after the chapter's text
        at = note.starts[fitting]
        if anchor is None or at is None or (not ending and anchor.mark != SECTION):
            return []
        return [*ending, NoteSplit(part.note, part.number, at, anchor,
                                   hyphen=note.hyphenated[fitting - 1])]

    def break_before(self, index: int) -> int:
        """The last line at or before the `index`-th before which the page may end (0: none)."""
        while index > 0 and not (self.lines[index].breakable
                                  and not self.lines[index - 1].keep_with_next):
            index -= 1
        return index

    def ending_before(self, index: int) -> list[Edit]:
        """The page made to end before its `index`-th line (the next page's first if there
        are no more on this one)."""
        at = self.next_start(index)
        if at is None or index == 0:
            return []
        previous = self.lines[index - 1]
        return [PageEnd(at, previous.justified, previous.hyphenated)]

    def next_start(self, index: int) -> Place | None:
        """Where the page after this one begins, if it goes on with this page's chapter;
        None if a forced break (the next chapter) or nothing follows. A break an earlier
        repair made is not one: the text goes on across it."""
        if index < len(self.lines):
            line = self.lines[index]
        else:
            following = next((lines for lines in self.later if lines), None)
            if following is None:
                return None
            line = following[0]
        return None if line.forced and not line.repaired else line.start
