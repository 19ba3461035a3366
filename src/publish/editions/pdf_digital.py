"""The screen edition: the print book's layout as a tagged PDF/UA-1 file with links and bookmarks.

The same HTML document as the print interior (pdf_html, asked for `linked`) at the same trim,
so the two editions cannot drift apart. What differs is what a screen reader and a PDF viewer
need, which a print shop forbids: WeasyPrint's pdf/ua-1 variant tags the content (a structure
tree, /MarkInfo /Marked true; /Lang comes from <html lang>, the displayed title from <title>),
the contents entries, the book's own links and the note calls are link annotations, and
chapter and section headings become the PDF outline. No bleed, and no blank page added to make
the count even (a screen has no leaves). Fonts, dates and the file identifier are fixed as in
the print edition, so the same Book gives the same bytes. Its XMP (pdf_xmp) names its own
identifier (`edition: digital` in the metadata), else the book's.
"""

from __future__ import annotations

import dataclasses

from publish.book import Book
from publish.editions.pdf import file_identifier, fixed_font_timestamps, laid_out
from publish.editions.pdf_xmp import with_book_xmp
from publish.layout import Typeset
from publish.settings import Settings
from publish.styles import Styles

PDF_VARIANT = "pdf/ua-1"  # PDF 1.7, tagged; WeasyPrint writes the PDF/UA identification
# print.css turns bookmarks off (a print file holds none); here chapter titles are the outline's
# first level and their sections the second.
SCREEN_SHEET = """
.chapter > h1, .contents > h1 { bookmark-level: 1; }
.chapter > h2 { bookmark-level: 2; }
a[href] { text-decoration: none; }
"""


def render(book: Book, styles: Styles, settings: Settings, typeset: Typeset | None = None
           ) -> bytes:
    del typeset  # the screen edition has its own layout (links kept, no page added)
    screen = dataclasses.replace(settings, bleed=False)
    with fixed_font_timestamps(book.metadata.modified):
        document = laid_out(book, styles, screen, gutter=None, screen_sheet=SCREEN_SHEET)
        own = book.metadata.edition_identifier("digital")  # its own ISBN, else the book's
        pdf: bytes = with_book_xmp(document, book, own).write_pdf(
            pdf_identifier=file_identifier(book), pdf_variant=PDF_VARIANT)
    return pdf
