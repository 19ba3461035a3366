"""The print edition: a book interior PDF a print shop can take, typeset by WeasyPrint.

One HTML document (pdf_html) styled by the shared book.css and the paged print.css, with the
typeface and images served from memory (pdf_fetch). The page count is made even, because a
printed book has two sides to every leaf. Dates and the file identifier come from the Book,
so the same Book gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager

from weasyprint import HTML
from weasyprint.document import Document, Page
from weasyprint.urls import FatalURLFetchingError

from publish.book import Book
from publish.editions.pdf_fetch import (
    FONT_SCHEME,
    RESOURCE_SCHEME,
    Fetchable,
    MemoryFetcher,
    memory_url,
)
from publish.editions.pdf_html import print_document
from publish.errors import PublishError
from publish.settings import Settings, Trim
from publish.styles import Styles

FONT_MEDIA_TYPE = "font/ttf"


def render(book: Book, styles: Styles, settings: Settings) -> bytes:
    fetcher = MemoryFetcher(fetchable_files(book, styles))
    stylesheets = [font_faces(styles), page_size(settings.trim), styles.book, styles.print]
    html = HTML(string=print_document(book, stylesheets), url_fetcher=fetcher)
    with fixed_font_timestamps(book.metadata.modified):
        try:
            document = html.render()
        except FatalURLFetchingError as error:
            raise PublishError(f"print edition: {error.__cause__ or error}") from None
        document = with_even_page_count(document)
        pdf: bytes = document.write_pdf(pdf_identifier=file_identifier(book))
    return pdf


@contextmanager
def fixed_font_timestamps(moment: dt.datetime) -> Iterator[None]:
    """Make the embedded fonts' timestamps the book's, not the clock's.

    WeasyPrint subsets and instances the typeface with fontTools, which stamps each font's
    head.modified with the current time unless SOURCE_DATE_EPOCH is set (the reproducible-
    builds convention). So it is set for the render, and put back as it was afterwards.
    """
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(moment.timestamp()))
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def fetchable_files(book: Book, styles: Styles) -> dict[str, Fetchable]:
    """Everything the document may load: the two font files and the book's images."""
    files = {
        memory_url(FONT_SCHEME, "roman"): Fetchable(styles.typeface.roman, FONT_MEDIA_TYPE),
        memory_url(FONT_SCHEME, "italic"): Fetchable(styles.typeface.italic, FONT_MEDIA_TYPE),
    }
    for resource in book.resources:
        files[memory_url(RESOURCE_SCHEME, resource.name)] = Fetchable(resource.data,
                                                                      resource.media_type)
    return files


def font_faces(styles: Styles) -> str:
    """The typeface for every element, with no fallback family: no system font may be used.

    The variable font's weight range is left out of @font-face: WeasyPrint 70 rejects the range
    syntax, and instances the weights it needs from the one file anyway.
    """
    family = styles.typeface.family.replace('"', "")
    faces = "".join(
        f'@font-face {{ font-family: "{family}"; font-style: {style}; '
        f'src: url("{memory_url(FONT_SCHEME, name)}"); }}\n'
        for name, style in (("roman", "normal"), ("italic", "italic")))
    return faces + f'html, code, kbd, pre, samp, tt {{ font-family: "{family}"; }}\n'


def page_size(trim: Trim) -> str:
    """The trim is the page: no bleed, so MediaBox = TrimBox = the finished page."""
    return f"@page {{ size: {trim.css}; }}\n"


def with_even_page_count(document: Document) -> Document:
    """Add a blank last page if the count is odd: every leaf has two sides.

    The added page repeats one of the document's own blank pages (the half-title's verso is
    always one), which saves a second layout run.
    """
    pages = list(document.pages)
    if len(pages) % 2 == 0:
        return document
    blank = next((page for page in pages if is_blank(page)), None)
    if blank is None:
        raise AssertionError("the print layout has no blank page to repeat")
    return document.copy([*pages, blank])


def is_blank(page: Page) -> bool:
    """A page WeasyPrint inserted to make the next one a recto (it has no content at all)."""
    return bool(page._page_box.page_type.blank)


def file_identifier(book: Book) -> bytes:
    """The PDF's permanent /ID part, from the book's identifier (the other part hashes content)."""
    return hashlib.md5(book.metadata.identifier.urn.encode("utf-8"), usedforsecurity=False
                       ).hexdigest().encode("ascii")
