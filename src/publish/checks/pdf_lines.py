"""A PDF page's lines of text, from its glyphs (pdf_glyphs.py), in the order they are written.

A PDF holds glyphs at positions, each with the text its ToUnicode map gives. WeasyPrint gives
a cluster's text to its last glyph and none to the others, and draws right-to-left runs and
Devanagari's short i in the order they are seen. So glyphs are put on lines by their baseline,
a glyph with no text still fills its room, words are told apart by space glyphs (or a gap where
there is none, between table cells), and a line is turned back into reading order.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from publish.checks.pdf_glyphs import Glyph

# A run of left-to-right letters or figures (with the stops and signs between them) inside a
# right-to-left line, and a character with the marks that follow it.
LEFT_TO_RIGHT_RUN = re.compile(
    r"[A-Za-z0-9\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff][\u0300-\u036f]*"
    r"(?:[A-Za-z0-9\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff.,:;/\-'’ ()]*"
    r"[A-Za-z0-9\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff][\u0300-\u036f]*)?")
# A run of Hebrew or Arabic letters (with their marks and the spaces between them).
RIGHT_TO_LEFT_RUN = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]"
                               "(?:[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff ]*"
                               "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff])?")
# Devanagari's short i, drawn before the consonant (cluster) it follows in writing.
PRE_BASE_I = re.compile("(\u093f)((?:[\u0915-\u0939\u0958-\u095f]\u093c?\u094d)*"
                        "[\u0915-\u0939\u0958-\u095f]\u093c?)")
NO_TEXT = "\u2060"  # WORD JOINER: stands for a glyph drawn with no text, while lines are read
WORD_GAP = 0.15  # of the size: a gap between words with no space glyph between them
BOX_ASCENT = 0.8  # of the size: the top of a glyph's box above its baseline, for all faces
LINE_GAP = 3.0  # points between the tops of two glyphs' boxes that still stand on one line
RAISED = 0.6  # of the size: how far a superscript's (or subscript's) baseline is off its line's
FRACTION_SLASHES = {"\u2044", "/"}
SEPARATORS = {",", "\u2009", "\u200a", "\u00a0", " "}  # between two calls: a comma, a space
SUPERIOR_WIDTH = 0.36  # of the size: a superior figure's advance; a text figure's is about 0.5


@dataclass(frozen=True)
class PdfLine:
    text: str
    size: float  # the size most of its characters are set in
    left: float = 0.0  # where it is drawn across the page, in points
    right: float = 0.0


def page_lines(glyphs: Sequence[Glyph], *, rtl: bool = False) -> list[PdfLine]:
    """A page's lines, top to bottom, without footnote calls (digits much smaller than the
    rest of the line, or superior figures), in the order they are written (a right-to-left
    book's lines read from the right)."""
    return [line for glyph_line in glyph_lines(glyphs)
            if (line := read_line(glyph_line, rtl=rtl)).text]


def glyph_lines(glyphs: Sequence[Glyph]) -> list[list[Glyph]]:
    """The glyphs put on lines, each line left to right.

    A glyph's line is found by the top of a box set from its baseline and size alone (as if
    every face had the same ascent): the faces of a fallback chain have different ascents, so
    a stop set in the body face would otherwise make a line of its own above a line of
    Devanagari; and a figure set smaller and raised (a note call) keeps its line. Tops less
    than LINE_GAP apart, one after another, are one line."""
    lines: list[list[Glyph]] = []
    last = None
    for top, glyph in sorted(((-(glyph.baseline + BOX_ASCENT * glyph.size), glyph)
                              for glyph in glyphs), key=lambda pair: pair[0]):
        if last is None or top - last > LINE_GAP:
            lines.append([])
        lines[-1].append(glyph)
        last = top
    return [sorted(line, key=lambda glyph: glyph.x0) for line in with_raised(lines)]


def with_raised(lines: list[list[Glyph]]) -> list[list[Glyph]]:
    """The lines (top to bottom), a run of text set raised on its line ("Sign^r^",
    "24^th^": a superscript of the text, not a note call) or lowered on it put back on it:
    its baseline is nearer the line's than RAISED of the line's size, where the line before or
    after is a whole line's leading away."""
    joined: list[list[Glyph]] = []
    for line in lines:
        if joined and abs(baseline(joined[-1]) - baseline(line)) < RAISED * max(
                size_of(joined[-1]), size_of(line)):
            joined[-1] = joined[-1] + line
        else:
            joined.append(line)
    return joined


def baseline(line: Sequence[Glyph]) -> float:
    """The baseline most of a line's glyphs stand on."""
    return Counter(round(glyph.baseline, 1) for glyph in line).most_common(1)[0][0]


def size_of(line: Sequence[Glyph]) -> float:
    return Counter(round(glyph.size, 2) for glyph in line).most_common(1)[0][0]


def read_line(glyphs: Sequence[Glyph], *, rtl: bool = False) -> PdfLine:
    """One line's text: its words apart, its note calls left out, in reading order."""
    size = Counter(round(glyph.size, 2) for glyph in glyphs).most_common(1)[0][0]
    text = []
    previous = None
    reach = 0.0  # the right edge of the line so far (a glyph may be drawn back over it)
    line_baseline = baseline(glyphs)
    # A call stands on the baseline of the glyph it follows, not always on its line's: in a
    # table row, a cell whose call is set larger than its text sits lower than the others.
    calls = numerators_apart(glyphs, [
        is_note_call(glyph, size, glyphs[index - 1].baseline if index else line_baseline)
        for index, glyph in enumerate(glyphs)])
    for index, glyph in enumerate(glyphs):
        drawn = glyph.text or NO_TEXT
        if calls[index] or between_calls(glyphs, calls, index) or (
                previous is not None and glyph.text == previous.text
                and abs(glyph.x0 - previous.x0) < 0.01):
            continue  # a note call (and the comma between two), or a ligature's glyph twice
        if is_mark(drawn):
            text.append(drawn)  # drawn over its letter: no gap to measure
            continue
        if previous is not None and is_gap(previous, glyph, reach):
            text.append(" ")
        text.append(drawn)
        previous = glyph
        reach = max(reach, glyph.x1)
    line = " ".join("".join(text).replace(NO_TEXT, "").split())
    return PdfLine(in_logical_order(line, rtl=rtl), size, min(glyph.x0 for glyph in glyphs),
                   max(glyph.x1 for glyph in glyphs))


def numerators_apart(glyphs: Sequence[Glyph], calls: list[bool]) -> list[bool]:
    """The calls, without the runs of superior (or inferior) figures that are the text's: a
    fraction's numerator and denominator ("¹⁹⁄₃₂", either side of a fraction slash) or figures
    between two spaces (a call touches its word: on its right, or on its left in a line drawn
    right to left). A run is of one size: a call set after a denominator ("4²⁄₄²²³", in a
    table set smaller than the calls) is still a call."""
    index = 0
    while index < len(glyphs):
        if not calls[index]:
            index += 1
            continue
        end = index
        while end < len(glyphs) and calls[end] and abs(glyphs[end].size
                                                       - glyphs[index].size) < 0.01:
            end += 1
        after = glyphs[end].text if end < len(glyphs) else ""
        before = glyphs[index - 1].text if index else ""
        if FRACTION_SLASHES & {after, before} or (before.isspace() and after.isspace()):
            calls[index:end] = [False] * (end - index)
        index = end
    return calls


def between_calls(glyphs: Sequence[Glyph], calls: Sequence[bool], index: int) -> bool:
    """Whether a glyph is the separator print sets between two note calls side by side (a
    superior comma: "Charing⁵,⁶"), which is the calls', not the text's."""
    return (0 < index < len(glyphs) - 1 and glyphs[index].text in SEPARATORS
            and calls[index - 1] and calls[index + 1])


def is_gap(previous: Glyph, glyph: Glyph, reach: float) -> bool:
    """Whether a glyph stands apart from the line before it (which reaches `reach`) as
    words do, with no space glyph between them (table cells side by side)."""
    return not previous.text.isspace() and glyph.x0 - reach > glyph.size * WORD_GAP


@cache
def is_mark(text: str) -> bool:
    """Whether a glyph's text is only combining marks (points, accents), drawn over a letter."""
    return bool(text) and all(unicodedata.category(character) in ("Mn", "Me")
                              for character in text)


def in_logical_order(line: str, *, rtl: bool = False) -> str:
    """A line as read from the page (left to right, as drawn) in the order it is written.

    A right-to-left line (more of its words in Hebrew or Arabic than in a left-to-right
    script, or as many in a right-to-left book) is turned round, each letter with its points
    and marks, and each run of left-to-right text or figures in it turned back. Words are
    counted, not letters: a long Latin identifier in an Arabic sentence does not turn the
    sentence. In Devanagari the short i (ि), drawn before its consonant, goes after it."""
    directions = [word_direction(word) for word in line.split()]
    right_to_left, left_to_right = directions.count("R"), directions.count("L")
    if right_to_left > left_to_right or (rtl and right_to_left and
                                         right_to_left == left_to_right):
        line = LEFT_TO_RIGHT_RUN.sub(turned, turned(line))
    elif right_to_left:  # a Hebrew or Arabic word in a Latin line
        line = RIGHT_TO_LEFT_RUN.sub(turned, line)
    return PRE_BASE_I.sub(r"\2\1", line)


def word_direction(word: str) -> str:
    """"R" for a word whose first strong letter is Hebrew or Arabic, "L" for one whose is
    left-to-right, "" for a word of figures and signs."""
    for character in word:
        kind = unicodedata.bidirectional(character)
        if kind in ("R", "AL"):
            return "R"
        if kind == "L":
            return "L"
    return ""


def turned(run: str | re.Match[str]) -> str:
    """A run of text the other way round, each letter keeping its marks after it."""
    text = run if isinstance(run, str) else run[0]
    clusters: list[str] = []
    for character in text:
        if clusters and is_mark(character):
            clusters[-1] += character
        else:
            clusters.append(character)
    return "".join(reversed(clusters))


def is_note_call(glyph: Glyph, line_size: float, baseline_before: float) -> bool:
    """A figure set as a note call: smaller than its line, or a superior figure of the font
    (font-variant-position: super), which is as tall as the text but half as wide as a
    figure; raised where the face has no superior figures, never lowered: a figure below the
    glyph before it (`baseline_before`) is the text's own subscript."""
    if not glyph.text.isdigit() or glyph.baseline < baseline_before - RAISED / 4 * line_size:
        return False
    return glyph.size < line_size * 0.8 or glyph.x1 - glyph.x0 < glyph.size * SUPERIOR_WIDTH
