"""The EPUB's content documents: cover, title page, copyright page, one document per chapter.

Each document is built as lxml elements and serialised once, by us, with its XML declaration
(Kindle's converter assumes Latin-1 without one). ebooklib's own EpubHtml would re-parse the
body with an HTML parser and drop our <head>, so these go into the package as finished bytes.
Elements are built without a namespace (book/xml.py's element()) and with a plain "epub-type"
attribute; finish() moves them into XHTML and the epub: namespace in one pass, so no stray ns0:
prefixes appear.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from lxml import etree

from publish.book.ids import unique
from publish.book.imprint import imprint, title_page
from publish.book.model import UNTITLED, Book, Chapter, Note, Resource
from publish.book.xml import (
    EPUB_NS,
    XHTML_NS,
    XML_LANG,
    add_class,
    element,
    fragment,
    move_content,
)
from publish.cover.design import cover_description
from publish.editions.epub.verse import end_lines_with_breaks
from publish.layout.page_breaks import PAGE, is_marker, opening_marker
from publish.source.metadata import Metadata

NSMAP: dict[str | None, str] = {None: XHTML_NS, "epub": EPUB_NS}
EPUB_TYPE = "epub-type"  # placeholder attribute; becomes epub:type in finish()
STYLESHEET = "styles/book.css"
# Blocks set at their own start when they read in another direction than the text around
# them (a caption or a title stays centred, an attribution at its end).
TURNABLE = {"p", "li", "dt", "dd", "blockquote", "aside", "h1", "h2", "h3", "h4", "h5", "h6"}
# epub:type values that have a DPUB-ARIA role allowed on <section>.
DPUB_SECTION_ROLES = {
    "dedication", "epigraph", "foreword", "preface", "introduction", "prologue", "chapter",
    "part", "epilogue", "afterword", "appendix", "acknowledgments", "bibliography", "glossary",
    "colophon", "conclusion", "abstract", "credits", "errata", "index",
}


@dataclass(frozen=True)
class Document:
    """One finished XHTML content document and where it goes in the package."""

    uid: str  # manifest id
    file_name: str  # path inside the EPUB folder
    title: str  # plain text, for <title> and the contents
    content: bytes


def document(uid: str, file_name: str, title: str, metadata: Metadata, body_type: str,
             content: list[etree._Element]) -> Document:
    """A complete XHTML document: declaration, lang + xml:lang, the book's direction when it
    reads right to left, charset, title, stylesheet."""
    html = etree.Element(f"{{{XHTML_NS}}}html", nsmap=NSMAP)  # type: ignore[arg-type]
    html.set("lang", metadata.lang)
    html.set(XML_LANG, metadata.lang)
    if metadata.dir == "rtl":
        html.set("dir", "rtl")
    head = etree.SubElement(html, f"{{{XHTML_NS}}}head")
    etree.SubElement(head, f"{{{XHTML_NS}}}meta", charset="utf-8")
    etree.SubElement(head, f"{{{XHTML_NS}}}title").text = title
    etree.SubElement(head, f"{{{XHTML_NS}}}link", rel="stylesheet", type="text/css",
                     href=STYLESHEET)
    body = etree.SubElement(html, f"{{{XHTML_NS}}}body", {EPUB_TYPE: body_type})
    body.extend(content)
    finish(html)
    serialised: bytes = etree.tostring(html, encoding="utf-8", xml_declaration=True,
                                       doctype="<!DOCTYPE html>")
    return Document(uid, file_name, title, serialised)


def finish(html: etree._Element) -> None:
    """Move every element into XHTML, make epub-type epub:type, and mirror lang as xml:lang."""
    for node in html.iter():
        if not isinstance(node.tag, str):
            continue
        if not node.tag.startswith("{"):
            node.tag = f"{{{XHTML_NS}}}{node.tag}"
        kind = node.get(EPUB_TYPE)
        if kind is not None:
            del node.attrib[EPUB_TYPE]
            node.set(f"{{{EPUB_NS}}}type", kind)
        lang = node.get("lang")
        if lang and node.get(XML_LANG) != lang:
            node.set(XML_LANG, lang)


def section(kind: str, attributes: Mapping[str, str] | None = None) -> etree._Element:
    """A <section> with its epub:type and, where DPUB-ARIA has one, the matching role; a
    division that says nothing of what it is (UNTITLED) gets neither."""
    made = element("section", dict(attributes or {}))
    if kind != UNTITLED:
        made.set(EPUB_TYPE, kind)
    if kind in DPUB_SECTION_ROLES:
        made.set("role", f"doc-{kind}")
    return made


def cover_document(book: Book, file_name: str) -> Document:
    """The cover as the first page, with alt text naming the book (the typographic cover
    shows exactly that, so the text is its full description)."""
    metadata = book.metadata
    holder = section("cover", {"class": "cover"})
    holder.append(element("img", {"src": file_name, "alt": cover_description(metadata),
                                  "role": "doc-cover"}))
    return document("cover", "cover.xhtml", metadata.title, metadata, "cover", [holder])


def title_document(book: Book) -> Document:
    """Title, subtitle, byline and publisher, as the print title page sets them; the title is
    the page's heading."""
    metadata = book.metadata
    holder = section("titlepage", {"class": "titlepage"})
    for kind, text in title_page(metadata):
        holder.append(element("h1" if kind == "title" else "p", {"class": kind}, text))
    return document("titlepage", "titlepage.xhtml", metadata.title, metadata,
                    "frontmatter", [holder])


def copyright_document(book: Book) -> Document:
    """The imprint lines every edition prints; web addresses become links."""
    metadata = book.metadata
    holder = section("copyright-page", {"class": "copyright-page"})
    for line in imprint(metadata):
        block = element("p", {"class": "imprint-line"}, line.text)
        if line.text.startswith(("http://", "https://")):
            block.text = None
            block.append(element("a", {"href": line.text}, line.text))
        holder.append(block)
    return document("copyright", "copyright.xhtml", metadata.title, metadata,
                    "frontmatter", [holder])


def chapter_file_name(index: int, chapter: Chapter) -> str:
    return f"{index:03d}-{chapter.id}.xhtml"


def package_names(resources: Iterable[Resource]) -> dict[str, str]:
    """Resource name -> a file name every reading system accepts: ASCII, no spaces, unique.

    EPUBCheck warns on spaces (PKG-010) and non-ASCII characters (PKG-012) in file names."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for resource in resources:
        folder, _, base = resource.name.rpartition("/")
        ascii_base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
        stem, dot, suffix = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_base).rpartition(".")
        stem = stem.strip("-") or "image"
        names[resource.name] = unique(f"{folder}/{stem}", taken, ending=dot + suffix)
    return names


def chapter_document(index: int, chapter: Chapter, title: str, metadata: Metadata,
                     file_of_id: Mapping[str, str], image_names: Mapping[str, str]) -> Document:
    """The chapter in its own file: heading, text, then its notes as pop-up footnotes."""
    file_name = chapter_file_name(index, chapter)
    body = chapter.tree()
    opening = opening_marker(body)
    if chapter.title is not None:
        # Its role as a class too: the shared styles set a bibliography apart by it, as they
        # do in print (epub.css selects classes only, for the oldest reading systems).
        holder = section(chapter.role, {"aria-labelledby": chapter.id} | (
            {"class": chapter.role} if chapter.role != UNTITLED else {}))
        heading = element("h1", {"id": chapter.id})
        if chapter.title.dir:
            heading.set("dir", chapter.title.dir)
        move_content(fragment(chapter.title.html, "span"), heading)  # its note calls kept
        holder.append(heading)
        heading.tail = body.text
    else:  # a dedication, an epigraph, an opening poem: no heading, nothing invented
        holder = section(chapter.role, {"id": chapter.id, "class": "headless"})
        holder.text = body.text
    if opening is not None:
        holder.insert(0, opening)
        opening.tail, holder.text = holder.text, None
    holder.extend(list(body))
    for page_break in holder.iter("span"):
        if is_marker(page_break):
            mark_page_break(page_break)
    if chapter.notes:
        notes = element("div", {"class": "footnotes"})
        notes.extend(footnote(note) for note in chapter.notes)
        holder.append(notes)
    end_lines_with_breaks(holder)
    mark_directions(holder)
    mark_note_references(holder)
    point_links_across_files(holder, file_name, file_of_id)
    for image in holder.iter("img"):
        image.set("src", image_names.get(image.get("src", ""), image.get("src", "")))
    # The id is the chapter's, not its place: a chapter added before it renumbers its file,
    # not its manifest id.
    return document(f"chapter-{chapter.id}", file_name, title, metadata, chapter.matter,
                    [holder])


def mark_page_break(marker: etree._Element) -> None:
    """Where a print page begins: an empty span reading systems and assistive technology
    announce by its label, the page number as the print edition sets it."""
    label = marker.attrib.pop(PAGE)
    del marker.attrib["class"]
    marker.attrib.update({EPUB_TYPE: "pagebreak", "role": "doc-pagebreak", "aria-label": label})


def footnote(note: Note) -> etree._Element:
    """An EPUB 3 pop-up note; its number links back to where the text first cites it."""
    aside = element("aside", {EPUB_TYPE: "footnote", "role": "doc-footnote", "id": note.id,
                              "class": "footnote"})
    content = fragment(note.html)
    if note.dir:  # it reads in another direction than the book, its number at its own start
        aside.set("dir", note.dir)
        # ... and so do its blocks, shown without the aside where a note pops up.
        for block in content:
            if isinstance(block.tag, str) and block.tag in TURNABLE and not block.get("dir"):
                block.set("dir", note.dir)
    aside.text = content.text if (content.text or "").strip() else None
    aside.extend(list(content))
    backlink = element("a", {"class": "note-backlink", "role": "doc-backlink",
                             "href": "#" + note.ref_ids[0]}, str(note.number))
    first = aside[0] if len(aside) else None
    if first is not None and first.tag == "p" and not aside.text:
        backlink.tail = "\u00a0" + (first.text or "").lstrip()
        first.text = None
        first.insert(0, backlink)
    else:  # the note opens with a list or quotation: its number stands on a line of its own
        number = element("p", {"class": "note-number"})
        number.append(backlink)
        number.tail, aside.text = aside.text, None
        aside.insert(0, number)
    return aside


def mark_directions(holder: etree._Element) -> None:
    """A block that reads in another direction than the one it stands in (the typography gave
    it a dir) takes that direction's class too, which sets it at its own start (epub.css)
    where a reading system's `text-align: right` for a right-to-left book would reach it."""
    for block in holder.iter():
        direction = block.get("dir")
        if direction in ("ltr", "rtl") and block.tag in TURNABLE:
            add_class(block, direction)


def mark_note_references(holder: etree._Element) -> None:
    """Note calls become EPUB 3 noterefs, which reading systems open as pop-ups."""
    for link in holder.iter("a"):
        if link.get("class") == "noteref":
            link.set(EPUB_TYPE, "noteref")
            link.set("role", "doc-noteref")


def point_links_across_files(holder: etree._Element, file_name: str,
                             file_of_id: Mapping[str, str]) -> None:
    """A link to an id in another chapter names that chapter's file."""
    for link in holder.iter("a"):
        href = link.get("href", "")
        if not href.startswith("#"):
            continue
        target_file = file_of_id.get(href[1:])
        if target_file is not None and target_file != file_name:
            link.set("href", target_file + href)
