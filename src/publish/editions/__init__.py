"""The editions: each is a pure function from the Book to the bytes of one file.

A renderer reads only its arguments (no files, no network); build.py writes what it returns.
Some editions use the print layout (the cover its page count, the EPUB its page numbers): the
build typesets the print interior once and hands the same Typeset to each of them. A renderer
called without one typesets the book itself, so each stays a function of the Book alone.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, cast

from publish.book import Book
from publish.layout import Typeset
from publish.settings import Settings
from publish.styles import Styles

Renderer = Callable[[Book, Styles, Settings, Typeset | None], bytes]


@dataclass(frozen=True)
class Edition:
    name: str  # as the command line names it
    suffix: str  # the output file's ending: build/<slug><suffix>
    description: str
    module: str  # the module in publish.editions whose render() makes it
    default: bool = True  # built by `publish build` when no edition is named
    # Whether it needs the print layout: always, never, or when page markers are asked for.
    uses_print_layout: Literal["always", "never", "page markers"] = "never"

    def needs_typeset(self, settings: Settings) -> bool:
        return self.uses_print_layout == "always" or (
            self.uses_print_layout == "page markers" and settings.page_markers)

    @property
    def render(self) -> Renderer:
        """The renderer, imported on first use: WeasyPrint alone takes half a second to import,
        which a text-only build (or a build that stops at a manuscript error) need not pay."""
        module = importlib.import_module(f"publish.editions.{self.module}")
        return cast(Renderer, module.render)


EDITIONS = {
    edition.name: edition
    for edition in (
        Edition("epub", ".epub", "EPUB 3 for e-readers", "epub", uses_print_layout="always"),
        Edition("pdf", ".pdf", "print-ready PDF interior", "pdf", uses_print_layout="always"),
        Edition("cover", "-cover.pdf", "print cover wrap (back, spine, front)", "cover_pdf",
                uses_print_layout="always"),
        Edition("pdf-digital", "-digital.pdf", "tagged PDF for screens (PDF/UA-1)", "pdf_digital",
                default=False),
        Edition("txt", ".txt", "plain text, UTF-8, 72 columns", "text",
                uses_print_layout="page markers"),
        Edition("txt-ascii", "-ascii.txt", "plain text transliterated to ASCII, 72 columns",
                "text_ascii", default=False, uses_print_layout="page markers"),
    )
}
DEFAULT_EDITIONS = tuple(name for name, edition in EDITIONS.items() if edition.default)


def typeset(book: Book, styles: Styles, settings: Settings) -> Typeset:
    """The print interior, laid out once for every edition of this build that needs it."""
    from publish.editions.pdf import typeset_book  # WeasyPrint: imported only when needed

    return typeset_book(book, styles, settings)
