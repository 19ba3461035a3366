"""The plain-text edition in UTF-8 (document.py says how it is set)."""

from __future__ import annotations

from publish.book.model import Book
from publish.editions.text.document import UTF8, book_text, with_page_markers
from publish.kept import Keep, made
from publish.layout.printed import Typeset
from publish.settings import Settings
from publish.source.styles import Styles


def render(book: Book, styles: Styles, settings: Settings, layout: Typeset | None,
           keep: Keep = made) -> bytes:
    """The whole book as UTF-8 plain text: header, contents, chapters, colophon."""
    return book_text(with_page_markers(book, settings, layout), UTF8, keep).encode("utf-8")

