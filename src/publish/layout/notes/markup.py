"""The print document edited where its layout needs repair: a page made to end before a given
place in the text (a forced page break there, the block it falls in cut in two between two of
its lines), and a note cut between two of its lines, the rest continued as a footnote of its
own anchored where the next page begins.

A place is named as the layout found it (repair.py): an element by its mark (the data-spot of
the Book's elements, the data-note-spot of a footnote's), and how many of the element's own
counted characters (page_map.counted) come before it. When an element is cut in two, both
halves keep its mark and the second says, in FROM, where in the element's own text it begins,
so a place found in either half names it the same way, however often the element is cut.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from lxml import etree, html

from publish.book.xml import remove_keeping_tail
from publish.layout.html import SECTION, TEXT_MATTER, number_from
from publish.layout.notes.footnotes import (
    NOTE_MARK,
    NOTE_SPOT,
    PART_MARK,
    add_style,
    counting_from,
)
from publish.layout.page_map import counted

FROM = "data-from"  # where in its element's own text a cut element's second half begins
CUT = "layout-cut"  # the class of an element's first half: it stops at a cut
CONTINUED = "layout-continued"  # the class of its second half: it goes on from a cut
JUSTIFIED = "layout-justified"  # a first half's last line, justified as the lines before it
NEXT_PAGE = "break-before: page"
PAGE_END = "layout-page-end"  # where the repair ended a page (a break the text goes on after)
RUN_ON = "layout-run-on"  # the page a note goes on to after its chapter's text
TAIL = "layout-tail"  # where a tail document's text begins (tail_document)
HYPHEN = "\u2010"  # what WeasyPrint adds where it breaks a word; a cut there keeps it
VOID = {"img", "br", "hr", "wbr"}
SPACES = " \t\n\r\f"  # what CSS collapses
BLOCKS = {"p", "div", "blockquote", "li", "dd", "dt", "td", "th", "figcaption", "caption",
          "pre", "h1", "h2", "h3", "h4", "h5", "h6", "section", "aside", "figure"}


@dataclass(frozen=True)
class Place:
    """Before the `count`-th counted character of an element's own text (its text and its
    children's tails); the element is the one whose `mark` attribute is `value` (inside the
    footnotes of `note`, for a place in a note)."""

    mark: str
    value: str
    count: int
    note: str | None = None


def run_on_page(chapter: str) -> Place:
    """A page of its own after the end of a chapter's text (its index in the book), where a
    note called on its last page goes on."""
    return Place(SECTION, chapter, 0)


@dataclass(frozen=True)
class PageEnd:
    """A page ends before `at`; `justify`: the line before it is justified, so a cut block's
    last line there is too; `hyphen`: `at` is inside a word the layout hyphenated there."""

    at: Place
    justify: bool = False
    hyphen: bool = False


@dataclass(frozen=True)
class NoteSplit:
    """Part `part` of `note` is cut before `at`; what follows becomes part `part + 1`, anchored
    where the next page begins, at `anchor`."""

    note: str
    part: int
    at: Place
    anchor: Place
    justify: bool = True
    hyphen: bool = False


Edit = PageEnd | NoteSplit


def edited(markup: str, edits: Sequence[Edit]) -> str:
    """The document with the edits made, in order."""
    if not edits:
        return markup
    root = html.document_fromstring(markup)
    for edit in edits:
        if isinstance(edit, PageEnd):
            end_page(root, edit)
        else:
            split_note(root, edit)
    return "<!DOCTYPE html>\n" + etree.tostring(root, method="html", encoding="unicode")


def end_page(root: etree._Element, edit: PageEnd) -> None:
    """A forced page break before the place: on the block that begins there, on the table
    row it is in, or between the halves of the block it cuts."""
    element, node, offset = located(root, edit.at)
    row = next(element.iterancestors("tr"), None)
    if row is not None:
        break_before(row)
        return
    top = flow_block(element)
    if not content_before(top, element, node, offset):
        break_before(top)
        return
    rest = cut(top, element, node, offset, justify=edit.justify, hyphen=edit.hyphen)
    rest.tail, top.tail = top.tail, None
    top.addnext(rest)
    break_before(rest)


def break_before(element: etree._Element) -> None:
    """A page break before the element, marked as the repair's (not the author's)."""
    add_style(element, NEXT_PAGE)
    add_class(element, PAGE_END)


def split_note(root: etree._Element, edit: NoteSplit) -> None:
    """Cut the note's part at the place; the rest, a footnote of its own (the next part), goes
    where the next page begins."""
    element, node, offset = located(root, edit.at)
    part = element if element.get(NOTE_MARK) else next(
        ancestor for ancestor in element.iterancestors() if ancestor.get(NOTE_MARK))
    rest = cut(part, element, node, offset, justify=edit.justify, hyphen=edit.hyphen)
    rest.set(PART_MARK, str(edit.part + 1))
    rest.set("id", f"{edit.note}-{edit.part + 1}")
    if edit.anchor.mark == SECTION:  # after the chapter's text: on a page of its own
        section = next(marked(root, edit.anchor))
        holder = etree.SubElement(section, "div", {"class": RUN_ON, "style": NEXT_PAGE})
        holder.append(rest)
        return
    place, place_node, place_offset = located(root, edit.anchor)
    put_at(place, place_node, place_offset, rest)


def located(root: etree._Element, place: Place) -> tuple[etree._Element, int, int]:
    """The element a place is in, and the own text node (0: its text; k: the tail of its k-th
    child) and offset there of the place's counted character."""
    halves = [element for element in marked(root, place)
              if int(element.get(FROM, "0")) <= place.count]
    element = halves[-1]
    remaining = place.count - int(element.get(FROM, "0"))
    texts = own_texts(element)
    for node, text in enumerate(texts):
        for offset, character in enumerate(text):
            if counted(character):
                if remaining == 0:
                    return element, node, offset
                remaining -= 1
    return element, len(texts) - 1, len(texts[-1])


def marked(root: etree._Element, place: Place) -> Iterator[etree._Element]:
    """The elements (the halves of one element, in order) that bear the place's mark."""
    if place.note is None:
        return (element for element in root.iter() if element.get(place.mark) == place.value)
    return (element for footnote in root.iter("span") if footnote.get(NOTE_MARK) == place.note
            for element in footnote.iter() if element.get(NOTE_SPOT) == place.value)


def own_texts(element: etree._Element) -> list[str]:
    return [element.text or "", *(child.tail or "" for child in element)]


def put_at(element: etree._Element, node: int, offset: int, new: etree._Element) -> None:
    """Put `new` at the place (`element`'s own text node `node`, at `offset`): before the
    text there, or before the element when it holds none (an image)."""
    if element.tag in VOID:
        new.tail = None
        element.addprevious(new)
    elif node == 0:
        new.tail, element.text = (element.text or "")[offset:], (element.text or "")[:offset]
        element.insert(0, new)
    else:
        child = element[node - 1]
        new.tail, child.tail = (child.tail or "")[offset:], (child.tail or "")[:offset]
        child.addnext(new)


def flow_block(element: etree._Element) -> etree._Element:
    """The block of the chapter's flow that holds the element: its ancestor (or itself) whose
    parent is the chapter's section (or the body)."""
    top = element
    while (parent := top.getparent()) is not None and parent.tag != "body" and (
            "chapter" not in str(parent.get("class", "")).split()):
        top = parent
    return top


def content_before(top: etree._Element, element: etree._Element, node: int,
                   offset: int) -> bool:
    """Whether any text or image of `top` comes before the place."""
    sentinel = etree.Element("publish-place")
    put_at(element, node, offset, sentinel)
    try:
        for event, item in etree.iterwalk(top, events=("start", "end")):
            if event == "start":
                if item is sentinel:
                    return False
                if item.tag == "img" or counted(item.text or ""):
                    return True
            elif item is not top and counted(item.tail or ""):
                return True
        return False
    finally:
        remove_keeping_tail(sentinel)


def cut(top: etree._Element, element: etree._Element, node: int, offset: int, *,
        justify: bool, hyphen: bool) -> etree._Element:
    """Cut `top` in two at the place (`element`'s own text node `node`, at `offset`): `top`
    keeps what comes before; the second half, returned outside the tree, what comes after.
    Every element between them is cut the same way."""
    # A block that begins at the cut ends the line before it: that line stays as it was set.
    block_start = False
    while element is not top and not content_before(element, element, node, offset):
        parent = element.getparent()  # nothing of it before the cut: it goes on whole
        assert parent is not None
        block_start = block_start or is_block(element)
        node = parent.index(element)
        offset = len(own_texts(parent)[node])
        element = parent
    texts = own_texts(element)
    before = sum(counted(text) for text in texts[:node]) + counted(texts[node][:offset])
    after_line_break = node > 0 and element[node - 1].tag == "br" and not (
        texts[node][:offset].strip())
    block = innermost_block(element, top)
    rest = half(element, before)
    # The first half ends without the space before the cut: WeasyPrint (70) breaks a line
    # that its words fill but for a space at its end after the line's first word.
    if node == 0:
        rest.text = (element.text or "")[offset:]
        element.text = (element.text or "")[:offset].rstrip(SPACES)
        moving = list(element)
    else:
        child = element[node - 1]
        rest.text, child.tail = (child.tail or "")[offset:], (
            child.tail or "")[:offset].rstrip(SPACES)
        moving = list(element)[node:]
    rest.extend(moving)
    if numbered(element):
        go_on_counting(element, rest)
    if hyphen:
        end_with_hyphen(element)
    if justify and not after_line_break and not block_start:
        add_class(block, JUSTIFIED)
    current = element
    while current is not top:
        parent = current.getparent()
        assert parent is not None
        index = parent.index(current)
        outer = half(parent, counted(parent.text or "") + sum(
            counted(child.tail or "") for child in list(parent)[:index]))
        rest.tail, current.tail = current.tail, None
        outer.append(rest)
        outer.extend(list(parent)[index + 1:])
        if numbered(parent):
            go_on_counting(parent, outer)
        current, rest = parent, outer
    for item in rest.iter():
        if "id" in item.attrib:  # an id names one element: the first half keeps it
            del item.attrib["id"]
    return rest


def numbered(element: etree._Element) -> bool:
    """Whether an element is a numbered list (a note's is a span: footnotes.py)."""
    return element.tag == "ol" or "note-ol" in str(element.get("class", "")).split()


def go_on_counting(first: etree._Element, second: etree._Element) -> None:
    """A numbered list cut in two: the second half's items go on counting where the first
    half's stopped (a note's list is a span, numbered by the counter its style resets)."""
    items = [child for child in first
             if child.tag == "li" or "note-li" in str(child.get("class", "")).split()]
    start = int(first.get("start", "1")) + len(items)
    if second.tag == "ol":
        second.set("start", str(start))
        number_from(second)  # WeasyPrint reads no start=: its counter reset to it
    else:
        counting_from(second, start)


def half(element: etree._Element, count: int) -> etree._Element:
    """An empty second half for `element`, cut after `count` counted characters of its own
    text; the element, its first half, is marked so."""
    second = etree.Element(element.tag, {str(name): str(value)
                                         for name, value in element.attrib.items()})
    second.set(FROM, str(int(element.get(FROM, "0")) + count))
    second.set("class", " ".join([*(name for name in str(element.get("class", "")).split()
                                    if name not in (CUT, JUSTIFIED, CONTINUED)), CONTINUED]))
    add_class(element, CUT)
    return second


def innermost_block(element: etree._Element, top: etree._Element) -> etree._Element:
    """The block the place's line is in: the element's nearest block ancestor (or itself)."""
    current = element
    while current is not top and not is_block(current):
        parent = current.getparent()
        assert parent is not None
        current = parent
    return current


def is_block(element: etree._Element) -> bool:
    classes = str(element.get("class", ""))
    return element.tag in BLOCKS or element.get(NOTE_MARK) is not None or (
        element.tag == "span" and classes.startswith("note-"))


def end_with_hyphen(element: etree._Element) -> None:
    """Print the hyphen the layout set where the cut breaks a word."""
    if len(element):
        element[-1].tail = (element[-1].tail or "") + HYPHEN
    else:
        element.text = (element.text or "") + HYPHEN


def add_class(element: etree._Element, name: str) -> None:
    names = str(element.get("class", "")).split()
    if name not in names:
        element.set("class", " ".join([*names, name]))




def tail_document(markup: str, start: Place, side: str) -> str | None:
    """The document from `start` on, as its pages from there are laid out: the text before it
    taken away, the chapter's heading kept on a first page of its own (for the running heads
    it sets), and `start` on a page of `side` (right or left) after it. None where the text
    cannot be taken apart there: a unit of several chapters or of the front matter, a place
    in a table."""
    root = html.document_fromstring(markup)
    sections = [section for section in root.iter("section") if section.get(SECTION)]
    holder = sections[0].getparent() if len(sections) == 1 else None
    if holder is None or TEXT_MATTER not in str(holder.get("class", "")).split():
        return None  # the front matter draws its own folios: its tail would count anew
    element, node, offset = located(root, start)
    while node and not (own_texts(element)[node][:offset].strip()) and (
            element[node - 1].get(PART_MARK) is not None):
        node -= 1  # a note's continuation, anchored where the page begins, goes with it
        offset = len(own_texts(element)[node])
    top = flow_block(element)
    section = sections[0]
    if top.getparent() is not section or element.tag in ("table", "tr", "td", "th") or next(
            element.iterancestors("table"), None) is not None:
        return None
    if content_before(top, element, node, offset):
        rest = cut(top, element, node, offset, justify=False, hyphen=False)
        top.addnext(rest)
    else:
        rest = top
    heading = next(section.iter("h1"), None)
    for child in list(section)[:section.index(rest)]:
        section.remove(child)
    section.text = None
    if heading is not None:  # on a page of its own, which the layout drops
        for footnote in [span for span in heading.iter("span") if span.get(NOTE_MARK)]:
            remove_keeping_tail(footnote)
        heading.tail = None
        section.insert(0, heading)
    add_style(rest, f"break-before: {side}")
    add_class(rest, TAIL)
    return "<!DOCTYPE html>\n" + etree.tostring(root, method="html", encoding="unicode")
