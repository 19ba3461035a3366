"""The print layout as data: which page each part of the book's text was set on.

The print interior is typeset once (typeset.py); besides the PDF it yields a PrintLayout,
so other editions can use the printed book's facts without laying it out again: the cover wrap
its page count (for the spine), the EPUB and the text edition the print page numbers.

A Spot names a place in a chapter's text without holding on to any tree: an element by its
position in `Chapter.tree().iter()`, one of that element's own text nodes (its text, or the
tail of one of its children) and a character offset in it. Any writer that starts from
`Chapter.tree()` can find the same place in its own copy (see page_breaks.py).
"""

from __future__ import annotations

from dataclasses import dataclass

CHAPTER_START = -1  # Spot.element for the chapter's very beginning, before its heading


@dataclass(frozen=True)
class Spot:
    """A place in a chapter's text: where a print page begins."""

    chapter: str  # the chapter's id
    element: int  # index in chapter.tree().iter(), or CHAPTER_START
    node: int  # 0: the element's text; k: the tail of its k-th child (counting from 1)
    offset: int  # characters into that text; 0 at the very start of the element is "before it"


@dataclass(frozen=True)
class PrintPage:
    number: int  # the page's position in the PDF, from 1
    label: str  # its folio as the book prints it: roman in the front matter, then arabic
    blank: bool  # a page left blank so that the next division opens on a recto
    start: Spot | None  # where the book's text begins on it (None on preliminary pages)


@dataclass(frozen=True)
class PrintLayout:
    pages: tuple[PrintPage, ...]

    @property
    def page_count(self) -> int:
        return len(self.pages)

    @property
    def page_starts(self) -> tuple[PrintPage, ...]:
        """The pages that begin somewhere in the text, in order: each one's marker goes there."""
        return tuple(page for page in self.pages if page.start is not None)


@dataclass(frozen=True)
class Typeset:
    """The print interior as typeset: the PDF's bytes and the layout they were drawn from."""

    pdf: bytes
    layout: PrintLayout


def roman(number: int) -> str:
    """Lower-case roman numerals, as CSS lower-roman writes folios."""
    numerals = (("m", 1000), ("cm", 900), ("d", 500), ("cd", 400), ("c", 100), ("xc", 90),
                ("l", 50), ("xl", 40), ("x", 10), ("ix", 9), ("v", 5), ("iv", 4), ("i", 1))
    written = ""
    for numeral, value in numerals:
        count, number = divmod(number, value)
        written += numeral * count
    return written
