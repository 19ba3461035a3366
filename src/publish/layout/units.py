"""The print layout cut into units that can be laid out apart: the preliminary pages with the
front matter, and each division of the text matter.

Every division of a book opens on a recto, so the pages of one depend only on its own text;
what depends on the divisions before it is only its folios, which a stylesheet gives it
(the page counter reset to its first folio), and the contents' page numbers, which the front
unit is given once the text's units are laid out (html.front_document). Each unit's document
ends with an element that opens the next recto (html.unit_end): the layout drops that page, so
each unit comes with the blank verso the book has before the next division, when it needs one,
and every unit has an even number of pages.

A UnitJob holds everything its layout depends on, and nothing else: its HTML, the files it may
load, what its PDF is written with. Its key hashes all of that and the versions of the code
and libraries that lay it out, so a cached layout (cache.py) is used only for the same job.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import metadata, resources
from importlib.resources.abc import Traversable

from publish.book.model import Book, Chapter, Resource
from publish.layout.folios import (
    FOLIO_SHEET,
    PAGE_TOTAL,
    folio_document,
    only_folios,
    page_total_sheet,
    without_folios,
)
from publish.layout.html import (
    PRINTED_PAGE,
    UNIT_END,
    division_document,
    front_document,
    running_head,
    text_divisions,
)
from publish.layout.page_references import NUMBER_CLASS, PRINTED
from publish.layout.printed import UnitLayout
from publish.layout.served import RESOURCE_SCHEME, Fetchable, memory_url, output_intent
from publish.layout.xmp import book_description, file_identifier
from publish.settings import Settings
from publish.source.output_profile import OutputProfile

FRONT = "front matter"  # the front unit's name
# Text pages to a folio job. WeasyPrint looks each page's margin boxes up among every style
# the document has computed, its earlier pages' too, so a page costs more the later it comes:
# a page of a 100-page folio document took four fifths of one of a 200-page document.
FOLIO_CHUNK = 100
# What every unit's document is given after the book's own stylesheets: the folio of a
# contents entry that another unit found, and the page that closes a unit.
UNIT_SHEET = f"""
.contents .toc-page[{PRINTED_PAGE}]::after {{ content: attr({PRINTED_PAGE}); }}
.{NUMBER_CLASS}[{PRINTED}]::after {{ content: attr({PRINTED}); }}
.{UNIT_END} {{ break-before: recto; }}
"""
# The libraries whose versions decide a layout, besides this package's own code.
LAYOUT_LIBRARIES = ("weasyprint", "pydyf", "fonttools", "tinycss2", "cssselect2", "Pillow",
                    "pikepdf")


@dataclass(frozen=True)
class UnitJob:
    """One unit of the print layout, as a worker lays it out (unit_layout.lay_out_unit)."""

    name: str  # "front matter", or the division's chapter id: what progress reports
    markup: str  # the unit's HTML document, with its output intent
    sheets: tuple[str, ...]  # the stylesheets it is laid out with, in order
    files: tuple[tuple[str, Fetchable], ...]  # what it may load: fonts and the profile
    images: tuple[Resource, ...]  # the book's images it shows, as the manuscript has them
    profile: OutputProfile  # the press's profile, which images are converted to
    trim: tuple[float, float]  # the page's width and height in points, for image resolution
    chapters: tuple[tuple[int, Chapter], ...]  # its divisions, by index, for the page map
    moment: dt.datetime  # the book's date: fonts' timestamps
    description: bytes  # the XMP's book description
    pdf_identifier: bytes
    pdf_variant: str

    @property
    def key(self) -> str:
        """A hash of everything the unit's layout depends on."""
        digest = hashlib.sha256()
        for part in (self.markup, *self.sheets, self.pdf_variant, self.moment.isoformat(),
                     repr(self.trim), code_version()):
            digest.update(part.encode("utf-8") + b"\0")
        for data in (self.description, self.pdf_identifier):
            digest.update(hashlib.sha256(data).digest())
        for name, data in (("profile", self.profile.data),
                           *((name, fetchable.data) for name, fetchable in self.files),
                           *((image.name, image.data) for image in self.images)):
            digest.update(data_digest(name, data))
        return digest.hexdigest()


@dataclass(frozen=True)
class UnitInputs:
    """What every unit of one book's layout shares."""

    book: Book
    sheets: tuple[str, ...]  # the print stylesheets, in order
    files: tuple[tuple[str, Fetchable], ...]  # fonts and profile
    profile: OutputProfile
    settings: Settings


def division_jobs(inputs: UnitInputs, numbers: Mapping[str, str] | None = None
                  ) -> list[UnitJob]:
    """A job for each division of the text matter, laid out without its folios (folios.py),
    its page references showing the folios in `numbers` (page_references.py). The book's
    title, which the versos' heads show, is set by the half-title in the front unit: here by
    the body."""
    book = inputs.book
    title = css_string(running_head(book.metadata.title))
    sheets = [*inputs.sheets, UNIT_SHEET, without_folios(inputs.sheets),
              f"body {{ string-set: book-title {title}; }}"]
    return [unit_job(inputs, book.chapters[index].id,
                     division_document(book, index, [output_intent()], numbers), (index,),
                     sheets)
            for index in text_divisions(book)]


def folio_jobs(inputs: UnitInputs, pages: int, total: int | None = None) -> list[UnitJob]:
    """The folios of the text's `pages` pages, FOLIO_CHUNK pages to a job (an even number, so
    that each opens on a recto as the page it stands for does); `total`, the book's page count,
    when a folio shows it (folios.shows_page_total)."""
    jobs = []
    shown, emptied = total_sheets(inputs, total), only_folios(inputs.sheets)  # read once
    for first in range(1, pages + 1, FOLIO_CHUNK):
        count = min(FOLIO_CHUNK, pages + 1 - first)
        sheets = [*inputs.sheets, UNIT_SHEET, *shown,
                  *page_counters(":nth(1 of text)", {"page": first, PAGE_TOTAL: total}),
                  FOLIO_SHEET, emptied]
        jobs.append(unit_job(inputs, f"folios {first}-{first + count - 1}",
                             folio_document(inputs.book, [output_intent()], count), (),
                             sheets))
    return jobs


def front_job(inputs: UnitInputs, labels: Mapping[str, str], total: int | None = None,
              numbers: Mapping[str, str] | None = None) -> UnitJob:
    """The preliminary pages and the front matter, the contents giving the text divisions'
    folios in `labels` (by chapter id), its page references those in `numbers`; `total` as
    for folio_jobs."""
    book = inputs.book
    front = tuple(index for index, chapter in enumerate(book.chapters)
                  if chapter.matter == "frontmatter")
    return unit_job(inputs, FRONT, front_document(book, [output_intent()], labels, numbers),
                    front,
                    [*inputs.sheets, UNIT_SHEET, *total_sheets(inputs, total),
                     *page_counters(":nth(1)", {PAGE_TOTAL: total})])


def total_sheets(inputs: UnitInputs, total: int | None) -> list[str]:
    """What shows the book's page count, `total`, where a margin box shows it (WeasyPrint's
    `pages` counts a unit's own pages), once the unit's first page sets PAGE_TOTAL to it."""
    return [] if total is None else [page_total_sheet(inputs.sheets)]


def page_counters(selector: str, counters: Mapping[str, int | None]) -> list[str]:
    """A rule setting each page counter given a value on the pages `selector` names (one rule:
    each would take the other's place). A page counter keeps its value on the pages after."""
    reset = " ".join(f"{name} {value}" for name, value in counters.items() if value is not None)
    return [f"@page {selector} {{ counter-reset: {reset}; }}"] if reset else []


def unit_job(inputs: UnitInputs, name: str, markup: str, chapters: Sequence[int],
             sheets: Sequence[str]) -> UnitJob:
    """The unit's job: its document holds only the output intent, which WeasyPrint reads from
    the document alone; it is laid out with `sheets` (engine.SharedSheets)."""
    book, settings = inputs.book, inputs.settings
    shown = tuple(image for image in book.resources
                  if memory_url(RESOURCE_SCHEME, image.name) in markup)
    return UnitJob(
        name=name, markup=markup, sheets=tuple(sheets), files=inputs.files, images=shown,
        profile=inputs.profile, trim=(settings.trim.width, settings.trim.height),
        chapters=tuple((index, book.chapters[index]) for index in chapters),
        moment=book.metadata.modified,
        description=book_description(book, book.metadata.print_identifier),
        pdf_identifier=file_identifier(book), pdf_variant=settings.pdf_variant)


def first_folios(divisions: Sequence[UnitLayout]) -> list[int]:
    """The folio each division opens on: the text is numbered from 1, blank pages counted."""
    folios, folio = [], 1
    for division in divisions:
        folios.append(folio)
        folio += len(division.pages)
    return folios


def layout_code(folder: Traversable, prefix: str = "") -> Iterator[tuple[str, bytes]]:
    """The layout stage's code and configuration, its subpackages' too, by name in order."""
    for item in sorted(folder.iterdir(), key=lambda entry: entry.name):
        if item.is_dir() and item.name != "__pycache__":
            yield from layout_code(item, f"{prefix}{item.name}/")
        elif item.name.endswith((".py", ".conf")):
            yield prefix + item.name, item.read_bytes()


def css_string(text: str) -> str:
    """`text` as a CSS string literal, safe inside a <style> element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return '"' + escaped.replace("</", "<\\/") + '"'


@lru_cache(maxsize=64)  # the fonts, shared by every unit of a book: hashed once
def data_digest(name: str, data: bytes) -> bytes:
    return hashlib.sha256(name.encode("utf-8") + b"\0" + data).digest()


@cache
def code_version() -> str:
    """This package's layout code and the layout libraries' versions: a new release of any of
    them, or a change to the code, makes every cached layout stale."""
    digest = hashlib.sha256()
    for name, data in layout_code(resources.files("publish.layout")):
        digest.update(name.encode() + b"\0" + data)
    for library in LAYOUT_LIBRARIES:
        digest.update(f"{library}={metadata.version(library)}\0".encode())
    return digest.hexdigest()
