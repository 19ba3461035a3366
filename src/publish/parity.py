"""Parity: proof that the EPUB, the PDF and the text edition say what the manuscript says.

Each built edition is read back as a reader's program would read it, never from our own
intermediate data: the EPUB as a zip of XHTML documents (lxml), the PDF through its text layer
(pdfplumber) and its Info and XMP metadata (pikepdf), the text file as lines. From each comes

* the body text as a sequence of normalised words (NFKC, case folded, quotes and other
  punctuation dropped, dashes as spaces), note references left out, compared with the words of
  the Book made afresh from the project; the first difference is reported with its context;
* the notes, as one sequence of words (each note's number, then its text), and their count;
* the headings, in order;
* the metadata: title, creator, language, identifier, dates and rights, each required where
  the manuscript has it. Each edition names its own identifier: the EPUB's package its
  `edition: epub` one, the print PDF's XMP the print one (explicit or derived), the screen
  PDF's its `edition: digital` one, each falling back on the book's; the text edition's header
  names the book's and every edition's own. Identifiers compare in their canonical form
  (urn:isbn: and hyphens aside).

What only one edition prints around the text is left out on purpose: the EPUB's cover, title,
copyright and navigation documents (known by their epub:type), the PDF's pages before the first
chapter, its running heads and folios, the text file's header, contents and colophon, and
the print page markers a text edition may carry (`publish build --page-markers`: {12}, {vii}).
Print hyphenation is undone where the joined word is a word of the manuscript.

The ASCII text edition, an extra one, is checked too when it has been built: against the
manuscript transliterated the way that edition maps it; so is the screen PDF's metadata.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import pdfplumber
import pikepdf
from lxml import etree

from publish.book import Book
from publish.editions import EDITIONS
from publish.editions.text import PAGE_MARKER
from publish.editions.text_ascii import ascii_book
from publish.identifiers import isbn_digits
from publish.imprint import byline, human_date, identifier_line
from publish.metadata import Identifier
from publish.parse import slugify
from publish.project import Project
from publish.report import Finding, Report

EPUB_NS = "http://www.idpf.org/2007/ops"
OPF = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
CONTAINER = {"c": "urn:oasis:names:tc:opendocument:xmlns:container"}
# Documents a writer makes around the text, which the manuscript does not hold.
GENERATED_TYPES = {"cover", "titlepage", "halftitle", "copyright-page", "toc", "landmarks",
                   "page-list", "loi", "lot"}
NOTE_TYPES = {"footnote", "footnotes", "endnote", "endnotes", "rearnote", "rearnotes"}
NOTE_ROLES = {"doc-footnote", "doc-endnote", "doc-endnotes"}
BLOCKS = {"p", "div", "section", "aside", "blockquote", "ul", "ol", "li", "dl", "dt", "dd",
          "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "figure",
          "figcaption", "pre", "hr", "br", "h1", "h2", "h3", "h4", "h5", "h6", "header",
          "footer", "nav", "body"}
HYPHENS = ("-", "\u2010", "\u00ad")
URL_PART = re.compile(r"[:/.?=&#]")
FOLIO = re.compile(r"^(?:\d+|[ivxlcdm]+)$", re.IGNORECASE)
PDF_NOTE_START = re.compile(r"^(\d+)\.\s")
TXT_NOTE_START = re.compile(r"^\[(\d+)\] ")
TXT_NOTE_MARK = re.compile(r"\[\d+\]")
TXT_LINK_TARGET = re.compile(r"\s?<(?:https?|mailto):[^>\s]*>")
TXT_ILLUSTRATION = re.compile(r"\[Illustration(?::[^\]]*)?\]")
TXT_LIST_MARK = re.compile(r"^((?: {4})*  )- ", re.MULTILINE)
# A print page's number where that page begins, standing alone: {12}, or {vii} in the front.
TXT_PAGE_MARKER = re.compile(PAGE_MARKER.pattern + " ?")  # the marker and its space
CONTEXT_WORDS = 6
SUPERIOR_WIDTH = 0.36  # of the size: a superior figure's advance; a text figure's is about 0.5


# --- Words --------------------------------------------------------------------------------------

def words(text: str) -> list[str]:
    """Text as the words a reader would compare: NFKC, case folded, dashes and spaces as
    separators, every other punctuation mark (quotes, stops, brackets, _ and *) dropped, and
    the symbols that are marks rather than words (the bullets a print list sets, ©)."""
    kept = []
    for char in unicodedata.normalize("NFKC", text).casefold():
        category = unicodedata.category(char)
        if category == "Pd" or category.startswith("Z") or char.isspace():
            kept.append(" ")
        elif not category.startswith(("P", "C", "So")):  # So: list bullets (◦ ▪), ©
            kept.append(char)
    return "".join(kept).split()


def localname(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def classes(element: etree._Element) -> set[str]:
    return set(str(element.get("class", "")).split())


def epub_types(element: etree._Element) -> set[str]:
    return set(str(element.get(f"{{{EPUB_NS}}}type", "")).split())


def is_note(element: etree._Element) -> bool:
    """A note or a notes container, in the Book's markup or the EPUB's."""
    return bool(epub_types(element) & NOTE_TYPES or element.get("role") in NOTE_ROLES
                or classes(element) & {"footnotes", "footnote"})


def is_note_reference(element: etree._Element) -> bool:
    return localname(element) in {"a", "sup"} and bool(
        classes(element) & {"noteref", "footnote-ref", "noteref-repeat"}
        or "noteref" in epub_types(element))


def xhtml_text(element: etree._Element) -> str:
    """An element's text as a reader sees it: blocks apart, ordered lists numbered, note
    references and notes left out, an image's alternative text not shown."""
    parts: list[str] = []

    def visit(node: etree._Element, number: int | None = None) -> None:
        name = localname(node)
        if name in BLOCKS:
            parts.append(" ")
        if number is not None:
            parts.append(f"{number}. ")
        if node.text and name not in {"script", "style"}:
            parts.append(node.text)
        ordinal = int(node.get("start", "1")) if node.get("start", "1").isdigit() else 1
        for child in node:
            if not isinstance(child.tag, str) or is_note(child) or is_note_reference(child):
                pass
            elif name == "ol" and localname(child) == "li":
                visit(child, ordinal)
                ordinal += 1
            else:
                visit(child)
            parts.append(child.tail or "")
        if name in BLOCKS:
            parts.append(" ")

    visit(element)
    return "".join(parts)


def fragment(html: str) -> etree._Element:
    return etree.fromstring(f"<div>{html}</div>")


# --- What the manuscript says ---------------------------------------------------------------

@dataclass(frozen=True)
class Text:
    """What one edition (or the manuscript) says: its words, its notes, its headings."""

    words: tuple[str, ...]
    notes: tuple[str, ...]  # each note's number, then its words, one note after another
    note_count: int
    headings: tuple[tuple[str, ...], ...]  # each heading's words, in order
    chapters: tuple[tuple[int, str], ...] = ()  # where each chapter's words begin, its title


def book_text(book: Book) -> Text:
    """The manuscript's words: each chapter's title and body; its notes in order."""
    body: list[str] = []
    notes: list[str] = []
    headings: list[tuple[str, ...]] = []
    chapters: list[tuple[int, str]] = []
    for chapter in book.chapters:
        chapters.append((len(body), chapter.title.text))
        title = tuple(words(xhtml_text(fragment(chapter.title.html))))
        body += title
        headings.append(title)
        tree = chapter.tree()
        body += words(xhtml_text(tree))
        headings += [tuple(words(xhtml_text(element))) for element in tree.iter()
                     if localname(element) in {"h2", "h3", "h4", "h5", "h6"}]
        for note in chapter.notes:
            notes += [str(note.number), *words(xhtml_text(fragment(note.html)))]
    count = sum(len(chapter.notes) for chapter in book.chapters)
    return Text(tuple(body), tuple(notes), count, tuple(headings), tuple(chapters))


# --- The EPUB -----------------------------------------------------------------------------------

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
    """A note's text with its number (the back link to the call), its blocks apart."""
    return " ".join(str(text) for text in note.itertext())


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
            types = epub_types(body).union(*(epub_types(child) for child in body))
            if not types & GENERATED_TYPES:
                yield href.as_posix(), document


def epub_package(archive: zipfile.ZipFile) -> tuple[str, etree._Element]:
    container = etree.fromstring(archive.read("META-INF/container.xml"))
    rootfile = container.find(".//c:rootfile", CONTAINER)
    package_path = str(rootfile.get("full-path")) if rootfile is not None else ""
    return package_path, etree.fromstring(archive.read(package_path))


# --- The PDF ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Line:
    text: str
    size: float  # the size most of its characters are set in


def pdf_text(path: Path, book: Book, vocabulary: set[str]) -> Text:
    """The words of the PDF's text layer from the first chapter on, as one reads the pages.

    Running heads (a first line that names the book or a chapter), folios (a last line that
    is a page number), footnote calls (digits set smaller than their line) are left out; the
    footnotes (the smallest lines at a page's foot, each beginning "N.") are read apart.
    """
    with pdfplumber.open(io.BytesIO(path.read_bytes())) as pdf:
        pages = [page_lines(page) for page in pdf.pages]
    running_heads = {tuple(words(book.metadata.title))} | {
        tuple(words(heading.text)) for chapter in book.chapters
        for heading in (chapter.title, *chapter.headings)}
    pages = [strip_furniture(lines, running_heads) for lines in pages]
    first = tuple(words(book.chapters[0].title.text)) if book.chapters else ()
    start = next((index for index, lines in enumerate(pages)
                  if lines and tuple(words(lines[0].text))[:len(first)] == first
                  and not any(". . ." in line.text for line in lines)), len(pages))
    pages = pages[start:]
    sizes = Counter(line.size for lines in pages for line in lines)
    body_size = sizes.most_common(1)[0][0] if sizes else 0.0
    note_sizes = Counter(line.size for lines in pages for line in lines
                         if line.size < body_size and PDF_NOTE_START.match(line.text))
    note_size = note_sizes.most_common(1)[0][0] if note_sizes else None
    body_lines: list[str] = []
    note_lines: list[str] = []
    count = 0
    for lines in pages:
        split = len(lines)
        while note_size is not None and split and lines[split - 1].size <= note_size + 0.05:
            split -= 1
        body_lines += [line.text for line in lines[:split]]
        for line in lines[split:]:
            if PDF_NOTE_START.match(line.text):
                count += 1
            note_lines.append(line.text)
    headings = tuple(tuple(words(text)) for text in find_headings(book, body_lines))
    return Text(tuple(dehyphenated(body_lines, vocabulary)),
                tuple(dehyphenated(note_lines, vocabulary)), count, headings)


def page_lines(page: Any) -> list[Line]:
    """A page's lines, without footnote calls (digits much smaller than the rest of the line)."""
    lines = []
    for found in page.extract_text_lines(return_chars=True, strip=True):
        chars = found["chars"]
        if not chars:
            continue
        size = Counter(round(float(char["size"]), 2) for char in chars).most_common(1)[0][0]
        text = []
        previous = None
        for char in chars:
            if is_note_call(char, size) or (previous is not None and char["text"] == previous[
                    "text"] and abs(float(char["x0"]) - float(previous["x0"])) < 0.01):
                continue  # a note call, or a ligature's glyph reported twice
            if previous is not None and float(char["x0"]) - float(previous["x1"]) > float(
                    char["size"]) * 0.15 and not str(previous["text"]).isspace():
                text.append(" ")
            text.append(str(char["text"]))
            previous = char
        lines.append(Line("".join(text).strip(), size))
    return lines


def is_note_call(char: dict[str, Any], line_size: float) -> bool:
    """A digit set as a superscript: smaller than its line, or a superior figure of the font
    (font-variant-position: super), which is as tall as the text but half as wide as a figure.
    """
    if not str(char["text"]).isdigit():
        return False
    size = float(char["size"])
    return size < line_size * 0.8 or float(char["x1"]) - float(char["x0"]) < size * SUPERIOR_WIDTH


def strip_furniture(lines: list[Line], running_heads: set[tuple[str, ...]]) -> list[Line]:
    """A page without its running head and its folio."""
    if lines and FOLIO.match(lines[-1].text):
        lines = lines[:-1]
    if lines and any(head[:len(found)] == found and found
                     for found in [tuple(words(lines[0].text))] for head in running_heads) and (
            len(lines) == 1 or lines[0].size < lines[1].size):
        lines = lines[1:]
    return lines


def dehyphenated(lines: Sequence[str], vocabulary: set[str]) -> list[str]:
    """The lines' words, a word broken at a line's end joined again when the joined word is
    one of the manuscript's (otherwise the hyphen was the text's own, as in "so-|called").
    A URL, which print breaks after a slash or a stop without a hyphen, is joined the same way.
    """
    text: list[str] = []
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else ""
        broken = line[:-1] if line.endswith(HYPHENS) else line
        last = line.split()[-1] if line.split() else ""
        if broken != line or URL_PART.search(last):  # a hyphen, or a URL broken at / or .
            tail, head = words(broken)[-1:], words(following)[:1]
            if tail and head and tail[0] + head[0] in vocabulary:
                text.append(broken)  # no space: the word goes on at the next line's start
                continue
        text.append(line + " ")
    return words("".join(text))


def find_headings(book: Book, lines: Sequence[str]) -> list[str]:
    """The manuscript's headings found, in order, each at the start of a line of the PDF.

    A heading may take several lines; the next is sought only after the last one found, so a
    heading printed out of order, or not at all, is missing from what this returns.
    """
    found: list[str] = []
    position = 0
    for heading in (heading for chapter in book.chapters
                    for heading in (chapter.title, *chapter.headings)):
        wanted = words(heading.text)
        for index in range(position, len(lines)):
            run: list[str] = []
            end = index
            while end < len(lines) and len(run) < len(wanted):
                run += words(lines[end])
                end += 1
            if run[:len(wanted)] == wanted and words(lines[index])[:1] == wanted[:1]:
                found.append(heading.text)
                position = end
                break
    return found


# --- The text edition ---------------------------------------------------------------------------

def txt_text(path: Path, book: Book) -> Text:
    """The text edition's chapters: from after the contents to the colophon, notes apart."""
    lines = without_page_markers(path.read_text("utf-8").split("\n"))
    start = lines.index("CONTENTS") + 1 if "CONTENTS" in lines else 0
    while start < len(lines) and (not lines[start] or lines[start].startswith(" ")):
        start += 1
    end = max((index for index, line in enumerate(lines) if line == "COLOPHON"),
              default=len(lines))
    body: list[str] = []
    notes: list[str] = []
    blank = 0
    in_notes = False
    count = 0
    for index in range(start, end):
        line = lines[index]
        following = lines[index + 2] if index + 2 < end else ""
        if not line:
            blank += 1
            continue
        if blank >= 4:  # a chapter's title: its notes, if any, are behind
            in_notes = False
        if line == "Notes" and blank >= 2 and TXT_NOTE_START.match(following):
            in_notes = True
        elif in_notes:
            count += bool(TXT_NOTE_START.match(line))
            notes.append(line)
        else:
            body.append(line)
        blank = 0
    return Text(tuple(words(txt_clean("\n".join(body)))),
                tuple(words(" ".join(notes).replace("[", " ").replace("]", " "))),
                count, tuple(tuple(words(text)) for text in find_headings(book, body)))


def without_page_markers(lines: list[str]) -> list[str]:
    """The lines without print page markers; a line that held only a marker is left out
    (not left blank, since blank lines mark where chapters and notes begin)."""
    kept = []
    for line in lines:
        unmarked = TXT_PAGE_MARKER.sub("", line)
        if unmarked.strip() or not line.strip():
            kept.append(unmarked.rstrip() if unmarked != line else line)
    return kept


def txt_clean(text: str) -> str:
    """The text without what the text edition adds: note marks, link targets, illustration
    placeholders, bullet marks of lists."""
    text = TXT_LINK_TARGET.sub("", text)
    text = TXT_ILLUSTRATION.sub(" ", text)
    text = TXT_LIST_MARK.sub(r"\1  ", text)
    return TXT_NOTE_MARK.sub("", text)


# --- Metadata -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Field:
    name: str
    expected: str
    found: str | None  # None: the edition does not say


def same(expected: str, found: str) -> bool:
    return " ".join(words(expected)) == " ".join(words(found))


def canonical_identifier(text: str, isbn: bool = False) -> str:
    """An identifier as compared: an ISBN (or any value, when `isbn`) as urn:isbn: and its
    digits, whatever its form (urn:isbn:979..., ISBN 979-8-...), anything else as written,
    without spaces and in lower case."""
    text = "".join(text.split()).lower()
    if isbn or text.startswith(("urn:isbn:", "isbn")):
        return "urn:isbn:" + isbn_digits(text).lower()
    return text


def agrees(field: Field) -> bool:
    if field.found is None:
        return True  # reported as missing, not as different
    if field.name.endswith("identifier"):
        expected = canonical_identifier(field.expected)
        return expected == canonical_identifier(field.found, expected.startswith("urn:isbn:"))
    return same(field.expected, field.found) or field.expected in field.found


def expected_metadata(book: Book, identifier: Identifier | None = None) -> dict[str, str]:
    """What an edition must say: the manuscript's title, creators, language, modification
    date, publication date and rights, and the edition's own identifier (the book's when
    none is given)."""
    metadata = book.metadata
    values = {"title": metadata.title, "creator": byline(metadata), "language": metadata.lang,
              "identifier": (identifier or metadata.identifier).urn,
              "modified": metadata.modified.astimezone(dt.UTC).strftime("%Y-%m-%d")}
    if metadata.republished or metadata.date:
        values["date"] = str(metadata.republished or metadata.date)
    if metadata.rights:
        values["rights"] = metadata.rights
    return values


def epub_metadata(path: Path, expected: dict[str, str]) -> list[Field]:
    with zipfile.ZipFile(path) as archive:
        _, package = epub_package(archive)

    def texts(xpath: str) -> list[str]:
        found = package.xpath(xpath, namespaces=OPF)
        return [str(item).strip() for item in found] if isinstance(found, list) else []

    def first(xpath: str) -> str | None:
        return next(iter(texts(xpath)), None)

    unique = package.get("unique-identifier")
    found = {
        "title": first("//dc:title/text()"),
        "creator": ", ".join(texts("//dc:creator/text()")) or None,
        "language": first("//dc:language/text()"),
        "identifier": first(f"//dc:identifier[@id='{unique}']/text()"),
        "date": first("//dc:date/text()"),
        "rights": first("//dc:rights/text()"),
        "modified": (first("//opf:meta[@property='dcterms:modified']/text()") or "")[:10] or None,
    }
    return [Field(name, value, found.get(name)) for name, value in expected.items()]


def pdf_metadata(path: Path, expected: dict[str, str]) -> tuple[list[Field], list[Field]]:
    """What the PDF's Info dictionary and its XMP packet say, field by field."""
    with pikepdf.open(path) as pdf:
        info = {str(key): str(value) for key, value in pdf.docinfo.items()}
        with pdf.open_metadata() as xmp:
            packet = {key: xmp.get(key) for key in (
                "dc:title", "dc:creator", "dc:language", "dc:identifier", "dc:date",
                "dc:rights", "xmp:ModifyDate")}

    def pdf_date(value: str | None) -> str | None:
        digits = re.sub(r"^D:", "", value or "")
        return f"{digits[:4]}-{digits[4:6]}-{digits[6:8]}" if len(digits) >= 8 else None

    info_found = {"title": info.get("/Title"), "creator": info.get("/Author"),
                  "modified": pdf_date(info.get("/ModDate"))}
    xmp_found = {"title": xmp_value(packet["dc:title"]),
                 "creator": xmp_value(packet["dc:creator"]),
                 "language": xmp_value(packet["dc:language"]),
                 "identifier": xmp_value(packet["dc:identifier"]),
                 "date": xmp_value(packet["dc:date"]),
                 "rights": xmp_value(packet["dc:rights"]),
                 "modified": (xmp_value(packet["xmp:ModifyDate"]) or "")[:10] or None}
    return ([Field(name, expected[name], info_found[name]) for name in info_found],
            [Field(name, value, xmp_found.get(name)) for name, value in expected.items()])


def xmp_value(value: object) -> str | None:
    """An XMP property as text: a list (Seq, Bag) joined, a language alternative's default."""
    if value is None or value == "":
        return None
    if isinstance(value, (list, set, tuple)):
        return ", ".join(sorted(map(str, value)) if isinstance(value, set) else map(str, value))
    return str(value)


def txt_metadata(path: Path, book: Book, expected: dict[str, str]) -> list[Field]:
    """The title and "by" lines and the labelled lines of the text edition's header: the
    book's identifier, and each edition's own under its label ("ISBN (paperback)")."""
    lines = path.read_text("utf-8").split("\n")
    header = lines[:lines.index("CONTENTS")] if "CONTENTS" in lines else lines
    labelled: dict[str, str] = {}
    for line in unwrapped(header):
        label, _, value = line.partition(": ")
        if value and label and not label.startswith(" "):
            labelled.setdefault(label, value)
    metadata = book.metadata
    by = next((line[3:] for line in unwrapped(header) if line.startswith("by ")), None)
    title_lines = []
    for line in header:
        if not line:
            break
        title_lines.append(line)
    found = {"title": " ".join(title_lines) or None, "creator": by,
             "language": labelled.get("Language"),
             "identifier": labelled.get(identifier_line(metadata.identifier).label),
             "rights": labelled.get("Rights"),
             "date": labelled.get("Republished") if metadata.republished else labelled.get(
                 "Date")}
    wanted = dict(expected)
    if "date" in wanted:  # the header prints dates as a reader writes them
        wanted["date"] = human_date(wanted["date"], metadata.lang)
    for identifier in metadata.identifiers:
        if identifier.edition is not None:
            name = f"{identifier.edition} identifier"
            wanted[name] = identifier.urn
            found[name] = labelled.get(identifier_line(identifier).label)
    return [Field(name, value, found[name]) for name, value in wanted.items() if name in found]


def unwrapped(lines: Iterable[str]) -> list[str]:
    """Header lines with their indented continuations joined back on."""
    joined: list[str] = []
    for line in lines:
        if line.startswith(" ") and joined:
            joined[-1] += " " + line.strip()
        else:
            joined.append(line)
    return joined


def metadata_finding(edition: str, fields: list[Field]) -> list[Finding]:
    """One finding for the fields that differ, one for those missing: both errors, since
    every field asked for is one the manuscript has."""
    differ = [field for field in fields if not agrees(field)]
    missing = [field.name for field in fields if field.found is None]
    said = [field.name for field in fields if field.found is not None]
    findings = [Finding(
        f"{edition} metadata", not differ,
        "; ".join(f"{field.name} is {field.found!r}, the manuscript says {field.expected!r}"
                  for field in differ) or f"same {', '.join(said)}")]
    if missing:
        findings.append(Finding(f"{edition} metadata present", False,
                                f"does not say its {', '.join(missing)}"))
    return findings


# --- Comparing ----------------------------------------------------------------------------------

def first_difference(expected: Sequence[str], found: Sequence[str]) -> int | None:
    """Where two word sequences part, or None when they are the same."""
    for index, (wanted, got) in enumerate(zip(expected, found, strict=False)):
        if wanted != got:
            return index
    return None if len(expected) == len(found) else min(len(expected), len(found))


def context(sequence: Sequence[str], index: int) -> str:
    start = max(0, index - CONTEXT_WORDS)
    shown = " ".join(sequence[start:index + CONTEXT_WORDS])
    return ("…" if start else "") + shown + ("…" if index + CONTEXT_WORDS < len(sequence) else "")


def compare_words(edition: str, what: str, expected: Sequence[str], found: Sequence[str],
                  chapters: Sequence[tuple[int, str]] = ()) -> Finding:
    """Whether an edition has the manuscript's words; if not, where it first parts from them
    (the count is of normalised words, the chapter is the manuscript's at that word)."""
    index = first_difference(expected, found)
    if index is None:
        return Finding(f"{edition} {what}", True, f"same {len(expected):,} words as the manuscript")
    chapter = next((title for start, title in reversed(chapters) if start <= index), None)
    where = f" (in {chapter!r})" if chapter else ""
    return Finding(
        f"{edition} {what}", False,
        f"{edition} differs from the manuscript at word {index + 1:,}{where}: "
        f"'{context(found, index)}' where the manuscript has '{context(expected, index)}'")


def compare_text(edition: str, manuscript: Text, text: Text) -> list[Finding]:
    findings = [compare_words(edition, "text", manuscript.words, text.words,
                              manuscript.chapters),
                compare_words(edition, "notes' text", manuscript.notes, text.notes),
                Finding(f"{edition} notes", text.note_count == manuscript.note_count,
                        f"{text.note_count} notes, the manuscript has {manuscript.note_count}")]
    missing = [" ".join(heading) for heading in manuscript.headings
               if heading not in text.headings]
    in_order = [heading for heading in text.headings if heading in manuscript.headings]
    ordered = in_order == [heading for heading in manuscript.headings
                           if heading in text.headings]
    extra = [" ".join(heading) for heading in text.headings
             if heading not in manuscript.headings]
    problems = ([f"missing {missing[0]!r}" + (f" and {len(missing) - 1} more" if len(missing) > 1
                                                 else "")] if missing else [])
    problems += ["not in the manuscript's order"] if not ordered else []
    problems += [f"not in the manuscript: {extra[0]!r}"] if extra and edition != "PDF" else []
    findings.append(Finding(f"{edition} headings", not problems,
                            "; ".join(problems) or
                            f"the manuscript's {len(manuscript.headings)} headings in order"))
    return findings


def ascii_parity(path: Path, book: Book) -> list[Finding]:
    """The ASCII text edition against the manuscript transliterated as that edition maps it."""
    transliterated = ascii_book(book)
    return compare_text("ASCII TXT", book_text(transliterated),
                        txt_text(path, transliterated)) + metadata_finding(
        "ASCII TXT header", txt_metadata(path, transliterated,
                                         expected_metadata(transliterated)))


def digital_pdf_parity(path: Path, book: Book) -> list[Finding]:
    """The screen PDF's Info and XMP metadata, its identifier its own (else the book's)."""
    info, xmp = pdf_metadata(path, expected_metadata(
        book, book.metadata.edition_identifier("digital")))
    return metadata_finding("Screen PDF Info", info) + metadata_finding("Screen PDF XMP", xmp)


def check_parity(project: Project, book: Book) -> Report:
    """Whether the built EPUB, PDF and text edition carry the manuscript's (the Book's) words,
    headings, notes and metadata; where they do not, the first place each differs."""
    slug = slugify(book.metadata.title)
    manuscript = book_text(book)
    vocabulary = set(manuscript.words) | set(manuscript.notes)
    metadata = book.metadata
    paths = {name: project.build / f"{slug}{EDITIONS[name].suffix}"
             for name in ("epub", "pdf", "txt")}
    findings: list[Finding] = []
    for name, path in paths.items():
        if not path.is_file():
            findings.append(Finding(f"{name.upper()} built", False,
                                    f"{project.relative(path)} is missing: run `publish build`"))
    if paths["epub"].is_file():
        findings += compare_text("EPUB", manuscript, epub_text(paths["epub"]))
        findings += metadata_finding("EPUB package", epub_metadata(
            paths["epub"], expected_metadata(book, metadata.edition_identifier("epub"))))
    if paths["pdf"].is_file():
        findings += compare_text("PDF", manuscript, pdf_text(paths["pdf"], book, vocabulary))
        info, xmp = pdf_metadata(paths["pdf"],
                                 expected_metadata(book, metadata.print_identifier))
        findings += metadata_finding("PDF Info", info) + metadata_finding("PDF XMP", xmp)
    if paths["txt"].is_file():
        findings += compare_text("TXT", manuscript, txt_text(paths["txt"], book))
        findings += metadata_finding("TXT header", txt_metadata(paths["txt"], book,
                                                                expected_metadata(book)))
    ascii_path = project.build / f"{slug}{EDITIONS['txt-ascii'].suffix}"
    if ascii_path.is_file():  # an extra edition: checked when it has been built
        findings += ascii_parity(ascii_path, book)
    digital_path = project.build / f"{slug}{EDITIONS['pdf-digital'].suffix}"
    if digital_path.is_file():  # the same
        findings += digital_pdf_parity(digital_path, book)
    return Report(f"Parity: {project.relative(project.build)}/{slug}.*", tuple(findings))
