"""WeasyPrint, set up once for every PDF this project makes: the interior, the screen edition
and the cover wrap.

Every render loads only from memory (what served.py holds: the typefaces, the ICC output profile
and the book's images, through fetcher.MemoryFetcher), and every PDF is written with the book's
metadata in its XMP (xmp), a permanent file identifier derived from the book's, and font
timestamps fixed to the book's date, so the same Book gives the same bytes. Only the processes
that lay out import this module (WeasyPrint takes half a second to load).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import pydyf
from lxml import etree
from weasyprint import CSS, HTML
from weasyprint.css.counters import CounterStyle
from weasyprint.document import Document
from weasyprint.pdf.metadata import DocumentMetadata
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError

from publish.book.model import Book
from publish.errors import PublishError
from publish.layout.deflate import PYDYF_ZLIB
from publish.layout.fetcher import MemoryFetcher
from publish.layout.margin_boxes import skip_hidden_margin_boxes
from publish.layout.served import Fetchable, fetchable_files
from publish.layout.xmp import book_description, file_identifier
from publish.source.metadata import Identifier
from publish.source.styles import Styles

PX = 0.75  # points per CSS px, WeasyPrint's layout unit
OWN_FONTS_CONF = "own-fonts.conf"
pydyf.zlib = PYDYF_ZLIB  # streams at zlib's default level, the ICC profile once (deflate.py)
skip_hidden_margin_boxes()  # the same pages, a folio document laid out in three quarters the time


class BookFonts(FontConfiguration):  # type: ignore[misc]  # WeasyPrint ships no type hints
    """WeasyPrint's fonts with none of the system's: only the book's @font-face files.

    WeasyPrint's own configuration loads every font fontconfig knows, and Pango takes one of
    them where it prefers it to the families the stylesheet names (a colour emoji font for an
    emoji, say), whatever those families cover. The configuration is read from
    FONTCONFIG_FILE when it is made; ours names no font directory.
    """

    def __init__(self) -> None:
        before = os.environ.get("FONTCONFIG_FILE")
        with resources.as_file(resources.files("publish.layout") / OWN_FONTS_CONF) as path:
            os.environ["FONTCONFIG_FILE"] = str(path)
            try:
                super().__init__()
            finally:
                if before is None:
                    del os.environ["FONTCONFIG_FILE"]
                else:
                    os.environ["FONTCONFIG_FILE"] = before


def render_html(markup: str, book: Book, styles: Styles) -> Document:
    """Lay an HTML document out, loading nothing but the book's own files from memory, with
    the book's own fonts only."""
    return render_from_memory(markup, fetchable_files(book, styles))


def render_from_memory(markup: str, files: Mapping[str, Fetchable],
                       sheets: Sequence[str] = ()) -> Document:
    """Lay an HTML document out that may load these files and no other, with their fonts only;
    `sheets` are stylesheets after the document's own, parsed once in this process for the
    same files (shared_sheets)."""
    try:
        if not sheets:
            document: Document = HTML(string=markup, url_fetcher=MemoryFetcher(files)).render(
                font_config=BookFonts())
        else:
            shared = shared_sheets(files)
            document = HTML(string=markup, url_fetcher=shared.fetcher).render(
                font_config=shared.fonts, counter_style=shared.counter_styles,
                stylesheets=shared.parsed(sheets))
    except FatalURLFetchingError as error:
        raise PublishError(f"print edition: {error.__cause__ or error}") from None
    return document


@dataclass
class SharedSheets:
    """Stylesheets parsed in this process for one set of files, with the fonts and counter
    styles they declare: the units of a book share them, and parsing them and loading their
    fonts again for each was a tenth of a unit's layout.

    WeasyPrint takes them as user stylesheets, which come after the document's own (author)
    ones in the cascade: a unit's document holds only its output intent (the @color-profile
    WeasyPrint reads from the document alone), and every rule it is laid out with is here, in
    the order the whole book's document has them, so each wins where it did there."""

    files: Mapping[str, Fetchable]
    fonts: BookFonts = field(default_factory=BookFonts)
    counter_styles: CounterStyle = field(default_factory=CounterStyle)
    sheets: dict[str, CSS] = field(default_factory=dict)

    @property
    def fetcher(self) -> MemoryFetcher:
        return MemoryFetcher(self.files)

    def parsed(self, sheets: Sequence[str]) -> list[CSS]:
        for sheet in sheets:
            if sheet not in self.sheets:
                self.sheets[sheet] = CSS(string=sheet, url_fetcher=self.fetcher,
                                         font_config=self.fonts,
                                         counter_style=self.counter_styles)
        return [self.sheets[sheet] for sheet in sheets]


@functools.lru_cache(maxsize=1)  # the last book's: a worker lays out one book at a time
def shared_sheets_of(files: tuple[tuple[str, Fetchable], ...]) -> SharedSheets:
    return SharedSheets(dict(files))


def shared_sheets(files: Mapping[str, Fetchable]) -> SharedSheets:
    return shared_sheets_of(tuple(sorted(files.items())))


def pdf_bytes(document: Document, book: Book, identifier: Identifier, pdf_variant: str,
              kind: str = "") -> bytes:
    """The document as a PDF whose XMP names `identifier` (the edition's own). Its /ID's
    permanent part comes from the book's identifier, and `kind` for a file that is not the
    book's interior (the cover: "#cover"), so no two files of one book share it."""
    return written_pdf(document, book_description(book, identifier),
                       file_identifier(book, kind), pdf_variant)


def written_pdf(document: Document, description: bytes, pdf_identifier: bytes,
                pdf_variant: str) -> bytes:
    """The document as a PDF, its XMP holding the book's `description` (xmp.py)."""
    pdf: bytes = with_book_xmp(document, description).write_pdf(
        pdf_identifier=pdf_identifier, pdf_variant=pdf_variant)
    return pdf


@contextmanager
def fixed_font_timestamps(moment: dt.datetime) -> Iterator[None]:
    """Make the embedded fonts' timestamps the book's, not the clock's.

    WeasyPrint subsets and instances the typeface with fontTools, which stamps each font's
    head.modified with the current time unless SOURCE_DATE_EPOCH is set (the reproducible-
    builds convention). So it is set for the render, and put back as it was afterwards. It
    counts seconds from 1970 and cannot be negative: a book dated earlier (Alice, 1865) stamps
    its fonts 1970-01-01, or fontTools cannot write them and WeasyPrint embeds the whole
    variable font instead of the weights drawn.
    """
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(max(0, int(moment.timestamp())))
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def with_book_xmp(document: Document, description: bytes) -> Document:
    """The document (a copy: the same pages) whose PDF's XMP holds the book's description
    (book_description: what the book's metadata says)."""
    copy: Document = document.copy()
    copy.metadata = BookMetadata(document.metadata, description)
    return copy


class BookMetadata(DocumentMetadata):  # type: ignore[misc]  # WeasyPrint ships no types
    """WeasyPrint's metadata for the document, and the book's description in its XMP."""

    def __init__(self, base: DocumentMetadata, description: bytes) -> None:
        super().__init__()
        self.__dict__.update(vars(base))  # every field WeasyPrint read from the HTML
        self.book_description = description

    def generate_rdf_metadata(self, *args: Any, **kwargs: Any) -> bytes:
        rdf = etree.fromstring(super().generate_rdf_metadata(*args, **kwargs))
        rdf.append(etree.fromstring(self.book_description))
        return bytes(etree.tostring(rdf, encoding="utf-8"))
