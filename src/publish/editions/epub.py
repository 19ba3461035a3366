"""The EPUB 3 edition: the Book as a reflowable e-book that EPUBCheck passes without a warning.

ebooklib assembles the package (OPF metadata, manifest, spine, nav and NCX, zip); the content
documents are finished XHTML from epub_xhtml, the fonts static subsets from epub_fonts, and the
zip is written to memory with fixed timestamps by epub_writer, so two renders are identical.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ebooklib import epub
from lxml import etree

from publish.book import Book, Chapter, Resource
from publish.cover import typographic_cover
from publish.editions import typeset as typeset_print
from publish.editions.epub_fonts import EmbeddedFace, embedded_faces
from publish.editions.epub_writer import MemoryEpubWriter
from publish.editions.epub_xhtml import (
    STYLESHEET,
    Document,
    chapter_document,
    chapter_file_name,
    copyright_document,
    cover_document,
    package_names,
    title_document,
)
from publish.layout import PrintLayout, Typeset
from publish.metadata import Creator, Metadata
from publish.page_breaks import PAGE, is_marker, with_page_breaks
from publish.settings import Settings
from publish.styles import Styles

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
class AccessibilityFacts:
    """What the a11y metadata may claim, found in the content rather than assumed."""

    images: int
    images_with_alt: int
    notes: int
    print_pages: int  # page-break markers from the print edition

    @property
    def all_images_described(self) -> bool:
        return self.images > 0 and self.images == self.images_with_alt


@dataclass(frozen=True)
class ContentDocuments:
    """The spine's XHTML in reading order: cover (if any), title page, copyright, chapters."""

    cover: tuple[Document, ...]
    front: tuple[Document, ...]  # title page, copyright page
    chapters: tuple[Document, ...]

    @property
    def all(self) -> tuple[Document, ...]:
        return self.cover + self.front + self.chapters


def render(book: Book, styles: Styles, settings: Settings, typeset: Typeset | None = None
           ) -> bytes:
    """The EPUB's bytes, carrying the print edition's page numbers; nothing is written."""
    layout = (typeset or typeset_print(book, styles, settings)).layout
    book = with_page_breaks(book, layout)
    cover = book.cover or typographic_cover(book.metadata, styles.typeface)
    images = package_names([*book.resources, cover])
    documents = content_documents(book, images, cover)
    marks = landmarks(book, documents)
    pages = page_list(book, layout)
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


def describe(package: epub.EpubBook, metadata: Metadata, facts: AccessibilityFacts) -> None:
    """The package metadata: Dublin Core, creators with roles, and accessibility claims."""
    package.IDENTIFIER_ID = "pub-id"
    own = metadata.edition_identifier("epub")
    package.set_identifier(own.urn)
    others = [found for found in metadata.identifiers
              if found != own and found.edition in (None, "epub")]
    for number, identifier in enumerate(others, start=2):
        package.add_metadata("DC", "identifier", identifier.urn, {"id": f"identifier-{number}"})
    # The print edition the page-break markers come from (EPUB Accessibility 1.1). EPUBCheck
    # knows the property without a prefix and rejects it with "a11y:".
    package.add_metadata(None, "meta", metadata.print_identifier.urn,
                         {"property": "pageBreakSource"})
    package.title = metadata.title
    package.add_metadata("DC", "title", metadata.title, {"id": "title"})
    package.add_metadata(None, "meta", "main", {"refines": "#title", "property": "title-type"})
    if metadata.subtitle:
        package.add_metadata("DC", "title", metadata.subtitle, {"id": "subtitle"})
        package.add_metadata(None, "meta", "subtitle",
                             {"refines": "#subtitle", "property": "title-type"})
    package.set_language(metadata.lang)
    for number, creator in enumerate(metadata.creators, start=1):
        add_person(package, "creator", f"creator-{number}", creator)
    for number, contributor in enumerate(metadata.contributors, start=1):
        add_person(package, "contributor", f"contributor-{number}", contributor)
    optional = {"publisher": metadata.publisher, "date": metadata.republished or metadata.date,
                "rights": metadata.rights, "source": metadata.source,
                "description": metadata.description}
    for name, value in optional.items():
        if value:
            package.add_metadata("DC", name, value)
    if metadata.source_url:
        package.add_metadata("DC", "source", metadata.source_url)
    for subject in metadata.subjects:
        package.add_metadata("DC", "subject", subject)
    for prop, value in accessibility_metadata(facts):
        package.add_metadata(None, "meta", value, {"property": prop})


def add_person(package: epub.EpubBook, element: str, uid: str, person: Creator) -> None:
    """dc:creator or dc:contributor with its own id, its MARC role and its sort name."""
    package.add_metadata("DC", element, person.name, {"id": uid})
    package.add_metadata(None, "meta", person.role,
                         {"refines": "#" + uid, "property": "role", "scheme": "marc:relators"})
    package.add_metadata(None, "meta", person.file_as, {"refines": "#" + uid,
                                                        "property": "file-as"})


def accessibility_facts(book: Book, pages: list[tuple[str, str]]) -> AccessibilityFacts:
    images = described = 0
    for chapter in book.chapters:
        for image in chapter.tree().iter("img"):
            images += 1
            described += bool(image.get("alt", "").strip())
    notes = sum(len(chapter.notes) for chapter in book.chapters)
    # Every EPUB has a cover image (the publisher's or the typographic one), described in words.
    return AccessibilityFacts(images + 1, described + 1, notes, len(pages))


def accessibility_metadata(facts: AccessibilityFacts) -> list[tuple[str, str]]:
    """EPUB Accessibility 1.1 discovery metadata, claiming only what the content shows."""
    claims = [("schema:accessMode", "textual")]
    if facts.images:
        claims.append(("schema:accessMode", "visual"))
    if facts.images == 0 or facts.all_images_described:
        claims.append(("schema:accessModeSufficient", "textual"))
    if facts.images:
        claims.append(("schema:accessModeSufficient", "textual,visual"))
    features = ["structuralNavigation", "tableOfContents", "readingOrder",
                "displayTransformability"]
    if facts.all_images_described:
        features.append("alternativeText")
    if facts.print_pages:
        features += ["pageBreakMarkers", "pageNavigation"]
    claims += [("schema:accessibilityFeature", feature) for feature in features]
    claims.append(("schema:accessibilityHazard", "none"))
    claims.append(("schema:accessibilitySummary", accessibility_summary(facts)))
    return claims


def accessibility_summary(facts: AccessibilityFacts) -> str:
    sentences = ["This publication has a table of contents, structured headings and a logical "
                 "reading order, and its text can be restyled and enlarged by the reader."]
    if facts.images == 0:
        sentences.append("It contains no images.")
    elif facts.all_images_described:
        sentences.append(f"Each of its {facts.images} images has a text description."
                         if facts.images > 1 else "Its one image has a text description.")
    else:
        sentences.append(f"{facts.images - facts.images_with_alt} of its {facts.images} images "
                         "have no text description.")
    if facts.notes:
        sentences.append("Footnotes are linked to and from the text.")
    if facts.print_pages:
        sentences.append("The page numbers of the print edition are marked in the text and "
                         "listed for navigation.")
    sentences.append("No hazards are known.")
    return " ".join(sentences)
