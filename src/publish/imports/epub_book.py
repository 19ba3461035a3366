"""An EPUB as a manuscript: its chapters in the spine's order, its notes, the package's
metadata, its cover and pictures. ebooklib reads the package; lxml each XHTML document.

What a build makes again from metadata.yaml (the cover page, the title page, the copyright
page, the contents) is dropped, and logged; a division's role (preface, appendix...) comes
from its epub:type. Encrypted (DRM) or damaged files are refused in one line.
"""

from __future__ import annotations

import posixpath
import re
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

import ebooklib
from ebooklib import epub
from lxml import etree

from publish.errors import PublishError
from publish.imports.epub_metadata import metadata_of
from publish.imports.epub_notes import gather_notes
from publish.imports.html_markdown import markdown_from_html
from publish.imports.html_text import epub_types, local, text_of
from publish.imports.imported import Change, ChangeKind, Chapter, Imported, Picture
from publish.imports.naming import slug, untaken

# What a build makes again: dropped from the text, logged.
GENERATED = {"cover": "the cover page", "titlepage": "the title page",
             "halftitlepage": "the half-title page", "copyright-page": "the copyright page",
             "toc": "the contents", "landmarks": "the landmarks", "loi": "the list of "
             "illustrations", "lot": "the list of tables", "page-list": "the page list"}
GENERATED_CLASSES = {"titlepage": "titlepage", "copyright-page": "copyright-page",
                     "cover": "cover", "halftitle": "halftitlepage"}
ROLES = {"dedication", "epigraph", "foreword", "preface", "introduction", "prologue", "part",
         "epilogue", "afterword", "appendix", "acknowledgments", "bibliography", "glossary",
         "colophon"}
# The typographic cover our build draws when the book has none: made again, not imported.
DRAWN_COVER = re.compile(r"cover-typographic\.\w+$")
# Font obfuscation (IDPF's and Adobe's) is not encryption of the content.
OBFUSCATION = {"http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC"}
SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
ENCRYPTION = "{http://www.w3.org/2001/04/xmlenc#}"
OPF = "http://www.idpf.org/2007/opf"


def read_epub(path: Path) -> Imported:
    refuse_encrypted(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # ebooklib's own deprecation notices
            book = epub.read_epub(str(path), {"ignore_ncx": True})
    except Exception as error:  # ebooklib raises bare KeyErrors and its own EpubException
        raise PublishError(f"a damaged EPUB: its package cannot be read ({error})",
                           path) from None
    changes: list[Change] = []
    documents = gather_notes(spine_documents(book, path, changes), path, changes)
    top = min((HEADING_LEVELS[local(element)] for _, root in documents
               for element in root.iter() if local(element) in HEADING_LEVELS), default=1)
    if top > 1:
        changes.append(Change(ChangeKind.GUESSED, path.name, f"the book's top headings are "
                              f"h{top}: every heading raised {top - 1} level(s), so that "
                              "each of them opens a division"))
    slugs = unique_slugs(documents)
    pictures: dict[str, Picture] = {}
    chapters: list[Chapter] = []
    for item, root in documents:
        body = next((element for element in root if local(element) == "body"), root)
        made = markdown_from_html(
            body, f"{path.name}, {item.file_name}",
            picture=picture_finder(book, item, pictures),
            link=link_finder(item, {doc.file_name: slugs[doc.file_name] for doc, _ in documents}),
            heading_offset=1 - top, anchors=linked_ids(documents))
        changes += made.changes
        if made.markdown.strip():
            chapters.append(Chapter(slugs[item.file_name], role_block(body) + made.markdown))
        else:  # a cover page, a picture drawn in SVG: nothing the manuscript can hold
            changes.append(Change(ChangeKind.DROPPED, f"{path.name}, {item.file_name}",
                                  "a document with no text (a cover or a picture page)"))
    cover = cover_of(book, pictures, changes, path)
    return Imported(source=path, chapters=tuple(chapters), metadata=metadata_of(book),
                    pictures=tuple(pictures.values()), cover=cover, changes=tuple(changes))


HEADING_LEVELS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


def refuse_encrypted(path: Path) -> None:
    """An EPUB whose content is encrypted (DRM) cannot be read: say so, in one line."""
    try:
        with zipfile.ZipFile(path) as archive:
            if "META-INF/encryption.xml" not in archive.namelist():
                return
            encryption = etree.fromstring(archive.read("META-INF/encryption.xml"), SAFE_XML)
    except (zipfile.BadZipFile, etree.XMLSyntaxError, OSError) as error:
        raise PublishError(f"a damaged EPUB ({error})", path) from None
    methods = {method.get("Algorithm", "") for method in encryption.iter(
        f"{ENCRYPTION}EncryptionMethod")}
    if methods - OBFUSCATION:
        raise PublishError("an encrypted EPUB (DRM): its text cannot be read; import a copy "
                           "without DRM, such as the publisher's own file", path)


def spine_documents(book: epub.EpubBook, path: Path, changes: list[Change]
                    ) -> list[tuple[epub.EpubItem, etree._Element]]:
    """The spine's XHTML documents, parsed, without what a build makes again."""
    kept: list[tuple[epub.EpubItem, etree._Element]] = []
    for idref, _ in book.spine:
        item = book.get_item_with_id(idref)
        if item is None or item.get_type() not in (ebooklib.ITEM_DOCUMENT,
                                                     ebooklib.ITEM_NAVIGATION):
            continue
        try:
            root = etree.fromstring(item.get_content(), SAFE_XML)
        except etree.XMLSyntaxError as error:
            raise PublishError(f"a damaged EPUB: {item.file_name} is not well-formed XHTML "
                               f"({error})", path) from None
        generated = generated_matter(item, root)
        if generated:
            body = next((element for element in root if local(element) == "body"), root)
            # a list's items kept apart: the contents' entries are words of their own
            words = " ".join(" ".join(str(piece) for piece in body.itertext()).split())
            changes.append(Change(ChangeKind.DROPPED, f"{path.name}, {item.file_name}",
                                  f"{generated}, which the build makes again from "
                                  "metadata.yaml", words))
            continue
        kept.append((item, root))
    return kept


def generated_matter(item: epub.EpubItem, root: etree._Element) -> str:
    """What generated page the document is (its name in the log), or ""."""
    if isinstance(item, epub.EpubNav):
        return GENERATED["toc"]
    body = next((element for element in root if local(element) == "body"), None)
    if body is None:
        return ""
    holders = [body, *(child for child in body if isinstance(child.tag, str))]
    for holder in holders:
        for kind in epub_types(holder):
            if kind in GENERATED:
                return GENERATED[kind]
        for name in (holder.get("class") or "").split():
            if name in GENERATED_CLASSES:
                return GENERATED[GENERATED_CLASSES[name]]
        if holder.get("role") == "doc-toc":
            return GENERATED["toc"]
    # an unmarked contents page: three links or more, and nearly all its words theirs
    links = [element for element in body.iter() if local(element) == "a"
             and not urlsplit(element.get("href", "")).scheme]
    linked = sum(len(text_of(link).split()) for link in links)
    if len(links) >= 3 and linked >= 0.8 * (len(text_of(body).split()) - heading_words(body)):
        return "a contents page (its entries all links into the book)"
    return ""


def heading_words(body: etree._Element) -> int:
    return sum(len(text_of(element).split()) for element in body.iter()
               if local(element) in HEADING_LEVELS)


def unique_slugs(documents: list[tuple[epub.EpubItem, etree._Element]]) -> dict[str, str]:
    """Each document's chapter name: its first heading's words, else its file's name."""
    slugs: dict[str, str] = {}
    for item, root in documents:
        heading = next((element for element in root.iter()
                        if local(element) in HEADING_LEVELS and text_of(element).strip()), None)
        slugs[item.file_name] = untaken(slug(
            text_of(heading) if heading is not None else
            posixpath.splitext(posixpath.basename(item.file_name))[0]), set(slugs.values()))
    return slugs


def linked_ids(documents: list[tuple[epub.EpubItem, etree._Element]]) -> set[str]:
    """Every id a link in the book points at, in its own document or another."""
    return {urlsplit(element.get("href", "")).fragment for _, root in documents
            for element in root.iter() if local(element) == "a" and "#" in element.get(
                "href", "")}


def picture_finder(book: epub.EpubBook, item: epub.EpubItem, pictures: dict[str, Picture]
                   ) -> Callable[[str], str | None]:
    """How a document's image addresses become the manuscript's: the EPUB's own image,
    copied to images/ (a name used by another picture gets a number); else not carried."""

    def found(source: str) -> str | None:
        parts = urlsplit(source)
        if parts.scheme or parts.netloc:
            return None  # nothing is fetched from the network
        href = posixpath.normpath(posixpath.join(posixpath.dirname(item.file_name),
                                                 unquote(parts.path)))
        image = book.get_item_with_href(href)
        if image is None:
            return None
        data = image.get_content()
        name = untaken(posixpath.basename(href), {
            taken for taken, picture in pictures.items() if picture.data != data})
        pictures[name] = Picture(name, data)
        return f"../images/{name}"

    return found


def link_finder(item: epub.EpubItem, slugs: dict[str, str]) -> Callable[[str], str | None]:
    """How a document's links become the manuscript's: within the book, to the chapter by
    its name (`slug.md#id`, which the project writer numbers); outside it, as they are."""

    def found(href: str) -> str | None:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or href.startswith("#"):
            return href
        target = posixpath.normpath(posixpath.join(posixpath.dirname(item.file_name),
                                                   unquote(parts.path)))
        if target not in slugs:
            return None
        if target == item.file_name:
            return f"#{parts.fragment}" if parts.fragment else None
        return f"{slugs[target]}.md" + (f"#{parts.fragment}" if parts.fragment else "")

    return found


def role_block(body: etree._Element) -> str:
    """A chapter file's opening block naming the division's role, from its epub:type."""
    for holder in [body, *(child for child in body if isinstance(child.tag, str))]:
        roles = (epub_types(holder) | {(holder.get("role") or "").removeprefix("doc-")}
                 ) & ROLES
        if roles:
            return f"---\nrole: {sorted(roles)[0]}\n---\n\n"
    return ""


def cover_of(book: epub.EpubBook, pictures: dict[str, Picture], changes: list[Change],
             path: Path) -> str | None:
    """The cover picture's name among the pictures (added to them), or None."""
    named = [attributes.get("content") for _, attributes in book.metadata.get(OPF, {}).get(
        "meta", []) if (attributes or {}).get("name") == "cover"]  # EPUB 2's, by the image's id
    cover = next((item for item in book.get_items() if isinstance(item, epub.EpubCover)
                  or "cover-image" in (getattr(item, "properties", None) or [])
                  or (item.get_id() in named and item.get_type() in (
                      ebooklib.ITEM_IMAGE, ebooklib.ITEM_COVER))), None)
    if cover is None:
        return None
    name = str(posixpath.basename(cover.file_name))
    if DRAWN_COVER.search(name):
        changes.append(Change(ChangeKind.DROPPED, f"{path.name}, {cover.file_name}",
                              "the typographic cover a build draws, which it draws again"))
        return None
    if name not in pictures:
        pictures[name] = Picture(name, cover.get_content())
    return name
