"""Put the print edition's page breaks into the Book: a marker where each print page begins.

The result is a Book like any other, whose chapter bodies hold an empty
<span class="pagebreak" id="page-12" data-page="12"/> at every page start of the PrintLayout,
mid-paragraph where the page turns mid-paragraph. The EPUB makes them epub:type pagebreak
markers and its page-list, the text editions {12}; both start from the same Book, so the
page numbers of every edition are the printed book's.

A marker at the very start of a chapter's body stands for the chapter's opening page: writers
set it before the chapter's heading (see opening_marker).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable

from lxml import etree

from publish.book.ids import unique
from publish.book.model import Book, Chapter
from publish.book.xml import inner_xml
from publish.layout.printed import CHAPTER_START, PrintLayout, PrintPage, Spot

MARKER_CLASS = "pagebreak"
PAGE = "data-page"  # the marker's page label, as the print edition sets it
# Elements that may not hold a <span> directly: a marker before their first content goes
# into their first child instead (a list's first item, a table's first cell).
NO_PHRASING = {"ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "tr", "colgroup"}
VOID = {"img", "br", "hr", "col", "wbr"}

# Where a marker goes: an element, whether in its text or its tail, and the offset there.
TextPlace = tuple[etree._Element, bool, int]  # (holder, is_tail, offset)


def with_page_breaks(book: Book, layout: PrintLayout) -> Book:
    """The Book with a page-break marker at every print page start that falls in its text."""
    starts: dict[str, list[PrintPage]] = defaultdict(list)
    for page in layout.page_starts:
        assert page.start is not None
        starts[page.start.chapter].append(page)
    taken = set(book.chapter_of_id)
    chapters = tuple(with_markers(chapter, starts[chapter.id], taken) if starts[chapter.id]
                     else chapter for chapter in book.chapters)
    return dataclasses.replace(book, chapters=chapters)


def with_markers(chapter: Chapter, pages: Iterable[PrintPage], taken: set[str]) -> Chapter:
    """The chapter with a marker where each of these pages begins; ids not in `taken`."""
    root = chapter.tree()
    nodes = list(root.iter())
    order = text_order(root)
    places = []
    for page in pages:
        assert page.start is not None
        holder, is_tail, offset = place_of(root, nodes, page.start)
        places.append(((order[(id(holder), is_tail)], offset, page.number),
                       (holder, is_tail, offset), page))
    # Last place first: a split never moves a place still to come.
    for _, place, page in sorted(places, key=lambda entry: entry[0], reverse=True):
        # page-12, or a variant if the manuscript already uses that id
        insert(place, marker(page.label, unique(f"page-{page.label}", taken)))
    return dataclasses.replace(chapter, body=inner_xml(root))


def marker(label: str, element_id: str) -> etree._Element:
    return etree.Element("span", {"class": MARKER_CLASS, "id": element_id, PAGE: label})


def is_marker(node: etree._Element) -> bool:
    return node.get("class") == MARKER_CLASS and node.get(PAGE) is not None


def text_order(root: etree._Element) -> dict[tuple[int, bool], int]:
    """Every text node (an element's text or its tail) by its place in document order."""
    order: dict[tuple[int, bool], int] = {}

    def visit(node: etree._Element) -> None:
        order[(id(node), False)] = len(order)
        for child in node:
            visit(child)
            order[(id(child), True)] = len(order)

    visit(root)
    return order


def place_of(root: etree._Element, nodes: list[etree._Element], spot: Spot) -> TextPlace:
    """The text node and offset where a Spot's marker goes."""
    if spot.element == CHAPTER_START:
        return root, False, 0
    element = nodes[spot.element]
    if spot.node > 0:
        return element[spot.node - 1], True, spot.offset
    if (element.text or "")[:spot.offset].strip():
        return element, False, spot.offset
    return before(root, element)


def before(root: etree._Element, element: etree._Element) -> TextPlace:
    """Just before an element the page begins with, or before the block that begins with it
    (so that a marker stands between paragraphs rather than inside the first word's <em>). A
    paragraph's marker opens the paragraph, inside it: one between two blocks would part the
    paragraph from the block before it, which styles read (`figure + p`: no indent)."""
    while (parent := element.getparent()) is not None and parent is not root and (
            not (parent.text or "").strip() and parent[0] is element):
        element = parent
    if element.tag == "p":
        return element, False, 0
    parent = element.getparent()
    assert parent is not None
    if parent.tag in NO_PHRASING:
        while element.tag in NO_PHRASING and len(element):
            element = element[0]
        if element.tag not in VOID:
            return element, False, 0
    previous = element.getprevious()
    if previous is not None:
        return previous, True, len(previous.tail or "")
    return parent, False, len(parent.text or "")


def insert(place: TextPlace, new: etree._Element) -> None:
    holder, is_tail, offset = place
    if is_tail:
        text = holder.tail or ""
        holder.tail, new.tail = text[:offset] or None, text[offset:] or None
        holder.addnext(new)
    else:
        text = holder.text or ""
        holder.text, new.tail = text[:offset] or None, text[offset:] or None
        holder.insert(0, new)


def opening_marker(body: etree._Element) -> etree._Element | None:
    """Take the marker of a chapter's opening page off the start of its body, for the writer
    to set before the heading; None when the chapter does not open a page."""
    first = body[0] if len(body) and not (body.text or "").strip() else None
    if first is None or not is_marker(first):
        return None
    body.text = (body.text or "") + (first.tail or "")
    first.tail = None
    body.remove(first)
    return first
