"""The print PDF's text as a reader's program reads it: its pages' lines (pdf_pages.py), from
the manuscript's first words on, the body apart from the notes at each page's foot, a word that
print broke at a line's end joined again, each note whole where print continued it on the next
page.

The contents (pages with leader dots), running heads (a first line that names the book or a
chapter), folios (a last line that is a page number) and footnote calls (pdf_lines.py) are
left out. A note begins "N." on the first line of the smallest size at a page's foot; a note
too long for its call's page goes on at the head of the next page's notes, after the label
the book's phrases give it ("3 (continued)", "3 (suite)"), which is print's, not the note's.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence, Set
from dataclasses import replace
from functools import cache

from publish.book.model import Book
from publish.book.phrases import phrases_of
from publish.checks.pdf_lines import PdfLine
from publish.checks.words import (
    Text,
    find_headings,
    heading_words,
    token_key,
    without_marks,
    words,
)
from publish.source.metadata import Metadata

LONG_RUN = 24  # characters: a run longer may not fit a line of the narrowest trim
HYPHENS = ("-", "\u2010", "\u00ad")
OPENING_WORDS = 8  # how many of the manuscript's first words tell the page the text opens on
FOLIO = re.compile(r"^(?:\d+|[ivxlcdm]+)$", re.IGNORECASE)
# A note's number and stop, then its text, or nothing: a note whose text opens with a block (a
# list) has its number on a line of its own.
PDF_NOTE_START = re.compile(r"^(\d+)\.(?:\s|$)")
NOTES_AHEAD = 4  # how far on in the manuscript's notes a note read back may be (some lost)
INSET = 0.5  # of a line's size: how far in from the notes' edges a list's item stands
NUMBER_DRAWN_LAST = re.compile(r"^(\D.*?)\s+\.(\d+)$")


def pdf_text(pages: Sequence[Sequence[PdfLine]], book: Book, manuscript: Text) -> Text:
    """The words of the PDF's text layer, without their combining marks (words.without_marks):
    the body, and the notes, each note's number then its words, as the manuscript gives them.
    """
    read = [list(lines) for lines in pages]
    if book.metadata.dir == "rtl":
        read = [[number_first(line) for line in lines] for lines in read]
    continued = continuation(book.metadata)
    read = without_furniture([lines for lines in read
                              if not any(". . ." in line.text for line in lines)], book)
    start = next((index for index in range(len(read)) if opens_the_text(read[index:],
                                                                         manuscript)),
                 len(read))
    read = read[start:]
    vocabulary = set(manuscript.words) | set(manuscript.notes)
    body_lines: list[str] = []
    notes_lines: list[list[str]] = []
    insets: list[list[bool]] = []
    note_size = notes_size(read)
    for lines in read:
        split = notes_start(lines, note_size, continued)
        body_lines += [line.text for line in lines[:split]]
        notes_lines.append([line.text for line in lines[split:]])
        insets.append(inset(lines[split:]))
    body_lines = without_page_references(body_lines, book.metadata)
    notes = page_notes(notes_lines, continued, manuscript.note_numbers, insets)
    headings = find_headings(tuple(without_marks(heading) for heading in heading_words(book)),
                             [without_marks(words(line)) for line in body_lines])
    numbers = tuple(opening[1] for note in notes if (opening := PDF_NOTE_START.match(note[0])))
    return Text(without_marks(dehyphenated(body_lines, manuscript.tokens, vocabulary)),
                without_marks([word for note in notes
                               for word in dehyphenated(note, manuscript.tokens, vocabulary)]),
                len(numbers), headings, note_numbers=numbers)


def without_page_references(lines: list[str], metadata: Metadata) -> list[str]:
    """The lines without the "(page 37)" print sets after a page reference's words
    (layout/page_references.py), which are print's, not the manuscript's; as many lines."""
    say = phrases_of(metadata)
    before, _, after = say.say("page-reference", page="\0").partition("\0")
    pattern = re.compile(r"\s*".join(map(re.escape, before.split())) + r"\s*\S+?\s*"
                         + r"\s*".join(map(re.escape, after.split())))
    text = pattern.sub(lambda found: "\n" * found[0].count("\n") or " ", "\n".join(lines))
    return text.split("\n")


def notes_size(pages: Sequence[Sequence[PdfLine]]) -> float | None:
    """The size the notes are set in: the commonest size of the lines that open a page's notes,
    a line that begins "N.", set smaller than the line above it and no smaller than any line
    below it, and smaller than the text that opens most pages. The commonest size of all
    cannot tell them (a book of long notes has more lines of notes than of text), nor a
    number alone: a numbered list after a heading begins "N." too."""
    opening = Counter(lines[0].size for lines in pages if lines).most_common(1)
    text_size = opening[0][0] if opening else 0.0
    sizes = Counter(lines[index].size for lines in pages for index in range(1, len(lines))
                    if PDF_NOTE_START.match(lines[index].text)
                    and lines[index].size < text_size - 0.05
                    and lines[index - 1].size > lines[index].size + 0.05
                    and all(line.size <= lines[index].size + 0.05
                            for line in lines[index:]))
    return sizes.most_common(1)[0][0] if sizes else None


def notes_start(lines: Sequence[PdfLine], note_size: float | None,
                continued: re.Pattern[str]) -> int:
    """Where a page's notes begin among its lines (running head and folio left out): at the
    first note ("N.") or continuation label among the lines at its foot set no larger than
    the notes (notes_size). A table set as small as the notes (a ledger fitted to the page),
    above them or running to the foot of a page with none, stays in the text."""
    split = len(lines)
    while note_size is not None and split and lines[split - 1].size <= note_size + 0.05:
        split -= 1
    return next((index for index in range(split, len(lines))
                 if PDF_NOTE_START.match(lines[index].text)
                 or continued.match(lines[index].text)), len(lines))


def inset(lines: Sequence[PdfLine]) -> list[bool]:
    """Whether each of a page's note lines stands in from both sides of the notes: an item of
    a numbered list in a note ("18. Clare Market…"), which no note begins with; a note's
    number stands at the notes' edge (its left, or its right in a right-to-left note)."""
    if not lines:
        return []
    left, right = min(line.left for line in lines), max(line.right for line in lines)
    return [line.left - left > INSET * line.size and right - line.right > INSET * line.size
            for line in lines]


def continuation(metadata: Metadata) -> re.Pattern[str]:
    """The label that opens the rest of a note continued from the page before, its number the
    group: the book's phrase for it ("{number} (continued)"), spaces in it as any space."""
    before, _, after = phrases_of(metadata).say("note-continued", number="\0").partition(
        "\0")
    def spaced(text: str) -> str:
        return r"\s*".join(re.escape(part) for part in text.split())
    return re.compile(r"^\s*" + spaced(before) + r"\s*(\d+)\s*" + spaced(after) + r"\s*")


def page_notes(pages: Sequence[Sequence[str]], continued: re.Pattern[str],
               numbers: tuple[str, ...] = (), insets: Sequence[Sequence[bool]] = ()
               ) -> list[list[str]]:
    """Each note's lines, from each page's notes (their lines, top to bottom).

    A note begins at a line that begins "N."; where the manuscript's note numbers are given
    (`numbers`, in order), only where N is the next of them, or one of the few after it (a
    note lost) other than a 1: a note's line that wraps before "1. A translation" goes on
    with its note, and a new division's note 1 begins where it is the next. The first line of
    a page's notes that begins with the continuation label of a note of the page before (the
    last, or one that notes called later on that page follow) goes on with that note, the
    label left out, so a note printed over two pages (or more) is one note, its words as the
    manuscript has them. A line inset from both sides of the notes (`insets`, page by page)
    begins no note: it is a list's item in one. Lines before any note (none, in a book print
    laid out) are kept as a note of their own, which is not counted."""
    notes: list[list[str]] = []
    current: list[str] | None = None  # the note the next line goes on with
    before: list[list[str]] = []  # the notes with lines on the page before
    met = 0  # how many of `numbers` the notes begun have met
    for page, lines in enumerate(pages):
        here: list[list[str]] = []
        for position, line in enumerate(lines):
            label = continued.match(line) if position == 0 else None
            start = PDF_NOTE_START.match(line)
            listed = page < len(insets) and insets[page][position]
            begins = start is not None and not listed and (
                not numbers or starts_note(start[1], numbers[met:]))
            if label and (earlier := numbered(before, label[1])) is not None:
                current = earlier
                if line[label.end():].strip():  # else the label stands on a line of its own
                    current.append(line[label.end():])
            elif current is None or begins:
                current = [line]
                notes.append(current)
                if start and begins and numbers:
                    met += numbers[met:].index(start[1]) + 1
            else:
                current.append(line)
            if not any(note is current for note in here):
                here.append(current)
        before = here
    return notes


def numbered(notes: Sequence[list[str]], number: str) -> list[str] | None:
    """The note of `notes` that began as note `number`, if one did."""
    return next((note for note in notes
                 if (start := PDF_NOTE_START.match(note[0])) and start[1] == number), None)


def starts_note(number: str, to_meet: tuple[str, ...]) -> bool:
    """Whether a line opening "N." begins a note, the manuscript's notes from the next one on
    being `to_meet` (page_notes)."""
    return to_meet[:1] == (number,) or (number != "1" and number in to_meet[:NOTES_AHEAD])


def dehyphenated(lines: Sequence[str], tokens: Set[str], vocabulary: Set[str] = frozenset()
                 ) -> list[str]:
    """The lines' words, a word that print broke at a line's end joined again.

    Print breaks a line at a space, at a hyphen it adds (hyphenation), after a hyphen or dash
    of the text's own, or anywhere in a word too long for the line (a URL). So a line's last
    run of text and the next line's first are joined when the manuscript has them as one run
    (`tokens`, words.token_key): without the hyphen when that is how it has them
    ("revolu-|tionary"), else as they are ("so-|called", "https://|example.org"). Without a
    hyphen, two runs that are each a whole run of the manuscript were set apart by a space and
    stay apart: "there." ending a paragraph and "In" opening the next are two words, even in a
    book that says "therein", and so are "во" and "все" in a book that says "вовсе". Where a
    shaped script's text layer cannot be matched run for run, a hyphenated break is joined
    when the joined word is one of the manuscript's words (`vocabulary`)."""
    text: list[str] = []
    for index, line in enumerate(lines):
        runs = line.split()
        following = lines[index + 1].split() if index + 1 < len(lines) else []
        if runs and following and joins(runs[-1], following[0], tokens, vocabulary):
            text.append(line.rstrip()[:-1] if runs[-1].endswith(HYPHENS) else line.rstrip())
        else:
            text.append(line + " ")
    return words("".join(text))


def joins(last: str, first: str, tokens: Set[str], vocabulary: Set[str]) -> bool:
    """Whether a line ending in `last` goes on, in the same word, with `first`; a hyphen at
    the end of `last` dropped when it does (dehyphenated)."""
    hyphenated = last.endswith(HYPHENS)
    if last.endswith("-") and token_key(last + first) in tokens:
        # Print hyphenates with U+2010 (WeasyPrint's hyphenate-character), so a hyphen-minus
        # is the text's own even where the manuscript also has the word whole ("Coffee-House"
        # here, "Coffeehouse" there).
        return False
    if not hyphenated:  # a break inside a run too long for its line (a URL), not at a space
        return (token_key(last + first) in tokens or part_of_a_long_run(
            last + first, tokens)) and not (token_key(last) in tokens and token_key(first)
                                             in tokens)
    if token_key(last[:-1] + first) in tokens or part_of_a_long_run(
            last[:-1] + first.rstrip("".join(HYPHENS)), tokens):
        return True
    if token_key(last + first) in tokens:
        return False  # the hyphen is the text's own ("so-called"): two words
    tail, head = words(last[:-1])[-1:], words(first)[:1]
    return bool(tail and head and tail[0] + head[0] in vocabulary)


def part_of_a_long_run(text: str, tokens: Set[str]) -> bool:
    """Whether the text is a part of one of the runs long enough that print may break them
    over three lines or more (the Water Rat's "coldtonguecoldham…sodawater"): a line that is
    only the run's middle joins the lines on either side."""
    key = token_key(text)
    runs = long_runs(tokens) if isinstance(tokens, frozenset) else tuple(
        run for run in tokens if len(run) > LONG_RUN)
    return len(key) > LONG_RUN // 2 and any(key in run for run in runs)


@cache
def long_runs(tokens: frozenset[str]) -> tuple[str, ...]:
    return tuple(run for run in tokens if len(run) > LONG_RUN)


def number_first(line: PdfLine) -> PdfLine:
    """A line of left-to-right text (an English note) in a right-to-left book: the note's
    number, first in the line as the book reads, is drawn at its right end ("… .1")."""
    found = NUMBER_DRAWN_LAST.match(line.text)
    return replace(line, text=f"{found[2]}. {found[1]}") if found else line


def opens_the_text(pages: Sequence[list[PdfLine]], manuscript: Text) -> bool:
    """Whether the first of these pages begins with the manuscript's first eight words, read
    on over the following pages when it holds fewer (a dedication), so a title page that
    begins as the book does is not taken for the text's first page."""
    wanted = without_marks(manuscript.words[:4 * OPENING_WORDS])[:OPENING_WORDS]
    found: tuple[str, ...] = ()
    for lines in pages:
        found += without_marks(words(" ".join(line.text for line in lines)))
        if len(found) >= len(wanted) or not found:
            break
    return bool(found) and found[:len(wanted)] == wanted


def without_furniture(pages: Sequence[Sequence[PdfLine]], book: Book) -> list[list[PdfLine]]:
    """The pages without their running heads and folios (a last line that is a page number).

    A first line that says what a running head says (the book's title, a chapter's) is one
    when it is set in the running heads' size, learnt from the pages where such a line stands
    over larger text: a chapter's heading alone on its page, or opening it, is not one, and a
    head over a page of notes alone (a long note's end), set as small as they are, is. Where
    no page shows the size, a head is a first line smaller than the line below it, alone, or
    over a note's first line or its continuation."""
    heads = {without_marks(head) for head in running_heads(book)}
    continued = continuation(book.metadata)
    unnumbered = [list(lines[:-1]) if lines and FOLIO.match(lines[-1].text) else list(lines)
                  for lines in pages]

    def says_a_head(line: PdfLine) -> bool:
        first = without_marks(words(line.text))
        return bool(first) and any(head[:len(first)] == first for head in heads)
    sizes = Counter(lines[0].size for lines in unnumbered if len(lines) > 1
                    and lines[0].size < lines[1].size - 0.05 and says_a_head(lines[0]))
    head_size = sizes.most_common(1)[0][0] if sizes else None

    def is_head(lines: list[PdfLine]) -> bool:
        if not lines or not says_a_head(lines[0]):
            return False
        if head_size is not None:
            return abs(lines[0].size - head_size) < 0.05
        return len(lines) == 1 or lines[0].size < lines[1].size or (
            lines[0].size <= lines[1].size + 0.05
            and bool(PDF_NOTE_START.match(lines[1].text) or continued.match(lines[1].text)))
    return [lines[1:] if is_head(lines) else lines for lines in unnumbered]


def running_heads(book: Book) -> set[tuple[str, ...]]:
    """What a page's running head may say: the book's title, or a chapter's or section's."""
    return {tuple(words(book.metadata.title)), *heading_words(book)}
