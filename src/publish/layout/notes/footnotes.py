"""The notes of the print document: each note set as a CSS footnote at its first call, where
WeasyPrint floats it to the foot of the page (print.css), a later call repeating its number.

A footnote is an inline element at its call, so a note's blocks become spans shown as blocks
(an HTML parser would end the paragraph at a real <p>); its white space is collapsed here, as
WeasyPrint does not for a footnote; it is set in the book's language and direction wherever it
is called; and it carries the marks the layout reads it back by (proof.py) and cuts it at
(markup.py) when it must continue on the next page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from publish.book.model import Book, Note
from publish.book.phrases import phrases_of
from publish.book.xml import fragment, remove_keeping_tail, unwrap

# Blocks a note may hold. A footnote is an inline element at its call, so its blocks become
# spans shown as blocks (an HTML parser would end the paragraph at a real <p>).
BLOCK_TAGS = {"p", "div", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "pre", "table",
              "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "figure", "figcaption",
              "h1", "h2", "h3", "h4", "h5", "h6", "hr", "section", "aside"}
WORD_JOINER = "\u2060"  # no line break here, and no width
# Marks on each footnote, for reading the notes back out of the layout (notes/proof.py) and
# splitting one between pages (notes/markup.py): the note it is (every part of a note split
# across pages has its id), which part of it (2, 3... for its continuations), and on each
# element inside it, its index in the footnote's iter().
NOTE_MARK = "data-note"
PART_MARK = "data-part"
NOTE_SPOT = "data-note-spot"
SPACES = re.compile(r"[ \t\n\r\f]+")  # what CSS collapses to one space
# A numbered list's number, "12. ", in em: a figure's width, and the full stop and space after.
DIGIT_EM, NUMBER_GAP_EM = 0.55, 0.75


@dataclass(frozen=True)
class NoteFrame:
    """What every footnote of a book is set in: the book's language and direction (not those
    of the passage that calls it), and the label of a note continued on the next page."""

    lang: str
    dir: str
    continued: str  # "{number} (continued)", in the book's language

    @classmethod
    def of(cls, book: Book) -> NoteFrame:
        return cls(book.metadata.lang, book.metadata.dir,
                   phrases_of(book.metadata).say("note-continued", number="{number}"))


def place_footnotes(body: etree._Element, notes: tuple[Note, ...], frame: NoteFrame, *,
                    linked: bool = False) -> None:
    """Put each note's text at its first call, as a footnote; later calls repeat the number.
    Linked, the calls are links to the footnote."""
    by_id = {note.id: note for note in notes}
    for call in list(body.iter("a")):
        if call.get("class") != "noteref":
            continue
        note = by_id.get(call.get("href", "").removeprefix("#"))
        if note is None:
            continue
        if call.get("id") == note.ref_ids[0]:
            replacement = footnote(note, frame)
            if linked and not replacement.findall(".//a"):
                replacement = linked_to_itself(replacement)
        else:
            replacement = etree.Element("a" if linked else "span", {"class": "noteref-repeat"})
            if linked:
                replacement.set("href", "#" + note.id)
            replacement.text = str(note.number)
        replacement.tail = call.tail
        parent = call.getparent()
        assert parent is not None
        hold_to_previous_word(call)
        parent.replace(call, replacement)
        set_call(replacement, str(note.number))


CALLS = ("footnote", "noteref-repeat", "noteref-link")  # what a note's call is in print


def set_call(call: etree._Element, number: str) -> None:
    """What a call prints: its note's number, after a superior comma when it follows another
    call with nothing between them (5,6, not 56)."""
    previous = call.getprevious()
    follows = previous is not None and previous.get("class", "").split()[:1] in (
        [kind] for kind in CALLS) and not (previous.tail or "").strip(WORD_JOINER)
    shown = ("," if follows else "") + number
    if call.get("class", "").startswith("footnote"):
        call.set("data-call", shown)
    elif call.get("class") == "noteref-link":
        call[0].set("data-call", shown)
    else:
        call.text = shown


def hold_to_previous_word(call: etree._Element) -> None:
    """A note's call never begins a line: a word joiner binds it to the word before it (the
    layout would otherwise break between "them." and its call)."""
    previous = call.getprevious()
    parent = call.getparent()
    before = (previous.tail if previous is not None else parent.text if parent is not None
              else None) or ""
    if not before or before[-1].isspace():
        return
    if previous is not None:
        previous.tail = before + WORD_JOINER
    elif parent is not None:
        parent.text = before + WORD_JOINER


def linked_to_itself(footnote: etree._Element) -> etree._Element:
    """The footnote inside a link to it, so its call (drawn where the footnote stood) is a
    link to the note at the page foot. Not for a note holding links itself: an HTML parser
    would close the outer link at the inner one."""
    link = etree.Element("a", {"class": "noteref-link", "href": "#" + footnote.get("id", "")})
    link.append(footnote)
    return link


def footnote(note: Note, frame: NoteFrame) -> etree._Element:
    """A span that floats to the page foot; its blocks become block-displayed spans."""
    span = fragment(note.html, "span")
    for descendant in span.iterdescendants():
        if descendant.tag == "ol":
            numbered_list(descendant)
        if isinstance(descendant.tag, str) and descendant.tag in BLOCK_TAGS:
            descendant.set("class", f"note-{descendant.tag} {descendant.get('class', '')}".strip())
            descendant.tag = "span"
    span.text = None if not (span.text or "").strip() else span.text
    for empty in [block for block in span.iter("span") if is_block(block) and not len(block)
                  and not (block.text or "").strip() and not is_cell(block)]:
        remove_keeping_tail(empty)  # an empty paragraph (after a quotation) prints nothing
    first = span[0] if len(span) else None
    lang = None
    if first is not None and first.tag == "span" and first.get("class") == "note-p":
        lang = first.get("lang")  # the note's language, where its paragraph says it
        unwrap(first)  # so the number and the first line share a line
    collapse_white_space(span)
    for index, node in enumerate(span.iter()):
        if isinstance(node.tag, str):
            node.set(NOTE_SPOT, str(index))
    span.attrib.update({"class": "footnote", "id": note.id, "data-number": str(note.number),
                        NOTE_MARK: note.id, "lang": lang or frame.lang,
                        "dir": note.dir or frame.dir,
                        "data-continued": frame.continued.format(number=note.number)})
    return span


def numbered_list(ol: etree._Element) -> None:
    """A note's numbered list, which becomes a span: its items count from its `start` (what
    WeasyPrint does for an <ol>, not a span), and its indent holds its widest number, which
    would otherwise stand out of the text area into the margin."""
    start = int(ol.get("start", "1")) if ol.get("start", "").isdigit() else 1
    widest = len(str(start + len(ol.findall("li")) - 1))
    counting_from(ol, start)
    add_style(ol, f"margin-inline-start: {DIGIT_EM * widest + NUMBER_GAP_EM:.2f}em")


def counting_from(note_list: etree._Element, start: int) -> None:
    """A note's numbered list (a span, which WeasyPrint does not number as it does an <ol>)
    counting from `start`: the counter its items show, reset before its first."""
    note_list.set("start", str(start))
    add_style(note_list, f"counter-reset: list-item {start - 1}")


def add_style(element: etree._Element, declaration: str) -> None:
    style = str(element.get("style", "")).strip().rstrip(";")
    element.set("style", f"{style}; {declaration}" if style else declaration)


def collapse_white_space(note: etree._Element) -> None:
    """Collapse a footnote's white space as CSS would, outside its preformatted blocks:
    WeasyPrint takes a footnote out of the text before it collapses white space, so a line
    break in the manuscript would break the printed note's line there."""
    for node in note.iter():
        if not isinstance(node.tag, str) or preformatted(node):
            continue
        node.text = node.text and SPACES.sub(" ", node.text)
        if not preformatted(node.getparent()):
            node.tail = node.tail and SPACES.sub(" ", node.tail)
        if is_block(node) or node is note:
            node.text = node.text and node.text.lstrip(" ")
            if len(node):  # nor a space at its end
                node[-1].tail = node[-1].tail and node[-1].tail.rstrip(" ")
            else:
                node.text = node.text and node.text.rstrip(" ")
        if is_block(node) or node.tag == "br":
            node.tail = node.tail and node.tail.lstrip(" ")
            before = node.getprevious()
            if before is not None:
                before.tail = before.tail and before.tail.rstrip(" ")
            elif (parent := node.getparent()) is not None:
                parent.text = parent.text and parent.text.rstrip(" ")


def preformatted(node: etree._Element | None) -> bool:
    """Whether a footnote's element is, or is inside, one of its preformatted blocks."""
    while node is not None:
        if "note-pre" in str(node.get("class", "")).split():
            return True
        node = node.getparent()
    return False


def is_cell(node: etree._Element) -> bool:
    """Whether a footnote's block is a table's cell: an empty one keeps its column."""
    return str(node.get("class", "")).split()[:1] in (["note-td"], ["note-th"])


def is_block(node: etree._Element) -> bool:
    """Whether a footnote's element is one of its blocks (a block-displayed span)."""
    return node.tag == "span" and str(node.get("class", "")).startswith("note-")
