"""Inline text in a monospace edition: emphasis, note calls, links, page markers, wrapping.

Marks follow Project Gutenberg's: _italic_, *bold*, [N] for a note call, "text <url>" for a
web link, "text (see “Heading”)" for a link within the book, [Illustration: alt text] for an
image (in the book's language: phrases.toml), and {12} where a print page begins.
"""

from __future__ import annotations

import re
import textwrap

from lxml import etree

from publish.book.phrases import Phrases
from publish.book.quotation_marks import quotation_marks
from publish.book.typography import language_of
from publish.editions.text.destinations import LEADS_TO
from publish.layout.page_breaks import PAGE, is_marker

WIDTH = 72  # PG's maximum; ppgen's default
QUOTE_INDENT = 4  # quotations, verse, a wrapped line's continuation
EXTERNAL_LINK = ("http:", "https:", "mailto:")
ASCII_SPACE_RUN = re.compile(r"[ \t\n\r\f\v]+")  # NBSP and em spaces are deliberate: kept
# A print page marker as page_marker() writes it, standing alone between spaces: {12}, {vii}.
PAGE_MARKER = re.compile(r"(?<!\S)\{([0-9]+|[ivxlcdm]+)\}(?!\S)")
EMPHASIS = {"em", "i", "cite", "dfn"}
STRONG = {"strong", "b"}
BLOCK_TAGS = {"p", "div", "section", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "table",
              "figure", "figcaption", "pre", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
              "caption"}


def collapse(text: str | None) -> str:
    """Source line breaks and runs of ASCII white space as one space, as a browser shows them."""
    return ASCII_SPACE_RUN.sub(" ", text) if text else ""


def inline(element: etree._Element, say: Phrases) -> str:
    """An element's content as text with its marks; a <br> as a newline. Not its tail."""
    return collapse(element.text) + "".join(
        inline_element(child, say) + collapse(child.tail) for child in element)


def inline_element(element: etree._Element, say: Phrases) -> str:
    """One inline element, with the marks plain text uses for it."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    if tag == "br":
        return "\n"
    if is_marker(element):
        return f" {page_marker(element)} "
    if tag == "img":
        alt = " ".join(element.get("alt", "").split())
        return say.say("illustration", alt=alt) if alt else say.say("illustration-bare")
    if tag == "a" and {"noteref", "footnote-ref"} & set(element.get("class", "").split()):
        return f"[{''.join(map(str, element.itertext())).strip()}]"
    if tag == "a":
        return link(element, say)
    if tag in EMPHASIS:
        return between_marks(inline(element, say), "_")
    if tag in STRONG:
        return between_marks(inline(element, say), "*")
    if tag == "q":  # between the marks of its language (CLDR's), as a reading system sets it
        marks = quotation_marks(language_of(element) or say.lang)
        return f"{marks.opening}{inline(element, say)}{marks.closing}"
    if tag in BLOCK_TAGS:  # a block where only inline content was expected: keep its words
        return " " + inline(element, say) + " "
    return inline(element, say)


def page_marker(marker: etree._Element) -> str:
    """Where a print page begins, as {12}: braces, which the text uses for nothing else."""
    return f"{{{marker.get(PAGE, '')}}}"


def between_marks(text: str, mark: str) -> str:
    """Text between marks, with its outer spaces left outside them: "_word_ ", not "_word _"."""
    core = text.strip(" ")
    if not core:
        return text
    start = len(text) - len(text.lstrip(" "))
    return text[:start] + mark + core + mark + text[start + len(core):]


def link(element: etree._Element, say: Phrases) -> str:
    """A web link as "text <url>" so a reader can follow it; a link within the book as text."""
    text = inline(element, say)
    href = element.get("href", "")
    leads_to = element.get(LEADS_TO)
    # "the chronology (see “Appendix”)"; a link whose words name its heading needs no more.
    if leads_to and " ".join(text.split()).casefold() != leads_to.casefold():
        return text + say.after_words("leads-to", title=leads_to)
    if not href.lower().startswith(EXTERNAL_LINK):
        return text
    shown = text.strip()
    if shown in {href, href.removeprefix("mailto:")}:
        return text
    return f"{text} <{href}>"


def wrap(text: str, *, width: int = WIDTH, indent: str = "",
         hanging: str | None = None) -> list[str]:
    """Lines of at most `width` columns, broken at ASCII spaces only (never inside a word)."""
    if not text.strip():
        return []
    return textwrap.wrap(text, width=width, initial_indent=indent,
                         subsequent_indent=indent if hanging is None else hanging,
                         break_long_words=False, break_on_hyphens=False)
