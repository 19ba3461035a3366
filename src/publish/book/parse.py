"""Markdown to a clean XHTML tree: one configured Python-Markdown, then a strict clean-up.

The tree that leaves here holds only elements and attributes every edition can carry: raw HTML
the author wrote is kept when it is ordinary book markup (a table, a span with a language),
unwrapped when it is presentational, and anything that could run code is removed (the source
check in source/manuscript.py has already refused it with a line number; this is the second wall).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable, Sequence
from xml.etree import ElementTree

import lxml.html
import markdown
from lxml import etree
from markdown.extensions import Extension
from markdown.extensions.footnotes import NBSP_PLACEHOLDER
from markdown.inlinepatterns import SubstituteTagInlineProcessor
from markdown.treeprocessors import Treeprocessor

from publish.book import typography
from publish.book.house_style import RULE_FILES
from publish.book.quotation_marks import quotation_marks
from publish.book.typography import apply_typography
from publish.book.xml import remove_keeping_tail, unwrap
from publish.kept import Keep, made, source_digests

EXTENSIONS = ["extra", "sane_lists", "toc"]
# What marks a heading whose id the author gave ({#id}), which the book keeps: toc gives the
# others one, which the book may replace with its own (a chapter's title: make.py).
GIVEN_ID = "data-given-id"
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")

ALLOWED_ELEMENTS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "i", "b", "u", "s", "sub", "sup",
    "small", "span", "a", "img", "br", "hr", "blockquote", "ul", "ol", "li", "dl", "dt", "dd",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col", "pre",
    "code", "kbd", "samp", "var", "abbr", "cite", "q", "figure", "figcaption", "div", "section",
    "del", "ins", "mark", "dfn", "time", "bdi", "bdo", "wbr", "ruby", "rt", "rp",
}
REMOVED_ELEMENTS = {"script", "style", "iframe", "frame", "frameset", "object", "embed",
                    "applet", "form", "input", "button", "textarea", "select", "link", "meta",
                    "base", "audio", "video", "source", "track", "svg", "math", "noscript",
                    "template", "head", "title"}
ALLOWED_ATTRIBUTES = {"id", "class", "lang", "title", "href", "src", "alt", "colspan", "rowspan",
                      "style", "dir", "start", "reversed", "type", "scope", "headers", "datetime",
                      "cite", "abbr", "width", "height", "span", "value", GIVEN_ID}
MAX_DEPTH = 64
# Markdown a worker parses at once (parse_ahead), a tenth of a second's work: a long book's
# chapters come back in order, a few at a time.
AHEAD_BATCH = 128_000
# In the key of a kept conversion: this module (its extensions and their order), the
# typography's rules and their data, and Markdown's version decide what a text becomes.
PARSER_VERSION = (f"{source_digests(__file__, typography.__file__, *RULE_FILES)} "
                  f"Markdown {markdown.__version__}")


KEPT_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


class BackslashBreaks(Extension):
    """pandoc's hard line break, a backslash at a line's end, beside Markdown's two spaces:
    verse and addresses in pandoc-style manuscripts are written with it."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # Before the escape pattern (180), which takes a backslash and the character after it.
        md.inlinePatterns.register(SubstituteTagInlineProcessor(r"\\\n", "br"),
                                   "backslash-break", 185)


class GivenIds(Extension):
    """Marks each heading the author gave an id ({#id}, pandoc's {#id .class} too), before
    toc gives the rest theirs."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # After the attribute lists (8), before toc (5).
        md.treeprocessors.register(MarkGivenIds(md), "given-ids", 7)


class MarkGivenIds(Treeprocessor):
    def run(self, root: ElementTree.Element) -> None:
        for element in root.iter():
            if element.tag in HEADINGS and element.get("id"):
                element.set(GIVEN_ID, "")


class NoteBacklinks(Extension):
    """Python-Markdown ends a note's last paragraph with a link back to its call, after a
    no-break space: an attribute list on that paragraph's last line (`{: dir="ltr"}`) no longer
    ends it, and stays in the text as typed. No edition uses the link (each makes its own way
    back), so it is taken out before the attribute lists are read."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # After the footnotes' processors, which give the links their titles and duplicates
        # (19, 15), before the attribute lists' (8).
        md.treeprocessors.register(WithoutBacklinks(md), "note-backlinks", 10)


class WithoutBacklinks(Treeprocessor):
    """Each note's links back, and the no-break space before each, taken out."""

    def run(self, root: ElementTree.Element) -> None:
        holders = [element for element in root.iter() if any(
            child.tag == "a" and child.get("class") == "footnote-backref" for child in element)]
        for holder in holders:
            for index in reversed(range(len(holder))):
                link = holder[index]
                if link.tag != "a" or link.get("class") != "footnote-backref":
                    continue
                before = holder[index - 1] if index else None
                text = ((before.tail if before is not None else holder.text) or "").removesuffix(
                    NBSP_PLACEHOLDER) + (link.tail or "")
                if before is not None:
                    before.tail = text
                else:
                    holder.text = text
                holder.remove(link)


class Parser:
    """One Markdown instance, configured once and reset between chapters; what it makes of a
    chapter's text, cleaned and set in the book's typography, is kept in `keep` (that is most
    of making the Book, and an edit changes one chapter)."""

    def __init__(self, lang: str, keep: Keep = made, direction: str = "ltr",
                 marks: str = "") -> None:
        self.markdown = markdown.Markdown(
            extensions=[*EXTENSIONS, BackslashBreaks(), NoteBacklinks(), GivenIds()],
            output_format="xhtml")
        self.lang = lang
        self.direction = direction  # the book's: its blocks in the other one are marked
        self.marks = marks  # the publisher's quotation marks (metadata), or "" for CLDR's
        self.keep = keep

    def parse(self, text: str) -> etree._Element:
        """The chapter as a <div> whose children are its blocks, its typography applied."""
        # Kept as XML, which reads back as exactly the tree it was written from.
        return etree.fromstring(self.keep(parse_key(self.lang, text, self.direction, self.marks),
                                          lambda: self.typeset(text)), KEPT_XML)

    def typeset(self, text: str) -> bytes:
        self.markdown.reset()
        html: str = self.markdown.convert(text)
        root: etree._Element = lxml.html.fragment_fromstring(html or "<p></p>",
                                                             create_parent="div")
        clean(root)
        apply_typography(root, self.lang, self.direction, self.marks)
        return etree.tostring(root, encoding="utf-8")


def parse_key(lang: str, text: str, direction: str = "ltr", marks: str = "") -> str:
    """What a text's parse is kept under, in a book of that language, direction and
    quotation marks (the publisher's, or CLDR's for the language)."""
    marks = marks or "".join(vars(quotation_marks(lang)).values())
    return hashlib.sha256(f"{PARSER_VERSION}\0{lang}\0{direction}\0{marks}\0{text}".encode()
                          ).hexdigest()


def typeset_all(lang: str, texts: Sequence[str], direction: str = "ltr", marks: str = ""
                ) -> list[bytes]:
    """Each text as Parser.typeset makes it: a worker's job (parse_ahead)."""
    parser = Parser(lang, direction=direction, marks=marks)
    return [parser.typeset(text) for text in texts]


def parse_ahead(lang: str, texts: Iterable[str], keep: Keep, held: Callable[[str], bool],
                start: Callable[..., Callable[[], list[bytes]]], direction: str = "ltr",
                marks: str = "") -> Keep:
    """`keep`, giving the Parser what `start` (the layout's workers, idle while the
    manuscript is linted) parses from now of the texts whose parse is not `held` (kept), when
    they are many: a cold build of a long book (an edit parses one chapter, here)."""
    missing = [text for text in dict.fromkeys(texts)
               if not held(parse_key(lang, text, direction, marks))]
    if sum(map(len, missing)) < 2 * AHEAD_BATCH:
        return keep
    batches: list[list[str]] = [[]]
    for text in missing:  # in the order the Book is made, so that the first come back first
        if sum(map(len, batches[-1])) >= AHEAD_BATCH:
            batches.append([])
        batches[-1].append(text)
    ahead: dict[str, Callable[[], bytes]] = {}
    for batch in batches:
        parsed = start(typeset_all, lang, batch, direction, marks)
        for index, text in enumerate(batch):
            ahead[parse_key(lang, text, direction, marks)] = functools.partial(nth, parsed,
                                                                              index)

    def kept(key: str, make: Callable[[], bytes]) -> bytes:
        return keep(key, ahead.get(key, make))
    return kept


def nth(results: Callable[[], list[bytes]], index: int) -> bytes:
    return results()[index]


def clean(root: etree._Element) -> None:
    """Remove what could run code, unwrap what no edition can carry, keep book markup."""
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            remove_keeping_tail(element)  # comments and processing instructions
        elif element.tag in REMOVED_ELEMENTS:
            remove_keeping_tail(element)
    for element in list(root.iter()):
        if element is root:
            continue
        if element.tag not in ALLOWED_ELEMENTS:
            unwrap(element)
            continue
        for name in list(element.attrib):
            value = element.attrib[name]
            if name not in ALLOWED_ATTRIBUTES or (name == "style" and "url(" in value.lower()):
                del element.attrib[name]


def depth(root: etree._Element) -> int:
    deepest = 0
    for element in root.iter():
        level = sum(1 for _ in element.iterancestors())
        deepest = max(deepest, level)
    return deepest
