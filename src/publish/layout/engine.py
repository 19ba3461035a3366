"""WeasyPrint, set up once for every PDF this project makes: the interior, the screen edition
and the cover wrap.

Every render loads only from memory (the typefaces, the ICC output profile and the book's
images, through fetcher.MemoryFetcher), and every PDF is written with the book's metadata in its
XMP (xmp), a permanent file identifier derived from the book's, and font timestamps fixed to the
book's date, so the same Book gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources

from weasyprint import CSS, HTML
from weasyprint.css.counters import CounterStyle
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError

from publish.book.glyphs import LANGUAGE_TAG, book_characters, passage_faces
from publish.book.model import Book
from publish.errors import PublishError
from publish.layout.fetcher import (
    FONT_SCHEME,
    PROFILE_SCHEME,
    RESOURCE_SCHEME,
    Fetchable,
    MemoryFetcher,
    memory_url,
)
from publish.layout.xmp import book_description, with_book_xmp
from publish.source.fonts import Face, face_program, generated_characters
from publish.source.metadata import Identifier
from publish.source.styles import Styles

FONT_MEDIA_TYPE = "font/ttf"
PROFILE_URL = memory_url(PROFILE_SCHEME, "output-intent.icc")
PX = 0.75  # points per CSS px, WeasyPrint's layout unit
OWN_FONTS_CONF = "own-fonts.conf"


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


def file_identifier(book: Book, kind: str = "") -> bytes:
    """The PDF's permanent /ID part, from the book's identifier (the other part hashes content)."""
    return hashlib.md5(f"{book.metadata.identifier.urn}{kind}".encode(), usedforsecurity=False
                       ).hexdigest().encode("ascii")


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


def fetchable_files(book: Book, styles: Styles) -> dict[str, Fetchable]:
    """Everything a document may load: the typefaces and profile, the book's images."""
    files = typeface_files(book, styles)
    for resource in book.resources:
        files[memory_url(RESOURCE_SCHEME, resource.name)] = Fetchable(resource.data,
                                                                      resource.media_type)
    return files


def typeface_files(book: Book, styles: Styles) -> dict[str, Fetchable]:
    """The body font's two files, the fallback faces the book needs, and the profile."""
    files = {
        PROFILE_URL: Fetchable(styles.output_profile.data, "application/vnd.iccprofile"),
        body_face_url("roman"): Fetchable(styles.typeface.roman, FONT_MEDIA_TYPE),
        body_face_url("italic"): Fetchable(styles.typeface.italic, FONT_MEDIA_TYPE),
    }
    for face, characters in fallback_faces(book, styles):
        files[fallback_url(face)] = Fetchable(face_program(face, characters), FONT_MEDIA_TYPE)
    return files


def main_faces(book: Book, styles: Styles) -> tuple[tuple[Face, str], ...]:
    """The fallback faces of the book's own chain that the print document needs, each with
    the characters it draws: those of the book and of the stylesheets' generated content that
    the body face lacks."""
    characters = book_characters(book) + generated_characters(styles.book + styles.print)
    return styles.fonts.assign(characters).faces


def fallback_faces(book: Book, styles: Styles) -> tuple[tuple[Face, str], ...]:
    """Every fallback face the print document loads: the book's chain's, then those only its
    passages in another language need (a Japanese passage's Noto Serif CJK JP)."""
    main = main_faces(book, styles)
    extra: dict[Face, str] = {}
    for passage in passage_faces(book, styles.fonts):
        for face, characters in passage.faces:
            if all(face != other for other, _ in main):
                extra[face] = "".join(sorted({*extra.get(face, ""), *characters}))
    return (*main, *extra.items())


def body_face_url(style: str, weight: int | None = None) -> str:
    """The body face's file in a style (roman, italic): the variable font, or its static
    instance at a weight."""
    return memory_url(FONT_SCHEME, style if weight is None else f"{style}-{weight}")


def fallback_url(face: Face) -> str:
    return memory_url(FONT_SCHEME, "fallback/" + face.family.replace(" ", "-"))


def font_faces(styles: Styles, book: Book | None = None, weights: Sequence[int] = ()) -> str:
    """The typeface for every element, then the fallback faces `book` needs, and no other
    family: no system font may be used (the build has checked that the chain covers every
    character, and BookFonts shows the renderer no other font).

    The variable font's weight range is left out of @font-face: WeasyPrint 70 rejects the range
    syntax, and instances the weights it needs from the one file anyway. Given `weights`, the
    body face is instead one static file for each of them in each style (font_cut.py). A
    fallback face has one file: the renderer slants or emboldens it where the text is italic
    or bold.
    """
    family = styles.typeface.family.replace('"', "")
    faces = "".join(
        f'@font-face {{ font-family: "{family}"; font-style: {style}; '
        + (f"font-weight: {weight}; " if weight else "")
        + f'src: url("{body_face_url(name, weight)}"); }}\n'
        for name, style in (("roman", "normal"), ("italic", "italic"))
        for weight in (weights or (None,)))
    if book is None:
        return faces + f'html, code, kbd, pre, samp, tt {{ font-family: "{family}"; }}\n'
    faces += "".join(f'@font-face {{ font-family: "{face.family}"; '
                     f'src: url("{fallback_url(face)}"); }}\n'
                     for face, _ in fallback_faces(book, styles))
    families = ", ".join(f'"{name}"' for name in
                         (family, *(face.family for face, _ in main_faces(book, styles))))
    faces += f"html, code, kbd, pre, samp, tt {{ font-family: {families}; }}\n"
    for passage in passage_faces(book, styles.fonts):
        if LANGUAGE_TAG.fullmatch(passage.lang):
            families = ", ".join(f'"{name}"' for name in
                                 (family, *(face.family for face, _ in passage.faces)))
            faces += f":lang({passage.lang}) {{ font-family: {families}; }}\n"
    return faces


def output_intent() -> str:
    """The CMYK profile that becomes the PDF's OutputIntent (the press the colours are for)."""
    return (f"@color-profile device-cmyk {{ components: cyan, magenta, yellow, black; "
            f'src: url("{PROFILE_URL}"); }}\n')
