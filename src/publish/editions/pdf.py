"""The print edition: a book interior PDF a print shop can take, typeset by WeasyPrint.

One HTML document (pdf_html) styled by the shared book.css and the paged print.css, with the
typeface, images and ICC output profile served from memory (pdf_fetch). The page count is made
even, because a printed book has two sides to every leaf. Dates and the file identifier come
from the Book, so the same Book gives the same bytes.

PDF/X: WeasyPrint's pdf/x-1a variant writes the identification of PDF/X-1a:2003 (PDF 1.4);
PDF/X-1a:2001 would need PDF 1.3, which WeasyPrint does not write. We keep the 2003 name,
which is true of the file: X-1a:2003 has the same content rules as X-1a:2001 (CMYK/gray only,
no transparency, fonts embedded, an output intent), and the services that name 2001
(IngramSpark) take it, as their older guide says ("PDF/X 2001 or 2003"). The variant only writes
metadata; the content conforms because print.css names every colour in device-cmyk and uses
no transparency, links or bookmarks, and `publish check` verifies that on the built file.

The inside margin must grow with the page count (KDP's table, settings.minimum_gutter). The
default stylesheet's gutter (0.875in) already meets the whole table, so one layout is the rule;
a second runs only when a publisher's narrower gutter is under the row the page count lands in
(and a third if the wider gutter pushes the count into the next row).
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
from publish.editions.pdf_boxes import with_bleed_edges
from publish.editions.pdf_fetch import (
    FONT_SCHEME,
    PROFILE_SCHEME,
    RESOURCE_SCHEME,
    Fetchable,
    MemoryFetcher,
    memory_url,
)
from publish.editions.pdf_html import print_document
from publish.editions.pdf_pages import print_layout
from publish.editions.pdf_xmp import with_book_xmp
from publish.errors import PublishError
from publish.layout import Typeset
from publish.settings import Settings, minimum_gutter
from publish.styles import Styles

FONT_MEDIA_TYPE = "font/ttf"
PROFILE_URL = memory_url(PROFILE_SCHEME, "output-intent.icc")
PX = 0.75  # points per CSS px, WeasyPrint's layout unit
LAYOUT_PASSES = 3  # a wider gutter can add pages, and so cross into the next row once more


def render(book: Book, styles: Styles, settings: Settings, typeset: Typeset | None = None
           ) -> bytes:
    """The interior's bytes: from the build's typeset book, or typeset here."""
    return (typeset or typeset_book(book, styles, settings)).pdf


def typeset_book(book: Book, styles: Styles, settings: Settings) -> Typeset:
    """Lay the book out for print, once: the PDF, and the page map the other editions use."""
    with fixed_font_timestamps(book.metadata.modified):
        document = laid_out(book, styles, settings, gutter=None)
        for _ in range(LAYOUT_PASSES - 1):
            needed = minimum_gutter(len(document.pages))
            if inside_margin(document) >= needed - 0.01:
                break
            document = laid_out(book, styles, settings, gutter=needed)
        pdf: bytes = with_book_xmp(document, book, book.metadata.print_identifier).write_pdf(
            pdf_identifier=file_identifier(book), pdf_variant=settings.pdf_variant)
    return Typeset(with_bleed_edges(pdf, settings), print_layout(document, book))


def laid_out(book: Book, styles: Styles, settings: Settings, gutter: float | None, *,
             screen_sheet: str | None = None) -> Document:
    """One layout of the book, its page count made even; `gutter` overrides the inside margin.

    `screen_sheet` makes the screen edition's layout (pdf_digital): links kept, and that
    stylesheet after the print one; its page count is left as it is.
    """
    fetcher = MemoryFetcher(fetchable_files(book, styles))
    stylesheets = [font_faces(styles), output_intent(), page_geometry(settings), styles.book,
                   styles.print]
    if gutter is not None:
        stylesheets.append(wider_gutter(gutter))
    if screen_sheet is not None:
        stylesheets.append(screen_sheet)
    html = HTML(string=print_document(book, stylesheets, linked=screen_sheet is not None),
                url_fetcher=fetcher)
    try:
        document = html.render()
    except FatalURLFetchingError as error:
        raise PublishError(f"print edition: {error.__cause__ or error}") from None
    return document if screen_sheet is not None else with_even_page_count(document)


def output_intent() -> str:
    """The CMYK profile that becomes the PDF's OutputIntent (the press the colours are for)."""
    return (f"@color-profile device-cmyk {{ components: cyan, magenta, yellow, black; "
            f'src: url("{PROFILE_URL}"); }}\n')


def inside_margin(document: Document) -> float:
    """The narrowest inside margin of any page, in points: left on rectos, right on versos."""
    narrowest: float = min(
        (box.margin_left if box.page_type.side == "right" else box.margin_right) * PX
        for box in (page._page_box for page in document.pages))
    return narrowest


def wider_gutter(points: float) -> str:
    """Inside margins of at least `points` (the book got long enough to need them)."""
    return (f"@page :right {{ margin-left: {points:.2f}pt !important; }}\n"
            f"@page :left {{ margin-right: {points:.2f}pt !important; }}\n")


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
    """Everything the document may load: the two font files, the profile, the book's images."""
    files = {
        PROFILE_URL: Fetchable(styles.output_profile.data, "application/vnd.iccprofile"),
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


def page_geometry(settings: Settings) -> str:
    """The trim is the page (the TrimBox); bleed, when asked for, grows the sheet around it.

    WeasyPrint writes TrimBox and BleedBox on every page: without bleed, MediaBox = BleedBox =
    TrimBox; with it, MediaBox = BleedBox = the trim plus the bleed on every side.
    """
    return f"@page {{ size: {settings.trim.css}; bleed: {settings.bleed_size:.2f}pt; }}\n"


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
