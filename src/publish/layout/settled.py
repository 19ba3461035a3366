"""A print document laid out until its pages are right, and proved so.

WeasyPrint lays the document out; then what it did is looked at, and the document laid out
again where a typesetter would have done otherwise: a figure that would leave its page's foot
empty is made to fit there (figure_fit), a table too wide for the text area is set smaller
and one longer than a page begins where the text before it ends (table_fit), and a note not
set on its call's page, or running out of the text area, is set right (notes/repair). The
pages are then proved (notes/proof): every note on the page of its call, every continuation
first on the next page, nothing outside the text area. What is still wrong is said, for the
build to stop on. A document whose first layout is right (most are) is laid out once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from weasyprint.document import Document

from publish.layout.engine import PX, render_from_memory
from publish.layout.figure_fit import figures_to_fit, fitted_sheet
from publish.layout.notes.lines import classes, footnote_parts
from publish.layout.notes.markup import TAIL, Edit, edited, tail_document
from publish.layout.notes.proof import PageNotes, Part, Problem, problems, read_pages
from publish.layout.notes.repair import Repair, Unit, repair
from publish.layout.page_map import main_flow
from publish.layout.printed import Misplaced, NotesPlaced
from publish.layout.served import Fetchable
from publish.layout.table_fit import (
    fitted_tables_sheet,
    long_tables,
    long_tables_sheet,
    tables_to_fit,
)

FIT_PASSES = 3  # layouts after the first that fit figures and tables, at most
REPAIR_PASSES = 60  # layouts that set a page's notes right, at most: each settles a page


@dataclass(frozen=True)
class Settled:
    """A document laid out, and how its notes were set."""

    document: Document
    notes: NotesPlaced


def settled_layout(markup: str, files: Mapping[str, Fetchable], sheets: Sequence[str] = (),
                   *, drops_last: bool = False) -> Settled:
    """The document's layout (with `sheets` after its own stylesheets), set right where it
    can be; `drops_last`: its last page is dropped (a unit's next recto) and must be empty."""
    fitted: dict[str, float] = {}  # figures' image heights (px), by data-spot
    narrowed: dict[str, float] = {}  # tables' type sizes (pt), by data-spot
    broken: set[str] = set()  # tables longer than a page, by data-spot
    repairs: list[tuple[int, list[Edit]]] = []  # each repair: the first page it changes, and
    # its edits, in the order of those pages
    current = markup

    def with_fits() -> list[str]:
        return [*sheets, *([fitted_sheet(fitted)] if fitted else []),
                *([fitted_tables_sheet(narrowed)] if narrowed else []),
                *([long_tables_sheet(broken)] if broken else [])]

    def laid_out() -> Document:
        return render_from_memory(current, files, with_fits())

    def laid_out_from(before: Document, fix: Repair) -> Document | None:
        """The pages from the one a repair changes on, laid out alone, after those before it
        (which it leaves as they were): a long division's later pages set right without
        laying out its earlier ones again. None where that cannot be done."""
        if fix.page == 0 or fix.start is None:
            return None
        side = before.pages[fix.page]._page_box.page_type.side
        tail = tail_document(current, fix.start, side)
        if tail is None:
            return None
        laid = render_from_memory(tail, files, with_fits())
        lead = next((index for index, page in enumerate(laid.pages)
                     if opens_tail(page._page_box)), None)
        return None if lead is None else before.copy(
            [*before.pages[:fix.page], *laid.pages[lead:]])

    document = laid_out()
    for _ in range(FIT_PASSES):  # a fitted figure moves the pages after it: look again
        more = figures_to_fit(document)
        smaller = tables_to_fit(document, narrowed)
        longer = long_tables(document) - broken
        if not more.keys() - fitted.keys() and not smaller and not longer:
            break
        fitted |= more
        narrowed |= smaller
        broken |= longer
        document = laid_out()
    parts = footnote_parts(current)
    pages = read_pages(document)
    found = problems(pages, parts, drops_last=drops_last)
    unsettled: set[Problem] = set()  # pages a typesetter would set better, but cannot be
    tried: set[tuple[Edit, ...]] = set()
    for _ in range(REPAIR_PASSES):
        wanted = [problem for problem in found if problem not in unsettled]
        if not wanted or wanted[0].part is None:
            break
        fix = repair(document, pages, wanted, Unit(current, files, with_fits()))
        # A page set again undoes the repairs of the pages from it on (decided on their
        # layout before): the same edits, after them, mean no way forward.
        kept = [(page, group) for page, group in repairs if page < fix.page]
        if not fix.edits or tuple(edit for _, group in kept for edit in group) + tuple(
                fix.edits) in tried:
            if not wanted[0].soft:
                break  # nothing more can be done: the build says what is wrong
            unsettled.add(wanted[0])
            continue
        repairs = [*kept, (fix.page, fix.edits)]
        edits = [edit for _, group in repairs for edit in group]
        tried.add(tuple(edits))
        current = edited(markup, edits)
        document = laid_out_from(document, fix) or laid_out()
        parts = footnote_parts(current)
        pages = read_pages(document)
        found = problems(pages, parts, drops_last=drops_last)
    return Settled(document, placed(pages, parts, [problem for problem in found
                                                     if not problem.soft]))


def opens_tail(page: Any) -> bool:
    """Whether the text of a tail document (markup.tail_document) begins on this page."""
    return any(TAIL in classes(box) for box in main_flow(page))


def placed(pages: Sequence[PageNotes], parts: Sequence[Part],
           found: Sequence[Problem]) -> NotesPlaced:
    """How the notes were set, for the manifest and the proof sheets."""
    beginnings = sum(1 for part in parts if part.number == 1)
    continued = len({part.note for part in parts if part.number > 1})
    wrong = len({problem.part.note for problem in found if problem.part is not None})
    tallest = max((page.area_bottom - page.area_top for page in pages
                   if page.area_bottom is not None and page.area_top is not None),
                  default=0.0)
    return NotesPlaced(beginnings, beginnings - wrong, continued, round(tallest * PX, 2),
                       tuple(Misplaced(problem.what, problem.part.note if problem.part else None,
                                       problem.spot) for problem in found))
