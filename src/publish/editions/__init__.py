"""The fourth stage: the editions, each a pure function from the Book to the bytes of one file.

A renderer reads only its arguments (no files, no network); build.py writes what it returns.
Some editions use the print layout (the cover its page count, the EPUB its page numbers):
the build lays the book out once (layout/) and passes that Typeset to every renderer; an
edition that declares it needs the layout always gets it, the others get None.

A new edition is one module here with a render() and one entry in EDITIONS; one that can make
a costly part of itself before the layout is done (the EPUB's faces) has a prepare() too.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Literal, cast

from publish.book.ids import slugify
from publish.book.model import Book
from publish.captured import captured_warnings
from publish.kept import Keep, made
from publish.layout.printed import BodyCut, Typeset
from publish.project import Project
from publish.settings import Settings
from publish.source.styles import Styles

# The book, its styles and settings, the print layout (for an edition that needs it), and where
# the edition may keep what it derives at some cost (kept.py).
Renderer = Callable[[Book, Styles, Settings, Typeset | None, Keep], bytes]
Preparer = Callable[[Book, Styles, BodyCut, Keep], None]


@dataclass(frozen=True)
class Edition:
    name: str  # as the command line names it
    suffix: str  # the output file's ending: build/<slug><suffix>
    description: str
    module: str  # the module in publish.editions whose render() makes it
    default: bool = True  # built by `publish build` when no edition is named
    # Whether it needs the print layout: always, never, or when page markers are asked for.
    uses_print_layout: Literal["always", "never", "page markers"] = "never"
    # Whether it is the assembled print PDF, which only the build's own process holds (the
    # units' pages); the others may be rendered by a worker (build.py).
    uses_print_pdf: bool = False
    # Whether its module has a prepare(book, styles, body_cut, keep), which makes, while the
    # book is laid out, what its render() will then find kept (build.py).
    prepares: bool = False

    def needs_layout(self, settings: Settings) -> bool:
        return self.uses_print_layout == "always" or (
            self.uses_print_layout == "page markers" and settings.page_markers)

    def output_path(self, project: Project, title: str) -> Path:
        """Where the edition of the book with this title is built: build/<slug><suffix>."""
        return project.build / f"{slugify(title)}{self.suffix}"

    @property
    def render(self) -> Renderer:
        """The renderer, imported on first use: WeasyPrint alone takes half a second to import,
        which a text-only build (or a build that stops at a manuscript error) need not pay."""
        return cast(Renderer, self.module_loaded().render)

    @property
    def prepare(self) -> Preparer:
        return cast(Preparer, self.module_loaded().prepare)

    def module_loaded(self) -> ModuleType:
        return importlib.import_module(f"publish.editions.{self.module}")


EDITIONS = {
    edition.name: edition
    for edition in (
        Edition("epub", ".epub", "EPUB 3 for e-readers", "epub", uses_print_layout="always",
                prepares=True),
        Edition("pdf", ".pdf", "print-ready PDF interior", "pdf", uses_print_layout="always",
                uses_print_pdf=True),
        Edition("cover", "-cover.pdf", "print cover wrap (back, spine, front)", "cover_wrap",
                uses_print_layout="always"),
        Edition("pdf-digital", "-digital.pdf", "tagged PDF for screens (PDF/UA-1)", "pdf_digital",
                default=False),
        Edition("txt", ".txt", "plain text, UTF-8, 72 columns", "text.utf8",
                uses_print_layout="page markers"),
        Edition("txt-ascii", "-ascii.txt", "plain text transliterated to ASCII, 72 columns",
                "text.ascii", default=False, uses_print_layout="page markers"),
        Edition("kepub", ".kepub.epub", "EPUB for Kobo's reading engine (kepub)", "epub.kepub",
                default=False, uses_print_layout="always"),
        Edition("store-cover", "-store-cover.jpg",
                "cover image for the stores (JPEG, 1,600 x 2,560 px)", "store_cover",
                default=False),
        Edition("onix", ".onix.xml",
                "ONIX for Books 3.1 record: a product for each edition with its own ISBN",
                "onix", default=False, uses_print_layout="always"),
    )
}
DEFAULT_EDITIONS = tuple(name for name, edition in EDITIONS.items() if edition.default)


@dataclass(frozen=True)
class Rendered:
    """An edition's bytes, and what the layout engine warned of while it made them."""

    data: bytes
    warnings: tuple[str, ...]


def rendered(name: str, book: Book, styles: Styles, settings: Settings,
             layout: Typeset | None, keep: Keep = made) -> Rendered:
    """The named edition rendered: a plain job, which a worker process can run and send back,
    its warnings with it."""
    with captured_warnings() as warnings:
        data = EDITIONS[name].render(book, styles, settings, layout, keep)
    return Rendered(data, tuple(warnings))


def prepared(name: str, book: Book, styles: Styles, body_cut: BodyCut, keep: Keep) -> None:
    """The named edition's prepare(), as a plain job: a worker imports the edition's module,
    not the build's own process."""
    EDITIONS[name].prepare(book, styles, body_cut, keep)


def required(layout: Typeset | None) -> Typeset:
    """The print layout an edition declared it needs, which the build always passes it."""
    if layout is None:
        raise TypeError("this edition needs the print layout: lay the book out first "
                        "(layout.typeset.typeset_book) and pass it")
    return layout
