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

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

CHAPTER_START = -1  # Spot.element for the chapter's very beginning, before its heading
TEXT_PAGES = "text"  # the named page of the text matter (print.css): arabic from 1
BLIND_PAGES = "blind"  # pages that print no folio (a dedication's): no marker leads to them


@dataclass(frozen=True)
class Spot:
    """A place in a chapter's text: where a print page begins."""

    chapter: str  # the chapter's id
    element: int  # index in chapter.tree().iter(), or CHAPTER_START
    node: int  # 0: the element's text; k: the tail of its k-th child (counting from 1)
    offset: int  # characters into that text; 0 at the very start of the element is "before it"


@dataclass(frozen=True)
class LaidPage:
    """A page as its layout found it, before it has a place in the book."""

    kind: str  # the page's name in print.css: "front", "text", "blind"
    blank: bool  # a page left blank so that the next division opens on a recto
    start: Spot | None  # where the book's text begins on it


@dataclass(frozen=True)
class Misplaced:
    """What the print layout could not set right (layout/notes/proof.py): a note, or a piece
    of text, by its id or its element's data-spot."""

    what: str  # what is wrong, for the author: "a note not on the page of its call"
    note: str | None  # the note's id
    spot: str | None  # the data-spot of the text's element: "<chapter index>.<element index>"


@dataclass(frozen=True)
class NotesPlaced:
    """How the print layout set the notes: how many, how many begin on the page of their call
    (all, or the layout says what is wrong in `misplaced`), how many run over to the next page,
    and the tallest notes area, in points."""

    notes: int = 0
    on_call_page: int = 0
    continued: int = 0
    tallest: float = 0.0
    misplaced: tuple[Misplaced, ...] = ()

    def __add__(self, other: NotesPlaced) -> NotesPlaced:
        return NotesPlaced(self.notes + other.notes, self.on_call_page + other.on_call_page,
                           self.continued + other.continued, max(self.tallest, other.tallest),
                           self.misplaced + other.misplaced)


@dataclass(frozen=True)
class UnitLayout:
    """A unit laid out: its PDF, its pages as found, and what the layout engine warned of."""

    pdf: bytes
    pages: tuple[LaidPage, ...]
    inside_margin: float  # the narrowest inside margin of its pages, in points
    warnings: tuple[str, ...] = ()
    notes: NotesPlaced = NotesPlaced()


@dataclass(frozen=True)
class PrintPage:
    number: int  # the page's position in the PDF, from 1
    label: str  # its folio as the book prints it: roman in the front matter, then arabic
    blank: bool  # a page left blank so that the next division opens on a recto
    start: Spot | None  # where the book's text begins on it (None on preliminary pages)


@dataclass(frozen=True)
class PrintLayout:
    pages: tuple[PrintPage, ...]
    notes: NotesPlaced = NotesPlaced()

    @property
    def page_count(self) -> int:
        return len(self.pages)

    @property
    def page_starts(self) -> tuple[PrintPage, ...]:
        """The pages that begin somewhere in the text, in order: each one's marker goes there."""
        return tuple(page for page in self.pages if page.start is not None)


@dataclass(frozen=True)
class BodyCut:
    """The body face as the layout cut it to the book (font_cut.py): each style's whole font
    with its cut, the characters the cut holds, and the rules whose features it keeps."""

    cuts: tuple[tuple[bytes, bytes], ...]  # (the whole font, its cut)
    characters: str
    declared: str


@dataclass(frozen=True)
class Typeset:
    """The print interior as typeset: the layout, and the PDF drawn from it, which is only
    assembled when an edition asks for it (the EPUB and the cover need the layout alone);
    `body_cut` the body face as the layout cut it, which the EPUB's faces are subset from."""

    layout: PrintLayout
    assemble: Callable[[], bytes] = field(compare=False, repr=False)
    body_cut: BodyCut | None = field(default=None, compare=False, repr=False)

    @cached_property  # frozen: cached_property writes the instance's __dict__ directly
    def pdf(self) -> bytes:
        return self.assemble()

    def without_pdf(self) -> Typeset:
        """This layout for an edition rendered in another process (a worker's): the PDF is
        assembled only in the build's own process, which holds the units' pages."""
        return Typeset(self.layout, assembled_elsewhere, self.body_cut)


def assembled_elsewhere() -> bytes:
    raise TypeError("the print PDF is assembled in the build's own process, not a worker's")


def labelled(pages: Sequence[LaidPage]) -> PrintLayout:
    """The book's pages with their folios: roman before the first text page, then arabic
    from 1. A blind page (a dedication's) prints none, so no page marker leads to it."""
    first_text = next((number for number, page in enumerate(pages, start=1)
                       if page.kind == TEXT_PAGES), None)
    return PrintLayout(tuple(
        PrintPage(number,
                  roman(number) if first_text is None or number < first_text
                  else str(number - first_text + 1),
                  page.blank, None if page.kind == BLIND_PAGES else page.start)
        for number, page in enumerate(pages, start=1)))


def roman(number: int) -> str:
    """Lower-case roman numerals, as CSS lower-roman writes folios."""
    numerals = (("m", 1000), ("cm", 900), ("d", 500), ("cd", 400), ("c", 100), ("xc", 90),
                ("l", 50), ("xl", 40), ("x", 10), ("ix", 9), ("v", 5), ("iv", 4), ("i", 1))
    written = ""
    for numeral, value in numerals:
        count, number = divmod(number, value)
        written += numeral * count
    return written
