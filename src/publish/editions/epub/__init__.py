"""The EPUB 3 edition: the Book as a reflowable e-book that EPUBCheck passes without a warning.

ebooklib assembles the package (OPF metadata, manifest, spine, nav and NCX, zip); the content
documents are finished XHTML from documents, the package metadata comes from metadata and
accessibility, the fonts are static subsets from fonts, and the zip is written to memory with
fixed timestamps by writer, so two renders are identical.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ebooklib import epub
from lxml import etree

from publish.book.model import Book, Chapter, Resource
from publish.cover.image import typographic_cover
from publish.editions import required
from publish.editions.epub.accessibility import accessibility_facts
from publish.editions.epub.documents import (
    STYLESHEET,
    Document,
    chapter_document,
    chapter_file_name,
    copyright_document,
    cover_document,
    package_names,
    title_document,
)
from publish.editions.epub.fonts import EmbeddedFace, embedded_faces
from publish.editions.epub.metadata import describe
from publish.editions.epub.writer import MemoryEpubWriter
from publish.layout.page_breaks import PAGE, is_marker, with_page_breaks
from publish.layout.printed import PrintLayout, Typeset
from publish.settings import Settings
from publish.source.styles import Styles

NAV_TITLE = "Contents"
NAV_FILE = "nav.xhtml"
LANDMARKS_TITLE = "Landmarks"
PAGE_LIST_TITLE = "Pages"
# Apple Books shows embedded fonts only when the book asks for them.
APPLE_DISPLAY_OPTIONS = (b'<?xml version="1.0" encoding="UTF-8"?>\n<display_options>\n'
                         b'  <platform name="*">\n'
                         b'    <option name="specified-fonts">true</option>\n'
                         b"  </platform>\n</display_options>\n")


@dataclass(frozen=True)
class ContentDocuments:
    """The spine's XHTML in reading order: cover (if any), title page, copyright, chapters."""

    cover: tuple[Document, ...]
    front: tuple[Document, ...]  # title page, copyright page
    chapters: tuple[Document, ...]

    @property
    def all(self) -> tuple[Document, ...]:
        return self.cover + self.front + self.chapters


def render(book: Book, styles: Styles, settings: Settings, layout: Typeset | None) -> bytes:
    """The EPUB's bytes, carrying the print edition's page numbers; nothing is written."""
    printed = required(layout).layout
    book = with_page_breaks(book, printed)
    cover = book.cover or typographic_cover(book.metadata, styles.typeface)
    images = package_names([*book.resources, cover])
    documents = content_documents(book, images, cover)
    marks = landmarks(book, documents)
    pages = page_list(book, printed)
    shown = "".join([NAV_TITLE, LANDMARKS_TITLE, PAGE_LIST_TITLE,
                     *(mark["title"] for mark in marks), *(label for _, label in pages)])
    faces = embedded_faces(styles.typeface, characters_of(documents.all) + shown,
                           fragments_of(book), styles.book + styles.epub)
    package = epub.EpubBook()
    describe(package, book.metadata, accessibility_facts(book, pages))
    package.add_item(epub.EpubItem(uid="css", file_name=STYLESHEET, media_type="text/css",
                                   content=stylesheet(styles, faces).encode("utf-8")))
    add_fonts(package, faces, styles.typeface.license)
    add_images(package, book, cover, images)
    add_reading_order(package, book, documents, marks)
    package.add_item(epub.EpubItem(uid="apple-display-options", manifest=False,
                                   file_name="META-INF/com.apple.ibooks.display-options.xml",
                                   content=APPLE_DISPLAY_OPTIONS))
    return MemoryEpubWriter(package, book.metadata.modified,
                            {"landmark_title": LANDMARKS_TITLE, "page_list": pages,
                             "page_list_title": PAGE_LIST_TITLE}).epub_bytes()


def page_list(book: Book, layout: PrintLayout) -> list[tuple[str, str]]:
    """(href, label) of every print page marker, in page order: the page-list navigation."""
    files = file_of_id(book)
    found = {}
    for chapter in book.chapters:
        for marker in chapter.tree().iter("span"):
            if is_marker(marker):
                found[marker.get(PAGE, "")] = marker.get("id", "")
    return [(f"{files[found[page.label]]}#{found[page.label]}", page.label)
            for page in layout.page_starts if page.label in found]


def content_documents(book: Book, images: dict[str, str], cover: Resource) -> ContentDocuments:
    """The publisher's cover, or the typographic one drawn from the metadata, comes first."""
    files = file_of_id(book)
    chapters = tuple(chapter_document(index, chapter, book.metadata.lang, files, images)
                     for index, chapter in enumerate(book.chapters, start=1))
    return ContentDocuments((cover_document(book, images[cover.name]),),
                            (title_document(book), copyright_document(book)), chapters)


def add_reading_order(package: epub.EpubBook, book: Book, documents: ContentDocuments,
                      marks: list[dict[str, str]]) -> None:
    """Spine, contents (nav and NCX) and landmarks: cover, title, copyright, contents, text."""
    items = {document.uid: add_document(package, document) for document in documents.all}
    nav = epub.EpubNav(title=NAV_TITLE, file_name=NAV_FILE)
    nav.add_link(href=STYLESHEET, rel="stylesheet", type="text/css")
    package.add_item(nav)
    package.add_item(epub.EpubNcx())
    package.spine = [*(items[document.uid] for document in documents.cover + documents.front),
                     nav, *(items[document.uid] for document in documents.chapters)]
    package.toc = contents(book)
    package.guide = marks


def file_of_id(book: Book) -> dict[str, str]:
    """Every id in the book -> the file that holds it (one lookup table, built once)."""
    files = {chapter.id: chapter_file_name(index, chapter)
             for index, chapter in enumerate(book.chapters, start=1)}
    return {element_id: files[owner.id] for element_id, owner in book.chapter_of_id.items()}


def fragments_of(book: Book) -> Iterable[str]:
    for chapter in book.chapters:
        yield chapter.title.html
        yield chapter.body
        yield from (note.html for note in chapter.notes)


def characters_of(documents: Iterable[Document]) -> str:
    """Every character the documents show: what the embedded fonts must cover."""
    seen: set[str] = set()
    for document in documents:
        root = etree.fromstring(document.content)
        for text in root.itertext():
            seen.update(str(text))
    return "".join(sorted(seen - {"\n", "\r", "\t"}))


def stylesheet(styles: Styles, faces: Iterable[EmbeddedFace]) -> str:
    """One stylesheet: the embedded faces, the shared book rules, then the EPUB's own."""
    family = styles.typeface.family
    rules = [face.font_face_rule(family, "../") for face in faces]
    rules.append(f'body {{ font-family: "{family}", serif; }}')
    return "\n".join([*rules, "", styles.book, "", styles.epub, ""])


def add_fonts(package: epub.EpubBook, faces: Iterable[EmbeddedFace], license_text: str) -> None:
    for number, face in enumerate(faces, start=1):
        package.add_item(epub.EpubItem(uid=f"font-{number}", file_name=face.file_name,
                                       media_type="font/ttf", content=face.data))
    package.add_item(epub.EpubItem(uid="font-license", file_name="fonts/OFL.txt",
                                   media_type="text/plain", content=license_text.encode("utf-8")))


def add_images(package: epub.EpubBook, book: Book, cover: Resource,
               names: dict[str, str]) -> None:
    """The images the text cites, and the cover image marked as such (cover-image for
    EPUB 3, <meta name="cover"> for EPUB 2 reading systems and Kindle's converter)."""
    package.add_item(epub.EpubCover(file_name=names[cover.name]))
    cover_item = package.get_item_with_id("cover-img")
    cover_item.media_type = cover.media_type
    cover_item.content = cover.data
    package.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-img"})
    for number, resource in enumerate(book.resources, start=1):
        if resource.name == cover.name:
            continue  # a cover the text also shows is packaged once
        package.add_item(epub.EpubItem(uid=f"image-{number}", file_name=names[resource.name],
                                       media_type=resource.media_type, content=resource.data))


def add_document(package: epub.EpubBook, document: Document) -> epub.EpubItem:
    item = epub.EpubItem(uid=document.uid, file_name=document.file_name,
                         media_type="application/xhtml+xml", content=document.content)
    package.add_item(item)
    return item


def contents(book: Book) -> list[object]:
    """The nested contents: each chapter, and under it its level-2 headings."""
    entries: list[object] = []
    for index, chapter in enumerate(book.chapters, start=1):
        file_name = chapter_file_name(index, chapter)
        link = epub.Link(file_name, chapter.title.text, f"toc-{chapter.id}")
        subheadings = [epub.Link(f"{file_name}#{heading.id}", heading.text, f"toc-{heading.id}")
                       for heading in chapter.headings if heading.level == 2]
        entries.append((link, subheadings) if subheadings else link)
    return entries


def landmarks(book: Book, documents: ContentDocuments) -> list[dict[str, str]]:
    """Cover, title page, contents and the start of the text, for the reader's 'go to' menu."""
    marks = [{"type": "cover", "href": document.file_name, "title": "Cover"}
             for document in documents.cover]
    marks.append({"type": "title-page", "href": documents.front[0].file_name,
                  "title": "Title page"})
    marks.append({"type": "toc", "href": NAV_FILE, "title": NAV_TITLE})
    start = first_text_chapter(book)
    if start is not None:
        index, chapter = start
        marks.append({"type": "text", "href": chapter_file_name(index, chapter),
                      "title": chapter.title.text})
    return marks


def first_text_chapter(book: Book) -> tuple[int, Chapter] | None:
    numbered = list(enumerate(book.chapters, start=1))
    for index, chapter in numbered:
        if chapter.matter == "bodymatter":
            return index, chapter
    return numbered[0] if numbered else None
