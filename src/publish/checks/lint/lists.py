"""Lint rules on lists Markdown does not read as lists (checks/catalogue.py, S-003, S-004).

They read the file's lines as written, code included: a list that became code is what one of
them looks for. Both are warnings, as the text is all there: a code block of items, or a
paragraph of items, may be what the author meant.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from publish.checks.lint.blocks import FENCE, HEADING, QUOTE_MARKERS, ROW, THEMATIC_BREAK
from publish.checks.lint.finding import LintFinding, Place
from publish.source.manuscript import ChapterSource

# An item's mark: a bullet, or a number with its dot or (pandoc's, which Markdown here does
# not read) its parenthesis.
MARK = re.compile(r"^(?:([-*+])|(\d{1,9})([.)]))[ \t]+\S")
INDENTED = re.compile(r"^(?: {4}|\t)")


@dataclass(frozen=True)
class SourceLine:
    number: int  # in the file
    text: str  # without block quote markers


def lines_of(source: ChapterSource) -> list[SourceLine]:
    """The file's lines outside fenced code, quote markers taken off; a fence's lines become
    blank, so that what stands before and after it are two blocks."""
    lines, in_fence = [], False
    for number, raw in enumerate(source.text.split("\n"), start=source.first_line):
        if FENCE.match(raw):
            in_fence = not in_fence
        blank = in_fence or FENCE.match(raw) is not None
        lines.append(SourceLine(number, "" if blank else QUOTE_MARKERS.sub("", raw)))
    return lines


def runs(lines: list[SourceLine]) -> Iterator[list[SourceLine]]:
    """The runs of lines between blank lines."""
    run: list[SourceLine] = []
    for line in [*lines, SourceLine(0, "")]:
        if line.text.strip():
            run.append(line)
        elif run:
            yield run
            run = []


def paragraphs(lines: list[SourceLine]) -> Iterator[list[SourceLine]]:
    """The lines Markdown reads as one block of prose: a run's lines at the margin, parted
    where a heading or a break stands (after either, a list is read as a list)."""
    for run in runs(lines):
        paragraph: list[SourceLine] = []
        for line in [*run, SourceLine(0, "# end")]:
            if HEADING.match(line.text) or THEMATIC_BREAK.match(line.text):
                if paragraph:
                    yield paragraph
                paragraph = []
            elif not INDENTED.match(line.text):
                paragraph.append(line)


def indented_lists(place: Place, source: ChapterSource) -> Iterator[LintFinding]:
    """S-003: a block indented by a tab after a blank line, outside a list, whose every line is
    an item: Markdown reads it as code (a word processor's list, pasted)."""
    in_list = False
    for run in runs(lines_of(source)):
        first = run[0].text
        if not INDENTED.match(first):
            in_list = MARK.match(first.lstrip(" ")) is not None or (
                in_list and first.startswith(" "))
            continue
        if in_list:  # an indented block after an item continues the item, as a nested list
            continue
        if first.startswith("\t") and all(MARK.match(line.text.strip()) for line in run):
            yield place.finding("S-003", run[0].number, f"these {len(run)} tab-indented items "
                                "are read as code: they print as typed, in a fixed-width "
                                "face, not as a list", "take the tab off each item (a list "
                                "starts at the margin); if it is code, fence it with ```")


def run_in_lists(place: Place, source: ChapterSource) -> Iterator[LintFinding]:
    """S-004: items in a paragraph that Markdown runs into one line of prose: a list with no
    blank line before it, or numbered 1) 2) as pandoc reads them. Two items in a row, numbered
    one after the other or with the same bullet, make a list; one line that happens to begin
    with a number or a dash does not."""
    for paragraph in paragraphs(lines_of(source)):
        opening = MARK.match(paragraph[0].text.lstrip(" "))
        if opening and opening[3] != ")":  # a list, read as one
            continue
        marks = [(line, MARK.match(line.text.lstrip(" "))) for line in paragraph
                 if not ROW.match(line.text)]
        for (_, mark), (_, following) in pairwise(marks):
            if mark and following and follows(mark, following):
                numbered = mark[3] == ")"
                first = next(item for item, other in marks  # the list's first item
                             if other and (other[1] or other[3]) == (mark[1] or mark[3]))
                yield place.finding(
                    "S-004", first.number, "these items run into one paragraph: Markdown "
                    + ("reads no list numbered 1) 2)" if numbered else
                       "starts no list without a blank line before it"),
                    "number the items 1. 2. and put a blank line before the list" if numbered
                    else "put a blank line before the list")
                break


def follows(mark: re.Match[str], following: re.Match[str]) -> bool:
    """Whether two items' marks are a list's: the same bullet, or numbers one after the other
    with the same punctuation."""
    if mark[1] or following[1]:
        return mark[1] == following[1]
    return mark[3] == following[3] and int(following[2]) == int(mark[2]) + 1
