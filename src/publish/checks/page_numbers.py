"""`publish check`: the print page numbers the EPUB and the text edition carry are the PDF's.

Read back from the built files alone, independently of the layout they were made from: the
PDF's pages with their printed folios (pdf_pages.py), the EPUB's page-break markers and its page
list, and the text edition's {12} markers when it has them. For every marker, the words that
follow it must be the first words of the PDF page that prints its label; the page list must
lead to every marker, in order. So an EPUB built with another trim than the PDF beside it,
or a marker moved by hand, fails the check.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from lxml import etree

from publish.book.model import Book
from publish.book.xml import EPUB_NS, XHTML_NS
from publish.checks.built import Built
from publish.checks.pdf_lines import PdfLine
from publish.checks.pdf_text import (
    FOLIO,
    continuation,
    dehyphenated,
    notes_size,
    notes_start,
    without_furniture,
)
from publish.checks.read_back import TXT_NOTE_MARK, epub_package, epub_spine
from publish.checks.report import Finding, Report
from publish.checks.words import (
    Text,
    line_transliteration,
    localname,
    manuscript_text,
    transliterated,
    without_marks,
    words,
    xhtml_text,
)
from publish.editions.text.inline import PAGE_MARKER

COMPARED = 5  # words after each marker that must begin its page
XHTML = f"{{{XHTML_NS}}}"
SENTINEL = "\ue000"  # a private-use character: no book text holds it, words() drops it
# What opens a list item in the text edition, before a marker the item's first word carries:
# its number ("26. ") or bullet ("- "), alone on the line so far.
TXT_ITEM_OPENING = re.compile(r"(?:^|\n)[ \t]*(?:\d+[.)]|[-*\u2022])[ \t]*$")


@dataclass(frozen=True)
class Marker:
    label: str
    following: tuple[str, ...]  # the first words after it, without combining marks
    preceding: str  # the last word before it
    target: str = ""  # in an EPUB: its document's path and its id, "EPUB/002-x.xhtml#page-1"
    # In a table, the words of its header row and of the rows after it: a PDF gives the lines
    # of cells that wrap interleaved, and repeats the header row on a page the table runs
    # onto, so such a page begins with some of these, in any order.
    table_ahead: tuple[str, ...] = ()

    def begins(self, page: tuple[str, ...]) -> bool:
        """Whether the page's words begin where the marker stands: right there, or with the
        end of the word before it, which print hyphenated across the page turn (the marker
        goes after such a word: everything after it is on the new page). A page of pictures
        alone has no words to place its marker by."""
        if not page:
            return True
        shown = min(len(self.following), len(page))  # a page may hold only a few words
        if shown and self.following[:shown] == page[:shown]:
            return True
        if self.table_ahead and page and set(page[:COMPARED]) <= set(self.table_ahead):
            return True
        fragment, rest = (page[0], page[1:]) if page else ("", ())
        return (len(self.preceding) > len(fragment) > 0 and self.preceding.endswith(fragment)
                and self.following[:len(rest)] == rest and len(rest) > 0)


def check_page_numbers(built: Built) -> Report:
    title = f"Page numbers: {built.editions} against the print PDF"
    if not (built.has("pdf") and built.has("epub")):
        return Report(title, (Finding("F-001", False, "the EPUB and the print PDF are needed: "
                                      "run `publish build`"),))
    manuscript = built.manuscript
    pages = pdf_pages([page.lines for page in built.pdf_pages], built.book, manuscript)
    markers = epub_markers(built.path("epub"))
    findings = [compare("EPUB", markers, pages, required=True),
                page_list_finding(built.path("epub"), markers)]
    for name, edition in (("txt", "TXT"), ("txt-ascii", "ASCII TXT")):
        if built.has(name):
            markers = txt_markers(built.path(name))
            if markers and name == "txt-ascii":  # compared with the pages in ASCII too
                findings.append(compare(edition, markers, pdf_pages(
                    [page.lines for page in built.pdf_pages], built.book,
                    manuscript_text(built.book, transliterated),
                    line_transliteration(built.book)), required=False))
            elif markers:  # only when built with --page-markers
                findings.append(compare(edition, markers, pages, required=False))
    return Report(title, tuple(findings))


def pdf_pages(pdf: Sequence[Sequence[PdfLine]], book: Book, manuscript: Text,
              mapped: Callable[[str], str] = str) -> dict[str, tuple[str, ...]]:
    """Each printed folio -> the first words of its page (its lines, pdf_pages.py), running
    head and folio left out; `mapped` maps the lines first, as the ASCII text edition maps the
    book's text (the manuscript's words are given mapped the same way)."""
    vocabulary = set(manuscript.words) | set(manuscript.notes)
    # A blank page or a preliminary one prints no folio: it is left out.
    numbered = [lines for lines in pdf if lines and FOLIO.match(lines[-1].text)]
    folioed = {lines[-1].text.lower(): kept for lines, kept in zip(
        numbered, without_furniture(numbered, book), strict=True)}
    note_size = notes_size(list(folioed.values()))
    continued = continuation(book.metadata)
    pages: dict[str, tuple[str, ...]] = {}
    for folio, lines in folioed.items():
        # A short page's notes are not its text.
        body = lines[:notes_start(lines, note_size, continued)]
        first = dehyphenated([mapped(line.text) for line in body[:4]], manuscript.tokens,
                             vocabulary)
        pages[folio] = without_marks(first)[:COMPARED]
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
        for marker in list(body.iter(f"{XHTML}span")):
            if "pagebreak" in marker.get(f"{{{EPUB_NS}}}type", "").split():
                table = table_at(marker)
                thead = table.find(f"{XHTML}thead") if table is not None else None
                labels.append((marker.get("aria-label") or marker.get("title") or "",
                               f"{document_path}#{marker.get('id')}", table is not None,
                               tuple(words(xhtml_text(thead))) if thead is not None else ()))
                before_the_item_it_opens(marker)
                marker.text = SENTINEL
        pieces = xhtml_text(body).split(SENTINEL)
        for index, (label, target, in_table, header) in enumerate(labels):
            following = words_from(pieces[index + 1:], 5 * COMPARED)
            ahead = (*without_marks(header), *following[:4 * COMPARED]) if in_table else ()
            found.append(Marker(label, following[:COMPARED], word_before(pieces[:index + 1]),
                                target, ahead))
    return found


def table_at(marker: etree._Element) -> etree._Element | None:
    """The table a marker stands in, or opens: a page may begin with a table's header row."""
    following = marker.getnext()
    if following is not None and localname(following) == "table" and not (
            marker.tail or "").strip():
        return following
    return next((holder for holder in marker.iterancestors() if localname(holder) == "table"),
                None)


def before_the_item_it_opens(marker: etree._Element) -> None:
    """A marker that opens a list item (nothing of the item before it) moved to stand before
    the item: the page begins with the item's number, which a reader shows before the item's
    text (xhtml_text), as print does."""
    node = marker
    while (parent := node.getparent()) is not None and node.getprevious() is None and not (
            parent.text or "").strip():
        if localname(parent) == "li":
            holder = marker.getparent()
            assert holder is not None  # a child of `parent`, or `parent` itself
            if marker.tail:  # the text after the marker stays where it was
                holder.text = (holder.text or "") + marker.tail
            marker.tail = None
            parent.addprevious(marker)
            return
        node = parent


def words_from(pieces: Sequence[str], count: int) -> tuple[str, ...]:
    """The first `count` words of the pieces of text, without combining marks, read no
    further than needed (a long chapter has a marker every page)."""
    found: list[str] = []
    for piece in pieces:
        found += without_marks(words(piece))
        if len(found) >= count:
            break
    return tuple(found[:count])


def word_before(pieces: Sequence[str]) -> str:
    """The last word of the pieces of text, without combining marks ("" when none)."""
    for piece in reversed(pieces):
        last = words(piece)[-1:]
        if last:
            return "".join(without_marks(last))
    return ""


def txt_markers(path: Path) -> list[Marker]:
    text = path.read_text("utf-8", errors="replace")
    pieces = PAGE_MARKER.split(text)
    markers = []
    for index in range(1, len(pieces), 2):
        before = pieces[index - 1]
        following = PAGE_MARKER.sub(" ", " ".join(pieces[index + 1:index + 5]))
        opening = TXT_ITEM_OPENING.search(before)
        if opening:  # the page begins with the item's number, as print has it
            following = f"{opening[0]} {following}"
            before = before[:opening.start()]
        following = TXT_NOTE_MARK.sub(" ", following)
        preceding = words(TXT_NOTE_MARK.sub(" ", before))[-1:] or [""]
        markers.append(Marker(pieces[index], without_marks(words(following))[:COMPARED],
                              "".join(without_marks(preceding[:1]))))
    return markers


def compare(edition: str, markers: Sequence[Marker], pages: dict[str, tuple[str, ...]], *,
            required: bool) -> Finding:
    """Each of an edition's markers at the first words of the PDF page printing its label."""
    def finding(passed: bool, detail: str) -> Finding:
        return Finding("F-002", passed, detail, edition=edition)

    if not markers:
        return finding(not required, "none found" + (
            ": the EPUB should carry the print page numbers" if required else ""))
    for marker in markers:
        expected = pages.get(marker.label.lower())
        if expected is None:
            return finding(False, f"page {marker.label!r} is not a page the PDF prints")
        if not marker.begins(expected):
            return finding(False, f"page {marker.label}: the marker is followed by "
                           f"“{' '.join(marker.following)}”, the page begins "
                           f"“{' '.join(expected)}”")
    labels = [marker.label for marker in markers]
    return finding(True, f"{len(markers)} markers ({labels[0]}–{labels[-1]}), each at the first "
                   "words of its printed page")


def page_list_finding(path: Path, found: Sequence[Marker]) -> Finding:
    """The page list names every marker, in reading order, by the marker's own label."""
    entries = list(page_list(path))
    markers = [(marker.label, marker.target) for marker in found]
    if not entries:
        return Finding("F-003", False, "no page-list navigation", edition="EPUB")
    if entries != markers:
        missing = next((entry for entry, marker in zip(entries, markers, strict=False)
                        if entry != marker), None)
        return Finding("F-003", False, f"{len(entries)} entries for {len(markers)} markers; "
                       f"first differing: {missing}", edition="EPUB")
    return Finding("F-003", True, f"{len(entries)} entries, one per marker, in order",
                   edition="EPUB")


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

