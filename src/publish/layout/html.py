"""The print edition as HTML: one document of the whole book (preliminary pages, contents, then
every chapter), or the documents of its layout's units (units.py): the front matter, with the
contents given the text's page numbers, and each division of the text alone. The document
carries no href at all, because
a print file must hold no links: the contents points at its chapters with data-target, which
target-counter() reads. Notes become WeasyPrint footnotes placed where they are first cited.
The screen edition (editions/pdf_digital.py) asks for the same document `linked`, with its
links kept.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from lxml import etree

from publish.book.imprint import byline, imprint, title_page
from publish.book.model import Book, Note
from publish.book.phrases import phrases_of
from publish.book.xml import (
    XML_LANG,
    element,
    fragment,
    move_content,
    remove_keeping_tail,
    unwrap,
    without_note_calls,
)
from publish.layout.served import RESOURCE_SCHEME, memory_url

# Blocks a note may hold. A footnote is an inline element at its call, so its blocks become
# spans shown as blocks (an HTML parser would end the paragraph at a real <p>).
BLOCK_TAGS = {"p", "div", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "pre", "table",
              "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "figure", "figcaption",
              "h1", "h2", "h3", "h4", "h5", "h6", "hr", "section", "aside"}
WORD_JOINER = "\u2060"  # no line break here, and no width
RUNNING_HEAD_LENGTH = 48  # characters: longer chapter titles are shortened in the head
# Marks for reading the page map back out of the layout (page_map): each body element's
# "<chapter index>.<index in Chapter.tree().iter()>", and the chapter heading's chapter index.
SPOT = "data-spot"
SECTION = "data-section"  # a chapter's section: its chapter index
CHAPTER_START_MARK = "data-chapter-start"
UNIT_END = "unit-end"  # the element after the last page of a layout unit (units.py)
PRINTED_PAGE = "data-page"  # a contents entry's folio, when another unit found it
# Marks on each footnote, for reading the notes back out of the layout (notes/proof.py) and
# splitting one between pages (notes/markup.py): the note it is (every part of a note split
# across pages has its id), which part of it (2, 3... for its continuations), and on each
# element inside it, its index in the footnote's iter().
NOTE_MARK = "data-note"
PART_MARK = "data-part"
NOTE_SPOT = "data-note-spot"
SPACES = re.compile(r"[ \t\n\r\f]+")  # what CSS collapses to one space


def print_document(book: Book, stylesheets: list[str], *, linked: bool = False) -> str:
    """The HTML WeasyPrint typesets: head with metadata and styles, body with the whole book.

    `linked` is for the screen edition (pdf_digital): the contents entries, the book's own links
    and repeated note calls keep real hrefs, which WeasyPrint makes link annotations.
    """
    body = front_body(book, linked=linked)
    text = etree.Element("div", {"class": "text-matter"})
    for index in text_divisions(book):
        text.append(chapter_section(book, index, linked=linked))
    if len(text):
        body.append(text)
    return as_document(book, stylesheets, body)


def front_document(book: Book, stylesheets: list[str], labels: Mapping[str, str]) -> str:
    """The preliminary pages and the front matter alone, as one unit of the print layout
    (layout/units.py): the contents gives each text division the folio in `labels` (by
    chapter id), which the text's own units found."""
    body = front_body(book, labels=labels)
    body.append(unit_end())
    return as_document(book, stylesheets, body)


def division_document(book: Book, index: int, stylesheets: list[str]) -> str:
    """One division of the text matter alone, as one unit of the print layout."""
    body = etree.Element("body")
    text = etree.SubElement(body, "div", {"class": "text-matter"})
    text.append(chapter_section(book, index))
    body.append(unit_end())
    return as_document(book, stylesheets, body)


def text_divisions(book: Book) -> list[int]:
    """The chapters (by index) set in the text matter, after the front matter."""
    return [index for index, chapter in enumerate(book.chapters)
            if chapter.matter != "frontmatter"]


def front_body(book: Book, *, linked: bool = False,
               labels: Mapping[str, str] | None = None) -> etree._Element:
    """Half-title, title page, copyright page, then the front matter with the contents."""
    body = etree.Element("body")
    body.append(half_title(book))
    body.append(title_leaf(book))
    body.append(copyright_page(book))
    front = etree.SubElement(body, "div", {"class": "front-matter"})
    opening = len(book.opening)
    for index, chapter in enumerate(book.chapters):
        if index == opening:  # a dedication or an epigraph comes before the contents
            front.append(contents(book, linked=linked, labels=labels))
        if chapter.matter == "frontmatter":
            front.append(chapter_section(book, index, linked=linked))
    if opening == len(book.chapters):
        front.append(contents(book, linked=linked, labels=labels))
    return body


def unit_end() -> etree._Element:
    """What closes a unit of the print layout: the next division's recto, which the unit's own
    layout drops. The blank verso the layout leaves before it, if any, is the unit's."""
    holder = etree.Element("div", {"class": "text-matter"})
    etree.SubElement(holder, "div", {"class": UNIT_END})
    return holder


def as_document(book: Book, stylesheets: list[str], body: etree._Element) -> str:
    html = etree.Element("html", lang=book.metadata.lang, dir=book.metadata.dir)
    html.append(document_head(book, stylesheets))
    html.append(body)
    return "<!DOCTYPE html>\n" + etree.tostring(html, method="html", encoding="unicode")


def document_head(book: Book, stylesheets: list[str]) -> etree._Element:
    """Title, author, subject, keywords and fixed dates: WeasyPrint copies them into the PDF."""
    metadata = book.metadata
    head = etree.Element("head")
    etree.SubElement(head, "meta", charset="utf-8")
    etree.SubElement(head, "title").text = metadata.title
    stamp = w3c_datetime(metadata.modified)
    fields = {
        "author": byline(metadata),
        "description": metadata.description or metadata.subtitle or "",
        "keywords": ", ".join(metadata.subjects),
        "generator": "publish",
        # Without these WeasyPrint stamps the current time, and no two builds would match.
        "dcterms.created": stamp,
        "dcterms.modified": stamp,
    }
    for name, content in fields.items():
        if content:
            etree.SubElement(head, "meta", name=name, content=content)
    for sheet in stylesheets:
        etree.SubElement(head, "style").text = sheet
    return head


def w3c_datetime(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def half_title(book: Book) -> etree._Element:
    """The first recto: the title alone. It also sets the string the verso running heads show."""
    section = etree.Element("section", {"class": "half-title"})
    title = element("p", {"class": "book-title"}, book.metadata.title)
    title.set("data-running-head", running_head(book.metadata.title))
    section.append(title)
    return section


def title_leaf(book: Book) -> etree._Element:
    """The title page, every line a paragraph of its kind's class."""
    section = etree.Element("section", {"class": "title-page"})
    for kind, text in title_page(book.metadata):
        section.append(element("p", {"class": kind}, text))
    return section


def copyright_page(book: Book) -> etree._Element:
    """The title page's verso: the imprint lines every edition prints, set at the foot."""
    section = etree.Element("section", {"class": "copyright-page"})
    holder = etree.SubElement(section, "div", {"class": "imprint"})
    for line in imprint(book.metadata):
        holder.append(element("p", {"class": "imprint-line"}, line.text))
    return section


def contents(book: Book, *, linked: bool = False,
             labels: Mapping[str, str] | None = None) -> etree._Element:
    """Contents with page numbers: target-counter() reads each entry's data-target, or an
    entry's folio is given in `labels` (by chapter id) when its chapter is laid out apart.

    Linked, each title is also a link to its chapter (the print file holds no links)."""
    nav = etree.Element("nav", {"class": "contents"})
    name = phrases_of(book.metadata).say("contents")
    heading = etree.SubElement(nav, "h1", {"data-running-head": name})
    heading.text = name
    entries = etree.SubElement(nav, "ol")
    for chapter in book.chapters:
        if chapter.title is None:
            continue  # a dedication or an epigraph is not listed
        item = etree.SubElement(entries, "li", {"class": f"toc-entry {chapter.matter}"})
        title = etree.SubElement(item, "span", {"class": "toc-title"})
        if linked:
            title = etree.SubElement(title, "a", {"href": "#" + chapter.id})
        fill_inline(title, chapter.title.html)
        label = (labels or {}).get(chapter.id)
        etree.SubElement(item, "span", {"class": "toc-page"} | (
            {"data-target": "#" + chapter.id} if label is None else {PRINTED_PAGE: label}))
    return nav


def chapter_section(book: Book, index: int, *, linked: bool = False) -> etree._Element:
    """The book's `index`-th chapter: its heading and body, every element marked for the page
    map (page_map). A division without a heading is set without one, on pages that carry no
    folio when it stands in the front matter (print.css)."""
    chapter = book.chapters[index]
    kind = "titled" if chapter.title is not None else "headless"
    section = etree.Element("section", {"class": f"chapter {kind} {chapter.matter} "
                                                 f"{chapter.role}", "id": chapter.id,
                                        SECTION: str(index)})
    body = chapter.tree()
    titles = {heading.id: heading.text for heading in chapter.headings}
    for number, node in enumerate(body.iter()):
        if isinstance(node.tag, str):
            node.set(SPOT, f"{index}.{number}")
        if node.get("id") in titles:  # a bookmark names a heading without its notes
            node.set("data-title", titles[node.get("id", "")])
    if chapter.title is not None:
        title = chapter.title.text
        heading = etree.SubElement(section, "h1", {
            "data-running-head": chapter.running_head or running_head(title),
            "data-title": title} | ({"dir": chapter.title.dir} if chapter.title.dir else {}))
        move_content(fragment(chapter.title.html, "span"), heading)
        for part in heading.iter():
            part.set(CHAPTER_START_MARK, str(index))
        heading.tail = body.text
    else:
        section.text = body.text
    section.extend(list(body))
    place_footnotes(section, chapter.notes, NoteFrame.of(book), linked=linked)  # the heading's too
    prepare_for_print(section, keep_links=linked)
    return section


def running_head(title: str) -> str:
    """A title short enough for one line of the head, cut at a word boundary with an ellipsis
    if it is not ("I. Down the Rabbit-Hole" stays whole; an author may give a shorter one)."""
    if len(title) <= RUNNING_HEAD_LENGTH:
        return title
    cut = title[:RUNNING_HEAD_LENGTH].rsplit(" ", 1)[0].rstrip(",;:\u2013\u2014 ")
    return cut + "\u2026"


def fill_inline(target: etree._Element, inline_html: str) -> None:
    """Put inline XHTML (a heading's content) into target, without links or note calls."""
    holder = without_note_calls(inline_html)
    prepare_for_print(holder)
    move_content(holder, target)


@dataclass(frozen=True)
class NoteFrame:
    """What every footnote of a book is set in: the book's language and direction (not those
    of the passage that calls it), and the label of a note continued on the next page."""

    lang: str
    dir: str
    continued: str  # "{number} (continued)", in the book's language

    @classmethod
    def of(cls, book: Book) -> NoteFrame:
        return cls(book.metadata.lang, book.metadata.dir,
                   phrases_of(book.metadata).say("note-continued", number="{number}"))


def place_footnotes(body: etree._Element, notes: tuple[Note, ...], frame: NoteFrame, *,
                    linked: bool = False) -> None:
    """Put each note's text at its first call, as a footnote; later calls repeat the number.
    Linked, the calls are links to the footnote."""
    by_id = {note.id: note for note in notes}
    for call in list(body.iter("a")):
        if call.get("class") != "noteref":
            continue
        note = by_id.get(call.get("href", "").removeprefix("#"))
        if note is None:
            continue
        if call.get("id") == note.ref_ids[0]:
            replacement = footnote(note, frame)
            if linked and not replacement.findall(".//a"):
                replacement = linked_to_itself(replacement)
        else:
            replacement = etree.Element("a" if linked else "span", {"class": "noteref-repeat"})
            if linked:
                replacement.set("href", "#" + note.id)
            replacement.text = str(note.number)
        replacement.tail = call.tail
        parent = call.getparent()
        assert parent is not None
        hold_to_previous_word(call)
        parent.replace(call, replacement)
        set_call(replacement, str(note.number))


CALLS = ("footnote", "noteref-repeat", "noteref-link")  # what a note's call is in print


def set_call(call: etree._Element, number: str) -> None:
    """What a call prints: its note's number, after a superior comma when it follows another
    call with nothing between them (5,6, not 56)."""
    previous = call.getprevious()
    follows = previous is not None and previous.get("class", "").split()[:1] in (
        [kind] for kind in CALLS) and not (previous.tail or "").strip(WORD_JOINER)
    shown = ("," if follows else "") + number
    if call.get("class", "").startswith("footnote"):
        call.set("data-call", shown)
    elif call.get("class") == "noteref-link":
        call[0].set("data-call", shown)
    else:
        call.text = shown


def hold_to_previous_word(call: etree._Element) -> None:
    """A note's call never begins a line: a word joiner binds it to the word before it (the
    layout would otherwise break between "them." and its call)."""
    previous = call.getprevious()
    parent = call.getparent()
    before = (previous.tail if previous is not None else parent.text if parent is not None
              else None) or ""
    if not before or before[-1].isspace():
        return
    if previous is not None:
        previous.tail = before + WORD_JOINER
    elif parent is not None:
        parent.text = before + WORD_JOINER


def linked_to_itself(footnote: etree._Element) -> etree._Element:
    """The footnote inside a link to it, so its call (drawn where the footnote stood) is a
    link to the note at the page foot. Not for a note holding links itself: an HTML parser
    would close the outer link at the inner one."""
    link = etree.Element("a", {"class": "noteref-link", "href": "#" + footnote.get("id", "")})
    link.append(footnote)
    return link


def footnote(note: Note, frame: NoteFrame) -> etree._Element:
    """A span that floats to the page foot; its blocks become block-displayed spans."""
    span = fragment(note.html, "span")
    for descendant in span.iterdescendants():
        if isinstance(descendant.tag, str) and descendant.tag in BLOCK_TAGS:
            descendant.set("class", f"note-{descendant.tag} {descendant.get('class', '')}".strip())
            descendant.tag = "span"
    span.text = None if not (span.text or "").strip() else span.text
    for empty in [block for block in span.iter("span") if is_block(block) and not len(block)
                  and not (block.text or "").strip()]:
        remove_keeping_tail(empty)  # an empty paragraph (after a quotation) prints nothing
    first = span[0] if len(span) else None
    lang = None
    if first is not None and first.tag == "span" and first.get("class") == "note-p":
        lang = first.get("lang")  # the note's language, where its paragraph says it
        unwrap(first)  # so the number and the first line share a line
    collapse_white_space(span)
    for index, node in enumerate(span.iter()):
        if isinstance(node.tag, str):
            node.set(NOTE_SPOT, str(index))
    span.attrib.update({"class": "footnote", "id": note.id, "data-number": str(note.number),
                        NOTE_MARK: note.id, "lang": lang or frame.lang,
                        "dir": note.dir or frame.dir,
                        "data-continued": frame.continued.format(number=note.number)})
    return span


def collapse_white_space(note: etree._Element) -> None:
    """Collapse a footnote's white space as CSS would, outside its preformatted blocks:
    WeasyPrint takes a footnote out of the text before it collapses white space, so a line
    break in the manuscript would break the printed note's line there."""
    for node in note.iter():
        if not isinstance(node.tag, str) or preformatted(node):
            continue
        node.text = node.text and SPACES.sub(" ", node.text)
        if not preformatted(node.getparent()):
            node.tail = node.tail and SPACES.sub(" ", node.tail)
        if is_block(node) or node is note:
            node.text = node.text and node.text.lstrip(" ")
            if len(node):  # nor a space at its end
                node[-1].tail = node[-1].tail and node[-1].tail.rstrip(" ")
            else:
                node.text = node.text and node.text.rstrip(" ")
        if is_block(node) or node.tag == "br":
            node.tail = node.tail and node.tail.lstrip(" ")
            before = node.getprevious()
            if before is not None:
                before.tail = before.tail and before.tail.rstrip(" ")
            elif (parent := node.getparent()) is not None:
                parent.text = parent.text and parent.text.rstrip(" ")


def preformatted(node: etree._Element | None) -> bool:
    """Whether a footnote's element is, or is inside, one of its preformatted blocks."""
    while node is not None:
        if "note-pre" in str(node.get("class", "")).split():
            return True
        node = node.getparent()
    return False


def is_block(node: etree._Element) -> bool:
    """Whether a footnote's element is one of its blocks (a block-displayed span)."""
    return node.tag == "span" and str(node.get("class", "")).startswith("note-")


def prepare_for_print(tree: etree._Element, *, keep_links: bool = False) -> None:
    """No links in a print file (they become PDF annotations); images come from memory."""
    for link in [] if keep_links else tree.iter("a"):
        for attribute in ("href", "target", "rel"):
            if attribute in link.attrib:
                del link.attrib[attribute]
    for image in tree.iter("img"):
        image.set("src", memory_url(RESOURCE_SCHEME, image.get("src", "")))
        holder = image.getparent()
        if holder is not None and holder.tag == "p" and not has_text(holder):
            holder.set("class", (holder.get("class", "") + " image-only").strip())
    for node in tree.iter():
        lang = node.get(XML_LANG)
        if lang is not None:  # HTML says lang= instead
            del node.attrib[XML_LANG]
            if not node.get("lang"):
                node.set("lang", lang)


def has_text(element: etree._Element) -> bool:
    return any(str(text).strip() for text in element.itertext())

