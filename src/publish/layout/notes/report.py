"""What the print layout could not set right, as the build reports a problem: at the file and
line of the note or the text concerned, with its code and what the author can do.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from publish.book.model import Book
from publish.errors import PublishError
from publish.layout.printed import Misplaced, NotesPlaced
from publish.source.manuscript import Manuscript

NOTE_ADVICE = ("shorten the note, or cite it earlier in its paragraph; if the note is not "
               "long, this is a fault of the layout: please report it")
TEXT_ADVICE = ("narrow it: fewer or shorter columns, a smaller image, a shorter line of "
               "code, or a break in a long word")
LOST_ADVICE = "a fault of the layout: please report it"


def misplaced_error(book: Book, manuscript: Manuscript, notes: NotesPlaced
                    ) -> PublishError | None:
    """One error naming each thing the layout could not set right, or None if it set all:
    one line for each note, saying all that is wrong with it."""
    said: dict[str | None, list[str]] = {}  # what is wrong, by note
    for item in notes.misplaced:
        if item.note is not None and item.what not in said.setdefault(item.note, []):
            said[item.note].append(item.what)
    items = [Misplaced("; ".join(said.pop(item.note)), item.note, item.spot)
             if item.note is not None else item
             for item in notes.misplaced if item.note is None or item.note in said]
    problems = {(found := problem(book, manuscript, item)).one_line(): found
                for item in items}  # a table's cells: one problem, the table's
    return PublishError.collect(list(problems.values())) if problems else None


def problem(book: Book, manuscript: Manuscript, item: Misplaced) -> PublishError:
    if item.note is not None:
        chapter = book.chapter_of_id.get(item.note)
        note = next((note for note in chapter.notes if note.id == item.note), None) \
            if chapter is not None else None
        if chapter is not None and note is not None:
            return PublishError(f"N-004 note {note.number}: {item.what} in the print edition "
                                f"({NOTE_ADVICE})", chapter.source, note.line)
        return PublishError(f"N-004 a note: {item.what} in the print edition ({NOTE_ADVICE})")
    chapter_index, _, element = (item.spot or "").partition(".")
    if not chapter_index.isdigit() or int(chapter_index) >= len(book.chapters):
        return PublishError(f"T-003 {item.what} in the print edition ({TEXT_ADVICE})")
    chapter = book.chapters[int(chapter_index)]
    text = text_of(chapter.tree(), int(element) if element.isdigit() else -1)
    advice = LOST_ADVICE if "no page" in item.what else TEXT_ADVICE
    return PublishError(f"T-003 {item.what} in the print edition: '{text}' ({advice})",
                        chapter.source, line_of(manuscript, chapter.source, text))


def text_of(tree: etree._Element, index: int) -> str:
    """The first words of the chapter's `index`-th element (in its tree's iter() order), or of
    the table it stands in: the table is what the author narrows."""
    nodes = list(tree.iter())
    if not 0 <= index < len(nodes):
        return ""
    element = next(nodes[index].iterancestors("table"), nodes[index])
    return " ".join(" ".join(str(text) for text in element.itertext()).split())[:40].rstrip()


def line_of(manuscript: Manuscript, source: Path, text: str) -> int | None:
    """The line of the chapter file where these words first stand, if they stand on one."""
    words = text.split()[:3]
    # Markup may stand between the words: emphasis, a table's bars ("| Years | £ | s. |").
    found = re.compile(r"[\W_]+".join(re.escape(word) for word in words))
    for chapter in manuscript.chapters:
        if chapter.shown_as != source or not words:
            continue
        match = found.search(chapter.text)
        if match:
            return chapter.first_line + chapter.text.count("\n", 0, match.start())
    return None
