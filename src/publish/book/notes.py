"""Footnotes: taken out of Python-Markdown's list, numbered per division by first citation.

Each citation gets an id of its own (a note cited twice has two), so every edition can link a
note back to the place it was first cited.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from publish.book.model import Note
from publish.book.xml import inner_xml, remove_keeping_tail


def extract_notes(root: etree._Element) -> dict[str, etree._Element]:
    """Take Python-Markdown's footnote list out of the text: note key -> its <li> (without
    the links back to the text, which the parser took out: parse.NoteBacklinks)."""
    notes: dict[str, etree._Element] = {}
    for holder in root.findall(".//div[@class='footnote']"):
        for item in holder.iter("li"):
            notes[item.get("id", "")] = item
        remove_keeping_tail(holder)
    return notes


def number_notes(holder: etree._Element, chapter_id: str,
                 notes_by_key: dict[str, etree._Element],
                 line_of: Callable[[str], int | None] = lambda label: None) -> tuple[Note, ...]:
    """Number notes by first reference within the division; each reference gets its own id.
    `line_of` finds the line where a note (by its label) is written."""
    numbers: dict[str, int] = {}
    refs: dict[str, list[str]] = {}
    for sup in list(holder.iter("sup")):
        link = sup.find("a[@class='footnote-ref']")
        if link is None:
            continue
        key = link.get("href", "#")[1:]
        number = numbers.setdefault(key, len(numbers) + 1)
        note_id = f"{chapter_id}-note-{number}"
        ref_id = f"{chapter_id}-noteref-{number}"
        refs.setdefault(key, [])
        if refs[key]:
            ref_id += f"-{len(refs[key]) + 1}"
        refs[key].append(ref_id)
        reference = etree.Element("a", {"class": "noteref", "id": ref_id, "href": "#" + note_id})
        reference.text = str(number)
        reference.tail = sup.tail
        parent = sup.getparent()
        assert parent is not None
        parent.replace(sup, reference)
    notes = []
    for key, number in numbers.items():
        item = notes_by_key.get(key)
        if item is None:
            continue
        blocks = inner_xml(item)
        notes.append(Note(f"{chapter_id}-note-{number}", number, blocks, tuple(refs[key]),
                          line_of(key.partition(":")[2] or key),
                          item.get("dir")))  # the typography gave it the direction it reads in
    return tuple(notes)
