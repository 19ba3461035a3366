"""The screen edition: the print book's layout as a tagged PDF/UA-1 file with links and bookmarks.

The same HTML document as the print interior (layout/html.py, asked for `linked`) at the same
trim, so the two editions cannot drift apart. What differs is what a screen reader and a PDF viewer
need, which a print shop forbids: WeasyPrint's pdf/ua-1 variant tags the content (a structure
tree, /MarkInfo /Marked true; /Lang comes from <html lang>, the displayed title from <title>),
the contents entries, the book's own links and the note calls are link annotations, and
chapter and section headings become the PDF outline. No bleed, and no blank page added to make
the count even (a screen has no leaves). Fonts, dates and the file identifier are fixed as in
the print edition, so the same Book gives the same bytes. Its XMP names its own identifier
(`edition: digital` in the metadata), else the book's. It is laid out here, apart from the
build's print layout: its links and bookmarks are made in the layout, and it has no bleed.
"""

from __future__ import annotations

import dataclasses

from publish.book.model import Book
from publish.kept import Keep, made
from publish.layout.engine import fixed_font_timestamps, pdf_bytes
from publish.layout.printed import Typeset
from publish.layout.typeset import document_layout
from publish.settings import Settings
from publish.source.styles import Styles

PDF_VARIANT = "pdf/ua-1"  # PDF 1.7, tagged; WeasyPrint writes the PDF/UA identification
# print.css turns bookmarks off (a print file holds none); here chapter titles are the outline's
# first level and their sections the second.
SCREEN_SHEET = """
.chapter > h1, .contents > h1 { bookmark-level: 1; }
.chapter > h2 { bookmark-level: 2; }
a[href] { text-decoration: none; }
"""


def render(book: Book, styles: Styles, settings: Settings, layout: Typeset | None,
           keep: Keep = made) -> bytes:
    screen = dataclasses.replace(settings, bleed=False)
    with fixed_font_timestamps(book.metadata.modified):
        document = document_layout(book, styles, screen, screen_sheet=SCREEN_SHEET)
        own = book.metadata.edition_identifier("digital")  # its own ISBN, else the book's
        return pdf_bytes(document, book, own, PDF_VARIANT)
