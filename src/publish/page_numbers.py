"""`publish check`: the print page numbers the EPUB and the text edition carry are the PDF's.

Read back from the built files alone, independently of the layout they were made from: the
PDF's pages with their printed folios (pdfplumber), the EPUB's page-break markers and its page
list, and the text edition's {12} markers when it has them. For every marker, the words that
follow it must be the first words of the PDF page that prints its label; the page list must
lead to every marker, in order. So an EPUB built with another trim than the PDF beside it,
or a marker moved by hand, fails the check.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pdfplumber
from lxml import etree

from publish.book import Book
from publish.editions import EDITIONS
from publish.editions.text import PAGE_MARKER
from publish.parity import (
    EPUB_NS,
    FOLIO,
    TXT_NOTE_MARK,
    book_text,
    dehyphenated,
    epub_package,
    epub_spine,
    page_lines,
    strip_furniture,
    words,
    xhtml_text,
)
from publish.parse import slugify
from publish.project import Project
from publish.report import Finding, Report

COMPARED = 5  # words after each marker that must begin its page
XHTML = "{http://www.w3.org/1999/xhtml}"
SENTINEL = "\ue000"  # a private-use character: no book text holds it, words() drops it


@dataclass(frozen=True)
class Marker:
    label: str
    following: tuple[str, ...]  # the first words after it
    preceding: str  # the last word before it
    target: str = ""  # in an EPUB: its document's path and its id, "EPUB/002-x.xhtml#page-1"

    def begins(self, page: tuple[str, ...]) -> bool:
        """Whether the page's words begin where the marker stands: right there, or with the
        end of the word before it, which print hyphenated across the page turn (the marker
        goes after such a word: everything after it is on the new page)."""
        if self.following and self.following == page[:len(self.following)]:
            return True
        fragment, rest = (page[0], page[1:]) if page else ("", ())
        return (len(self.preceding) > len(fragment) > 0 and self.preceding.endswith(fragment)
                and self.following[:len(rest)] == rest and len(rest) > 0)


def check_page_numbers(project: Project, book: Book) -> Report:
    slug = slugify(book.metadata.title)
    path = {name: project.build / f"{slug}{EDITIONS[name].suffix}"
            for name in ("pdf", "epub", "txt", "txt-ascii")}
    title = f"Page numbers: {project.relative(project.build)}/{slug}.* against the print PDF"
    if not (path["pdf"].is_file() and path["epub"].is_file()):
        return Report(title, (Finding("built", False, "the EPUB and the print PDF are needed: "
                                      "run `publish build`"),))
    manuscript = book_text(book)
    pages = pdf_pages(path["pdf"], book, set(manuscript.words) | set(manuscript.notes))
    markers = epub_markers(path["epub"])
    findings = [compare("EPUB markers", markers, pages, required=True),
                page_list_finding(path["epub"], markers)]
    for name, edition in (("txt", "TXT"), ("txt-ascii", "ASCII TXT")):
        if path[name].is_file():
            markers = txt_markers(path[name])
            if markers:  # only when built with --page-markers
                findings.append(compare(f"{edition} markers", markers, pages, required=False))
    return Report(title, tuple(findings))


def pdf_pages(path: Path, book: Book, vocabulary: set[str]) -> dict[str, tuple[str, ...]]:
    """Each printed folio -> the first words of its page, running head and folio left out."""
    running_heads = {tuple(words(book.metadata.title))} | {
        tuple(words(heading.text)) for chapter in book.chapters
        for heading in (chapter.title, *chapter.headings)}
    pages: dict[str, tuple[str, ...]] = {}
    with pdfplumber.open(io.BytesIO(path.read_bytes())) as pdf:
        for page in pdf.pages:
            lines = page_lines(page)
            if not lines or not FOLIO.match(lines[-1].text):
                continue  # a blank page or a preliminary one: no folio printed
            body = strip_furniture(lines, running_heads)
            first = dehyphenated([line.text for line in body[:4]], vocabulary)
            pages[lines[-1].text.lower()] = tuple(first[:COMPARED])
    return pages


def epub_markers(path: Path) -> list[Marker]:
    """The EPUB's pagebreak markers in reading order, each with the words after it (notes and
    note calls left out: print sets them elsewhere)."""
    found: list[Marker] = []
    for document_path, document in epub_spine(path):
        body = document.find(f"{XHTML}body")
        if body is None:
            continue
        labels = []
        for marker in body.iter(f"{XHTML}span"):
            if "pagebreak" in marker.get(f"{{{EPUB_NS}}}type", "").split():
                labels.append((marker.get("aria-label") or marker.get("title") or "",
                               f"{document_path}#{marker.get('id')}"))
                marker.text = SENTINEL
        pieces = xhtml_text(body).split(SENTINEL)
        for index, (label, target) in enumerate(labels):
            following = words(" ".join(pieces[index + 1:]))
            preceding = words(" ".join(pieces[:index + 1]))[-1:] or [""]
            found.append(Marker(label, tuple(following[:COMPARED]), preceding[0], target))
    return found


def txt_markers(path: Path) -> list[Marker]:
    text = path.read_text("utf-8", errors="replace")
    pieces = PAGE_MARKER.split(text)
    markers = []
    for index in range(1, len(pieces), 2):
        following = PAGE_MARKER.sub(" ", " ".join(pieces[index + 1:index + 5]))
        following = TXT_NOTE_MARK.sub(" ", following)
        preceding = words(TXT_NOTE_MARK.sub(" ", pieces[index - 1]))[-1:] or [""]
        markers.append(Marker(pieces[index], tuple(words(following)[:COMPARED]), preceding[0]))
    return markers


def compare(what: str, markers: Sequence[Marker], pages: dict[str, tuple[str, ...]], *,
            required: bool) -> Finding:
    if not markers:
        return Finding(what, not required, "none found" + (
            ": the EPUB should carry the print page numbers" if required else ""))
    for marker in markers:
        expected = pages.get(marker.label.lower())
        if expected is None:
            return Finding(what, False, f"page {marker.label!r} is not a page the PDF prints")
        if not marker.begins(expected):
            return Finding(what, False, f"page {marker.label}: the marker is followed by "
                           f"“{' '.join(marker.following)}”, the page begins "
                           f"“{' '.join(expected)}”")
    labels = [marker.label for marker in markers]
    return Finding(what, True, f"{len(markers)} markers ({labels[0]}–{labels[-1]}), each at "
                   "the first words of its printed page")


def page_list_finding(path: Path, found: Sequence[Marker]) -> Finding:
    """The page list names every marker, in reading order, by the marker's own label."""
    entries = list(page_list(path))
    markers = [(marker.label, marker.target) for marker in found]
    if not entries:
        return Finding("EPUB page list", False, "no page-list navigation")
    if entries != markers:
        missing = next((entry for entry, marker in zip(entries, markers, strict=False)
                        if entry != marker), None)
        return Finding("EPUB page list", False, f"{len(entries)} entries for {len(markers)} "
                       f"markers; first differing: {missing}")
    return Finding("EPUB page list", True, f"{len(entries)} entries, one per marker, in order")


def page_list(path: Path) -> Iterator[tuple[str, str]]:
    """(label, target file#id) of each entry of the EPUB's page-list nav."""
    with zipfile.ZipFile(path) as archive:
        package_path, package = epub_package(archive)
        folder = PurePosixPath(package_path).parent
        for item in package.iterfind(".//{*}manifest/{*}item"):
            if "nav" not in str(item.get("properties", "")).split():
                continue
            nav_path = folder / str(item.get("href", ""))
            root = etree.fromstring(archive.read(str(nav_path)))
            for nav in root.iter(f"{XHTML}nav"):
                if "page-list" in nav.get(f"{{{EPUB_NS}}}type", "").split():
                    for link in nav.iter(f"{XHTML}a"):
                        target = (nav_path.parent / str(link.get("href", ""))).as_posix()
                        yield "".join(map(str, link.itertext())).strip(), target

