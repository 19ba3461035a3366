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
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate

from lxml import etree

from publish.book.house_style import HouseStyle, house_style
from publish.book.quotation_marks import QuotationMarks
from publish.source.metadata import language_direction

NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space: French sets it inside « » and before ; : ! ?
VERBATIM = {"code", "pre", "kbd", "samp", "var", "script", "style"}
BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "blockquote",
          "figcaption", "caption", "div", "section", "aside", "body"}

# A quote mark after one of these or any space (an em space indenting verse) opens; else closes.
OPENING_CONTEXT = set(" \t\n" + NBSP + NNBSP + "([{\u2014\u2013-/")
DASHES = set("\u2014\u2013-")
# After a dash, a quote followed (past other quotes: --'") by one of these or nothing closes.
CLOSING_AFTER_DASH = set(" \t\n" + NBSP + NNBSP + ",.;:!?)]}")
# Elisions led by an apostrophe, which a naive rule would open a quote with ('tis, '90s, 'T is).
LEADING_ELISION = re.compile(r"(\d\d(?!\d)|(tis|twas|twere|twill|em|n|cause|til|round)\b"
                             r"|t[ \u00a0](?=(is|was|were|will|would)\b))", re.IGNORECASE)
MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
          "December")
STRAIGHT_QUOTE = re.compile("['\"]")
SPACED_HYPHENS = re.compile(r" +(---|--|-) +")
FIGURE_RANGE = re.compile(r"(?<=\d)--(?=\d)")
BROKEN_OFF = re.compile(r"(?<=\S)--(?=[\"')\]\u2019\u201d]|$)")
THREE_DOTS = re.compile(r"\.\s?\.\s?\.")
# A paragraph's opening dash (a line of dialogue), typed as two or three hyphens.
DIALOGUE = re.compile(r"^(\s*)---?[ \t]*(?=\S)")
# A Spanish dash, typed as two or three hyphens or a hyphen between spaces, with its spaces.
RAYA = re.compile(r"(?P<before>[ \t\n\u00a0]*)(?:---?|(?<=[ \t\n\u00a0])-(?=[ \t\n\u00a0]))"
                  r"(?P<after>[ \t\n\u00a0]*)")
AFTER_CLOSING_RAYA = set(",.;:!?)]}»”’…\u2014")
PERCENT = re.compile(r"(\d)[ \u00a0]?([%‰])")
NUMBER_UNIT = re.compile(r"(\d) (?=(?:%|‰|km|cm|mm|kg|mg|ml|°C|°F)(?!\w))")
# French: the marks that take a thin space before them (a colon only before a space or the
# end, not in "12:30" or "https://"; ! and ? only before a space, the end, a closing mark or
# one another: not in "?q=1"), and the spaces inside guillemets, typed or not.
HIGH_PUNCTUATION = re.compile(r"(?<=[^\s;:!?«])[ \u00a0\u202f]*([;!?](?=[\s»”’)\]!?]|$)"
                              r"|:(?=\s|$))")
AFTER_GUILLEMET = re.compile(r"«[ \u00a0\u202f]*")
BEFORE_GUILLEMET = re.compile(r"(?<=\S)[ \u00a0\u202f]*»")
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


@dataclass
class Dashes:
    """What the dashes of a block met so far say of the ones to come: whether nothing but
    spaces came before (a dash there opens a line of dialogue), whether an aside a dash opened
    is still open (Spanish), and the last character set (a text node's first dash stands
    after it)."""

    at_start: bool = True
    aside_open: bool = False
    last: str = ""


def apply_typography(root: etree._Element, lang: str, direction: str = "ltr",
                     marks: str = "") -> None:
    """Apply every rule, in place, to the text of the tree (not to code), each text by the
    rules of its language (its element's `lang`, else the book's `lang`); `direction` is the
    book's, which the tree's blocks stand in; `marks`: the publisher's quotation marks for
    the book's language (metadata `quotation-marks`), else CLDR's."""
    def style_of(element: etree._Element) -> HouseStyle:
        own = language_of(element) or lang
        return house_style(own, marks if own == lang else "")

    for block in group_by_block(list(text_slots(root))):
        styles = [style_of(holder_of(*slot)) for slot in block]
        dashes = Dashes()
        for (element, attribute), style in zip(block, styles, strict=True):
            value = set_spacing(set_dashes(read_slot(element, attribute), style, dashes), style)
            write_slot(element, attribute, value)
            dashes.last = value[-1:] or dashes.last
        texts = [read_slot(element, attribute) for element, attribute in block]
        curled = curl_quotes("".join(texts), list(zip(accumulate(map(len, texts)),
                                                      (style.marks for style in styles),
                                                      strict=True)))
        start, before = 0, ""
        for (element, attribute), text, style in zip(block, texts, styles, strict=True):
            value = set_punctuation_spacing(curled[start:start + len(text)], style, before)
            write_slot(element, attribute, value)
            start += len(text)
            before = value[-1:] or before
    for element in root.iter():
        for attribute in ("alt", "title"):
            original = element.get(attribute)
            if original:
                element.set(attribute, typographic_in(original, style_of(element)))
    set_directions(root, direction)


def typographic(text: str, lang: str, marks: str = "") -> str:
    """The rules applied to a lone string, such as a metadata field."""
    return typographic_in(text, house_style(lang, marks))


def typographic_in(text: str, style: HouseStyle) -> str:
    spaced = set_spacing(set_dashes(text, style, Dashes()), style)
    return set_punctuation_spacing(curl_quotes(spaced, [(len(spaced), style.marks)]), style)


def language_of(element: etree._Element) -> str | None:
    """The language an element's text is in, where the text marks one: its own `lang` or its
    nearest ancestor's."""
    for holder in (element, *element.iterancestors()):
        own = holder.get("lang")
        if own:
            return str(own)
    return None


def holder_of(element: etree._Element, attribute: str) -> etree._Element:
    """The element whose language a slot's text is in: a tail is its element's parent's."""
    if attribute == "text":
        return element
    parent = element.getparent()
    return parent if parent is not None else element


def set_dashes(text: str, style: HouseStyle, dashes: Dashes) -> str:
    opening = dashes.at_start
    dashes.at_start = dashes.at_start and not text.strip()
    if "-" not in text and "." not in text:
        return text  # most text nodes: nothing for the rules below to change
    # Two hyphens between figures are a range (1909--1984), set with a closed en dash.
    text = FIGURE_RANGE.sub("\u2013", text)
    if opening and style.dialogue:  # a paragraph opening with a dash: a line of dialogue
        text, said = DIALOGUE.subn(lambda found: found[1] + style.dialogue, text, count=1)
        dashes.aside_open = dashes.aside_open and not said
    if style.raya:
        text = raya(text, dashes)
    else:
        # Typists write dashes as hyphens; the house dash is spaced en (en-GB), closed em
        # (en-US), spaced em (Russian) or double (Chinese).
        house = style.dash
        text = SPACED_HYPHENS.sub(house, text)
        text = text.replace("---", "\u2014")
        # Two hyphens anywhere else are the house dash too: between words (word--word), and
        # where speech breaks off before its closing quote (I think--", <em>little</em>--'")
        # the dash hangs on the word.
        lead = dashes.last.strip().strip("-")
        text = BROKEN_OFF.sub(house.rstrip().replace(" ", NBSP), lead + text)[len(lead):]
        text = text.replace("--", house)
    # Three dots, spaced or not, are one ellipsis character, which never breaks across lines.
    return THREE_DOTS.sub("\u2026", text)


def raya(text: str, dashes: Dashes) -> str:
    """Spanish dashes: each opens an aside ("dijo --contestó" → "dijo —contestó") or closes
    one ("el viejo --, que" → "el viejo—, que"), closed to the aside's words: a dash written
    against a word on one side only belongs to that side; else dashes open and close in turn.
    An opening one has a space before it, a closing one a space after it, but none before the
    punctuation that follows."""
    out: list[str] = []
    last = 0
    for found in RAYA.finditer(text):
        before = text[found.start() - 1] if found.start() else dashes.last
        after = text[found.end():found.end() + 1]
        on_left = not found["before"] and word_side(before)
        on_right = not found["after"] and word_side(after)
        closes = on_left if on_left != on_right else dashes.aside_open
        out.append(text[last:found.start()])
        if closes:
            out.append("\u2014" + ("" if not after or after in AFTER_CLOSING_RAYA else " "))
        else:
            out.append((" " if (before and not before.isspace()) or found["before"] else "")
                       + "\u2014")
        dashes.aside_open = not closes
        last = found.end()
    return "".join(out) + text[last:]


def word_side(character: str) -> bool:
    """Whether a dash next to this character is written against a word."""
    return bool(character) and (character.isalnum() or character in "\u2019\u201d»)]")


def set_spacing(text: str, style: HouseStyle) -> str:
    # A spaced dash must not begin a line: bind it to the word before it (a Spanish one opens
    # an aside, and is bound to the word after it).
    if not style.raya:
        text = BEFORE_DASH.sub(NBSP, text)
    # A figure and its unit, or %, stay together ("15 km"); where the language sets a space
    # before % it has one ("15 %"), else the space the author wrote is kept, unbreakable.
    if style.number_space:
        text = PERCENT.sub(lambda found: found[1] + style.number_space + found[2], text)
    text = NUMBER_UNIT.sub(r"\1" + (style.number_space or NBSP), text)
    # A day and its month stay together ("11 September"); so do titles and names ("Mr Smith").
    text = DAY_OF_MONTH.sub(r"\1" + NBSP, text)
    return TITLE_OF_NAME.sub(r"\1" + NBSP, text)


def set_punctuation_spacing(text: str, style: HouseStyle, before: str = "") -> str:
    """French: a thin no-break space before ; : ! ? (a colon before a space, not in "12:30"
    or a web address) and inside « » (those the author spaced too); `before`: the character
    set before the text (the last of the text node before it in the block)."""
    space = style.punctuation_space
    if not space or not any(mark in text for mark in ";:!?«»"):
        return text
    spaced = HIGH_PUNCTUATION.sub(space + r"\1", before + text)
    spaced = AFTER_GUILLEMET.sub("«" + space, spaced)
    return BEFORE_GUILLEMET.sub(space + "»", spaced)[len(before):]


def curl_quotes(text: str, runs: Sequence[tuple[int, QuotationMarks]]) -> str:
    """Straight quotes to the curly ones of the language at each place (`runs`: where each run
    of text in one language ends, and its marks): a double quote is a quotation's, a single
    one a quotation's inside it, or an apostrophe. Quotes already curly in the text are kept
    as written; a space the author left between a quote and its word does not break.

    A quote opens after a space, a bracket, a dash or an opening mark, and closes after
    anything else; between two letters with no space (Chinese and Japanese write no spaces:
    他说"好") it opens unless a quotation it would close is open."""
    chars = list(text)
    ends = [end for end, _ in runs]
    open_quotes = {'"': 0, "'": 0}  # how many of each are open
    for found in STRAIGHT_QUOTE.finditer(text):
        index, char = found.start(), found[0]
        before = chars[index - 1] if index > 0 else " "
        after = text[index + 1:index + 2]
        marks = runs[min(bisect_right(ends, index), len(runs) - 1)][1]
        if char == "'" and before.isalnum() and after.isalpha() and not (
                wide(before) or wide(after)):
            chars[index] = "\u2019"  # an apostrophe inside a word: don't, Allende's
            continue
        if in_word(before) and in_word(after):
            opens = not open_quotes[char]
        else:
            closing = text[index + 1:].lstrip("'\"\u2019\u201d")[:1]
            opens = (before in OPENING_CONTEXT or before.isspace()
                     or before in (marks.opening, marks.inner_opening)
                     or unicodedata.category(before) == "Ps") and not (
                before in DASHES and (not closing or closing in CLOSING_AFTER_DASH))
        if char == "'" and opens and LEADING_ELISION.match(text, index + 1):
            chars[index] = "\u2019"  # 'tis, '73: an apostrophe, though it leads the word
            continue
        outer = char == '"'
        chars[index] = (marks.opening if outer else marks.inner_opening) if opens else (
            marks.closing if outer else marks.inner_closing)
        open_quotes[char] = open_quotes[char] + 1 if opens else max(0, open_quotes[char] - 1)
        if opens and after == " ":
            chars[index + 1] = NBSP
        elif not opens and index and chars[index - 1] == " ":
            chars[index - 1] = NBSP
    return "".join(chars)


def in_word(character: str) -> bool:
    """A letter (not a figure: 5'10" is feet and inches, closing marks)."""
    return bool(character) and (character.isalpha() or wide(character))


def wide(character: str) -> bool:
    """A character of the scripts written without spaces between words (Chinese, Japanese)."""
    return unicodedata.east_asian_width(character) in ("W", "F")


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
