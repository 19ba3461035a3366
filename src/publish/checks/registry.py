"""`publish check`: every report on what build/ holds, from one registry of checks.

Each check reads the built files back independently of the code that made them and returns a
Report of Findings, each with a stable code from the catalogue (catalogue.py). A file a check
needs that is not built is a clear error or a failed finding, never an empty report; a check
of an optional file (the cover) is left out when it is not built. The checks are made against
the settings the files were built with, as build/manifest.json records them, unless the
command line says otherwise.

A new check is a function from Built to a Report (or None, when it has nothing to look at)
and one entry in CHECKS, its findings' codes in the catalogue.
"""

from __future__ import annotations

from collections.abc import Callable

from publish.book.make import make_book
from publish.checks.built import Built
from publish.checks.claim import check_claim
from publish.checks.page_numbers import check_page_numbers
from publish.checks.parity import check_parity
from publish.checks.preflight import preflight_interior
from publish.checks.preflight_artwork import Artwork
from publish.checks.preflight_cover import Barcode, preflight_cover
from publish.checks.report import Report
from publish.checks.stores import check_apple, check_kobo, check_store_cover
from publish.cover.barcode import print_isbn
from publish.manifest import recorded_settings
from publish.project import Project
from publish.settings import Options, book_settings
from publish.source.manuscript import read_manuscript
from publish.source.price import addon_digits

Check = Callable[[Built], Report | None]


def check_interior(built: Built) -> Report:
    return preflight_interior(built.read("pdf"), built.settings,
                              f"Preflight: {built.shown('pdf')}",
                              rtl=built.book.metadata.dir == "rtl", pages=built.pdf_pages)


def check_cover(built: Built) -> Report | None:
    """The wrap against the page count of the interior beside it in build/, and against the
    barcode the book's print ISBN and price call for."""
    if not built.has("cover"):
        return None
    page_count = len(built.pdf_pages)
    metadata = built.book.metadata
    isbn = print_isbn(metadata)
    return preflight_cover(built.read("cover"), page_count, built.settings,
                           f"Preflight: {built.shown('cover')}", rtl=metadata.dir == "rtl",
                           barcode=None if isbn is None else Barcode(isbn, addon_digits(
                               metadata.price)),
                           artwork=Artwork(built.book.cover, built.book.print_cover,
                                           metadata.print_cover or ""))


CHECKS: tuple[Check, ...] = (check_interior, check_cover, check_parity, check_page_numbers,
                             check_claim, check_kobo, check_apple, check_store_cover)


def check_project(project: Project, options: Options) -> list[Report]:
    """Every check of CHECKS on the project's built files, in order: the print files'
    preflights, parity (the editions say what the manuscript says) and the page numbers (the
    EPUB's and the text's are the print PDF's), then each store's rules on its edition."""
    book = make_book(read_manuscript(project))
    settings = options.applied_to(recorded_settings(project) or book_settings(book.metadata.trim))
    built = Built(project, book, settings)
    return [report for check in CHECKS if (report := check(built)) is not None]
