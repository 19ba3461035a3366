"""The built EPUB and text edition read back as a reader's program reads them, never from our
own data: the EPUB as a zip of XHTML documents (lxml), the text file as lines (the print PDF:
pdf_text.py). Each gives a Text (words.py) to compare with the manuscript's.

What only one edition prints around the text is left out on purpose: the EPUB's cover, title,
copyright and navigation documents (known by their epub:type), the text file's header,
contents and colophon, and the print page markers a text edition may carry ({12}, {vii}).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from lxml import etree

from publish.book.ids import KOBO_WRAPPERS
from publish.book.imprint import identifier_line
from publish.book.model import Book
from publish.book.phrases import Phrases, phrases_of
from publish.checks.words import (
    LanguageMapping,
    Text,
    epub_types,
    find_headings,
    is_note,
    localname,
    mapped_tree,
    words,
    xhtml_text,
)
from publish.editions.text.inline import PAGE_MARKER
from publish.source.metadata import Identifier

OPF = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
CONTAINER = {"c": "urn:oasis:names:tc:opendocument:xmlns:container"}
# Documents a writer makes around the text, which the manuscript does not hold.
GENERATED_TYPES = {"cover", "titlepage", "halftitle", "copyright-page", "toc", "landmarks",
                   "page-list", "loi", "lot"}
HYPHENS = ("-", "\u2010", "\u00ad")
URL_PART = re.compile(r"[:/.?=&#]")
OPENING_WORDS = 8  # how many of the manuscript's first words tell the page the text opens on
FOLIO = re.compile(r"^(?:\d+|[ivxlcdm]+)$", re.IGNORECASE)
PDF_NOTE_START = re.compile(r"^(\d+)\.\s")
NUMBER_DRAWN_LAST = re.compile(r"^(\D.*?)\s+\.(\d+)$")
TXT_NOTE_START = re.compile(r"^\[(\d+)\](?: |$)")  # its text, or a block below it
TXT_NOTE_MARK = re.compile(r"\[\d+\]")
TXT_LINK_TARGET = re.compile(r"\s?<(?:https?|mailto):[^>\s]*>")
TXT_LIST_MARK = re.compile(r"^((?: {4})*  )- ", re.MULTILINE)
# A print page's number where that page begins, standing alone: {12}, or {vii} in the front.
TXT_PAGE_MARKER = re.compile(PAGE_MARKER.pattern + " ?")  # the marker and its space


def epub_text(path: Path) -> Text:
    """The words of the EPUB's spine documents that carry the manuscript's text."""
    body: list[str] = []
    notes: list[str] = []
    headings: list[tuple[str, ...]] = []
    count = 0
    for document in epub_documents(path):
        root = document.find(".//{*}body")
        if root is None:
            continue
        body += words(xhtml_text(root))
        headings += [tuple(words(xhtml_text(element))) for element in root.iter()
                     if localname(element) in {"h1", "h2", "h3", "h4", "h5", "h6"}]
        for element in root.iter():
            if (is_note(element) and localname(element) in {"aside", "li"}) or (
                    epub_types(element) & {"footnote", "endnote", "rearnote"}):
                count += 1
                notes += words(note_text(element))
    return Text(tuple(body), tuple(notes), count, tuple(headings))


def note_text(note: etree._Element) -> str:
    """A note's text with its number (the back link to the call), its blocks apart and its
    inline elements not ("D<sup>no</sup>" is one word)."""
    return xhtml_text(note)


def epub_documents(path: Path) -> Iterator[etree._Element]:
    """The spine's XHTML documents in reading order, without navigation and generated pages."""
    return (document for _, document in epub_spine(path))


def epub_spine(path: Path) -> Iterator[tuple[str, etree._Element]]:
    """(path in the EPUB, document) of each spine document epub_documents gives."""
    with zipfile.ZipFile(path) as archive:
        package_path, package = epub_package(archive)
        manifest = {item.get("id"): item for item in package.iterfind(".//opf:manifest/opf:item",
                                                                      OPF)}
        for itemref in package.iterfind(".//opf:spine/opf:itemref", OPF):
            item = manifest.get(itemref.get("idref"))
            if item is None or "nav" in str(item.get("properties", "")).split():
                continue
            href = PurePosixPath(package_path).parent / str(item.get("href", ""))
            document = etree.fromstring(archive.read(str(href)))
            body = document.find(".//{*}body")
            if body is None:
                continue
            types = epub_types(body).union(*(epub_types(child) for child in content_of(body)))
            if not types & GENERATED_TYPES:
                yield href.as_posix(), document


def content_of(body: etree._Element) -> list[etree._Element]:
    """The body's top-level content: in a kepub, what Kobo's two wrapper divs
    (div#book-columns > div#book-inner) hold."""
    content = list(body)
    for wrapper in KOBO_WRAPPERS:
        if len(content) == 1 and localname(content[0]) == "div" and (
                content[0].get("id") == wrapper):
            content = list(content[0])
    return content


def epub_package(archive: zipfile.ZipFile) -> tuple[str, etree._Element]:
    container = etree.fromstring(archive.read("META-INF/container.xml"))
    rootfile = container.find(".//c:rootfile", CONTAINER)
    package_path = str(rootfile.get("full-path")) if rootfile is not None else ""
    return package_path, etree.fromstring(archive.read(package_path))


# --- The text edition ----------------------------------------------------------------------

@dataclass(frozen=True)
class TextMarks:
    """The words a text edition sets its parts apart with, in the book's language (and
    transliterated, for the ASCII edition): they tell the reader where each part begins."""

    contents: str  # the contents' heading, in capitals
    colophon: str  # the colophon's heading, in capitals
    notes: str  # a chapter's notes' heading
    byline: re.Pattern[str]  # the header's "by" line, the names its group 1
    date: Callable[[str], str]  # a metadata date as the header writes it
    labels: re.Pattern[str]  # "Header: " before a cell of a table set as rows of lines
    header_line: re.Pattern[str]  # a line of the header: its label group 1, its value group 2
    label: Callable[[str], str]  # a header line's label by its phrase: "rights" -> "Rights"
    identifier_label: Callable[[Identifier], str]  # an identifier's: "ISBN (paperback)"
    illustration: re.Pattern[str]  # the mark of an image: "[Illustration: alt text]"
    leads_to: re.Pattern[str]  # where a link within the book leads: "(see “Appendix”)"

    @classmethod
    def of(cls, book: Book, mapping: LanguageMapping | None = None) -> TextMarks:
        """The marks of the book's text edition; `mapping` maps them (to ASCII, say), each in
        its language: the phrases in the book's, a table's headers in their own."""
        lang = book.metadata.lang

        def mapped(text: str) -> str:
            return mapping(text, lang) if mapping else text

        say = phrases_of(book.metadata)
        headers = sorted({" ".join("".join(map(str, cell.itertext())).split())
                          for chapter in book.chapters
                          for cell in mapped_tree(chapter.tree(), lang, mapping).iter("th")},
                         key=len, reverse=True)
        labels = re.compile("^( *)(?:" + "|".join(map(re.escape, filter(None, headers)))
                            + "):(?: |$)" if headers else "( *)(?!)")
        illustration = "|".join([phrase_pattern(say, "illustration", mapped, alt=r"[^\]]*"),
                                 phrase_pattern(say, "illustration-bare", mapped)])
        return cls(mapped(say.say("contents")).upper(), mapped(say.say("colophon")).upper(),
                   mapped(say.say("notes")), re.compile(phrase_pattern(say, "by", mapped,
                                                                       names="(.+)")),
                   lambda date: mapped(say.date(date)), labels,
                   re.compile(phrase_pattern(say, "header-line", mapped, label="(.+?)",
                                             value="(.*)")),
                   lambda key: mapped(say.say(f"label-{key}")),
                   lambda identifier: mapped(identifier_line(identifier, say).label),
                   re.compile(illustration),
                   re.compile(phrase_pattern(say, "leads-to", mapped, title=r"[\s\S]+?")))


def phrase_pattern(say: Phrases, key: str, mapped: Callable[[str], str], **patterns: str
                   ) -> str:
    """A pattern matching the phrase as an edition printed it: its words (mapped) as they
    are, a space in them as any line break the edition wrapped them at, each {placeholder}
    matched by the pattern given for it."""
    marked = say.say(key, **{name: f"\0{name}\0" for name in patterns})
    parts = marked.split("\0")
    return "".join(patterns[part] if index % 2
                   else re.escape(mapped(part)).replace("\\ ", r"\s+")
                   for index, part in enumerate(parts))


def txt_text(path: Path, headings: Sequence[tuple[str, ...]], marks: TextMarks) -> Text:
    """The text edition's chapters: from after the contents to the colophon, notes apart."""
    lines = without_page_markers(path.read_text("utf-8").split("\n"))
    start = lines.index(marks.contents) + 1 if marks.contents in lines else 0
    while start < len(lines) and not lines[start]:
        start += 1
    while start < len(lines) and lines[start].startswith(" "):  # the contents' entries
        start += 1
    end = max((index for index, line in enumerate(lines) if line == marks.colophon),
              default=len(lines))
    body: list[str] = []
    notes: list[str] = []
    blank = 0
    in_notes = False
    numbers: list[str] = []
    for index in range(start, end):
        line = lines[index]
        following = lines[index + 2] if index + 2 < end else ""
        if not line:
            blank += 1
            continue
        if blank >= 4:  # a chapter's title: its notes, if any, are behind
            in_notes = False
        if line == marks.notes and blank >= 2 and TXT_NOTE_START.match(following):
            in_notes = True
        elif in_notes:
            if opening := TXT_NOTE_START.match(line):
                numbers.append(opening[1])
            notes.append(line)
        else:
            body.append(marks.labels.sub(r"\1", line))
        blank = 0
    count = len(numbers)
    return Text(tuple(words(txt_clean("\n".join(body), marks))),
                tuple(words(" ".join(notes).replace("[", " ").replace("]", " "))),
                count, find_headings(headings, [words(txt_clean(line, marks)) for line in body]),
                note_numbers=tuple(numbers))


def without_page_markers(lines: list[str]) -> list[str]:
    """The lines without print page markers; a line that held only a marker is left out
    (not left blank, since blank lines mark where chapters and notes begin)."""
    kept = []
    for line in lines:
        unmarked = TXT_PAGE_MARKER.sub("", line)
        if unmarked.strip() or not line.strip():
            kept.append(unmarked.rstrip() if unmarked != line else line)
    return kept


def txt_clean(text: str, marks: TextMarks) -> str:
    """The text without what the text edition adds: note marks, link targets, illustration
    placeholders, where links within the book lead, bullet marks of lists."""
    text = TXT_LINK_TARGET.sub("", text)
    text = marks.illustration.sub(" ", text)
    text = marks.leads_to.sub(" ", text)
    text = TXT_LIST_MARK.sub(r"\1  ", text)
    return TXT_NOTE_MARK.sub("", text)
