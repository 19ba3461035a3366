"""Lint rules on the manuscript's structure: notes, headings, tables. Each finds what the
Markdown parser would drop or print wrongly without a word (checks/catalogue.py, N, S, T)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from publish.checks.lint.blocks import HEADING, NOTE_DEFINITION, Block
from publish.checks.lint.finding import LintFinding, Place
from publish.source.manuscript import INLINE_CODE

NOTE_REFERENCE = re.compile(r"\[\^([^\]\s]+)\](?!:)")
RAW_BLOCK = re.compile(r"^ {0,3}<(?:div|section|aside|article|p|blockquote|figure|table|ul|ol|"
                       r"dl|header|footer|nav)\b[^>]*>", re.IGNORECASE)
MARKDOWN_ATTRIBUTE = re.compile(r"\smarkdown\s*=\s*[\"']?(?:1|block|span)", re.IGNORECASE)
MARKDOWN_SYNTAX = re.compile(r"\[\^[^\]\s]+\]|\[[^\]]+\]\([^)]*\)|(?<![\w*])\*[^*\s][^*]*\*(?!\*)"
                             r"|\*\*[^*]+\*\*|(?<!\w)_[^_\s][^_]*_(?!\w)")
SEPARATOR_CELL = re.compile(r"^\s*:?-+:?\s*$")


def notes(place: Place, blocks: Sequence[Block]) -> Iterator[LintFinding]:
    """N-001 a label defined twice, N-002 cited but never defined, N-003 never cited."""
    definitions: dict[str, list[int]] = {}
    references: dict[str, int] = {}
    for block in blocks:
        defined = NOTE_DEFINITION.match(block.lines[0].text) if block.kind == "note" else None
        if defined:
            definitions.setdefault(defined[1], []).append(block.first)
        for line in block.lines if not is_raw_html(block) else ():  # there: printed as typed
            text = INLINE_CODE.sub("", line.text)
            if defined and line is block.lines[0]:
                text = NOTE_DEFINITION.sub("", text)
            for found in NOTE_REFERENCE.finditer(text):
                references.setdefault(found[1], line.number)
    for label, where in definitions.items():
        for number in where[1:]:
            yield place.finding("N-001", number, f"footnote [^{label}] is defined twice (first "
                                f"at line {where[0]}); only one would print",
                                "give one of them another label")
        if label not in references:
            yield place.finding("N-003", where[0], f"footnote [^{label}] is never cited, so no "
                                "edition prints it", f"cite it with [^{label}] or remove it")
    for label, number in references.items():
        if label not in definitions:
            yield place.finding("N-002", number, f"footnote [^{label}] is cited but never "
                                "defined", f'add "[^{label}]: ..." or remove the reference')


def raw_html(place: Place, blocks: Sequence[Block]) -> Iterator[LintFinding]:
    """H-001: Markdown written inside a raw HTML block, which prints as typed."""
    for block in blocks:
        if is_raw_html(block):
            found = MARKDOWN_SYNTAX.search(INLINE_CODE.sub("", block.text))
            if found:
                yield place.finding("H-001", block.line_of(found.start()), f"{found[0]!r} is "
                                    "Markdown inside raw HTML: it prints as typed (a note "
                                    "cited there is lost)", 'write the block in Markdown, or '
                                    'add markdown="1" to its tag')


def is_raw_html(block: Block) -> bool:
    """A block Markdown passes through as HTML: it opens with a block tag at its first line,
    without markdown="1" (md_in_html's) to have its content read."""
    opening = RAW_BLOCK.match(block.lines[0].raw)
    return opening is not None and not MARKDOWN_ATTRIBUTE.search(opening[0])


def headings(place: Place, blocks: Sequence[Block]) -> Iterator[LintFinding]:
    """S-001 a heading more than one level below the one before it."""
    level = 0
    for block in blocks:
        found = HEADING.match(block.lines[0].text) if block.kind == "heading" else None
        if found is None:
            continue
        new = len(found[1])
        if level and new > level + 1:
            yield place.finding("S-001", block.first, f"heading level {new} follows level "
                                f"{level}: the contents and the EPUB's outline skip a level",
                                f"make it level {level + 1} ({'#' * (level + 1)})")
        level = new


def tables(place: Place, blocks: Sequence[Block]) -> Iterator[LintFinding]:
    """T-001 a row with more cells than the header (the extra ones are dropped), T-002 a
    separator row whose columns are not the header's (the table prints as text)."""
    header: int | None = None
    previous: Block | None = None
    for block in blocks:
        if block.kind != "row":
            header, previous = None, block
            continue
        cells = cells_of(block.text)
        if all(SEPARATOR_CELL.match(cell) for cell in cells) and previous is not None and (
                previous.kind == "row"):
            header = len(cells_of(previous.text))
            if len(cells) != header:
                yield place.finding("T-002", block.first, f"the separator row has {len(cells)} "
                                    f"columns and the header {header}, so the table prints "
                                    "as a paragraph of bars", "give both the same columns")
        elif header is not None and len(cells) > header:
            yield place.finding("T-001", block.first, f"this row has {len(cells)} cells and the "
                                f"header {header}: the last {len(cells) - header} would be "
                                "dropped", "remove the extra cells or add header columns")
        previous = block


def cells_of(row: str) -> list[str]:
    """A pipe table row's cells (escaped bars kept in their cell)."""
    text = row.strip()
    text = text[1:] if text.startswith("|") else text
    text = text[:-1] if text.endswith("|") and not text.endswith("\\|") else text
    return re.split(r"(?<!\\)\|", text)

