"""The editions: each is a pure function from the Book to the bytes of one file.

A renderer reads only its arguments (no files, no network); build.py writes what it returns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from publish.book import Book
from publish.editions import epub, pdf, text
from publish.settings import Settings
from publish.styles import Styles

Renderer = Callable[[Book, Styles, Settings], bytes]


@dataclass(frozen=True)
class Edition:
    name: str  # as the command line names it
    suffix: str  # the output file's ending: build/<slug><suffix>
    description: str
    render: Renderer


EDITIONS = {
    edition.name: edition
    for edition in (
        Edition("epub", ".epub", "EPUB 3 for e-readers", epub.render),
        Edition("pdf", ".pdf", "print-ready PDF interior", pdf.render),
        Edition("txt", ".txt", "plain text, UTF-8, 72 columns", text.render),
    )
}
