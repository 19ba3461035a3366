"""The notes of an HTML or XHTML tree: each call paired with its definition, found before the
walker converts anything, so that calls become `[^n]` and definitions move below the text.

Found three ways, surest first: EPUB's `epub:type="noteref"` (or ARIA's `doc-noteref`), or a
link to an element marked footnote or endnote; a link whose text is a number pointing at a
block further on (a web page's notes section); a bare superscript number matched by a later
paragraph that opens with the same number. The last two are guesses, and said to be.
"""

from __future__ import annotations

import re
from copy import deepcopy
from dataclasses import dataclass, field

from lxml import etree

from publish.imports.html_text import classes, epub_types, local, text_of, words_outside

NOTE_TYPES = {"footnote", "endnote", "rearnote", "note"}
NOTE_ROLES = {"doc-footnote", "doc-endnote"}
NOTES_SECTION_ROLES = {"doc-endnotes", "doc-footnotes"}
NOTES_SECTION_TYPES = {"footnotes", "endnotes", "rearnotes"}
NOTES_SECTION_CLASSES = {"footnotes", "endnotes", "notes", "footnote"}
BACKLINK_TEXT = {"↩", "↩︎", "↑", "^", "back", "return", "⤴"}
DEFINITION_HOLDERS = {"p", "li", "aside", "div", "dd", "section"}

NUMBER = re.compile(r"^\[?\(?(\d{1,4})\)?\]?$")
NOTE_OPENING = re.compile(r"^\s*\[?(\d{1,4})[\].):]?\s+")


@dataclass
class Note:
    """A note found in the source: its definition's element, and how it was found."""

    element: etree._Element
    guessed: str  # "" when the markup says it is a note, else why it was taken for one
    number: int = 0  # its number in the Markdown, given at its first call


@dataclass
class Notes:
    """The notes of one conversion, keyed by the id() of the call's element."""

    calls: dict[int, Note] = field(default_factory=dict)
    definitions: set[int] = field(default_factory=set)  # id()s of definitions' elements
    referenced: set[str] = field(default_factory=set)  # ids some link points to
    # lxml makes a Python object for an element when asked and may drop it after: every
    # element of the tree is held here, so that the ids above stay theirs
    held: list[etree._Element] = field(default_factory=list)

    def is_call(self, element: etree._Element) -> bool:
        return id(element) in self.calls

    def is_definition(self, element: etree._Element) -> bool:
        return id(element) in self.definitions

    def add(self, call: etree._Element, definition: etree._Element, guessed: str) -> None:
        holder = call.getparent()
        if holder is not None and local(holder) == "sup" and not text_outside(holder, call):
            call = holder  # the superscript is part of the call
        self.calls[id(call)] = Note(definition, guessed)
        self.definitions.add(id(definition))

    def heads_notes(self, heading: etree._Element) -> bool:
        """A heading such as "Notes" standing over the notes (or their container)."""
        following = heading.getnext()
        while following is not None and not isinstance(following.tag, str):
            following = following.getnext()
        return following is not None and len(text_of(heading).split()) <= 3 and (
            self.is_definition(following) or self.is_notes_section(following))

    def is_notes_section(self, element: etree._Element) -> bool:
        """A container of notes only (and perhaps a heading such as "Notes"): its notes go
        below the text, so the container itself is dropped."""
        if self.is_definition(element) or not any(
                self.is_definition(inner) for inner in element.iter()):
            return False
        marked = (element.get("role") in NOTES_SECTION_ROLES
                  or epub_types(element) & NOTES_SECTION_TYPES
                  or classes(element) & NOTES_SECTION_CLASSES)
        return bool(marked) or len(self.leftover_text(element).split()) <= 3

    def leftover_text(self, element: etree._Element) -> str:
        """The text of an element outside the notes it holds."""
        return words_outside(element, self.is_definition)


def find_notes(elements: list[etree._Element]) -> Notes:
    """Pair every note call in `elements` with its definition (anywhere in their document)."""
    notes = Notes()
    tree = elements[0].getroottree()
    notes.held = list(tree.iter())
    ids = {element.get("id"): element for element in notes.held if isinstance(
        element.tag, str) and element.get("id")}
    ids |= {element.get("name"): element for element in notes.held
            if local(element) == "a" and element.get("name") and element.get("name") not in ids}
    order = {id(element): index for index, element in enumerate(notes.held)}
    inside = [element for top in elements for element in top.iter()
              if isinstance(element.tag, str)]
    for element in inside:
        href = element.get("href", "") if local(element) == "a" else ""
        if not href.startswith("#"):
            continue
        notes.referenced.add(href[1:])
        target = ids.get(href[1:])
        if target is None:
            continue
        if is_marked_call(element) or is_marked_note(target):
            notes.add(element, definition_of(target), "")
        elif (NUMBER.match(text_of(element).strip()) and local(target) not in HEADINGS
              and order.get(id(target), 0) > order.get(id(element), 0)):
            notes.add(element, definition_of(target), "a numbered link to a later paragraph")
    find_bare_superscripts(notes, inside, order)
    return notes


HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def find_bare_superscripts(notes: Notes, inside: list[etree._Element],
                           order: dict[int, int]) -> None:
    """Superscript numbers with no link, each matched by a later paragraph opening with its
    number: notes, as a page copied from print often has them."""
    bare = [element for element in inside if local(element) == "sup"
            and not notes.is_call(element) and NUMBER.match(text_of(element).strip())
            and not any(local(link) == "a" for link in (*element.iter(),
                                                        *element.iterancestors()))]
    if not bare:
        return
    openings: dict[str, etree._Element] = {}
    for block in notes.held:
        if local(block) not in ("p", "li") or notes.is_definition(block):
            continue
        first = block[0] if len(block) and not (block.text or "").strip() else None
        if first is not None and local(first) == "sup":
            number = text_of(first).strip().strip("[]().")
        else:
            match = NOTE_OPENING.match(text_of(block))
            number = match.group(1) if match else ""
        if number and number not in openings:
            openings[number] = block
    for call in bare:
        opening = openings.get(text_of(call).strip().strip("[]()."))
        if opening is not None and order.get(id(opening), 0) > order.get(id(call), 0):
            notes.add(call, opening, "a superscript number and a later paragraph opening "
                      "with it")


def is_marked_call(element: etree._Element) -> bool:
    return "noteref" in epub_types(element) or element.get("role") == "doc-noteref"


def is_marked_note(element: etree._Element) -> bool:
    return bool(NOTE_TYPES & epub_types(element)) or element.get("role") in NOTE_ROLES


def definition_of(target: etree._Element) -> etree._Element:
    """The block a note's link points at: the target itself, or the paragraph or list item
    an anchor inside it marks."""
    if local(target) in DEFINITION_HOLDERS:
        return target
    for holder in target.iterancestors():
        if local(holder) in DEFINITION_HOLDERS:
            return holder
    return target


def without_label(element: etree._Element) -> etree._Element:
    """A copy of a note's definition without its number and its links back to the call."""
    copy = deepcopy(element)
    copy.tail = None
    for anchor in [inner for inner in copy.iter() if local(inner) == "a"]:
        words = text_of(anchor).strip()
        if ("note-backlink" in classes(anchor) or "footnote-back" in " ".join(classes(anchor))
                or anchor.get("role") == "doc-backlink" or "backlink" in epub_types(anchor)
                or words in BACKLINK_TEXT
                or (NUMBER.match(words) and is_leading(copy, anchor))):
            remove_keeping_tail(anchor)
    for sup in [inner for inner in copy.iter() if local(inner) == "sup"]:
        if NUMBER.match(text_of(sup).strip()) and is_leading(copy, sup):
            remove_keeping_tail(sup)
    first = copy
    while len(first) and not (first.text or "").strip() and isinstance(first[0].tag, str):
        first = first[0]
    if first.text and NOTE_OPENING.match(first.text):
        first.text = NOTE_OPENING.sub("", first.text, count=1)
    return copy


def is_leading(root: etree._Element, element: etree._Element) -> bool:
    """Whether nothing but white space comes before `element` in `root`."""
    inside = list(root.iter())  # held, so that the ids below stay theirs
    members = {id(node) for node in inside}
    before = element.xpath("preceding::text()")
    assert isinstance(before, list)
    return not any(str(piece).strip() for piece in before
                   if isinstance(piece, etree._ElementUnicodeResult)
                   and id(piece.getparent()) in members
                   and not (piece.is_tail and piece.getparent() is root))


def remove_keeping_tail(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + (element.tail or "")
    else:
        parent.text = (parent.text or "") + (element.tail or "")
    parent.remove(element)


def text_outside(holder: etree._Element, inner: etree._Element) -> bool:
    """Whether `holder` has text other than `inner`'s."""
    return bool((holder.text or "").strip() or (inner.tail or "").strip() or any(
        child is not inner for child in holder))
