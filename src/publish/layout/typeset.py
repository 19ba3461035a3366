"""typeset_book(): the print interior laid out once, as a PDF a print shop can take and the
page map the other editions use.

One HTML document (html) styled by the shared book.css and the paged print.css, rendered by
WeasyPrint with the book's own files only (engine). The page count is made even, because a
printed book has two sides to every leaf. Dates and the file identifier come from the Book, so
the same Book gives the same bytes.

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

from weasyprint.document import Document, Page

from publish.book.model import Book
from publish.layout.bleed import with_bleed_edges
from publish.layout.engine import (
    PX,
    fixed_font_timestamps,
    font_faces,
    output_intent,
    pdf_bytes,
    render_html,
)
from publish.layout.figure_fit import figures_to_fit
from publish.layout.html import print_document
from publish.layout.page_map import page_map
from publish.layout.print_colours import print_colours
from publish.layout.print_images import with_print_images
from publish.layout.printed import Typeset
from publish.settings import Settings, minimum_gutter
from publish.source.styles import Styles

FIT_PASSES = 3  # layouts after the first that fit figures, at most
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


def typeset_book(book: Book, styles: Styles, settings: Settings) -> Typeset:
    """Lay the book out for print, once: the PDF, and the page map the other editions use."""
    book = with_print_images(book, styles.output_profile,  # CMYK, opaque: PDF/X-1a's
                             (settings.trim.width, settings.trim.height))
    with fixed_font_timestamps(book.metadata.modified):
        document = with_even_page_count(document_layout(book, styles, settings))
        for _ in range(LAYOUT_PASSES - 1):
            needed = minimum_gutter(len(document.pages))
            if inside_margin(document) >= needed - 0.01:
                break
            document = with_even_page_count(document_layout(book, styles, settings,
                                                            gutter=needed))
        pdf = pdf_bytes(document, book, book.metadata.print_identifier, settings.pdf_variant)
    rtl = book.metadata.dir == "rtl"
    return Typeset(with_bleed_edges(pdf, settings, rtl), page_map(document, book))


def document_layout(book: Book, styles: Styles, settings: Settings, *,
                    gutter: float | None = None, screen_sheet: str | None = None) -> Document:
    """The layout of the print document, as WeasyPrint makes it, with every figure that would
    leave its page's foot empty made to fit there (figure_fit); `gutter` overrides the inside
    margin.

    `screen_sheet` makes the screen edition's layout (editions/pdf_digital.py) of the same
    document: links kept, and that stylesheet after the print one.
    """
    sheets = [styles.book, styles.print]
    if screen_sheet is None:  # print: every colour in the press's inks
        sheets = [print_colours(sheet, styles.output_profile) for sheet in sheets]
    stylesheets = [font_faces(styles, book), output_intent(), page_geometry(settings), *sheets]
    if book.metadata.dir == "rtl":
        stylesheets.append(RIGHT_TO_LEFT)
    if gutter is not None:
        stylesheets.append(wider_gutter(gutter))
    if screen_sheet is not None:
        stylesheets.append(screen_sheet)
    fitted: dict[str, float] = {}
    document = render_html(print_document(book, stylesheets, linked=screen_sheet is not None),
                           book, styles)
    for _ in range(FIT_PASSES):  # a fitted figure moves the pages after it: look again
        more = figures_to_fit(document)
        if not more.keys() - fitted.keys():
            break
        fitted |= more
        document = render_html(print_document(book, stylesheets, linked=screen_sheet is not None,
                                              fitted=fitted), book, styles)
    return document


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
