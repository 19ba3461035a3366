"""The ASCII text edition: the plain-text edition with every character mapped into ASCII.

For readers, tools and mail systems that cannot take UTF-8. The typography of the Book is
mapped explicitly, the way Project Gutenberg's ASCII files write it (' " -- ...; a range's en
dash as a hyphen). Then the letters of a language that has a convention for writing them in
ASCII are written by it (book/ascii_conventions.py: German "Grüße" is "Gruesse", Spanish
"¿Qué?" is "Que?"), each text by its own language: the book's, or that of the passage marked
with a `lang` that holds it. Any other character is transliterated by anyascii (ISC licence;
unidecode is GPL): "Chañaral" becomes "Chanaral", "Ωμέγα" "Omega".

The mapping is applied to the Book's text *before* the text edition wraps it, so lines are
measured in the characters they end up holding and stay within 72 columns even where one
character became several ("—" is "--", "…" is "..."). Spaces are the exception: the no-break
and em spaces keep their meaning through the wrapping (a no-break space holds "12 pt"
together, an em space indents a verse line) and, being one column wide as they are, become
ASCII spaces afterwards, together with the quotation marks the text edition adds itself.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from typing import Any, TypeVar

from anyascii import anyascii
from lxml import etree

from publish.book.ascii_conventions import ascii_convention
from publish.book.make import plain_text
from publish.book.model import Book, Chapter, Heading
from publish.book.phrases import phrases_of
from publish.book.xml import fragment, in_languages
from publish.editions.text.document import Variant, book_text, with_page_markers
from publish.kept import Keep, made
from publish.layout.printed import Typeset
from publish.settings import Settings
from publish.source.styles import Styles

ASCII = Variant("ascii-text", "US-ASCII")

# Typography mapped explicitly, so the result never depends on a library's choice for these.
PUNCTUATION = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"', "\u2039": "'", "\u203a": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2212": "-",
    "\u2013": "--",  # the house dash; a range's en dash (RANGE) is a hyphen
    "\u2014": "--", "\u2015": "--",
    "\u2026": "...",
    "\u00ad": "",  # a soft hyphen is a hint for line breaking, not a character to show
    "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "",
})
# Every Unicode space, one column wide here, as an ASCII space.
SPACES = str.maketrans({char: " " for char in (
    "\u00a0", "\u1680", "\u2000", "\u2001", "\u2002", "\u2003", "\u2004", "\u2005", "\u2006",
    "\u2007", "\u2008", "\u2009", "\u200a", "\u202f", "\u205f", "\u3000")})
KEPT_SPACES = "".join(chr(code) for code in SPACES)  # left for the text edition's wrapping
RANGE = re.compile(r"(?<=\d)\u2013(?=\d)")  # 1909–1984: PG writes 1909-1984

T = TypeVar("T")


def render(book: Book, styles: Styles, settings: Settings, layout: Typeset | None,
           keep: Keep = made) -> bytes:
    """The text edition of the Book with its text mapped to ASCII, in ASCII."""
    text = book_text(ascii_book(with_page_markers(book, settings, layout)), ASCII, keep)
    # What is left is what the text edition wrote itself (its quotation marks, the spaces it
    # kept, a date of the header): in the book's language.
    return to_ascii(text, book.metadata.lang).encode("ascii")


def to_ascii(text: str, lang: str) -> str:
    """Any text in the language `lang` as ASCII: typography mapped, the language's letters as
    its convention writes them, spaces as spaces, the rest transliterated."""
    return anyascii(ascii_convention(lang).apply(typography(text)).translate(SPACES))


def typography(text: str) -> str:
    """The Book's typography as PG's ASCII files write it: ' " -- - ..."""
    return RANGE.sub("-", unicodedata.normalize("NFC", text)).translate(PUNCTUATION)


def to_ascii_keeping_spaces(text: str, lang: str) -> str:
    """Text in the language `lang` as ASCII except its Unicode spaces, which the wrapping still
    needs to see."""
    mapped = ascii_convention(lang).apply(typography(text))
    return "".join(char if char in KEPT_SPACES or char.isascii() else anyascii(char)
                   for char in mapped)


def ascii_book(book: Book) -> Book:
    """The Book with every word, heading, note and metadata value mapped to ASCII, and the
    words the build adds too (set as the book's own phrases), before any line is measured."""
    say = phrases_of(book.metadata)
    phrases = [*say.table, *((f"role-{role}", name) for role, name in say.roles)]
    metadata = dataclasses.replace(book.metadata, phrases=tuple(phrases))
    lang = book.metadata.lang
    return dataclasses.replace(
        book,
        metadata=ascii_strings(metadata, lang),
        chapters=tuple(ascii_chapter(chapter, lang) for chapter in book.chapters),
    )


def ascii_chapter(chapter: Chapter, lang: str) -> Chapter:
    return dataclasses.replace(
        chapter,
        title=ascii_heading(chapter.title, lang) if chapter.title else None,
        headings=tuple(ascii_heading(heading, lang) for heading in chapter.headings),
        body=ascii_xhtml(chapter.body, lang),
        notes=tuple(dataclasses.replace(note, html=ascii_xhtml(note.html, lang))
                    for note in chapter.notes),
    )


def ascii_heading(heading: Heading, lang: str) -> Heading:
    """A heading mapped; its plain text is made again from the mapped XHTML, as the book made
    it, so a phrase in another language keeps that language's convention there too."""
    html = ascii_xhtml(heading.html, lang)
    return dataclasses.replace(heading, html=html, text=plain_text(fragment(html)))


def ascii_xhtml(xhtml: str, lang: str) -> str:
    """An XHTML fragment in the language `lang` with its text, and the alt text the edition
    shows, mapped: each text by the language it is in."""
    holder = fragment(xhtml)
    for element, language, tail_language in in_languages(holder, lang):
        if element.text:
            element.text = to_ascii_keeping_spaces(element.text, language)
        if element.tail and element is not holder:
            element.tail = to_ascii_keeping_spaces(element.tail, tail_language)
        if element.get("alt"):
            element.set("alt", to_ascii_keeping_spaces(element.get("alt", ""), language))
    return (holder.text or "") + "".join(
        etree.tostring(child, encoding="unicode") for child in holder)


def ascii_strings(value: T, lang: str) -> T:
    """A metadata value (a dataclass, tuple or string) with every string in it mapped, in the
    book's language `lang`."""
    mapped: Any = value
    if isinstance(value, str):
        mapped = to_ascii_keeping_spaces(value, lang)
    elif isinstance(value, tuple):
        mapped = tuple(ascii_strings(item, lang) for item in value)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        mapped = dataclasses.replace(value, **{
            field.name: ascii_strings(getattr(value, field.name), lang)
            for field in dataclasses.fields(value) if field.init})
    return mapped  # type: ignore[no-any-return]
