"""The EPUB 3 edition: the Book as a reflowable e-book that EPUBCheck passes without a warning.

ebooklib assembles the package (OPF metadata, manifest, spine, nav and NCX, zip); the content
documents are finished XHTML from documents, the package metadata comes from metadata and
accessibility, the fonts are static subsets from fonts, and the zip is written to memory with
fixed timestamps by writer, so two renders are identical.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

from ebooklib import epub
from lxml import etree

from publish.book.glyphs import LANGUAGE_TAG, PassageFaces, passage_faces
from publish.book.model import Book, Chapter, Resource
from publish.book.phrases import phrases_of
from publish.cover.image import ebook_cover
from publish.editions import required
from publish.editions.epub.accessibility import declared
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
from publish.editions.epub.images import for_reading_systems
from publish.editions.epub.metadata import describe
from publish.editions.epub.writer import MemoryEpubWriter
from publish.kept import Keep, made
from publish.layout.page_breaks import PAGE, is_marker, with_page_breaks
from publish.layout.printed import BodyCut, PrintLayout, Typeset
from publish.settings import Settings
from publish.source.styles import Styles

NAV_FILE = "nav.xhtml"
# Roles whose divisions the landmarks list (EPUB Structural Semantics names them all), and
# the EPUB 2 guide's names of those it knows.
LANDMARK_ROLES = ("dedication", "epigraph", "foreword", "preface", "introduction", "prologue",
                  "epilogue", "afterword", "conclusion", "appendix", "acknowledgments",
                  "bibliography", "glossary", "index", "colophon")
GUIDE_TYPES = {"dedication": "dedication", "epigraph": "epigraph", "foreword": "foreword",
               "preface": "preface", "acknowledgments": "acknowledgements",
               "bibliography": "bibliography", "glossary": "glossary", "index": "index",
               "colophon": "colophon"}
PAGE_LABEL_CHARACTERS = "0123456789cdilmvx"  # folios: arabic, and roman in the front matter
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


def render(book: Book, styles: Styles, settings: Settings, layout: Typeset | None,
           keep: Keep = made) -> bytes:
    """The EPUB's bytes, carrying the print edition's page numbers; nothing is written."""
    typeset = required(layout)
    printed = typeset.layout
    book = with_page_breaks(book, printed)
    cover = ebook_cover(book, styles.fonts, keep)
    images = package_names([*book.resources, cover])
    documents = content_documents(book, images, cover)
    marks = landmarks(book, documents)
    pages = page_list(book, printed)
    say = phrases_of(book.metadata)
    passages = passage_faces(book, styles.fonts)
    faces = book_faces(book, styles, documents, marks, keep, typeset.body_cut)
    package = epub.EpubBook()
    describe(package, book.metadata, declared(book, pages))
    package.add_item(epub.EpubItem(uid="css", file_name=STYLESHEET, media_type="text/css",
                                   content=stylesheet(styles, faces, passages).encode("utf-8")))
    add_fonts(package, faces, font_license(styles, faces))
    add_images(package, book, cover, images)
    add_reading_order(package, book, documents, marks)
    package.add_item(epub.EpubItem(uid="apple-display-options", manifest=False,
                                   file_name="META-INF/com.apple.ibooks.display-options.xml",
                                   content=APPLE_DISPLAY_OPTIONS))
    return MemoryEpubWriter(package, book.metadata.modified,
                            {"landmark_title": say.say("landmarks"), "page_list": pages,
                             "page_list_title": say.say("pages")}).epub_bytes()


def prepare(book: Book, styles: Styles, body_cut: BodyCut, keep: Keep) -> None:
    """Make, and keep, what render() takes longest over and needs no page of the layout for:
    the faces and the cover image (a worker's job while the book is laid out). The page
    markers render() adds are empty, so its documents show the same characters."""
    cover = ebook_cover(book, styles.fonts, keep)
    documents = content_documents(book, package_names([*book.resources, cover]), cover)
    book_faces(book, styles, documents, landmarks(book, documents), keep, body_cut)


def book_faces(book: Book, styles: Styles, documents: ContentDocuments,
               marks: list[dict[str, str]], keep: Keep, body_cut: BodyCut | None
               ) -> tuple[EmbeddedFace, ...]:
    """The faces the documents, the navigation's titles and the page list's labels show. The
    faces hold every character a label can have, not the labels the layout gave, so that they
    do not wait for the layout (prepare)."""
    say = phrases_of(book.metadata)
    shown = "".join([say.say("contents"), say.say("landmarks"), say.say("pages"),
                     PAGE_LABEL_CHARACTERS, *(mark["title"] for mark in marks)])
    return embedded_faces(styles.fonts, characters_of(documents.all) + shown,
                          fragments_of(book), styles.book + styles.epub,
                          passage_faces(book, styles.fonts), keep, body_cut)


def accessibility_claims(book: Book, typeset: Typeset) -> list[tuple[str, str]]:
    """The accessibility metadata the EPUB of the book so laid out declares, as (property,
    value) pairs: what the ONIX record crosswalks (editions/onix/accessibility.py)."""
    book = with_page_breaks(book, typeset.layout)
    return declared(book, page_list(book, typeset.layout))


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
    say = phrases_of(book.metadata)
    chapters = tuple(chapter_document(index, chapter, say.title_of(chapter), book.metadata,
                                      files, images)
                     for index, chapter in enumerate(book.chapters, start=1))
    return ContentDocuments((cover_document(book, images[cover.name]),),
                            (title_document(book), copyright_document(book)), chapters)


def add_reading_order(package: epub.EpubBook, book: Book, documents: ContentDocuments,
                      marks: list[dict[str, str]]) -> None:
    """Spine, contents (nav and NCX) and landmarks: cover, title, copyright, contents, text."""
    items = {document.uid: add_document(package, document) for document in documents.all}
    nav = epub.EpubNav(title=phrases_of(book.metadata).say("contents"), file_name=NAV_FILE,
                       direction="rtl" if book.metadata.dir == "rtl" else None)
    nav.add_link(href=STYLESHEET, rel="stylesheet", type="text/css")
    package.add_item(nav)
    package.add_item(epub.EpubNcx())
    opening = len(book.opening)  # a dedication or an epigraph comes before the contents
    package.spine = [*(items[document.uid] for document in documents.cover + documents.front
                       + documents.chapters[:opening]),
                     nav, *(items[document.uid] for document in documents.chapters[opening:])]
    package.toc = contents(book)
    package.guide = marks


def file_of_id(book: Book) -> dict[str, str]:
    """Every id in the book -> the file that holds it (one lookup table, built once)."""
    files = {chapter.id: chapter_file_name(index, chapter)
             for index, chapter in enumerate(book.chapters, start=1)}
    return {element_id: files[owner.id] for element_id, owner in book.chapter_of_id.items()}


def fragments_of(book: Book) -> Iterable[str]:
    for chapter in book.chapters:
        yield chapter.title.html if chapter.title else ""
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


def stylesheet(styles: Styles, faces: Iterable[EmbeddedFace],
               passages: Iterable[PassageFaces] = ()) -> str:
    """One stylesheet: the embedded faces, the shared book rules, then the EPUB's own. The
    body face comes first, then the fallback faces the text needs, in the chain's order; a
    passage in a language with faces of its own (Japanese in a Chinese book) lists those."""
    faces = tuple(faces)
    rules = [face.font_face_rule("../") for face in faces]
    families = ", ".join(f'"{family}"' for family in dict.fromkeys(
        face.family for face in faces if not face.passages))
    rules.append(f"body {{ font-family: {families}, serif; }}")
    body = styles.typeface.family
    for passage in passages:
        if LANGUAGE_TAG.fullmatch(passage.lang):
            names = ", ".join(f'"{name}"' for name in
                              (body, *(face.family for face, _ in passage.faces)))
            rules.append(f":lang({passage.lang}) {{ font-family: {names}, serif; }}")
    return "\n".join([*rules, "", styles.book, "", styles.epub, ""])


def font_license(styles: Styles, faces: Iterable[EmbeddedFace]) -> str:
    """The OFL as the body face ships it, after the copyright notice of each fallback face
    embedded (the licence is the same; the notices are each font's own)."""
    embedded = {face.family for face in faces}
    notices = [f"{face.family}: {face.copyright}" for face in styles.fallbacks
               if face.family in embedded]
    if not notices:
        return styles.typeface.license
    return "\n".join([*notices, "", styles.typeface.license])


def add_fonts(package: epub.EpubBook, faces: Iterable[EmbeddedFace], license_text: str) -> None:
    for face in faces:
        package.add_item(epub.EpubItem(uid=manifest_id("font", face.file_name),
                                       file_name=face.file_name,
                                       media_type=face.media_type, content=face.data))
    package.add_item(epub.EpubItem(uid="font-license", file_name="fonts/OFL.txt",
                                   media_type="text/plain", content=license_text.encode("utf-8")))


def add_images(package: epub.EpubBook, book: Book, cover: Resource,
               names: dict[str, str]) -> None:
    """The images the text cites, and the cover image marked as such (cover-image for
    EPUB 3, <meta name="cover"> for EPUB 2 reading systems and Kindle's converter)."""
    package.add_item(epub.EpubCover(file_name=names[cover.name]))
    cover_item = package.get_item_with_id("cover-img")
    cover_item.media_type = cover.media_type
    cover_item.content = for_reading_systems(cover).data
    package.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-img"})
    for resource in book.resources:
        if resource.name == cover.name:
            continue  # a cover the text also shows is packaged once
        package.add_item(epub.EpubItem(uid=manifest_id("image", names[resource.name]),
                                       file_name=names[resource.name],
                                       media_type=resource.media_type,
                                       content=for_reading_systems(resource).data))


def manifest_id(kind: str, file_name: str) -> str:
    """An item's manifest id from what it is (its kind and file name), not from where it
    comes among the others: a face or an image added to the book renumbers none of the rest,
    so the ids stay stable from one build and one revision to the next (Apple Books' rule).
    File names are ASCII letters, digits, ".", "_" and "-" already (package_names)."""
    return f"{kind}-{re.sub(r'[^A-Za-z0-9._-]', '-', PurePosixPath(file_name).name)}"


def add_document(package: epub.EpubBook, document: Document) -> epub.EpubItem:
    item = epub.EpubItem(uid=document.uid, file_name=document.file_name,
                         media_type="application/xhtml+xml", content=document.content)
    package.add_item(item)
    return item


def contents(book: Book) -> list[object]:
    """The nested contents: each chapter, and under it its level-2 headings."""
    entries: list[object] = []
    for index, chapter in enumerate(book.chapters, start=1):
        if chapter.title is None:
            continue  # a dedication or an epigraph is not listed
        file_name = chapter_file_name(index, chapter)
        link = epub.Link(file_name, chapter.title.text, f"toc-{chapter.id}")
        subheadings = [epub.Link(f"{file_name}#{heading.id}", heading.text, f"toc-{heading.id}")
                       for heading in chapter.headings if heading.level == 2]
        entries.append((link, subheadings) if subheadings else link)
    return entries


def landmarks(book: Book, documents: ContentDocuments) -> list[dict[str, str]]:
    """Cover, title page, contents, the start of the text and each division a role names
    (preface, appendix, bibliography...), in reading order, for the reader's 'go to' menu.
    The types are the EPUB 2 guide's (ebooklib writes them to the OPF's <guide>; writer.py
    makes them EPUB 3 landmark types)."""
    say = phrases_of(book.metadata)
    marks = [{"type": "cover", "href": document.file_name, "title": say.say("cover")}
             for document in documents.cover]
    marks.append({"type": "title-page", "href": documents.front[0].file_name,
                  "title": say.say("title-page")})
    opening = len(book.opening)  # the nav follows what stands before the contents
    named = [(index, chapter) for index, chapter in enumerate(book.chapters, start=1)
             if chapter.role in LANDMARK_ROLES]
    start = first_text_chapter(book)
    for index, chapter in named:
        if index <= opening:
            marks.append(role_mark(index, chapter, say.title_of(chapter)))
    marks.append({"type": "toc", "href": NAV_FILE, "title": say.say("contents")})
    for index, chapter in named:
        if index > opening and (start is None or index < start[0]):
            marks.append(role_mark(index, chapter, say.title_of(chapter)))
    if start is not None:
        index, chapter = start
        marks.append({"type": "text", "href": chapter_file_name(index, chapter),
                      "title": say.title_of(chapter)})
    marks += [role_mark(index, chapter, say.title_of(chapter)) for index, chapter in named
              if index > opening and start is not None and index > start[0]]
    return marks


def role_mark(index: int, chapter: Chapter, title: str) -> dict[str, str]:
    """A division's landmark, its type the EPUB 2 guide's name for its role where the guide
    has one (`acknowledgements`, spelt so there) and `other.` and the role where not."""
    kind = GUIDE_TYPES.get(chapter.role, f"other.{chapter.role}")
    return {"type": kind, "href": chapter_file_name(index, chapter), "title": title}


def first_text_chapter(book: Book) -> tuple[int, Chapter] | None:
    numbered = list(enumerate(book.chapters, start=1))
    for index, chapter in numbered:
        if chapter.matter == "bodymatter":
            return index, chapter
    return numbered[0] if numbered else None
