"""The text damage of pasted and extracted sources, mended on the HTML tree a reader made,
before it becomes Markdown, each mend logged with where the source had it.

The damage is what `publish lint` finds in a manuscript (checks/lint/proofing.py, pasted.py),
found here by the same patterns, so what the import mends lint would have reported, and what
it leaves, lint reports after it: a word processor's invisible characters, paragraphs cut at
a page break, hyphens typed for dashes. A dash is written `--`, the
manuscript's way of writing one (docs/writing.md): the book stage sets it by the book's
house style (a spaced en dash in British English, a closed em dash in American...), so the
import need not know which, and the log says which it will be.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from lxml import etree

from publish.book.house_style import house_style
from publish.checks.lint.pasted import NO_BREAK, SOFT_HYPHEN, SPACE_RUN, ZERO_WIDTH
from publish.checks.lint.proofing import FINAL, HYPHEN_FOR_DASH
from publish.imports.imported import Change, ChangeKind

Where = Callable[[etree._Element], str]  # an element's place in the source, for the log

VERBATIM = {"code", "pre", "kbd", "samp", "script", "style"}
PARAGRAPH = "p"
CUT_PROSE = 80  # characters: a paragraph cut at a page break is at least a line of print
VERSE = {"poem", "verse", "stanza", "line-block", "poetry"}
SOFT_HYPHEN_MARK = re.compile(SOFT_HYPHEN)
# A hyphen before one of these is a word's shared ending (pre- and post-war), not a dash.
SUSPENDED = re.compile(r"(?:and|or|to|nor)\b")


def repair(root: etree._Element, where: Where, lang: str) -> tuple[Change, ...]:
    """Mend the tree in place: invisible characters first (a soft hyphen hides the word a
    later rule reads), then paragraphs cut at page breaks, and last the dashes of the joined
    text. (A link to nowhere is the converter's to unwrap, html_markdown.py.)"""
    return (*invisible_characters(root, where), *page_break_joins(root, where),
            *hyphens_for_dashes(root, where, lang))


def invisible_characters(root: etree._Element, where: Where) -> Iterator[Change]:
    """Soft hyphens and zero-width spaces removed, a run of spaces with no-break ones made
    one space: each word processor's leftover, invisible in the text but not to search,
    spelling and line breaking (lint's X-004 to X-006)."""
    for element, attribute, text in text_slots(root):
        mended = text.replace(SOFT_HYPHEN, "")
        mended = ZERO_WIDTH.sub("", mended)
        mended = SPACE_RUN.sub(lambda run: " " if NO_BREAK.search(run[0]) else run[0], mended)
        if mended == text:
            continue
        counts = {("a soft hyphen", "soft hyphens"): text.count(SOFT_HYPHEN),
                  ("a zero-width space", "zero-width spaces"): len(ZERO_WIDTH.findall(text)),
                  ("a run of no-break spaces", "runs of no-break spaces"): sum(
                      1 for run in SPACE_RUN.findall(text) if NO_BREAK.search(run))}
        found = ", ".join(one if count == 1 else f"{count} {many}"
                          for (one, many), count in counts.items() if count)
        spans = [found.span() for pattern in (SOFT_HYPHEN_MARK, ZERO_WIDTH, SPACE_RUN)
                 for found in pattern.finditer(text) if pattern is not SPACE_RUN
                 or NO_BREAK.search(found[0])]
        start, end = min(spans)
        shown = around(text, start, end).replace(SOFT_HYPHEN, "[soft hyphen]")
        shown = ZERO_WIDTH.sub("[zero-width space]", shown).replace("\u00a0", "[no-break space]")
        yield Change(ChangeKind.REPAIRED, where(element),
                     f"{found} removed (invisible characters a word processor leaves)",
                     shown)
        setattr(element, attribute, mended)


def page_break_joins(root: etree._Element, where: Where) -> Iterator[Change]:
    """A paragraph that stops without a closing mark, followed by one that begins in lower
    case, is one paragraph cut at a page break (lint's D-001): joined."""
    for paragraph in list(root.iter(PARAGRAPH)):
        following = paragraph.getnext()
        while (following is not None and following.tag == PARAGRAPH
               and is_cut(paragraph, following)):
            before, after = prose_of(paragraph), prose_of(following)
            yield Change(ChangeKind.JOINED, where(paragraph), "a paragraph cut at a page "
                         "break, joined to the next", f"{tail_words(before)} | "
                         f"{' '.join(after.split()[:4])}…")
            join(paragraph, following)
            following = paragraph.getnext()


def is_cut(paragraph: etree._Element, following: etree._Element) -> bool:
    """A page break cuts a paragraph of prose, a long one: short lines that run on in lower
    case without a stop are verse, each line its own paragraph (a poem pasted from Word)."""
    before, after = prose_of(paragraph).rstrip(), prose_of(following).lstrip()
    return (len(before) >= CUT_PROSE and after[:1].islower() and not FINAL.search(before)
            and not VERSE & set(paragraph.get("class", "").split()))


def prose_of(element: etree._Element) -> str:
    """The paragraph's words without its note calls (a call after the stop ends it still)."""
    return "".join(text for node, text in text_nodes(element)
                   if not any(ancestor.tag == "sup" for ancestor in ancestors(node, element)))


def hyphens_for_dashes(root: etree._Element, where: Where, lang: str) -> Iterator[Change]:
    """A hyphen typed for a dash (`strength -prepared`, `democracy- bodies`, `blood - the`),
    written `--` (lint's D-002); a suspended hyphen (`pre- and post-war`) is left."""
    dash = house_style(lang).dash
    for element, attribute, text in text_slots(root):
        if " -" not in text and "- " not in text:
            continue
        mended = HYPHEN_FOR_DASH.sub(dashed, text)
        if mended == text:
            continue
        for found in HYPHEN_FOR_DASH.finditer(text):
            if dashed(found) != found[0]:
                yield Change(ChangeKind.REPAIRED, where(element),
                             f"a hyphen typed for a dash, written -- (set as {dash.strip()!r}"
                             f"{', spaced' if dash.startswith(' ') else ''} in {lang})",
                             around(text, found.start(), found.end()))
        setattr(element, attribute, mended)


def dashed(found: re.Match[str]) -> str:
    if found[0] == "- " and SUSPENDED.match(found.string, found.end()):
        return found[0]
    return " -- "


def around(text: str, start: int, end: int) -> str:
    """The words either side of a place, as the log quotes them."""
    before = " ".join(text[:start].split()[-3:])
    after = " ".join(text[end:].split()[:3])
    return f"{before}{text[start:end]}{after}"


def tail_words(text: str) -> str:
    return "…" + " ".join(text.split()[-4:])


def text_slots(root: etree._Element) -> Iterator[tuple[etree._Element, str, str]]:
    """Each text and tail outside code, as (element, "text" or "tail", its value)."""
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        if element.text and element.tag not in VERBATIM and not in_verbatim(element):
            yield element, "text", element.text
        if element.tail and not in_verbatim(element.getparent()):
            yield element, "tail", element.tail


def in_verbatim(element: etree._Element | None) -> bool:
    while element is not None:
        if element.tag in VERBATIM:
            return True
        element = element.getparent()
    return False


def text_nodes(element: etree._Element) -> Iterator[tuple[etree._Element, str]]:
    """The element's text in reading order, each piece with the element it lies in."""
    if element.text:
        yield element, element.text
    for child in element:
        if isinstance(child.tag, str):
            yield from text_nodes(child)
        if child.tail:
            yield element, child.tail


def ancestors(node: etree._Element, top: etree._Element) -> Iterator[etree._Element]:
    current: etree._Element | None = node
    while current is not None and current is not top:
        yield current
        current = current.getparent()


def join(paragraph: etree._Element, following: etree._Element) -> None:
    """The following paragraph's content appended to the paragraph, a space between."""
    opening = " " + (following.text or "").lstrip()
    if len(paragraph):
        paragraph[-1].tail = (paragraph[-1].tail or "").rstrip() + opening
    else:
        paragraph.text = (paragraph.text or "").rstrip() + opening
    for child in list(following):
        paragraph.append(child)
    parent = following.getparent()
    if parent is not None:
        parent.remove(following)


def source_line(element: etree._Element) -> int:
    """The element's line in its source, or 0 (lxml-stubs type it loosely)."""
    line = element.sourceline
    return line if isinstance(line, int) else 0


def remove(element: etree._Element) -> None:
    """Take an element out of its tree, the text after it kept in its place."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)
