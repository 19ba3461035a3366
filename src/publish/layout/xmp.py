"""The PDFs' XMP packet: the book's Dublin Core, beyond the title and creators WeasyPrint writes.

WeasyPrint writes the document's XMP from its DocumentMetadata (title, authors, description,
keywords, dates, and the PDF/X or PDF/UA identification) and has no field for the language,
an identifier, the rights, a publication date or the publisher. Its `xmp_metadata` option
appends XML after the packet's rdf:RDF element, where readers do not look (pikepdf and pypdf
read the first rdf:RDF only: a packet holds one). So each PDF's document gets a DocumentMetadata
that adds one rdf:Description of those properties to the rdf:RDF WeasyPrint makes; the
identification and dates are WeasyPrint's own, and the output depends only on the Book.
"""

from __future__ import annotations

from typing import Any

from lxml import etree
from weasyprint.document import Document
from weasyprint.pdf.metadata import DocumentMetadata

from publish.book.model import Book
from publish.book.xml import XML_LANG
from publish.source.metadata import Identifier

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
DC = "http://purl.org/dc/elements/1.1/"


def with_book_xmp(document: Document, description: bytes) -> Document:
    """The document (a copy: the same pages) whose PDF's XMP holds the book's description
    (book_description: what the book's metadata says)."""
    copy: Document = document.copy()
    copy.metadata = BookMetadata(document.metadata, description)
    return copy


def book_description(book: Book, identifier: Identifier) -> bytes:
    """An rdf:Description of dc:language, dc:identifier, dc:rights, dc:date and dc:publisher,
    each in the XMP value type the Dublin Core schema gives it (XMP Part 1, 8.4)."""
    metadata = book.metadata
    description = etree.Element(f"{{{RDF}}}Description", {f"{{{RDF}}}about": ""},
                                nsmap={"rdf": RDF, "dc": DC})
    add_array(description, "language", "Bag", [metadata.lang])
    etree.SubElement(description, f"{{{DC}}}identifier").text = identifier.urn
    if metadata.rights:
        add_array(description, "rights", "Alt", [metadata.rights])
    published = metadata.republished or metadata.date  # this edition's, as the EPUB says
    if published:
        add_array(description, "date", "Seq", [published])
    if metadata.publisher:
        add_array(description, "publisher", "Bag", [metadata.publisher])
    return etree.tostring(description, encoding="utf-8")


def add_array(parent: etree._Element, name: str, kind: str, values: list[str]) -> None:
    """dc:NAME as an rdf:Bag, rdf:Seq or rdf:Alt (an Alt's one item the x-default language)."""
    array = etree.SubElement(etree.SubElement(parent, f"{{{DC}}}{name}"), f"{{{RDF}}}{kind}")
    for value in values:
        item = etree.SubElement(array, f"{{{RDF}}}li")
        item.text = value
        if kind == "Alt":
            item.set(XML_LANG, "x-default")


class BookMetadata(DocumentMetadata):  # type: ignore[misc]  # WeasyPrint ships no types
    """WeasyPrint's metadata for the document, and the book's description in its XMP."""

    def __init__(self, base: DocumentMetadata, description: bytes) -> None:
        super().__init__()
        self.__dict__.update(vars(base))  # every field WeasyPrint read from the HTML
        self.book_description = description

    def generate_rdf_metadata(self, *args: Any, **kwargs: Any) -> bytes:
        rdf = etree.fromstring(super().generate_rdf_metadata(*args, **kwargs))
        rdf.append(etree.fromstring(self.book_description))
        return bytes(etree.tostring(rdf, encoding="utf-8"))
