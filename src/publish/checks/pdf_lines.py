"""A PDF page's lines of text as pdfplumber reads them, put back in the order they are written.

A PDF holds glyphs at positions, each with the text its ToUnicode map gives. WeasyPrint gives
a cluster's text to its last glyph and none to the others, and draws right-to-left runs and
Devanagari's short i in the order they are seen. So characters are put on lines by their
baseline, a glyph with no text still fills its room, words are told apart by space glyphs (or a
gap where there is none, between table cells), and a line is turned back into reading order.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Any

from pdfplumber.utils.text import chars_to_textmap

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
BOX_ASCENT = 0.8  # of the size: the top of a character's box above its baseline, for all faces
SUPERIOR_WIDTH = 0.36  # of the size: a superior figure's advance; a text figure's is about 0.5


@dataclass(frozen=True)
class PdfLine:
    text: str
    size: float  # the size most of its characters are set in


def page_lines(page: Any, *, rtl: bool = False) -> list[PdfLine]:
    """A page's lines, without footnote calls (digits much smaller than the rest of the line),
    in the order they are written (a right-to-left book's lines read from the right).

    Characters are put on lines by their baseline, not by the top of their font's box: the
    faces of a fallback chain have different ascents, so a stop set in the body face would
    otherwise make a line of its own above a line of Devanagari."""
    chars = [on_baseline(char, float(page.height)) for char in page.chars]
    textmap = chars_to_textmap(chars, keep_blank_chars=True, layout_bbox=page.bbox,
                               layout_width=page.width, layout_height=page.height)
    lines = []
    for found in textmap.extract_text_lines(return_chars=True, strip=True):
        chars = found["chars"]
        if not chars:
            continue
        size = Counter(round(float(char["size"]), 2) for char in chars).most_common(1)[0][0]
        text = []
        previous = None
        reach = 0.0  # the right edge of the line so far (a glyph may be drawn back over it)
        for char in chars:
            if is_note_call(char, size) or (previous is not None and char["text"] == previous[
                    "text"] and abs(float(char["x0"]) - float(previous["x0"])) < 0.01):
                continue  # a note call, or a ligature's glyph reported twice
            if is_mark(str(char["text"])):
                text.append(str(char["text"]))  # drawn over its letter: no gap to measure
                continue
            if previous is not None and is_gap(previous, char, reach):
                text.append(" ")
            text.append(str(char["text"]))
            previous = char
            reach = max(reach, float(char["x1"]))
        drawn = "".join(text).replace(NO_TEXT, "").strip()
        lines.append(PdfLine(in_logical_order(drawn, rtl=rtl), size))
    return lines


def is_gap(previous: dict[str, Any], char: dict[str, Any], reach: float) -> bool:
    """Whether a character stands apart from the line before it (which reaches `reach`) as
    words do, with no space glyph between them (table cells side by side)."""
    gap = float(char["x0"]) - reach
    return not str(previous["text"]).isspace() and gap > float(char["size"]) * WORD_GAP


def on_baseline(char: dict[str, Any], page_height: float) -> dict[str, Any]:
    """A character whose box is set from its baseline and size alone (as if every face had
    the same ascent and descent). A glyph drawn with no text (the first glyphs of a cluster,
    a vowel sign drawn before its consonant) is kept as NO_TEXT, so the room it takes is not
    read as a space between words."""
    size = float(char["size"])
    top = page_height - float(char["matrix"][5]) - BOX_ASCENT * size
    return {**char, "text": char["text"] or NO_TEXT, "top": top, "bottom": top + size,
            "height": size, "doctop": float(char["doctop"]) - float(char["top"]) + top}


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


def is_note_call(char: dict[str, Any], line_size: float) -> bool:
    """A digit set as a superscript: smaller than its line, or a superior figure of the font
    (font-variant-position: super), which is as tall as the text but half as wide as a figure.
    """
    if not str(char["text"]).isdigit():
        return False
    size = float(char["size"])
    return size < line_size * 0.8 or float(char["x1"]) - float(char["x0"]) < size * SUPERIOR_WIDTH


