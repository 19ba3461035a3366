"""What a render of the book may load, held in memory under URLs of its own, and the CSS that
names it: the typefaces (the body face and the fallback faces the text needs), the ICC output
profile and the book's images. WeasyPrint reaches them only through fetcher.MemoryFetcher;
the build's own process makes them without loading WeasyPrint, which only its workers need.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass

from publish.book.glyphs import LANGUAGE_TAG, book_characters, passage_faces
from publish.book.model import Book
from publish.source.fonts import Face, face_program, generated_characters
from publish.source.styles import Styles

FONT_SCHEME = "publish-font"
RESOURCE_SCHEME = "publish-resource"
PROFILE_SCHEME = "publish-profile"


@dataclass(frozen=True)
class Fetchable:
    data: bytes
    media_type: str


FONT_MEDIA_TYPE = "font/ttf"


def memory_url(scheme: str, name: str) -> str:
    """The URL a resource is known by, quoted the way WeasyPrint quotes it (so lookups match)."""
    return f"{scheme}:{urllib.parse.quote(name, safe='/')}"


PROFILE_URL = memory_url(PROFILE_SCHEME, "output-intent.icc")


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
    or bold, but a face `upright` (a script with no italic) is declared italic too.
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
    faces += "".join(f'@font-face {{ font-family: "{face.family}"; {style}'
                     f'src: url("{fallback_url(face)}"); }}\n'
                     for face, _ in fallback_faces(book, styles)
                     for style in ("", "font-style: italic; ")[:1 + face.upright])
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
