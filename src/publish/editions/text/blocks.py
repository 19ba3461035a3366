"""Blocks in a monospace edition: paragraphs, verse, quotations, lists, rules, code, each set
in lines of at most a given width and separated by the blank lines it asks for."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lxml import etree

from publish.book.phrases import Phrases
from publish.editions.text.inline import (
    BLOCK_TAGS,
    QUOTE_INDENT,
    collapse,
    inline,
    inline_element,
    wrap,
)
from publish.editions.text.tables import table_lines

THEMATIC_BREAK = "*       *       *"
VERSE_CLASSES = {"poem", "verse", "stanza"}
SPACE_RUN = re.compile(" {2,}")  # where inline pieces met, each with its own space
INDENT_COLUMNS = {"\u2003": 2, "\u2001": 2}  # an em space or em quad: about two monospace cells
ATTRIBUTION = "attribution"  # an epigraph's source (book/epigraphs.py)
ENTRY = "entry"  # a bibliography's entry (document.py marks them)


@dataclass(frozen=True)
class Block:
    """Lines of output that stand apart from their neighbours by blank lines."""

    lines: tuple[str, ...]
    space_before: int = 1  # blank lines between this block and the one before it


def flow(container: etree._Element, width: int, say: Phrases) -> list[Block]:
    """The content of an element that may mix text, inline elements and blocks."""
    blocks: list[Block] = []
    pending = collapse(container.text)
    for child in container:
        if isinstance(child.tag, str) and child.tag in BLOCK_TAGS:
            blocks += paragraph(pending, width)
            blocks += block(child, width, say)
            pending = collapse(child.tail)
        else:
            pending += inline_element(child, say) + collapse(child.tail)
    return blocks + paragraph(pending, width)


def block(element: etree._Element, width: int, say: Phrases) -> list[Block]:
    """One block element as text blocks, by what it is."""
    tag = element.tag
    if tag == "p":
        classes = set(str(element.get("class", "")).split())
        if ATTRIBUTION in classes:  # an epigraph's source, at the far side as in print
            return [Block(tuple(line.rjust(width) for line in item.lines), item.space_before)
                    for item in paragraph(inline(element, say), width)]
        if ENTRY in classes:  # a bibliography's entry: its later lines indented
            return paragraph(inline(element, say), width, hanging=" " * QUOTE_INDENT)
        return (verse(element, width, say) if is_verse(element)
                else paragraph(inline(element, say), width))
    if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
        heading = inline(element, say).replace("\n", " ").strip()
        return [Block(tuple(wrap(heading, width=width)), 2)]
    if tag == "blockquote":
        return indented(flow(element, width - QUOTE_INDENT, say), QUOTE_INDENT)
    if tag in {"ul", "ol"}:
        return [Block(tuple(list_lines(element, width, say)))]
    if tag == "table":
        return [Block(tuple(table_lines(element, width, say)))]
    if tag == "hr":
        return [Block((THEMATIC_BREAK.center(width).rstrip(),))]
    if tag == "pre":
        code = "".join(map(str, element.itertext())).expandtabs(4).rstrip("\n").split("\n")
        return [Block(tuple(" " * QUOTE_INDENT + line.rstrip() for line in code))]
    if tag == "dd":  # right under its term, indented
        blocks = indented(flow(element, width - QUOTE_INDENT, say), QUOTE_INDENT)
        before = element.getprevious()
        if blocks and before is not None and before.tag == "dt":
            blocks[0] = Block(blocks[0].lines, 0)
        return blocks
    return flow(element, width, say)  # div, section, figure, dl, dt, li, caption, figcaption


def paragraph(text: str, width: int, hanging: str | None = None) -> list[Block]:
    """Running text wrapped to the measure; a line break in it starts a new line."""
    lines: list[str] = []
    for segment in text.split("\n"):
        lines += wrap(SPACE_RUN.sub(" ", segment).strip(" "), width=width,
                      hanging=hanging) or [""]
    lines = trimmed(lines)
    return [Block(tuple(lines))] if lines else []


def is_verse(element: etree._Element) -> bool:
    """A paragraph of verse, or a paragraph in a block of verse (a div of class poem)."""
    return any(VERSE_CLASSES & set(str(holder.get("class", "")).split())
               for holder in (element, *element.iterancestors()))


def verse(element: etree._Element, width: int, say: Phrases) -> list[Block]:
    """Verse keeps its lines and their indentation, the whole indented like a quotation.

    A line too long for the measure goes on 4 columns deeper, as printed verse turns over.
    """
    lines: list[str] = []
    for segment in inline(element, say).split("\n"):
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


def list_lines(element: etree._Element, width: int, say: Phrases) -> list[str]:
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
        body = join_blocks(flow(item, width - len(label), say), tight=not loose)
        lines += ([""] if index and loose else []) + hang(body, label)
    return lines
