"""Lint rules on invisible characters a word processor's text brings when it is pasted in
(checks/catalogue.py, X-004 to X-006): soft hyphens, zero-width spaces, runs of no-break
spaces. Each may be meant (a soft hyphen where a word may break, a zero-width space between
Thai words), so each is a warning, with the way to write it visibly when it is meant. One
no-break space is the typography of many languages (« oui », 15 %), and no finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from publish.checks.lint.blocks import Block
from publish.checks.lint.finding import LintFinding, Place

SOFT_HYPHEN = "\u00ad"
ZERO_WIDTH = re.compile("[\u200b\ufeff]")  # a zero-width space; a byte-order mark within text
# Two or more spaces in a row, no-break ones among them: a word processor's indent or gap.
SPACE_RUN = re.compile("[ \u00a0\u202f\u2007]{2,}")
NO_BREAK = re.compile("[\u00a0\u202f\u2007]")


def invisible_characters(place: Place, blocks: Sequence[Block]) -> Iterator[LintFinding]:
    """X-004 a soft hyphen, X-005 a zero-width space, X-006 a run of spaces with no-break
    ones: each line's first, with how many the line holds."""
    for line in (line for block in blocks for line in block.lines):
        if SOFT_HYPHEN in line.raw:
            yield place.finding(
                "X-004", line.number, f"{counted(line.raw.count(SOFT_HYPHEN), 'soft hyphen')} "
                f"(U+00AD, invisible) in {word_at(line.raw, line.raw.index(SOFT_HYPHEN))!r}: "
                "pasted from a word processor, it breaks the word where the line once ended",
                "remove it (the print edition hyphenates by the language's rules); where a "
                "break is meant, write &shy; so the source shows it")
        zero_width = ZERO_WIDTH.findall(line.raw)
        if zero_width:
            yield place.finding(
                "X-005", line.number, f"{counted(len(zero_width), 'zero-width space')} "
                f"(U+{ord(zero_width[0]):04X}, invisible): search and spelling see two words",
                "remove it; in Thai, Khmer, Lao or Burmese, where it marks where words part, "
                "write &#8203; or allow X-005 in the file's front matter")
        run = next((found for found in SPACE_RUN.finditer(line.raw)
                    if NO_BREAK.search(found[0])), None)
        if run is not None:
            yield place.finding(
                "X-006", line.number, f"{len(run[0])} spaces in a row, no-break ones among "
                "them (a word processor's indent or gap): a reader sees a wide hole, and a "
                "line cannot break there", "write one space, or one no-break space where the "
                "words must stay together; a paragraph's indent is the styles' to set")


def counted(count: int, thing: str) -> str:
    return f"a {thing}" if count == 1 else f"{count} {thing}s"


def word_at(text: str, offset: int) -> str:
    """The word round an offset, soft hyphens shown as -, for a message to quote."""
    start = max(text.rfind(" ", 0, offset) + 1, 0)
    end = text.find(" ", offset)
    return text[start:end if end >= 0 else len(text)].replace(SOFT_HYPHEN, "-")
