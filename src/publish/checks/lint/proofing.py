"""Proofreading rules for damaged sources (checks/catalogue.py, D): what a web extraction or a
scan does to a text, found so the next archived text needs less hand work.

Each rule reads prose blocks (blocks.py) without code spans, link targets and HTML comments, and
names the source line it found the damage on. They are warnings: the author decides, and an
intended form is kept with an allowance (`<!-- lint: allow D-007 -->` in the block, or
`lint-allow: [D-009]` in the file's front matter).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from itertools import pairwise
from typing import Any

from publish.book.typography import typographic
from publish.checks.lint.blocks import HEADING, HIDDEN, Block
from publish.checks.lint.finding import LintFinding, Place
from publish.checks.lint.languages import block_language

FINAL = re.compile(r"[.!?:;…'\"’”)\]*_\u2013\u2014|]$")
HYPHEN_FOR_DASH = re.compile(r"(?<=[\w,;’'\")]) -(?=[A-Za-z])|(?<=[a-z])- (?=[a-z])"
                             r"|(?<=[\w,;’'\")]) - (?=[\w'‘\"“])")
VERSE_MARK = re.compile(r"\{:[^}]*\.(?:poem|verse|stanza)\b")
TAG = re.compile(r"</?[A-Za-z][^<>]*>")
PLACEHOLDER_LINK = re.compile(r"\]\(\s*(?:#|<\s*>)?\s*\)")
REPEATED_WORD = re.compile(r"\b(\w{2,}+)\s+\1\b", re.IGNORECASE)  # possessive: a word whole
REPEATED_MARK = re.compile(r"([,;:])\1|(?<![.!?])\.\.(?!\.)")  # not ..., nor Russian !..
DOUBLED = (",,", ";;", "::", "..")  # what a text with a REPEATED_MARK holds (a quick look first)
# Lines of a web page's furniture, as extraction leaves them.
WEB_CHROME = re.compile(
    r"all rights reserved|^\s*-\s*\w+\s*-\s*$|^publication date:|^from the archive$|^ps:$"
    r"|\bdonat(?:e|ing|ion)\b|if you (?:like|liked|enjoyed) this article|share (?:this|on)\b"
    r"|\bsubscribe to\b|click here|^source: ", re.IGNORECASE)
PAGE_ADDRESS = re.compile(r"^<https?://[^>\s]+>$")
# What every line WEB_CHROME finds begins with or holds (lower case): a prose line without any
# is passed over before the costly search.
CHROME_OPENINGS = ("-", "publication date:", "from the archive", "ps:", "source: ")
CHROME_PARTS = ("all rights reserved", "donat", "if you ", "share ", "subscribe to", "click here")
# Words two marks both stand for a legitimate doubled word ("had had", "that that").
DOUBLES_OF_ENGLISH = {"had", "that"}
QUOTE_MARK = re.compile("['\"‘’“”„‚«»‹›]")
STRONG_CLOSING = re.compile(r"[\"”“»«]|[.,;:!?…]['’‘›‹]")
ELISIONS = {"tis", "twas", "t", "em", "til", "n", "cause", "neath", "gainst", "twere", "twill"}
OPENING = "‘“„‚«‹"
CLOSING = "’”"
# A mark that closes the quotation the other opened, in the languages that set them so (German
# „…“ and »…«, Danish »…«), and opens one anywhere else (English “…”, French «…»).
CLOSES_THE_OTHER = {"“": "„", "‘": "‚", "«": "»", "»": "«", "‹": "›", "›": "‹"}


def page_break_splits(place: Place, blocks: Sequence[Block]) -> Iterator[LintFinding]:
    """D-001: a paragraph that stops without a closing mark before one in lower case."""
    for block, following in pairwise(blocks):
        if block.kind == following.kind == "paragraph" and not is_verse(block) and (
                following.text[:1].islower() and not FINAL.search(block.prose.rstrip())):
            yield place.finding("D-001", block.lines[-1].number,
                                f"the paragraph stops at {block.text.split()[-1]!r} and the "
                                f"next begins {following.text.split()[0]!r}",
                                "join them if one sentence was cut at a page break")


def is_verse(block: Block) -> bool:
    """A stanza: its lines broken by hand, or marked as verse (a stanza may end without a
    stop and the next begin in lower case)."""
    return any(line.raw.endswith(("  ", "\\")) for line in block.lines) or bool(
        VERSE_MARK.search(block.text))


def in_prose(place: Place, blocks: Sequence[Block]) -> Iterator[LintFinding]:
    """D-002, D-006, D-007, D-008: a hyphen for a dash, a link to nowhere, a word or mark
    repeated."""
    for block in blocks:
        if block.kind == "row":
            continue
        text = block.prose
        hyphens = HYPHEN_FOR_DASH.finditer(text) if " -" in text or "- " in text else ()
        for found in hyphens:
            yield place.finding("D-002", block.line_of(found.start()),
                                f"a hyphen used as a dash: {context(text, found.start())!r}",
                                "write -- for a spaced dash")
        for found in PLACEHOLDER_LINK.finditer(block.text):
            yield place.finding("D-006", block.line_of(found.start()), "a link that leads "
                                "nowhere", "give its address, or keep the words without it")
        for found in REPEATED_WORD.finditer(text):
            if found[1].lower() not in DOUBLES_OF_ENGLISH and not found[1].isdigit():
                yield place.finding("D-007", block.line_of(found.start()),
                                    f"{found[0]!r}: a word repeated", "remove one")
        marks = REPEATED_MARK.finditer(text) if any(pair in text for pair in DOUBLED) else ()
        for found in marks:
            yield place.finding("D-008", block.line_of(found.start()),
                                f"{context(text, found.start())!r}: a mark repeated",
                                "remove one")


def quotation_marks(place: Place, blocks: Sequence[Block]) -> Iterator[LintFinding]:
    """D-003 a quotation opened and not closed before the next heading, D-005 a stray mark in
    a heading. A quotation may run over paragraphs (or stanzas): by the printers' convention
    each opens with a mark again and only the last closes, so a block that opens with a mark
    while a quotation is open goes on with it."""
    unclosed: list[tuple[Block, int]] = []  # blocks that opened more than they closed
    # Only a mark that cannot be a plural's apostrophe (the workers' movement) closes a
    # quotation a block before opened: a double one, or one after a stop.
    for block in [*blocks, None]:
        heading = HEADING.match(block.text) if block and block.kind == "heading" else None
        if block is None or heading is not None:
            for opener, count in unclosed:
                yield place.finding("D-003", opener.first, f"the paragraph opens {count} "
                                    f"quotation{'s' if count > 1 else ''} it does not close",
                                    "close the quotation where it ends")
            unclosed.clear()
        if block is None or block.kind in ("row", "break"):
            continue
        if heading is not None:
            opened, closed = quotes_opened_and_closed(heading[2])
            if opened != closed:
                yield place.finding("D-005", block.first, "a quotation mark in the heading "
                                    "opens or closes nothing", "remove it or add its pair")
            continue
        text = HIDDEN.sub(" ", TAG.sub("", block.text)).strip()  # </span>'s: an apostrophe
        opened, closed = quotes_opened_and_closed(text)
        if unclosed and text[:1] in OPENING + "»›'\"":
            opened -= 1  # the open quotation goes on
        if opened > closed:
            unclosed.append((block, opened - closed))
        elif closed > opened and unclosed and STRONG_CLOSING.search(text):
            unclosed.clear()  # the open quotations close here


def quotes_opened_and_closed(text: str) -> tuple[int, int]:
    """How many quotations the text opens and closes. A mark between letters is an
    apostrophe (don't); a straight mark after a letter closes, or is a plural's apostrophe
    (the workers'), so only double marks count when they close more than open."""
    opened = closed = 0
    open_marks: list[str] = []  # the marks of the quotations open, innermost last
    for found in QUOTE_MARK.finditer(text):
        index, mark = found.start(), found[0]
        before = text[index - 1] if index else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        if (before.isalnum() and after.isalnum()) or (mark in "'’" and is_elision(text, index)):
            continue
        if open_marks and open_marks[-1] == CLOSES_THE_OTHER.get(mark):
            open_marks.pop()
            closed += 1
        elif mark in OPENING or mark == "»" or mark == "›" or (
                mark in "'\"" and not before.isalnum() and before not in ".,;:!?"
                and (after.isalnum() or after in "‘“„‚«(")):
            open_marks.append(mark)
            opened += 1
        elif mark in CLOSING or mark in "'\"":
            if open_marks:
                open_marks.pop()
            closed += 1
    return opened, closed


def is_elision(text: str, index: int) -> bool:
    """An apostrophe opening a word that lost its first letters: '73, 'tis, 'em, 't is."""
    word = re.match(r"[^\W_]*", text[index + 1:])
    following = word[0].lower() if word else ""
    return following[:1].isdigit() or following in ELISIONS


def context(text: str, at: int) -> str:
    """The words around a place in the text, whole words only."""
    start, end = max(0, at - 24), min(len(text), at + 24)
    words = text[start:end].split()
    if start > 0 and not text[start - 1].isspace():
        words = words[1:]  # cut in the middle
    if end < len(text) and not text[end].isspace():
        words = words[:-1]
    return " ".join(words)


def web_chrome(place: Place, blocks: Sequence[Block]) -> Iterator[LintFinding]:
    """D-010: a line of the web page, not of the book; a rule drawn next to one (a banner's
    frame); a line that is only the page's address."""
    lines = [[is_chrome(line.raw) for line in block.lines] for block in blocks]
    chrome = [any(found) for found in lines]
    for index, block in enumerate(blocks):
        framing = block.kind == "break" and any(
            chrome[neighbour] for neighbour in (index - 1, index + 1)
            if 0 <= neighbour < len(blocks))
        for line, found in zip(block.lines, lines[index], strict=True):
            if framing or found:
                shown = " ".join(line.raw.split())[:50]
                yield place.finding("D-010", line.number, f"{shown!r} looks like the web "
                                    "page's, not the book's", "remove it, or move it to the "
                                    "metadata as rights, source or date")


def is_chrome(line: str) -> bool:
    text = line.strip().strip("*_ ")
    lowered = text.lower()
    maybe = lowered.startswith(CHROME_OPENINGS) or any(part in lowered for part in CHROME_PARTS)
    return bool((maybe and WEB_CHROME.search(text)) or PAGE_ADDRESS.match(text))


def quotation_kinds(blocks: Sequence[Block]) -> dict[str, list[list[Any]]]:
    """What D-004 reads of a file: the first line of each block writing curly quotation
    marks, and of each writing straight ones, with the language the block gives itself ("":
    the book's)."""
    return {kind: [[block.first, block_language(block)] for block in blocks
                   if any(mark in block.prose for mark in marks)]
            for kind, marks in (("curly", "‘’“”"), ("straight", "'\""))}


def mixed_quotes(files: Sequence[tuple[Place, dict[str, list[list[Any]]]]], lang: str
                 ) -> Iterator[LintFinding]:
    """D-004: the book types quotation marks curly and writes them straight too (`lang` its
    language); each paragraph with the kind fewer paragraphs use is named, with what the
    build sets for straight marks in its language. Only curly marks typed make a mixture: a
    book that writes its marks straight has them set by the build, however far its
    language's are from English ones (« », „ “); typed guillemets are not counted as curly."""
    kinds = {kind: [(place, line, tag or lang) for place, read in files
                    for line, tag in read[kind]] for kind in ("curly", "straight")}
    if kinds["curly"] and kinds["straight"]:
        kind = min(kinds, key=lambda kind: len(kinds[kind]))  # curly where as many
        for place, line, tag in kinds[kind]:
            built = f"which the build sets as {set_by_the_build(tag)} in {tag}"
            message = (f"curly quotation marks, where the book mostly writes straight ones "
                       f"({built})" if kind == "curly" else
                       f"straight quotation marks ({built}), where the book mostly types "
                       "curly ones")
            yield place.finding("D-004", line, message, "write them all one way")


@functools.cache
def set_by_the_build(lang: str) -> str:
    """The marks the build's typography sets for straight double and single ones in a
    language, asked of it: “…” and ‘…’ in English."""
    return " and ".join(typographic(f"{mark}…{mark}", lang) for mark in "\"'")
