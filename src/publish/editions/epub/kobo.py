"""One EPUB content document as Kobo's own kepubs have it: its sentences in numbered spans,
its body inside Kobo's two wrappers, and Kobo's style hook; nothing else changes.

Kobo's reading engine finds highlights, bookmarks, reading statistics and the position it
syncs by the spans; it paginates by the wrappers. The rules are kepubify's (MIT; this is our
own code, written from a description of its algorithm):

* Text is split into sentences after a run of ., ! or ?, at most one closing quotation mark
  or ellipsis, and the whitespace that follows; that whitespace stays with the sentence
  before it. Each sentence becomes <span class="koboSpan" id="kobo.N.M">: paragraph N,
  sentence M. A piece of text that is only whitespace is left bare, unless it sits directly
  in a <p>.
* N goes up at the first span after a <p>, a list, a table or a heading begins (a block
  without text takes no number), and at each image, which gets a span of its own.
* Script, style, <pre>, audio, video, SVG and MathML keep their text as it is.
* The body's content moves into <div id="book-columns"><div id="book-inner">.
"""

from __future__ import annotations

import re

from lxml import etree

from publish.book.ids import KOBO_STYLE_ID, KOBO_WRAPPERS
from publish.book.xml import XHTML_NS

SPAN_CLASS = "koboSpan"
# Kobo's engine adds its own margins to the inner wrapper; this hook takes them off again.
STYLE_HOOK = f"div#{KOBO_WRAPPERS[1]} {{ margin-top: 0; margin-bottom: 0; }}"
# A sentence ends after terminal punctuation, one optional closing mark, then whitespace
# (ASCII whitespace only, as in Kobo's own kepubs: a no-break space joins).
SENTENCE_END = re.compile("[.!?]+[\"'\u201c\u201d\u2019\u2026]?[ \t\n\r\f]+")
ASCII_SPACE = " \t\n\r\f"
AS_IS = {"script", "style", "pre", "audio", "video", "svg", "math"}
BLOCKS = {"p", "ol", "ul", "table", "h1", "h2", "h3", "h4", "h5", "h6"}


def sentences(text: str) -> list[str]:
    """The text cut where Kobo cuts sentences; joined again they are the text."""
    pieces = []
    start = 0
    for end in SENTENCE_END.finditer(text):
        if end.end() < len(text):  # trailing whitespace belongs to the last sentence
            pieces.append(text[start:end.end()])
            start = end.end()
    return [*pieces, text[start:]] if text[start:] or not pieces else pieces


def localname(node: etree._Element) -> str:
    return etree.QName(node).localname if isinstance(node.tag, str) else ""


class Numbering:
    """Where the spans are: paragraph N, sentence M of it."""

    def __init__(self) -> None:
        self.paragraph = 0
        self.sentence = 0
        self.new_paragraph = False

    def span(self, parent: etree._Element) -> etree._Element:
        """A new, empty span, numbered; made as parent's child so that it takes the
        document's own namespace declaration (moving it is the caller's)."""
        if self.new_paragraph:
            self.paragraph, self.sentence, self.new_paragraph = self.paragraph + 1, 0, False
        self.sentence += 1
        return etree.SubElement(parent, f"{{{XHTML_NS}}}span",
                                {"class": SPAN_CLASS,
                                 "id": f"kobo.{self.paragraph}.{self.sentence}"})

    def pieces(self, text: str, parent: etree._Element) -> list[str | etree._Element]:
        """The text as spans, and as the bare whitespace Kobo leaves between blocks."""
        found: list[str | etree._Element] = []
        for sentence in sentences(text):
            if not sentence.strip(ASCII_SPACE) and localname(parent) != "p":
                found.append(sentence)
            else:
                span = self.span(parent)
                span.text = sentence
                found.append(span)
        return found


def place(parent: etree._Element, after: etree._Element | None,
          pieces: list[str | etree._Element]) -> None:
    """Put the pieces into parent after the child `after` (None: at its start); a bare
    string becomes the text, or the tail, of what comes before it."""
    index = 0 if after is None else parent.index(after) + 1
    previous = after
    for piece in pieces:
        if isinstance(piece, str):
            if previous is None:
                parent.text = (parent.text or "") + piece
            else:
                previous.tail = (previous.tail or "") + piece
        else:
            parent.insert(index, piece)
            index += 1
            previous = piece


def add_spans(element: etree._Element, numbering: Numbering) -> None:
    """The element's text, and its descendants', in numbered spans, in document order."""
    if localname(element) in AS_IS:
        return
    if localname(element) in BLOCKS:
        numbering.new_paragraph = True
    children = list(element)
    text, element.text = element.text, None
    if text:
        place(element, None, numbering.pieces(text, element))
    for child in children:
        tail, child.tail = child.tail, None
        if localname(child) == "img":
            numbering.paragraph, numbering.sentence = numbering.paragraph + 1, 0
            numbering.new_paragraph = False
            span = numbering.span(element)
            element.replace(child, span)  # the span takes the image's place...
            span.append(child)  # ...and holds it
            child = span
        elif isinstance(child.tag, str):
            add_spans(child, numbering)
        if tail:
            place(element, child, numbering.pieces(tail, element))


def wrap_body(body: etree._Element) -> None:
    """The body's content inside Kobo's wrappers; the body keeps its own attributes."""
    outer = etree.SubElement(body, f"{{{XHTML_NS}}}div", id=KOBO_WRAPPERS[0])
    inner = etree.SubElement(outer, f"{{{XHTML_NS}}}div", id=KOBO_WRAPPERS[1])
    inner.text, body.text = body.text, None
    for child in list(body):
        if child is not outer:
            inner.append(child)  # append moves the child, its tail with it


def kobo_document(content: bytes) -> bytes:
    """The XHTML document's bytes as a kepub's: spans, wrappers and the style hook."""
    root = etree.fromstring(content)
    tree = root.getroottree()
    body = root.find(f"{{{XHTML_NS}}}body")
    head = root.find(f"{{{XHTML_NS}}}head")
    if body is None or body.find(f".//*[@class='{SPAN_CLASS}']") is not None:
        return content  # no body, or made for Kobo already
    add_spans(body, Numbering())
    wrap_body(body)
    if head is not None:
        style = etree.SubElement(head, f"{{{XHTML_NS}}}style", type="text/css", id=KOBO_STYLE_ID)
        style.text = STYLE_HOOK
    # The tree, not its root: lxml writes the document's own DOCTYPE with it.
    result: bytes = etree.tostring(tree, encoding="utf-8", xml_declaration=True)
    return result
