"""Typography, applied once to the parsed tree so every edition carries the same characters.

Rules run in a fixed order; each is commented with why it exists. Length-changing rules
(dashes, ellipses) run per text node; quotation marks are decided over a whole block's text,
so a quote next to an inline element (`"<em>word</em>"`) still gets its direction from its
real neighbours. Code is left exactly as written. Last, each block that reads in the other
direction than the one it stands in (an English note in a Hebrew book) is given its own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from publish.source.metadata import language_direction

NBSP = "\u00a0"
VERBATIM = {"code", "pre", "kbd", "samp", "var", "script", "style"}
BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "blockquote",
          "figcaption", "caption", "div", "section", "aside", "body"}

# A quote mark after one of these opens; after anything else it closes.
OPENING_CONTEXT = set(" \t\n" + NBSP + "([{\u2014\u2013-/\u2018\u201c")
DASHES = set("\u2014\u2013-")
# After a dash, a quote mark followed by one of these (or by nothing) closes: speech broken off.
CLOSING_AFTER_DASH = set(" \t\n" + NBSP + ",.;:!?)]}")
# Elisions that begin with an apostrophe, which a naive rule would turn into an opening quote.
LEADING_ELISION = re.compile(r"(\d\d(?!\d)|(tis|twas|twere|twill|em|n|cause|til|round)\b)",
                             re.IGNORECASE)
MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
          "December")
STRAIGHT_QUOTE = re.compile("['\"]")
SPACED_HYPHENS = re.compile(r" +(---|--|-) +")
FIGURE_RANGE = re.compile(r"(?<=\d)--(?=\d)")
BROKEN_OFF = re.compile(r"(?<=\S)--(?=[\"')\]\u2019\u201d]|$)")
THREE_DOTS = re.compile(r"\.\s?\.\s?\.")
BEFORE_DASH = re.compile(r"(?<=\S) (?=[\u2013\u2014])")
DAY_OF_MONTH = re.compile(rf"\b(\d{{1,2}}) (?=({MONTHS})\b)")
TITLE_OF_NAME = re.compile(r"\b(Mr|Mrs|Ms|Dr|St|Mr\.|Mrs\.|Ms\.|Dr\.|St\.) (?=[A-Z])")
# Blocks that read in the direction of their own text where it is not the one they stand in
# (an English note in a Hebrew book, a Hebrew quotation in an English one), so that its
# punctuation and figures fall at its own ends. A list, a table or a division takes another
# direction only from its author's dir or lang: its direction places its markers or columns,
# which a word in another script at its head should not turn round.
DIRECTED = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "td", "th", "caption",
            "figcaption", "dt", "dd"}
HOLDERS = {"div", "section", "figure", "ul", "ol", "dl", "table", "thead", "tbody", "tfoot",
           "tr"}
DIRECTABLE = DIRECTED | HOLDERS
NOT_TEXT = {"footnote-ref", "footnote-backref"}  # a note's call and its way back: a figure, ↩
STRONG = {"L": "ltr", "R": "rtl", "AL": "rtl"}  # Unicode's bidirectional classes of letters


@dataclass(frozen=True)
class HouseStyle:
    """How dashes are set: British books use a spaced en dash, American ones a closed em dash."""

    spaced_en_dash: bool

    @classmethod
    def for_language(cls, lang: str) -> HouseStyle:
        return cls(spaced_en_dash=lang not in {"en-US", "en-CA"})


def apply_typography(root: etree._Element, lang: str, direction: str = "ltr") -> None:
    """Apply every rule, in place, to the text of the tree (not to code); `direction` is the
    book's, which the tree's blocks stand in."""
    style = HouseStyle.for_language(lang)
    slots = list(text_slots(root))
    for element, attribute in slots:
        value = read_slot(element, attribute)
        write_slot(element, attribute, set_spacing(set_dashes(value, style)))
    for block in group_by_block(slots):
        texts = [read_slot(element, attribute) for element, attribute in block]
        curled = curl_quotes("".join(texts))
        start = 0
        for (element, attribute), text in zip(block, texts, strict=True):
            write_slot(element, attribute, curled[start:start + len(text)])
            start += len(text)
    for element in root.iter():
        for attribute in ("alt", "title"):
            original = element.get(attribute)
            if original:
                element.set(attribute, curl_quotes(set_dashes(original, style)))
    set_directions(root, direction)


def typographic(text: str, lang: str) -> str:
    """The rules applied to a lone string, such as a metadata field."""
    style = HouseStyle.for_language(lang)
    return curl_quotes(set_spacing(set_dashes(text, style)))


def set_dashes(text: str, style: HouseStyle) -> str:
    if "-" not in text and "." not in text:
        return text  # most text nodes: nothing for the rules below to change
    # Typists write dashes as hyphens; the house dash is spaced en (en-GB) or closed em (en-US).
    house = " \u2013 " if style.spaced_en_dash else "\u2014"
    text = SPACED_HYPHENS.sub(house, text)
    # Two hyphens between figures are a range (1909--1984), set with a closed en dash.
    text = FIGURE_RANGE.sub("\u2013", text)
    text = text.replace("---", "\u2014")
    # Two hyphens anywhere else are the house dash too: between words (word--word), and where
    # speech breaks off before its closing quote (I think--") the dash hangs on the word.
    text = BROKEN_OFF.sub(house.rstrip(), text)
    text = text.replace("--", house)
    # Three dots, spaced or not, are one ellipsis character, which never breaks across lines.
    return THREE_DOTS.sub("\u2026", text)


def set_spacing(text: str) -> str:
    # A spaced dash must not begin a line: bind it to the word before it.
    text = BEFORE_DASH.sub(NBSP, text)
    # A day and its month stay together ("11 September"); so do titles and names ("Mr Smith").
    text = DAY_OF_MONTH.sub(r"\1" + NBSP, text)
    return TITLE_OF_NAME.sub(r"\1" + NBSP, text)


def curl_quotes(text: str) -> str:
    """Straight quotes to curly ones; curly quotes already in the text are kept as written."""
    chars = list(text)
    for found in STRAIGHT_QUOTE.finditer(text):
        index, char = found.start(), found[0]
        before = chars[index - 1] if index > 0 else " "
        after = text[index + 1:index + 2]
        opens = before in OPENING_CONTEXT and not (
            before in DASHES and (not after or after in CLOSING_AFTER_DASH))
        if char == '"':
            chars[index] = "\u201c" if opens else "\u201d"
        elif before.isalnum() and after.isalpha():
            chars[index] = "\u2019"  # an apostrophe inside a word: don't, Allende's
        elif opens and LEADING_ELISION.match(text, index + 1):
            chars[index] = "\u2019"  # 'tis, '73: an apostrophe, though it leads the word
        else:
            chars[index] = "\u2018" if opens else "\u2019"
    return "".join(chars)


def set_directions(holder: etree._Element, direction: str) -> None:
    """Give each block that reads in another direction than `direction`, the one it stands in,
    its own dir: its author's dir, else its lang's, else its text's (text_direction). A
    block with no letter at all (a row of figures) reads in the direction it stands in."""
    for block in holder:
        if not isinstance(block.tag, str) or block.tag not in DIRECTABLE:
            continue
        own = written_direction(block)
        if own is None and block.tag in DIRECTED:
            own = text_direction(block)
        if own is not None and own != direction and block.get("dir", "").lower() != own:
            block.set("dir", own)
        set_directions(block, own or direction)


def written_direction(element: etree._Element) -> str | None:
    """The direction an element's author gave it: its dir, else the one its lang is written in."""
    written = element.get("dir", "").lower()
    if written in ("ltr", "rtl"):
        return written
    return language_direction(element.get("lang", ""))


def text_direction(block: etree._Element) -> str | None:
    """The direction of the block's first strong letter (Unicode's classes L, R and AL), past
    figures, punctuation, note calls and code, and past phrases marked with a dir or lang of
    their own: a Hebrew paragraph may open with an English title. When the block holds no
    letter outside such phrases (a note written as one marked phrase), the first phrase's."""
    phrases: list[etree._Element] = []
    found = first_strong(block, phrases)
    for phrase in phrases:
        found = found or written_direction(phrase)
    return found


def first_strong(element: etree._Element, phrases: list[etree._Element]) -> str | None:
    """text_direction()'s first pass: the element's first strong letter outside the phrases,
    which it lists. A block inside (a note's paragraph) counts with its own direction."""
    found = strong_letter(element.text)
    for child in element:
        if found:
            return found
        if not isinstance(child.tag, str) or child.tag in VERBATIM or (
                child.get("class") in NOT_TEXT):
            pass
        elif child.tag in DIRECTABLE:
            found = written_direction(child) or text_direction(child)
        elif written_direction(child):
            phrases.append(child)
        else:
            found = first_strong(child, phrases)
        found = found or strong_letter(child.tail)
    return found


def strong_letter(text: str | None) -> str | None:
    """ltr or rtl, the direction of the text's first letter that has one (Unicode's rule P2:
    figures, punctuation, spaces and marks have none)."""
    for character in text or "":
        found = STRONG.get(unicodedata.bidirectional(character))
        if found:
            return found
    return None


def text_slots(root: etree._Element) -> Iterator[tuple[etree._Element, str]]:
    """Every (element, "text" | "tail") holding prose, in reading order, skipping code."""
    def visit(element: etree._Element) -> Iterator[tuple[etree._Element, str]]:
        if not isinstance(element.tag, str):
            return  # comments and processing instructions
        if element.tag not in VERBATIM:
            if element.text:
                yield element, "text"
            for child in element:
                yield from visit(child)
                if child.tail:
                    yield child, "tail"
    yield from visit(root)


def block_of(element: etree._Element, attribute: str) -> etree._Element | None:
    """The block a slot's text belongs to: a tail belongs to its element's parent's block."""
    current = element if attribute == "text" else element.getparent()
    while current is not None and current.tag not in BLOCKS:
        current = current.getparent()
    return current


def group_by_block(slots: list[tuple[etree._Element, str]]) -> list[list[tuple[etree._Element,
                                                                             str]]]:
    groups: list[list[tuple[etree._Element, str]]] = []
    current: etree._Element | None = None
    for slot in slots:
        block = block_of(*slot)
        if not groups or block is not current:
            groups.append([])
            current = block
        groups[-1].append(slot)
    return groups


def read_slot(element: etree._Element, attribute: str) -> str:
    return (element.text if attribute == "text" else element.tail) or ""


def write_slot(element: etree._Element, attribute: str, value: str) -> None:
    if attribute == "text":
        element.text = value
    else:
        element.tail = value
