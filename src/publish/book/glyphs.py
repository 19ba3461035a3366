"""Every character the editions print has a glyph in a face of the font chain, or the build
stops at the first one that has none, with its file, line and code point.

The check runs on the Book, not on the source text, because typography (curly quotes, dashes,
no-break and thin spaces) adds characters of its own, and they must print too; the line is
then found again in the source the author wrote (its own character, or a character reference
for it, else where the chapter or the metadata begins).
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from publish.book.imprint import imprint, title_page
from publish.book.model import Book
from publish.book.phrases import phrases_of
from publish.errors import PublishError
from publish.source.fonts import Face, FontChain
from publish.source.manuscript import Manuscript
from publish.source.metadata import Metadata

TAG = re.compile(r"<[^>]*>")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LANGUAGE_TAG = re.compile(r"[A-Za-z0-9-]+")  # what a stylesheet's :lang() may hold unquoted
UNNAMED = {"Co": "PRIVATE USE CHARACTER", "Cn": "UNASSIGNED CHARACTER"}  # by category


@functools.lru_cache(maxsize=2)  # asked for by the glyph check, the layout and its fonts
def book_characters(book: Book) -> str:
    """Every character the editions print: headings, text and notes of each chapter, the
    title and copyright pages and the metadata a reader sees, in code point order."""
    seen: set[str] = set()
    for _, text in printed_texts(book):
        seen.update(text)
    return "".join(sorted(seen - {"\n", "\r", "\t"}))


def printed_texts(book: Book) -> Iterator[tuple[Path | None, str]]:
    """(the chapter file it came from, or None for the metadata; its text), in book order.
    The words the build adds in the book's language (Contents, Notes...) count as metadata:
    the metadata may set them."""
    yield None, metadata_text(book.metadata)
    for chapter in book.chapters:
        title = chapter.title.html if chapter.title is not None else ""
        parts = [title, chapter.running_head or "", chapter.body,
                 *(note.html for note in chapter.notes)]
        yield chapter.source, html.unescape(TAG.sub("", "\n".join(parts)))


def metadata_text(metadata: Metadata) -> str:
    """What the editions print of the metadata, and the words they add in its language."""
    say = phrases_of(metadata)
    shown = [text for _, text in (*say.table, *say.roles)]
    shown += [text for _, text in title_page(metadata)]
    shown += [line.text for line in imprint(metadata)]
    shown += [creator.name for creator in (*metadata.creators, *metadata.contributors)]
    shown += [metadata.description or "", *metadata.subjects]
    return "\n".join(shown)


@dataclass(frozen=True)
class PassageFaces:
    """The fallback faces for the passages marked in one language whose chain is not the
    book's: a Japanese passage in a Chinese book takes the Japanese forms of the Han
    characters (Noto Serif CJK JP), not the book's."""

    lang: str  # the passages' BCP 47 tag, as the text marks it
    faces: tuple[tuple[Face, str], ...]  # each with the characters it draws there


def passage_faces(book: Book, fonts: FontChain) -> tuple[PassageFaces, ...]:
    """For each language a passage of the book is marked in whose chain differs from the
    book's, the faces its text needs, in chain order."""
    found = []
    for lang, text in passages(book):
        chain = fonts.for_language(lang)
        if chain.fallbacks != fonts.fallbacks:
            found.append(PassageFaces(lang, chain.assign(text).faces))
    return tuple(found)


@functools.lru_cache(maxsize=2)
def passages(book: Book) -> tuple[tuple[str, str], ...]:
    """The characters of every element of the text marked with a language, by its tag (in
    the tags' order)."""
    texts: dict[str, set[str]] = {}
    for chapter in book.chapters:
        fragments = [chapter.body, *(note.html for note in chapter.notes)]
        for fragment in fragments:
            if "lang=" not in fragment:
                continue
            for element in etree.fromstring(f"<div>{fragment}</div>").iter():
                lang = element.get("lang") or element.get(XML_LANG)
                if lang:
                    texts.setdefault(lang, set()).update(
                        "".join(str(part) for part in element.itertext()))
    return tuple((lang, "".join(sorted(characters))) for lang, characters in sorted(texts.items()))


def check_glyphs(book: Book, manuscript: Manuscript, fonts: FontChain, *, warn: bool = False
                 ) -> tuple[tuple[Face, ...], tuple[str, ...]]:
    """The fallback faces the book needs, in chain order, and a warning for each character no
    face covers (at its first place in reading order) when `warn`; else a PublishError for
    the first such character."""
    assignment = fonts.assign(book_characters(book))
    problems: dict[str, PublishError] = {}
    if assignment.missing:
        missing = set(assignment.missing)
        for source, text in printed_texts(book):
            for character in dict.fromkeys(text):
                if character in missing and character not in problems:
                    problems[character] = missing_glyph(character, source, manuscript)
                    if not warn:
                        raise problems[character]
    return (tuple(face for face, _ in assignment.faces),
            tuple(problem.one_line() for problem in problems.values()))


def missing_glyph(character: str, source: Path | None, manuscript: Manuscript) -> PublishError:
    point = ord(character)
    name = unicodedata.name(character, UNNAMED.get(unicodedata.category(character), "UNNAMED"))
    message = (f"G-001 character U+{point:04X} {name} is in no installed typeface (no face of the "
               "font chain has it: write it another way, or build with --missing-glyphs warn "
               "to print a box)")
    if source is None:
        metadata = manuscript.project.metadata_file
        shown = manuscript.project.relative(metadata)
        text = metadata.read_text("utf-8") if metadata.is_file() else ""
        return PublishError(message, shown, line_of(text, character, 1))
    chapter = next((found for found in manuscript.chapters if found.shown_as == source), None)
    if chapter is None:
        return PublishError(message, source)
    return PublishError(message, source, line_of(chapter.text, character, chapter.first_line))


def line_of(text: str, character: str, first_line: int) -> int:
    """The line of `text` (which begins at first_line) where the character is written, as
    itself or as a character reference; else the first line."""
    point = ord(character)
    written = re.compile(rf"{re.escape(character)}|&#[xX]0*{point:x};|&#0*{point};",
                         re.IGNORECASE)
    found = written.search(text)
    return first_line + (text.count("\n", 0, found.start()) if found else 0)
