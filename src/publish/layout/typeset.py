"""typeset_book(): the print interior laid out, as a PDF a print shop can take and the page map
the other editions use.

The HTML (html) styled by the shared book.css and the paged print.css, rendered by WeasyPrint
with the book's own files only (engine), a unit at a time (units.py): the divisions of the text
all at once, then the front matter, whose contents gives their folios, and the folios, which the
assembly lays over the text's pages (folios.py, assemble.py). Every unit has an even page count,
so the book has one: a printed book has two sides to every leaf. Dates and the file identifier
come from the Book, so the same Book gives the same bytes.

PDF/X: WeasyPrint's pdf/x-1a variant writes the identification of PDF/X-1a:2003 (PDF 1.4);
PDF/X-1a:2001 would need PDF 1.3, which WeasyPrint does not write. We keep the 2003 name,
which is true of the file: X-1a:2003 has the same content rules as X-1a:2001 (CMYK/gray only,
no transparency, fonts embedded, an output intent), and the services that name 2001
(IngramSpark) take it, as their older guide says ("PDF/X 2001 or 2003"). The variant only writes
metadata; the content conforms because print.css names every colour in device-cmyk and uses
no transparency, links or bookmarks, and `publish check` verifies that on the built file.

The inside margin must grow with the page count (KDP's table, settings.minimum_gutter). The
default stylesheet's gutter (0.875in) already meets the whole table, so one layout is the rule;
a second (of every unit) runs only when a publisher's narrower gutter is under the row the page
count lands in (and a third if the wider gutter pushes the count into the next row).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from publish.book.model import Book
from publish.kept import made
from publish.layout.assemble import TextPages, assembled_pdf
from publish.layout.bleed import with_bleed_edges
from publish.layout.cache import LayoutCache
from publish.layout.folios import shows_page_total
from publish.layout.font_cut import CutTypeface, cut_typeface
from publish.layout.html import print_document, text_divisions
from publish.layout.page_references import (
    front_target_pages,
    referenced,
    refers_to_front_matter,
    target_pages,
)
from publish.layout.print_colours import print_colours
from publish.layout.printed import LaidPage, NotesPlaced, Typeset, UnitLayout, labelled
from publish.layout.served import fetchable_files, font_faces, output_intent
from publish.layout.units import (
    UnitInputs,
    division_jobs,
    first_folios,
    folio_jobs,
    front_job,
)
from publish.layout.workers import Layouts
from publish.settings import Settings, minimum_gutter
from publish.source.styles import Styles

if TYPE_CHECKING:  # WeasyPrint lays out on the workers: this process need not load it
    from weasyprint.document import Document

LAYOUT_PASSES = 3  # a wider gutter can add pages, and so cross into the next row once more
# A right-to-left book opens from the other side: WeasyPrint makes its first page a left-hand
# one, so its rectos are the left pages (margins and folios mirror by themselves, since the
# binding is always on the inner side); the running heads swap sides to stay where they belong,
# the book's title on the versos and the chapter's on the rectos. WeasyPrint sets a table's
# columns left to right whatever the direction, so the contents' entries are lines, the leader
# filling what the title leaves before the page number, instead of two table cells.
RIGHT_TO_LEFT = """
@page front:left, text:left { @top-center { content: string(chapter-title, first-except); } }
@page front:right, text:right { @top-center { content: string(book-title); } }
.contents li { display: block; }
.contents .toc-title, .contents .toc-page { display: inline; }
"""


def typeset_book(book: Book, styles: Styles, settings: Settings, *,
                 layouts: Layouts | None = None, cache: LayoutCache | None = None,
                 cut: CutTypeface | None = None, pdf_wanted: bool = True) -> Typeset:
    """Lay the book out for print, unit by unit (units.py) on `layouts`, through `cache`, with
    the body face `cut` to the book (cut_typeface; made here if not given): the PDF, and the
    page map the other editions use. When the PDF is wanted, the text's pages are gathered
    into it as their units arrive (assemble.TextPages); else only if it is asked for."""
    layouts = layouts or Layouts()
    cut = cut or cut_typeface(book, styles, cache, layouts)
    gutter: float | None = None
    for _ in range(LAYOUT_PASSES):
        laid = laid_out_book(book, styles, settings, layouts, cache, cut, gutter, pdf_wanted)
        needed = minimum_gutter(len(laid.pages))
        if min(part.inside_margin for part in laid.parts) >= needed - 0.01:
            break
        gutter = needed
    for warning in dict.fromkeys(warning for part in laid.parts for warning in part.warnings):
        logging.getLogger("weasyprint").warning("%s", warning)  # once, however many units

    keep = made if cache is None else cache.kept

    def assemble() -> bytes:
        for index, division in enumerate(laid.parts[1:]):  # what was not gathered already
            laid.text.add(index, division.pdf)
        pdf = assembled_pdf(laid.parts[0].pdf, laid.text, [part.pdf for part in laid.folios],
                            laid.folio_pages, keep)
        return with_bleed_edges(pdf, settings, book.metadata.dir == "rtl")

    notes = sum((part.notes for part in laid.parts), NotesPlaced())
    return Typeset(replace(labelled(laid.pages), notes=notes), assemble, cut.body)


@dataclass(frozen=True)
class LaidBook:
    """The book's units laid out: the front unit, then each division of the text; and the
    text's folios, to lay over its pages."""

    parts: tuple[UnitLayout, ...]
    folios: tuple[UnitLayout, ...]
    text: TextPages  # the divisions' pages gathered so far

    @property
    def pages(self) -> tuple[LaidPage, ...]:
        return tuple(page for part in self.parts for page in part.pages)

    @property
    def folio_pages(self) -> tuple[int | None, ...]:
        """For each page of the book, the folio page laid over it, if any: the text's pages
        have one each, except the blank ones."""
        front = len(self.parts[0].pages)
        return tuple(None if number < front or page.blank else number - front
                     for number, page in enumerate(self.pages))


def laid_out_book(book: Book, styles: Styles, settings: Settings, layouts: Layouts,
                  cache: LayoutCache | None, cut: CutTypeface, gutter: float | None,
                  gathering: bool = True) -> LaidBook:
    """Every division of the text, all at once (`gathering` their pages as they arrive); then
    the front unit, whose contents gives their folios, and the folios (after the front unit,
    when they show the book's page count)."""
    inputs = UnitInputs(book, tuple(print_stylesheets(book, styles, settings, gutter=gutter,
                                                      weights=cut.weights)),
                        tuple(sorted(cut.files.items())), styles.output_profile, settings)
    jobs = division_jobs(inputs)
    text = TextPages()
    referring = [index for index in text_divisions(book) if referenced(book, index)]

    def arrived(index: int, division: UnitLayout) -> None:
        if gathering and not referring:  # else laid out again with their page numbers:
            # gathered when the book is assembled
            text.add(index, division.pdf)

    divisions = layouts.lay_out(jobs, cache, arrived)
    folios = first_folios(divisions)
    numbers: dict[str, str] = {}
    to_front = refers_to_front_matter(book)  # else the front unit is laid out once, last
    refers = any(referenced(book, index) for index in range(len(book.chapters)))
    for _ in range(LAYOUT_PASSES if refers else 0):
        found = target_pages(book, [(index, division.pages) for index, division in zip(
            text_divisions(book), divisions, strict=True)], folios)
        if to_front:  # the front unit, laid out with the text's folios, gives its targets'
            labels = {job.name: str(folio) for job, folio in zip(jobs, folios, strict=True)}
            found |= front_target_pages(book, layouts.lay_out(
                [front_job(inputs, labels, numbers=numbers)], cache)[0].pages)
        if found == numbers:
            break
        numbers = found
        jobs = division_jobs(inputs, numbers)  # the same for a division without references
        again = iter(layouts.lay_out([job for index, job in zip(text_divisions(book), jobs,
                                                                 strict=True)
                                      if index in referring], cache))
        divisions = [next(again) if index in referring else division for index, division
                     in zip(text_divisions(book), divisions, strict=True)]
        folios = first_folios(divisions)
    labels = {job.name: str(folio) for job, folio in zip(jobs, folios, strict=True)}
    pages = sum(len(division.pages) for division in divisions)
    total = None
    if shows_page_total(inputs.sheets):  # the front unit's page count first, then the folios
        total = len(layouts.lay_out([front_job(inputs, labels, numbers=numbers)],
                                    cache)[0].pages) + pages
    front, *folio_parts = layouts.lay_out([front_job(inputs, labels, total, numbers),
                                           *folio_jobs(inputs, pages, total)], cache)
    return LaidBook((front, *divisions), tuple(folio_parts), text)


def print_stylesheets(book: Book, styles: Styles, settings: Settings, *,
                      gutter: float | None = None, screen_sheet: str | None = None,
                      weights: Sequence[int] = ()) -> list[str]:
    """Every stylesheet of the print document, in order, but its output intent (which a
    unit's document holds itself: units.py); `gutter` overrides the inside margin, and
    `weights` are those the body face has a static file for (font_cut.py).

    `screen_sheet` makes the screen edition's (editions/pdf_digital.py): the book's colours
    kept, and that stylesheet after the print one.
    """
    sheets = [styles.book, styles.print]
    if screen_sheet is None:  # print: every colour in the press's inks
        sheets = [print_colours(sheet, styles.output_profile) for sheet in sheets]
    stylesheets = [font_faces(styles, book, weights), page_geometry(settings), *sheets]
    if book.metadata.dir == "rtl":
        stylesheets.append(RIGHT_TO_LEFT)
    if gutter is not None:
        stylesheets.append(wider_gutter(gutter))
    if screen_sheet is not None:
        stylesheets.append(screen_sheet)
    return stylesheets


def document_layout(book: Book, styles: Styles, settings: Settings, *,
                    screen_sheet: str | None = None) -> Document:
    """The whole print document laid out at once, as the screen edition (pdf_digital) needs
    it: its links and bookmarks cross divisions."""
    markup = print_document(book, [output_intent(), *print_stylesheets(
        book, styles, settings, screen_sheet=screen_sheet)], linked=screen_sheet is not None)
    from publish.layout.settled import settled_layout  # WeasyPrint: only here

    return settled_layout(markup, fetchable_files(book, styles)).document


def wider_gutter(points: float) -> str:
    """Inside margins of at least `points` (the book got long enough to need them)."""
    return (f"@page :right {{ margin-left: {points:.2f}pt !important; }}\n"
            f"@page :left {{ margin-right: {points:.2f}pt !important; }}\n")


def page_geometry(settings: Settings) -> str:
    """The trim is the page (the TrimBox); bleed, when asked for, grows the sheet around it.

    WeasyPrint writes TrimBox and BleedBox on every page: without bleed, MediaBox = BleedBox =
    TrimBox; with it, MediaBox = BleedBox = the trim plus the bleed on every side.
    """
    return f"@page {{ size: {settings.trim.css}; bleed: {settings.bleed_size:.2f}pt; }}\n"
