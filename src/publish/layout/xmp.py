"""The PDFs' XMP packet: the book's Dublin Core, beyond the title and creators WeasyPrint writes.

WeasyPrint writes the document's XMP from its DocumentMetadata (title, authors, description,
keywords, dates, and the PDF/X or PDF/UA identification) and has no field for the language,
an identifier, the rights, a publication date or the publisher. Its `xmp_metadata` option
appends XML after the packet's rdf:RDF element, where readers do not look (pikepdf and pypdf
read the first rdf:RDF only: a packet holds one). So each PDF's document gets a DocumentMetadata
(engine.BookMetadata) that adds the rdf:Description made here to the rdf:RDF WeasyPrint makes;
the identification and dates are WeasyPrint's own, and the output depends only on the Book.
The permanent part of the file's /ID comes from the book's identifier too (file_identifier).

Nothing here loads WeasyPrint: the build's own process makes the units' jobs with it.
"""

from __future__ import annotations

import hashlib

from lxml import etree

from publish.book.model import Book
from publish.book.xml import XML_LANG
from publish.source.metadata import Identifier

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
DC = "http://purl.org/dc/elements/1.1/"


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


def file_identifier(book: Book, kind: str = "") -> bytes:
    """The PDF's permanent /ID part, from the book's identifier (the other part hashes content)."""
    return hashlib.md5(f"{book.metadata.identifier.urn}{kind}".encode(), usedforsecurity=False
                       ).hexdigest().encode("ascii")
