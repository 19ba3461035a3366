"""The ONIX edition: an ONIX for Books 3.1 message (reference tags) holding one <Product> per
edition the metadata gives an identifier of its own (`edition: print`, `epub`, `digital`),
each naming the others, for the trade's catalogues and the stores.

The record says what the metadata, the print layout and the EPUB's accessibility claims say,
and no more: an edition without its own ISBN has no product, a missing field that the record
needs (the publisher who sends it) is a finding at metadata.yaml's line, and nothing is dated
now(): the message is sent at the metadata's `modified`, so a rebuild gives the same bytes.
The EPUB's accessibility comes from the function the EPUB's own package takes it from, through
the crosswalk (accessibility.py), so a claim made later passes the same way.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from publish.book.model import Book
from publish.editions import required
from publish.editions.epub import accessibility_claims
from publish.editions.onix.accessibility import onix_codes
from publish.editions.onix.codes import unknown_roles
from publish.editions.onix.product import Edition, product, sub
from publish.errors import PublishError
from publish.kept import Keep
from publish.layout.printed import Typeset
from publish.settings import Settings
from publish.source.metadata import IDENTIFIED_EDITIONS, Identifier, Metadata
from publish.source.styles import Styles

NAMESPACE = "http://ns.editeur.org/onix/3.1/reference"


def render(book: Book, styles: Styles, settings: Settings, layout: Typeset | None,
           keep: Keep) -> bytes:
    typeset = required(layout)
    return onix_message(book, typeset, settings, accessibility_claims(book, typeset))


def onix_message(book: Book, typeset: Typeset, settings: Settings,
                 epub_claims: Sequence[tuple[str, str]]) -> bytes:
    """The message, the EPUB's product carrying `epub_claims` (its accessibility metadata as
    (property, value) pairs) in ONIX's codes."""
    metadata = book.metadata
    editions = identified_editions(metadata)
    check_fields(metadata)
    root = etree.Element(etree.QName(NAMESPACE, "ONIXMessage").text, release="3.1",
                         nsmap={None: NAMESPACE})  # type: ignore[dict-item]  # lxml-stubs
    header = sub(root, "Header")
    sender = sub(header, "Sender")
    sub(sender, "SenderName", metadata.publisher)
    sub(header, "SentDateTime", metadata.modified.strftime("%Y%m%dT%H%M%SZ"))
    published = (metadata.republished or metadata.date or "").replace("-", "") or None
    for name, identifier in editions:
        edition = Edition(name, identifier,
                          tuple(other for other in editions if other[0] != name),
                          onix_codes(epub_claims) if name == "epub" else ())
        prices = tuple(price for price in metadata.prices if price.edition == name)
        root.append(product(edition, metadata, typeset.layout, settings.trim, published,
                            prices))
    for element in root.iter():  # the reference tags live in ONIX 3.1's namespace
        element.tag = etree.QName(NAMESPACE, etree.QName(element).localname).text
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                pretty_print=True))


def identified_editions(metadata: Metadata) -> list[tuple[str, Identifier]]:
    """(edition, its own identifier) for each edition that has one; none is an error at the
    identifier field, since a product's ISBN is the publisher's to give, never made up."""
    editions = [(name, metadata.edition_identifier(name)) for name in IDENTIFIED_EDITIONS
                if metadata.edition_identifier(name).edition == name]
    if not editions:
        raise PublishError(
            "M-001 identifier: the ONIX record lists each edition with its own ISBN, and no "
            "identifier names an edition (add one with `edition: print`, `epub` or `digital`)",
            *metadata.place("identifier"))
    return editions


def check_fields(metadata: Metadata) -> None:
    """The fields the record needs that the metadata may leave out, each at its line."""
    if not metadata.publisher:
        raise PublishError("M-001 publisher: missing (the ONIX message names its sender, the "
                           "publisher)", *metadata.place("publisher"))
    unknown = unknown_roles(metadata.creators + metadata.contributors)
    if unknown:
        field = "creator" if unknown[0] in metadata.creators else "contributor"
        raise PublishError(f"M-001 {field}: {unknown[0].name}'s role {unknown[0].role!r} has "
                           "no ONIX contributor role (give author, editor, translator, "
                           "illustrator, introduction, afterword, compiler, narrator)",
                           *metadata.place(field))
    if metadata.prices and not (metadata.republished or metadata.date):
        raise PublishError("M-001 date: missing (a priced ONIX product says whether it is "
                           "available yet, from its publication date)", *metadata.place("date"))
