"""The editions: each is a pure function from the Book to the bytes of one file.

A renderer reads only its arguments (no files, no network); build.py writes what it returns.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from publish.book import Book
from publish.settings import Settings
from publish.styles import Styles

Renderer = Callable[[Book, Styles, Settings], bytes]


@dataclass(frozen=True)
class Edition:
    name: str  # as the command line names it
    suffix: str  # the output file's ending: build/<slug><suffix>
    description: str
    module: str  # the module in publish.editions whose render() makes it
    default: bool = True  # built by `publish build` when no edition is named

    @property
    def render(self) -> Renderer:
        """The renderer, imported on first use: WeasyPrint alone takes half a second to import,
        which a text-only build (or a build that stops at a manuscript error) need not pay."""
        module = importlib.import_module(f"publish.editions.{self.module}")
        return cast(Renderer, module.render)


EDITIONS = {
    edition.name: edition
    for edition in (
        Edition("epub", ".epub", "EPUB 3 for e-readers", "epub"),
        Edition("pdf", ".pdf", "print-ready PDF interior", "pdf"),
        Edition("pdf-digital", "-digital.pdf", "tagged PDF for screens (PDF/UA-1)", "pdf_digital",
                default=False),
        Edition("txt", ".txt", "plain text, UTF-8, 72 columns", "text"),
        Edition("txt-ascii", "-ascii.txt", "plain text transliterated to ASCII, 72 columns",
                "text_ascii", default=False),
    )
}
DEFAULT_EDITIONS = tuple(name for name, edition in EDITIONS.items() if edition.default)
