"""The plain-text edition: the Book's XHTML as UTF-8 text of at most 72 columns, in PG style.

It follows the Project Gutenberg / Distributed Proofreaders conventions, so the file reads well
in any editor, terminal or e-mail client:

* UTF-8 without a BOM, NFC, LF line ends, no tabs, no trailing spaces, one final newline.
  Lines hold at most 72 characters; only a single token that cannot be broken (a long URL)
  runs over. Wrapping breaks at ASCII spaces only, never at hyphens, so the no-break spaces
  the typography stage set (12 pt, spaced dashes) keep their words together.
* A header: the title in capitals, the subtitle, "by" and the byline; the imprint lines of
  book/imprint.py as "Label: text"; language, date, edition and encoding; then an indented
  CONTENTS (indented so that tools which rewrap paragraphs leave it alone).
* Headings, one style per level: a chapter title (level 1) in CAPITALS with 4 blank lines
  before and 2 after; a level-2 heading and any deeper one as written, 2 blank lines before,
  1 after.
* Paragraphs unindented, separated by one blank line. Emphasis (em, i, cite, dfn) as
  _italic_; strong emphasis (strong, b) as *bold*: pandoc's capitals would shout whole
  paragraphs and destroy the case of the words.
* Block quotations and verse (a paragraph of class poem, verse or stanza) indented by 4.
  Line breaks are kept; a line's own indentation (em spaces in the manuscript) becomes two
  columns per em space; a verse line too long for the measure continues 4 columns further in.
* Lists with hanging indents ("  - " or "  1. "), nested lists indented under their item.
* Tables as aligned columns (a rule of hyphens under the header) when they fit the measure,
  otherwise as a list of rows, one "Header: value" line per cell.
* A thematic break as a centred "*       *       *".
* Note references as [N]; the notes at the end of their chapter under "Notes", each as
  "[N] text" with a hanging indent. An image as [Illustration: alt text]. A link to the web
  as "text <url>" (the URL alone when it is its own text); a link inside the book as its text.
* Every word the edition adds (the header's labels, CONTENTS, Notes, Illustration) in the
  book's language, from book/phrases.toml, where `publish check` reads them too.
* A colophon saying how the file was produced, with the book's identifier.

Everything is rendered from the Book's XHTML trees, never from the Markdown, so the text edition
carries exactly the words and characters of the others.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from publish.book import xml
from publish.book.imprint import byline, credits, imprint, printed
from publish.book.model import Book, Chapter, Heading, Note
from publish.book.phrases import Phrases, phrases_of
from publish.book.xml import fragment, without_note_calls
from publish.editions import required
from publish.editions.text.blocks import ENTRY, flow, hang, join_blocks
from publish.editions.text.destinations import with_destinations
from publish.editions.text.inline import QUOTE_INDENT, WIDTH, inline, page_marker, wrap
from publish.kept import Keep, made, source_digests
from publish.layout import page_breaks
from publish.layout.page_breaks import opening_marker, with_page_breaks
from publish.layout.printed import Typeset
from publish.settings import Settings


@dataclass(frozen=True)
class Variant:
    """What the header and colophon say of the file's character set: UTF-8 or its ASCII form."""

    edition: str  # the phrase (phrases.toml) naming it: the header's "Edition:" value
    encoding: str  # the header's "Encoding:" value, also named in the colophon


UTF8 = Variant("plain-text", "UTF-8")
# In the key a chapter's lines are kept under: the code that sets them (this folder's).
TEXT_CODE = source_digests(*sorted(str(path) for path in Path(__file__).parent.glob("*.py")),
                           page_breaks.__file__, xml.__file__)


def with_page_markers(book: Book, settings: Settings, layout: Typeset | None) -> Book:
    """The Book with the print edition's page breaks in it, when the build asks for them."""
    if not settings.page_markers:
        return book
    return with_page_breaks(book, required(layout).layout)


def book_text(book: Book, variant: Variant, keep: Keep = made) -> str:
    """The text edition as one NFC string; the ASCII edition renders its mapped Book with it.
    Each chapter's lines are kept by `keep`: an edit to one chapter sets that one again."""
    say = phrases_of(book.metadata)
    lines = header(book, variant) + contents(book, say)
    for chapter in with_destinations(book).chapters:
        lines += kept_chapter_lines(chapter, say, keep)
    lines += colophon(book, variant)
    text = "\n".join(line.rstrip() for line in lines).strip("\n") + "\n"
    return unicodedata.normalize("NFC", text)


# --- Front and back of the book ---------------------------------------------------------------

def header(book: Book, variant: Variant = UTF8) -> list[str]:
    """The title block, then what the copyright page says, labelled, as PG headers are."""
    metadata = book.metadata
    say = phrases_of(metadata)
    lines = wrap(metadata.title.upper())
    if metadata.subtitle:
        lines += ["", *wrap(metadata.subtitle)]
    lines += ["", *wrap(say.say("by", names=byline(metadata)))]
    for credit in credits(metadata):
        lines += wrap(credit)
    labelled = [(line.label, line.value) for line in imprint(metadata)]
    labelled.append((say.say("label-language"), metadata.lang))
    if metadata.date:
        labelled.append((say.say("label-date"), say.date(metadata.date)))
    labelled += [(say.say("label-edition"), say.say(variant.edition)),
                 (say.say("label-encoding"), variant.encoding)]
    lines += ["", "", ""]
    for label, value in labelled:
        lines += wrap(say.say("header-line", label=label, value=value),
                      hanging=" " * QUOTE_INDENT)
    return lines


def contents(book: Book, say: Phrases) -> list[str]:
    """An indented list of chapters and their sections, as PG keeps a table of contents."""
    lines = ["", "", "", "", say.say("contents").upper(), ""]
    for chapter in book.chapters:
        if chapter.title is None:
            continue  # a dedication or an epigraph is not listed
        lines += wrap(heading_text(chapter.title, say, with_notes=False), indent=" " * 4,
                      hanging=" " * 8)
        for heading in chapter.headings:
            if heading.level == 2:
                lines += wrap(heading_text(heading, say, with_notes=False), indent=" " * 8,
                              hanging=" " * 12)
    return lines


def colophon(book: Book, variant: Variant = UTF8) -> list[str]:
    """How the file was made, and what its marks mean, at the very end as a printed book has."""
    say = phrases_of(book.metadata)
    paragraphs = [say.say("produced"),
                  say.say("marks", edition=say.say(variant.edition), encoding=variant.encoding)]
    if printed(book.metadata.identifier):
        paragraphs.append(book.metadata.identifier.urn)
    lines = ["", "", "", "", say.say("colophon").upper(), ""]
    for paragraph in paragraphs:
        lines += ["", *wrap(paragraph)]
    return lines


# --- Chapters -----------------------------------------------------------------------------------

def kept_chapter_lines(chapter: Chapter, say: Phrases, keep: Keep) -> list[str]:
    """chapter_lines, kept under the chapter (all of it: its text, notes, headings, page
    markers), the words the edition adds in the book's language (the notes' heading, the
    illustrations' marks) and the code that sets the text."""
    made_from = hashlib.sha256(f"{TEXT_CODE}\0{say.table!r}\0{chapter!r}".encode())
    kept = keep(made_from.hexdigest(),
                lambda: json.dumps(chapter_lines(chapter, say)).encode("utf-8"))
    return [str(line) for line in json.loads(kept)]


def chapter_lines(chapter: Chapter, say: Phrases) -> list[str]:
    """A chapter: 4 blank lines, its title in capitals, 2 blank lines, its text, its notes."""
    body = chapter.tree()
    opening = opening_marker(body)
    lines = ["", "", "", ""] + ([page_marker(opening)] if opening is not None else [])
    if chapter.title is not None:
        lines += [*wrap(heading_text(chapter.title, say).upper()), "", ""]
    if chapter.role == "bibliography":  # its paragraphs are entries, set with hanging indents
        for entry in body.iter("p"):
            entry.set("class", " ".join([*entry.get("class", "").split(), ENTRY]))
    lines += join_blocks(flow(body, WIDTH, say))
    if chapter.notes:
        lines += ["", "", say.say("notes"), ""]
        for index, note in enumerate(chapter.notes):
            lines += ([""] if index else []) + note_lines(note, say)
    return lines


def note_lines(note: Note, say: Phrases) -> list[str]:
    """One note as "[N] text", its later lines (and later paragraphs) under the text."""
    label = f"[{note.number}] "
    body = join_blocks(flow(fragment(note.html), WIDTH - len(label), say))
    return hang(body, label)


def heading_text(heading: Heading, say: Phrases, *, with_notes: bool = True) -> str:
    """A heading's inline XHTML as one line of text (its emphasis marked, breaks as spaces);
    in the contents without the calls of the notes it cites."""
    html = fragment(heading.html) if with_notes else without_note_calls(heading.html)
    return inline(html, say).replace("\n", " ").strip()
