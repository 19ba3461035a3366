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
from collections.abc import Mapping

from lxml import etree

from publish.book.imprint import byline, imprint, title_page
from publish.book.model import Book
from publish.book.phrases import phrases_of
from publish.book.xml import (
    XML_LANG,
    element,
    fragment,
    move_content,
    without_note_calls,
)
from publish.layout.notes.footnotes import NoteFrame, place_footnotes
from publish.layout.page_references import mark_page_references
from publish.layout.served import RESOURCE_SCHEME, memory_url

RUNNING_HEAD_LENGTH = 48  # characters: longer chapter titles are shortened in the head
# Marks for reading the page map back out of the layout (page_map): each body element's
# "<chapter index>.<index in Chapter.tree().iter()>", and the chapter heading's chapter index.
SPOT = "data-spot"
SECTION = "data-section"  # a chapter's section: its chapter index
CHAPTER_START_MARK = "data-chapter-start"
TEXT_MATTER = "text-matter"  # what holds the text matter's divisions, after the front
UNIT_END = "unit-end"  # the element after the last page of a layout unit (units.py)
PRINTED_PAGE = "data-page"  # a contents entry's folio, when another unit found it


def print_document(book: Book, stylesheets: list[str], *, linked: bool = False) -> str:
    """The HTML WeasyPrint typesets: head with metadata and styles, body with the whole book.

    `linked` is for the screen edition (pdf_digital): the contents entries, the book's own links
    and repeated note calls keep real hrefs, which WeasyPrint makes link annotations.
    """
    body = front_body(book, linked=linked)
    text = etree.Element("div", {"class": TEXT_MATTER})
    for index in text_divisions(book):
        text.append(chapter_section(book, index, linked=linked))
    if len(text):
        body.append(text)
    return as_document(book, stylesheets, body)


def front_document(book: Book, stylesheets: list[str], labels: Mapping[str, str],
                   numbers: Mapping[str, str] | None = None) -> str:
    """The preliminary pages and the front matter alone, as one unit of the print layout
    (layout/units.py): the contents gives each text division the folio in `labels` (by
    chapter id), which the text's own units found, and a page reference the folio of its
    target in `numbers` (by id: page_references.py)."""
    body = front_body(book, labels=labels, numbers=numbers or {})
    body.append(unit_end())
    return as_document(book, stylesheets, body)


def division_document(book: Book, index: int, stylesheets: list[str],
                      numbers: Mapping[str, str] | None = None) -> str:
    """One division of the text matter alone, as one unit of the print layout; a page
    reference shows the folio of its target in `numbers` (by id: page_references.py)."""
    body = etree.Element("body")
    text = etree.SubElement(body, "div", {"class": TEXT_MATTER})
    text.append(chapter_section(book, index, numbers=numbers or {}))
    body.append(unit_end())
    return as_document(book, stylesheets, body)


def text_divisions(book: Book) -> list[int]:
    """The chapters (by index) set in the text matter, after the front matter."""
    return [index for index, chapter in enumerate(book.chapters)
            if chapter.matter != "frontmatter"]


def front_body(book: Book, *, linked: bool = False, labels: Mapping[str, str] | None = None,
               numbers: Mapping[str, str] | None = None) -> etree._Element:
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
            front.append(chapter_section(book, index, linked=linked, numbers=numbers))
    if opening == len(book.chapters):
        front.append(contents(book, linked=linked, labels=labels))
    return body


def unit_end() -> etree._Element:
    """What closes a unit of the print layout: the next division's recto, which the unit's own
    layout drops. The blank verso the layout leaves before it, if any, is the unit's."""
    holder = etree.Element("div", {"class": TEXT_MATTER})
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


def chapter_section(book: Book, index: int, *, linked: bool = False,
                    numbers: Mapping[str, str] | None = None) -> etree._Element:
    """The book's `index`-th chapter: its heading and body, every element marked for the page
    map (page_map). A division without a heading is set without one, on pages that carry no
    folio when it stands in the front matter (print.css). A page reference's number is
    target-counter()'s, or given in `numbers` where the chapter is laid out alone."""
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
    place_footnotes(section, chapter.notes, NoteFrame.of(book), linked=linked)  # heading's too
    mark_page_references(section, phrases_of(book.metadata), numbers)
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


def prepare_for_print(tree: etree._Element, *, keep_links: bool = False) -> None:
    """No links in a print file (they become PDF annotations); images come from memory."""
    for link in [] if keep_links else tree.iter("a"):
        for attribute in ("href", "target", "rel"):
            if attribute in link.attrib:
                del link.attrib[attribute]
    for image in tree.iter("img"):
        image.set("src", memory_url(RESOURCE_SCHEME, image.get("src", "")))
    for listed in tree.iter("ol"):
        number_from(listed)
    for node in tree.iter():
        lang = node.get(XML_LANG)
        if lang is not None:  # HTML says lang= instead
            del node.attrib[XML_LANG]
            if not node.get("lang"):
                node.set("lang", lang)


def number_from(listed: etree._Element) -> None:
    """An ordered list numbered from its start= (`5. ...` in Markdown, or the second half of a
    list cut at a page by the notes' layout): WeasyPrint reads no presentational attribute,
    and its own stylesheet resets the list-item counter on every <ol>, so the reset to the
    number before the first is written in the list's style (replacing one it had)."""
    start = listed.get("start", "1")
    if start.lstrip("-").isdigit() and int(start) != 1:
        kept = [declaration.strip() for declaration in listed.get("style", "").split(";")
                if declaration.strip() and not declaration.strip().startswith("counter-reset")]
        listed.set("style", "; ".join([*kept, f"counter-reset: list-item {int(start) - 1}"]))

