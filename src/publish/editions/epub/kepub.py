"""The kepub edition (.kepub.epub): the EPUB made for Kobo's reading engine.

It is the EPUB's own package with each XHTML document made as Kobo's kepubs are (kobo.py);
every other file, the package document included, is the EPUB's byte for byte, so the kepub
cannot say other than the EPUB does. It renders the EPUB itself rather than reading the
EPUB's file: an edition is a pure function of the Book, and the EPUB's render is
deterministic, so the two agree whether or not they are built together.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePosixPath
from urllib.parse import unquote

from lxml import etree

from publish.book.model import Book
from publish.editions.epub import render as render_epub
from publish.editions.epub.kobo import kobo_document
from publish.kept import Keep, made
from publish.layout.printed import Typeset
from publish.settings import Settings
from publish.source.styles import Styles

CONTAINER = {"c": "urn:oasis:names:tc:opendocument:xmlns:container"}
OPF = {"opf": "http://www.idpf.org/2007/opf"}
XHTML_TYPE = "application/xhtml+xml"


def render(book: Book, styles: Styles, settings: Settings, layout: Typeset | None,
           keep: Keep = made) -> bytes:
    """The kepub's bytes: the EPUB's, its content documents made for Kobo."""
    return kepub_of(render_epub(book, styles, settings, layout, keep))


def kepub_of(epub: bytes) -> bytes:
    """An EPUB's zip again, entry by entry in its order and with its dates and permissions,
    each XHTML document of its manifest (the navigation's too) transformed."""
    source = zipfile.ZipFile(io.BytesIO(epub))
    documents = xhtml_documents(source)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for entry in source.infolist():
            content = source.read(entry)
            if entry.filename in documents:
                content = kobo_document(content)
            copied = zipfile.ZipInfo(entry.filename, entry.date_time)
            copied.create_system = entry.create_system
            copied.external_attr = entry.external_attr
            copied.compress_type = entry.compress_type  # the mimetype stays stored (OCF)
            target.writestr(copied, content, compresslevel=9)
    return buffer.getvalue()


def xhtml_documents(archive: zipfile.ZipFile) -> set[str]:
    """The zip paths of the package's XHTML documents, as its manifest lists them."""
    container = etree.fromstring(archive.read("META-INF/container.xml"))
    rootfile = container.find(".//c:rootfile", CONTAINER)
    package_path = PurePosixPath(str(rootfile.get("full-path") if rootfile is not None else ""))
    package = etree.fromstring(archive.read(str(package_path)))
    return {(package_path.parent / unquote(str(item.get("href")))).as_posix()
            for item in package.iterfind(".//opf:manifest/opf:item", OPF)
            if item.get("media-type") == XHTML_TYPE}
