"""A chapter's Markdown cut into the blocks an author sees (paragraphs, headings, table rows,
list items, note definitions), each with the lines it stands on, for the lint rules to read.

Code (fenced or indented) is left out: it shows text as it is, damage and all. Block quote
markers and list bullets are taken off the text a rule reads, so a quotation is proofread like
any paragraph; a rule's finding names the line of the source it found the problem on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from publish.source.manuscript import ChapterSource

Kind = Literal["paragraph", "heading", "row", "item", "note", "break"]

FENCE = re.compile(r"^\s*(```|~~~)")
QUOTE_MARKERS = re.compile(r"^\s{0,3}(?:>\s?)+")
ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+")
HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
ROW = re.compile(r"^\s*\|")
THEMATIC_BREAK = re.compile(r"^ {0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$")
NOTE_DEFINITION = re.compile(r"^\[\^([^\]\s]+)\]:\s?")
# An allowance an author writes on a line: <!-- lint: allow D-007 D-009 -->
ALLOWANCE = re.compile(r"<!--\s*lint:\s*allow\s+([A-Z]-\d{3}(?:[\s,]+[A-Z]-\d{3})*)\s*-->")
# What a reader does not read as prose: code, comments, link targets, attribute lists, tags.
HIDDEN = re.compile(r"`+[^`]*`+|<!--.*?-->|\]\([^)]*\)|<https?:[^>]*>|https?://\S+"
                    r"|\{:[^}]*\}|</?[A-Za-z][^<>]*>")


@dataclass(frozen=True)
class Line:
    number: int  # in the file
    text: str  # without quote markers and bullets
    raw: str  # as the file has it


@dataclass(frozen=True)
class Block:
    kind: Kind
    lines: tuple[Line, ...]
    allowed: frozenset[str]  # codes an allowance in the block lets pass

    @cached_property  # every rule reads it (frozen: cached_property writes __dict__ itself)
    def text(self) -> str:
        """The block's lines joined as one line of prose, allowances taken out."""
        return ALLOWANCE.sub("", " ".join(line.text.strip() for line in self.lines)).strip()

    @cached_property
    def prose(self) -> str:
        """The text's words a reader reads, the rest blanked out (offsets stay the text's)."""
        return HIDDEN.sub(lambda found: " " * len(found[0]), self.text)

    @property
    def first(self) -> int:
        return self.lines[0].number

    def line_of(self, offset: int) -> int:
        """The file's line holding the character at `offset` of `text`."""
        for line in self.lines:
            length = len(line.text.strip()) + 1
            if offset < length:
                return line.number
            offset -= length
        return self.lines[-1].number


def blocks_of(source: ChapterSource) -> Iterator[Block]:
    """The file's blocks in order, code left out."""
    current: list[Line] = []
    kind: Kind = "paragraph"
    in_fence = False

    def done() -> Iterator[Block]:
        if current:
            allowed = frozenset(code for line in current for found in ALLOWANCE.finditer(
                line.text) for code in re.findall(r"[A-Z]-\d{3}", found[1]))
            yield Block(kind, tuple(current), allowed)
            current.clear()

    for number, raw in enumerate(source.text.split("\n"), start=source.first_line):
        if FENCE.match(raw):
            in_fence = not in_fence
            yield from done()
            continue
        if in_fence or (raw.startswith(("    ", "\t")) and not current):
            continue
        text = QUOTE_MARKERS.sub("", raw)
        if not text.strip():
            yield from done()
            continue
        heading = HEADING.match(text)
        starts = heading or ROW.match(text) or ITEM.match(text) or NOTE_DEFINITION.match(text)
        if THEMATIC_BREAK.match(text):
            yield from done()
            kind = "break"
        elif starts:
            yield from done()
            kind = ("heading" if heading else "row" if ROW.match(text) else
                    "item" if ITEM.match(text) else "note")
            text = ITEM.sub("", text) if kind == "item" else text
        elif not current:
            kind = "paragraph"
        current.append(Line(number, text, raw))
        if kind in ("heading", "row", "break"):
            yield from done()
    yield from done()
