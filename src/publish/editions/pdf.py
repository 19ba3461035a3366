"""The print interior: the PDF the print layout typeset, as it is (layout/typeset.py says how
it is made: PDF/X, fonts, even page count, KDP's gutter, bleed)."""

from __future__ import annotations

from publish.book.model import Book
from publish.editions import required
from publish.kept import Keep, made
from publish.layout.printed import Typeset
from publish.settings import Settings
from publish.source.styles import Styles


def render(book: Book, styles: Styles, settings: Settings, layout: Typeset | None,
           keep: Keep = made) -> bytes:
    return required(layout).pdf
