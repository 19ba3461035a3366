"""Page references: a link of class `page` (`[the chronology](#cronologia){.page}`) shows, in
the PDFs, the page its target is printed on, in the book's words: "the chronology (page 37)"
(phrases.toml, page-reference). The EPUB and the text edition keep it a link (or name where it
leads): their pages are the reader's.

The number is CSS's target-counter() where the whole book is one document (the screen PDF). The
print layout sets each division apart (units.py), where no other division's page is known: its
divisions are laid out once, where their targets fell is read from their pages, and those with
page references are laid out again with the numbers written in (data-page), until the numbers
stay the same (a longer number can push a page over).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial

from lxml import etree

from publish.book.model import Book, Chapter
from publish.book.phrases import Phrases
from publish.layout.printed import CHAPTER_START, LaidPage, Spot, roman

PAGE_CLASS = "page"  # the link's class that asks for its target's page
NUMBER_CLASS = "page-number"  # what shows the number: target-counter(), or its data-page
TARGET = "data-target"
PRINTED = "data-page"  # the number, when another unit found it (html.PRINTED_PAGE)
# What the first layout shows before the numbers are known: about as wide as most.
UNKNOWN = "00"


def is_page_reference(link: etree._Element) -> bool:
    return (PAGE_CLASS in link.get("class", "").split()
            and link.get("href", "").startswith("#") and len(link.get("href", "")) > 1)


def mark_page_references(tree: etree._Element, say: Phrases,
                         numbers: Mapping[str, str] | None) -> None:
    """After each page reference's words, "(page N)" in the book's language, the number drawn
    by target-counter(), or given in `numbers` (by id; UNKNOWN where `numbers` has none). Set
    inside the link, after its own text, so that the page map's count of the Book's text is
    untouched (page_map reads only marked elements)."""
    before, _, after = say.after_words("page-reference", page="\0").partition("\0")
    if before.endswith(" "):  # "(page" never alone at a line's end, without its number
        before = before[:-1] + "\u00a0"
    for link in [link for link in tree.iter("a") if is_page_reference(link)]:
        target = link.get("href", "")
        words = etree.SubElement(link, "span", {"class": "page-reference"})
        words.text = before
        shown = {} if numbers is None else {PRINTED: numbers.get(target[1:], UNKNOWN)}
        number = etree.SubElement(words, "span", {"class": NUMBER_CLASS, TARGET: target} | shown)
        number.tail = after


def referenced(book: Book, index: int) -> bool:
    """Whether the book's `index`-th chapter holds a page reference."""
    body = book.chapters[index].body
    return PAGE_CLASS in body and any(is_page_reference(link) for link in
                                      book.chapters[index].tree().iter("a"))


def target_pages(book: Book, divisions: Sequence[tuple[int, Sequence[LaidPage]]],
                 first_folios: Sequence[int]) -> dict[str, str]:
    """The folio each page reference's target in the text is printed on, by id, from the
    text's divisions laid out (chapter index and pages) and the folio each opens on."""
    wanted = wanted_targets(book)
    found: dict[str, str] = {}
    for (index, pages), first in zip(divisions, first_folios, strict=True):
        found |= targets_on(book.chapters[index], pages, wanted, partial(arabic, first))
    return found


def arabic(first: int, page: int) -> str:
    """The folio of a division's page (counted from 0), the division opening on `first`."""
    return str(first + page)


def front_target_pages(book: Book, pages: Sequence[LaidPage]) -> dict[str, str]:
    """The folio each page reference's target in the front matter is printed on, by id, from
    the front unit's pages: the book's first, numbered in roman from its first page (as
    printed.labelled numbers them)."""
    wanted = wanted_targets(book)
    found: dict[str, str] = {}
    for chapter in book.chapters:
        if chapter.matter == "frontmatter":
            found |= targets_on(chapter, pages, wanted, lambda page: roman(page + 1))
    return found


def refers_to_front_matter(book: Book) -> bool:
    """Whether a page reference's target is in the front matter (a preface, its sections)."""
    wanted = wanted_targets(book)
    return bool(wanted) and any(
        chapter.id in wanted or any(node.get("id") in wanted for node in chapter.tree().iter())
        for chapter in book.chapters if chapter.matter == "frontmatter")


def wanted_targets(book: Book) -> set[str]:
    """The ids the book's page references lead to."""
    return {link.get("href", "")[1:] for chapter in book.chapters if PAGE_CLASS in chapter.body
            for link in chapter.tree().iter("a") if is_page_reference(link)}


def targets_on(chapter: Chapter, pages: Sequence[LaidPage], wanted: set[str],
               folio: Callable[[int], str]) -> dict[str, str]:
    """The folio of each wanted id of the chapter (its own, for its opening), from the pages
    it is set on and the folio of each of them by its number among them."""
    found = {chapter.id: folio(page_of(pages, chapter.id, CHAPTER_START))} if (
        chapter.id in wanted) else {}
    for number, node in enumerate(chapter.tree().iter()):
        if node.get("id") in wanted:
            found[node.get("id", "")] = folio(page_of(pages, chapter.id, number))
    return found


def page_of(pages: Sequence[LaidPage], chapter: str, element: int) -> int:
    """The page (counted from 0) an element begins on: the last whose text begins before it."""
    place = Spot(chapter, element, 0, 0)
    found = 0
    for number, page in enumerate(pages):
        if page.start is not None and page.start.chapter == chapter and (
                page.start.element == CHAPTER_START or position(page.start) <= position(place)):
            found = number
    return found


def position(spot: Spot) -> tuple[int, int, int]:
    return spot.element, spot.node, spot.offset
