"""The plain-text edition: the Book's XHTML as UTF-8 text of at most 72 columns, in PG style.

It follows the Project Gutenberg / Distributed Proofreaders conventions (research/epub-txt.md
section 6), so the file reads well in any editor, terminal or e-mail client:

* UTF-8 without a BOM, NFC, LF line ends, no tabs, no trailing spaces, one final newline.
  Lines hold at most 72 characters; only a single token that cannot be broken (a long URL)
  runs over. Wrapping breaks at ASCII spaces only, never at hyphens, so the no-break spaces
  the typography stage set (12 pt, spaced dashes) keep their words together.
* A header: the title in capitals, the subtitle, "by" and the byline; the imprint lines of
  publish.imprint as "Label: text"; language, date, edition and encoding; then an indented
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
* A colophon saying how the file was produced, with the book's identifier.

Everything is rendered from the Book's XHTML trees, never from the Markdown, so the text edition
carries exactly the words and characters of the others.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lxml import etree

from publish.book import Book, Chapter, Heading, Note
from publish.editions import typeset as typeset_print
from publish.imprint import byline, human_date, imprint
from publish.layout import Typeset
from publish.page_breaks import PAGE, is_marker, opening_marker, with_page_breaks
from publish.parse import remove_keeping_tail
from publish.settings import Settings
from publish.styles import Styles

WIDTH = 72  # PG's maximum; ppgen's default
QUOTE_INDENT = 4
THEMATIC_BREAK = "*       *       *"
COLUMN_GAP = "  "
EXTERNAL_LINK = ("http:", "https:", "mailto:")
VERSE_CLASSES = {"poem", "verse", "stanza"}
ASCII_SPACE_RUN = re.compile(r"[ \t\n\r\f\v]+")  # NBSP and em spaces are deliberate: kept
# A print page marker as page_marker() writes it, standing alone between spaces: {12}, {vii}.
PAGE_MARKER = re.compile(r"(?<!\S)\{([0-9]+|[ivxlcdm]+)\}(?!\S)")
SPACE_RUN = re.compile(" {2,}")  # where inline pieces met, each with its own space
EMPHASIS = {"em", "i", "cite", "dfn"}
STRONG = {"strong", "b"}
BLOCK_TAGS = {"p", "div", "section", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "table",
              "figure", "figcaption", "pre", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
              "caption"}
INDENT_COLUMNS = {"\u2003": 2, "\u2001": 2}  # an em space or em quad: about two monospace cells


@dataclass(frozen=True)
class Block:
    """Lines of output that stand apart from their neighbours by blank lines."""

    lines: tuple[str, ...]
    space_before: int = 1  # blank lines between this block and the one before it


@dataclass(frozen=True)
class Variant:
    """What the header and colophon say of the file's character set: UTF-8 or its ASCII form."""

    edition: str  # the header's "Edition:" value
    encoding: str  # the header's "Encoding:" value, also named in the colophon


UTF8 = Variant("Plain-text edition", "UTF-8")


def render(book: Book, styles: Styles, settings: Settings, typeset: Typeset | None = None
           ) -> bytes:
    """The whole book as UTF-8 plain text: header, contents, chapters, colophon."""
    return book_text(with_page_markers(book, styles, settings, typeset), UTF8).encode("utf-8")


def with_page_markers(book: Book, styles: Styles, settings: Settings,
                      typeset: Typeset | None) -> Book:
    """The Book with the print edition's page breaks in it, when the build asks for them."""
    if not settings.page_markers:
        return book
    return with_page_breaks(book, (typeset or typeset_print(book, styles, settings)).layout)


def book_text(book: Book, variant: Variant) -> str:
    """The text edition as one NFC string; the ASCII edition renders its mapped Book with it."""
    lines = header(book, variant) + contents(book)
    for chapter in book.chapters:
        lines += chapter_lines(chapter)
    lines += colophon(book, variant)
    text = "\n".join(line.rstrip() for line in lines).strip("\n") + "\n"
    return unicodedata.normalize("NFC", text)


# --- Front and back of the book ---------------------------------------------------------------

def header(book: Book, variant: Variant = UTF8) -> list[str]:
    """The title block, then what the copyright page says, labelled, as PG headers are."""
    metadata = book.metadata
    lines = wrap(metadata.title.upper())
    if metadata.subtitle:
        lines += ["", *wrap(metadata.subtitle)]
    lines += ["", *wrap("by " + byline(metadata))]
    labelled = [(line.label, line.value) for line in imprint(metadata)]
    labelled.append(("Language", metadata.lang))
    if metadata.date:
        labelled.append(("Date", human_date(metadata.date, metadata.lang)))
    labelled += [("Edition", variant.edition), ("Encoding", variant.encoding)]
    lines += ["", "", ""]
    for label, value in labelled:
        lines += wrap(f"{label}: {value}", hanging=" " * QUOTE_INDENT)
    return lines


def contents(book: Book) -> list[str]:
    """An indented list of chapters and their sections, as PG keeps a table of contents."""
    lines = ["", "", "", "", "CONTENTS", ""]
    for chapter in book.chapters:
        lines += wrap(heading_text(chapter.title, with_notes=False), indent=" " * 4,
                      hanging=" " * 8)
        for heading in chapter.headings:
            if heading.level == 2:
                lines += wrap(heading_text(heading, with_notes=False), indent=" " * 8,
                              hanging=" " * 12)
    return lines


def colophon(book: Book, variant: Variant = UTF8) -> list[str]:
    """How the file was made, and what its marks mean, at the very end as a printed book has."""
    paragraphs = [
        "Produced by publish from the canonical manuscript.",
        f"{variant.edition}: {variant.encoding}, lines of at most 72 columns; "
        "_underscores_ mark italic, "
        "*asterisks* bold, and [N] a note, printed at the end of its chapter. "
        "Typeface: not applicable.",
        f"Identifier: {book.metadata.identifier.urn}",
    ]
    lines = ["", "", "", "", "COLOPHON", ""]
    for paragraph in paragraphs:
        lines += ["", *wrap(paragraph)]
    return lines


# --- Chapters -----------------------------------------------------------------------------------

def chapter_lines(chapter: Chapter) -> list[str]:
    """A chapter: 4 blank lines, its title in capitals, 2 blank lines, its text, its notes."""
    body = chapter.tree()
    opening = opening_marker(body)
    lines = ["", "", "", ""] + ([page_marker(opening)] if opening is not None else [])
    lines += [*wrap(heading_text(chapter.title).upper()), "", ""]
    lines += join_blocks(flow(body, WIDTH))
    if chapter.notes:
        lines += ["", "", "Notes", ""]
        for index, note in enumerate(chapter.notes):
            lines += ([""] if index else []) + note_lines(note)
    return lines


def note_lines(note: Note) -> list[str]:
    """One note as "[N] text", its later lines (and later paragraphs) under the text."""
    label = f"[{note.number}] "
    tree = etree.fromstring(f"<div>{note.html}</div>")
    body = join_blocks(flow(tree, WIDTH - len(label)))
    return hang(body, label)


def heading_text(heading: Heading, *, with_notes: bool = True) -> str:
    """A heading's inline XHTML as one line of text (its emphasis marked, breaks as spaces).

    The contents leave out note references: a note belongs to the heading in the text, not
    to the list of headings.
    """
    tree = etree.fromstring(f"<div>{heading.html}</div>")
    if not with_notes:
        for reference in [link for link in tree.iter("a")
                          if link.get("class") in {"noteref", "footnote-ref"}]:
            remove_keeping_tail(reference)
    return inline(tree).replace("\n", " ").strip()


# --- Blocks -------------------------------------------------------------------------------------

def flow(container: etree._Element, width: int) -> list[Block]:
    """The content of an element that may mix text, inline elements and blocks."""
    blocks: list[Block] = []
    pending = collapse(container.text)
    for child in container:
        if isinstance(child.tag, str) and child.tag in BLOCK_TAGS:
            blocks += paragraph(pending, width)
            blocks += block(child, width)
            pending = collapse(child.tail)
        else:
            pending += inline_element(child) + collapse(child.tail)
    return blocks + paragraph(pending, width)


def block(element: etree._Element, width: int) -> list[Block]:
    """One block element as text blocks, by what it is."""
    tag = element.tag
    if tag == "p":
        return verse(element, width) if is_verse(element) else paragraph(inline(element), width)
    if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
        return [Block(tuple(wrap(inline(element).replace("\n", " ").strip(), width=width)), 2)]
    if tag == "blockquote":
        return indented(flow(element, width - QUOTE_INDENT), QUOTE_INDENT)
    if tag in {"ul", "ol"}:
        return [Block(tuple(list_lines(element, width)))]
    if tag == "table":
        return [Block(tuple(table_lines(element, width)))]
    if tag == "hr":
        return [Block((THEMATIC_BREAK.center(width).rstrip(),))]
    if tag == "pre":
        code = "".join(map(str, element.itertext())).expandtabs(4).rstrip("\n").split("\n")
        return [Block(tuple(" " * QUOTE_INDENT + line.rstrip() for line in code))]
    if tag == "dd":
        return indented(flow(element, width - QUOTE_INDENT), QUOTE_INDENT)
    return flow(element, width)  # div, section, figure, dl, dt, li, caption, figcaption


def paragraph(text: str, width: int) -> list[Block]:
    """Running text wrapped to the measure; a line break in it starts a new line."""
    lines: list[str] = []
    for segment in text.split("\n"):
        lines += wrap(SPACE_RUN.sub(" ", segment).strip(" "), width=width) or [""]
    lines = trimmed(lines)
    return [Block(tuple(lines))] if lines else []


def is_verse(element: etree._Element) -> bool:
    """A paragraph of verse, or a paragraph in a block of verse (a div of class poem)."""
    return any(VERSE_CLASSES & set(str(holder.get("class", "")).split())
               for holder in (element, *element.iterancestors()))


def verse(element: etree._Element, width: int) -> list[Block]:
    """Verse keeps its lines and their indentation, the whole indented like a quotation.

    A line too long for the measure goes on 4 columns deeper, as printed verse turns over.
    """
    lines: list[str] = []
    for segment in inline(element).split("\n"):
        indent, words = line_indentation(segment.strip(" "))
        lines += wrap(words, width=width - QUOTE_INDENT, indent=indent,
                      hanging=indent + " " * QUOTE_INDENT) or [""]
    lines = trimmed(lines)
    return indented([Block(tuple(lines))], QUOTE_INDENT) if lines else []


def line_indentation(line: str) -> tuple[str, str]:
    """A verse line's leading em spaces or no-break spaces as ASCII spaces, and its words.

    Monospace text has no em space of its own width, so each becomes the two columns it
    roughly takes, which keeps the poet's indentation visible in every viewer.
    """
    words = line.lstrip()
    lead = line[:len(line) - len(words)]
    return " " * sum(INDENT_COLUMNS.get(char, 1) for char in lead), words


def trimmed(lines: list[str]) -> list[str]:
    """Lines without the blank ones a leading or trailing <br> leaves."""
    start = next((index for index, line in enumerate(lines) if line), len(lines))
    end = max((index + 1 for index, line in enumerate(lines) if line), default=start)
    return lines[start:end]


def indented(blocks: Sequence[Block], columns: int) -> list[Block]:
    """Blocks moved right, blank lines left blank."""
    pad = " " * columns
    return [Block(tuple(pad + line if line else "" for line in item.lines), item.space_before)
            for item in blocks]


def join_blocks(blocks: Iterable[Block], *, tight: bool = False) -> list[str]:
    """Blocks one after another, with the blank lines each asks for (none in a tight list)."""
    lines: list[str] = []
    for index, item in enumerate(blocks):
        if index and not tight:
            lines += [""] * item.space_before
        lines += item.lines
    return lines


def hang(lines: Sequence[str], label: str) -> list[str]:
    """The label before the first line, the later lines indented to the label's width."""
    if not lines:
        return [label.rstrip()]
    pad = " " * len(label)
    return [label + lines[0]] + [pad + line if line else "" for line in lines[1:]]


def list_lines(element: etree._Element, width: int) -> list[str]:
    """A list with hanging indents: each item's lines under its text, nested lists deeper."""
    items = [child for child in element if child.tag == "li"]
    first = int(element.get("start", "1")) if element.get("start", "1").isdigit() else 1
    markers = ([f"{first + index}." for index in range(len(items))] if element.tag == "ol"
               else ["-"] * len(items))
    marker_width = max((len(marker) for marker in markers), default=1)
    loose = any(child.tag == "p" for item in items for child in item)
    lines: list[str] = []
    for index, (item, marker) in enumerate(zip(items, markers, strict=True)):
        label = "  " + marker.rjust(marker_width) + " "
        body = join_blocks(flow(item, width - len(label)), tight=not loose)
        lines += ([""] if index and loose else []) + hang(body, label)
    return lines


# --- Tables -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Cell:
    text: str
    align: str  # left, right or center


def table_lines(element: etree._Element, width: int) -> list[str]:
    """Aligned columns when the table fits the measure, else one entry per row."""
    rows: list[list[Cell]] = []
    header_rows = 0
    for row in element.iter("tr"):
        cells = [Cell(collapse(inline(cell).replace("\n", " ")).strip(), cell_alignment(cell))
                 for cell in row if cell.tag in {"td", "th"}]
        parent = row.getparent()
        in_head = parent is not None and parent.tag == "thead"
        if header_rows == len(rows) and (in_head or all(cell.tag == "th" for cell in row)):
            header_rows += 1
        rows.append(cells)
    caption = element.find("caption")
    lines = [*wrap(inline(caption).strip(), width=width), ""] if caption is not None else []
    columns = max((len(row) for row in rows), default=0)
    widths = [max((len(row[index].text) for row in rows if index < len(row)), default=0)
              for index in range(columns)]
    if sum(widths) + len(COLUMN_GAP) * (columns - 1) <= width:
        return lines + aligned_rows(rows, header_rows, widths)
    return lines + row_entries(rows, header_rows, width)


def cell_alignment(cell: etree._Element) -> str:
    """How a cell's column is aligned, from Python-Markdown's style or an HTML align."""
    style = cell.get("style", "").replace(" ", "")
    for align in ("right", "center"):
        if f"text-align:{align}" in style or cell.get("align") == align:
            return align
    return "left"


def aligned_rows(rows: list[list[Cell]], header_rows: int, widths: list[int]) -> list[str]:
    """Columns padded to their widest cell; a rule of hyphens under the header rows."""
    def pad(cell: Cell, width: int) -> str:
        if cell.align == "right":
            return cell.text.rjust(width)
        return cell.text.center(width) if cell.align == "center" else cell.text.ljust(width)
    lines = []
    for index, row in enumerate(rows):
        if index == header_rows and header_rows:
            lines.append(COLUMN_GAP.join("-" * width for width in widths))
        lines.append(COLUMN_GAP.join(pad(cell, widths[column])
                                     for column, cell in enumerate(row)).rstrip())
    return lines


def row_entries(rows: list[list[Cell]], header_rows: int, width: int) -> list[str]:
    """A table too wide for the measure: each row a group of "Header: value" lines."""
    headers = [cell.text for cell in rows[header_rows - 1]] if header_rows else []
    lines: list[str] = []
    for row in rows[header_rows:]:
        if lines:
            lines.append("")
        for column, cell in enumerate(row):
            label = f"{headers[column]}: " if column < len(headers) and headers[column] else ""
            lines += wrap(label + cell.text, width=width, hanging=" " * QUOTE_INDENT)
    return lines


# --- Inline text --------------------------------------------------------------------------------

def collapse(text: str | None) -> str:
    """Source line breaks and runs of ASCII white space as one space, as a browser shows them."""
    return ASCII_SPACE_RUN.sub(" ", text) if text else ""


def inline(element: etree._Element) -> str:
    """An element's content as text with its marks; a <br> as a newline. Not its tail."""
    return collapse(element.text) + "".join(
        inline_element(child) + collapse(child.tail) for child in element)


def inline_element(element: etree._Element) -> str:
    """One inline element, with the marks plain text uses for it."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    if tag == "br":
        return "\n"
    if is_marker(element):
        return f" {page_marker(element)} "
    if tag == "img":
        alt = " ".join(element.get("alt", "").split())
        return f"[Illustration: {alt}]" if alt else "[Illustration]"
    if tag == "a" and {"noteref", "footnote-ref"} & set(element.get("class", "").split()):
        return f"[{''.join(map(str, element.itertext())).strip()}]"
    if tag == "a":
        return link(element)
    if tag in EMPHASIS:
        return marked(inline(element), "_")
    if tag in STRONG:
        return marked(inline(element), "*")
    if tag == "q":
        return f"“{inline(element)}”"
    if tag in BLOCK_TAGS:  # a block where only inline content was expected: keep its words
        return " " + inline(element) + " "
    return inline(element)


def page_marker(marker: etree._Element) -> str:
    """Where a print page begins, as {12}: braces, which the text uses for nothing else."""
    return f"{{{marker.get(PAGE, '')}}}"


def marked(text: str, mark: str) -> str:
    """Text between marks, with its outer spaces left outside them: "_word_ ", not "_word _"."""
    core = text.strip(" ")
    if not core:
        return text
    start = len(text) - len(text.lstrip(" "))
    return text[:start] + mark + core + mark + text[start + len(core):]


def link(element: etree._Element) -> str:
    """A web link as "text <url>" so a reader can follow it; a link within the book as text."""
    text = inline(element)
    href = element.get("href", "")
    if not href.lower().startswith(EXTERNAL_LINK):
        return text
    shown = text.strip()
    if shown in {href, href.removeprefix("mailto:")}:
        return text
    return f"{text} <{href}>"


def wrap(text: str, *, width: int = WIDTH, indent: str = "",
         hanging: str | None = None) -> list[str]:
    """Lines of at most `width` columns, broken at ASCII spaces only (never inside a word)."""
    if not text.strip():
        return []
    return textwrap.wrap(text, width=width, initial_indent=indent,
                         subsequent_indent=indent if hanging is None else hanging,
                         break_long_words=False, break_on_hyphens=False)
