"""Read the print layout back out of WeasyPrint: each page's kind and where its text begins
(printed.labelled gives the folios).

html.py marks every element of a chapter's body with data-spot="<chapter>.<element>", the
element's index in Chapter.tree().iter(), and the chapter's heading with data-chapter-start.
WeasyPrint's boxes keep the element they were made from, so walking every page's main flow in
order (running heads, folios and footnotes are elsewhere) tells which element's text each line
holds. Lines only hold slices of that text, so a count is kept per element of the characters
already set; the first line of a page then gives an exact character offset in the Book's own
text node. Whitespace is not counted (the layout collapses it), nor the hyphen WeasyPrint adds
where it breaks a word; a page that begins in the middle of a broken word is moved to that
word's end, so that everything after the page's marker is on the page.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from lxml import etree
from weasyprint.document import Document
from weasyprint.formatting_structure import boxes

from publish.book.model import Chapter
from publish.layout.html import CHAPTER_START_MARK, SPOT
from publish.layout.printed import CHAPTER_START, LaidPage, Spot

# Collapsible whitespace, soft hyphens, and the word joiners the print document adds before
# note calls (html.py): none of them is in the Book's text as it is counted.
UNCOUNTED = frozenset(" \t\n\r\f\u00ad\u2060")
WITHOUT_UNCOUNTED = str.maketrans(dict.fromkeys(UNCOUNTED))
ADDED_HYPHEN = "\u2010"  # WeasyPrint's default hyphenate-character
DRAWN_WITHOUT_TEXT = {"hr"}  # a scene break: drawn (by book.css) but holds no text of its own


def counted(text: str) -> int:
    # str.translate, not a loop over the characters: called for every line of every page
    return len(text.translate(WITHOUT_UNCOUNTED))


@dataclass
class OwnText:
    """One element's own text nodes (its text and its children's tails), as the Book has them,
    and how many of their counted characters the pages so far have set."""

    nodes: list[str]
    done: int = 0
    broken_word: bool = False  # the last line ended inside a word WeasyPrint hyphenated
    # Where the last lookup ended, (count, node, offset): lines are set in order, so each
    # lookup goes on from there instead of scanning a long paragraph from its start again.
    cursor: tuple[int, int, int] = (0, 0, 0)

    @cached_property
    def length(self) -> int:
        """How many counted characters the element's own text has (its nodes never change)."""
        return sum(counted(node) for node in self.nodes)

    @property
    def set_whole(self) -> bool:
        """Whether every counted character has been set already."""
        return self.done >= self.length

    def locate(self, count: int) -> tuple[int, int]:
        """(node, offset) of the count-th counted character from the start (0-based)."""
        seen, node, offset = self.cursor if count >= self.cursor[0] else (0, 0, 0)
        while node < len(self.nodes):
            text = self.nodes[node]
            while offset < len(text):
                if text[offset] not in UNCOUNTED:
                    if seen == count:
                        self.cursor = (seen, node, offset)
                        return node, offset
                    seen += 1
                offset += 1
            node, offset = node + 1, 0
        last = len(self.nodes) - 1
        return last, len(self.nodes[last])

    def end_of_word(self, node: int, offset: int) -> tuple[int, int]:
        """The position just after the word that (node, offset) is inside, and its spaces: a
        dash ends a word too ("igno-|rant—what": the page's marker goes before "what")."""
        text = self.nodes[node]
        while offset < len(text) and not text[offset].isspace():
            offset += 1
            if unicodedata.category(text[offset - 1]) == "Pd":
                break
        while offset < len(text) and text[offset].isspace():
            offset += 1
        return node, offset

    def character(self, count: int) -> str:
        node, offset = self.locate(count)
        text = self.nodes[node]
        return text[offset] if offset < len(text) else ""


@dataclass
class Reader:
    """Walks the pages in order, keeping each element's count across them."""

    chapter_ids: Mapping[int, str] | Sequence[str]  # chapter index -> its id
    trees: dict[int, list[etree._Element]]  # chapter index -> its tree's nodes, in iter order
    own: dict[tuple[int, int], OwnText] = field(default_factory=dict)

    def own_text(self, chapter: int, index: int) -> OwnText:
        key = (chapter, index)
        if key not in self.own:
            element = self.trees[chapter][index]
            self.own[key] = OwnText([element.text or "", *(child.tail or "" for child in element)])
        return self.own[key]

    def page_start(self, page_box: Any) -> Spot | None:
        """Set every line of the page against its element's text; return where it begins."""
        start: Spot | None = None
        for box in main_flow(page_box):
            element = box.element
            if element is None or "::" in (box.element_tag or ""):
                continue  # generated content: note calls, list markers, leaders
            if element.get(CHAPTER_START_MARK) is not None:
                if start is None:
                    chapter = int(element.get(CHAPTER_START_MARK))
                    start = Spot(self.chapter_ids[chapter], CHAPTER_START, 0, 0)
                continue
            mark = element.get(SPOT)
            if mark is None:
                continue
            chapter, index = (int(part) for part in mark.split("."))
            if isinstance(box, boxes.ReplacedBox) or box.element_tag in DRAWN_WITHOUT_TEXT:
                if start is None:  # an image or a scene break at the head of the page
                    start = Spot(self.chapter_ids[chapter], index, 0, 0)
                continue
            if not isinstance(box, boxes.TextBox):
                continue
            if self.own_text(chapter, index).set_whole:
                continue  # set again: a table's header row repeated on the next page
            spot = self.set_line(chapter, index, box.text, locate=start is None)
            if start is None and spot is not None:
                start = spot
        return start

    def set_line(self, chapter: int, index: int, line: str, *, locate: bool = True
                 ) -> Spot | None:
        """Count one line's slice of an element's text; with `locate`, the Spot where the
        slice begins (only a page's first line needs one)."""
        own = self.own_text(chapter, index)
        length = counted(line)
        if length == 0:
            return None
        spot = None
        if locate:
            node, offset = own.locate(own.done)
            if own.broken_word and line[:1] not in UNCOUNTED:
                node, offset = own.end_of_word(node, offset)
            spot = Spot(self.chapter_ids[chapter], index, node, offset)
        added = line.endswith(ADDED_HYPHEN) and own.character(own.done + length - 1) != ADDED_HYPHEN
        own.done += length - added
        own.broken_word = added
        return spot


def main_flow(page_box: Any) -> Iterator[Any]:
    """The page's boxes in document order, without margin boxes (running heads, folios) and
    the footnote area."""
    for child in page_box.children:
        if isinstance(child, (boxes.MarginBox, boxes.FootnoteAreaBox)):
            continue
        yield from descendants(child)


def descendants(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", None) or ():
        yield from descendants(child)


def laid_pages(document: Document, chapters: Mapping[int, Chapter]
               ) -> tuple[tuple[LaidPage, ...], tuple[str, ...]]:
    """Each page's kind and where the text of `chapters` (by their index in the book, which the
    print document's marks name) begins on it; and the data-spot of each element whose text
    the pages do not set whole (the layout's proof: every word of the Book on a page)."""
    reader = Reader({index: chapter.id for index, chapter in chapters.items()},
                    {index: list(chapter.tree().iter()) for index, chapter in chapters.items()})
    pages = []
    for page in document.pages:
        box = page._page_box
        blank = bool(box.page_type.blank)
        start = None if blank else reader.page_start(box)  # also counts the page's text
        pages.append(LaidPage(box.page_type.name or "", blank, start))
    return tuple(pages), tuple(unset(reader))


def unset(reader: Reader) -> list[str]:
    """The elements whose own text the pages read so far have not set whole. A note's call is
    not among them: the print document sets the note in its place (its number is the note's
    own, drawn by the layout)."""
    missing = []
    for chapter, nodes in reader.trees.items():
        for index, node in enumerate(nodes):
            if not isinstance(node.tag, str) or node.get("class") == "noteref":
                continue
            own = reader.own_text(chapter, index)
            if own.length and not own.set_whole:
                missing.append(f"{chapter}.{index}")
    return missing
