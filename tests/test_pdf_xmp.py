"""Both PDFs' XMP packets carry the book's Dublin Core, read back by pypdf (not by pikepdf,
which parity uses), with each PDF's own identifier and its PDF/X or PDF/UA identification kept.

The sampler's metadata gives the paperback an ISBN of its own and the screen PDF none, so the
print PDF must name the paperback's ISBN and the screen PDF the book's identifier.
"""

from __future__ import annotations

import io
import re

import pypdf
import pytest

from publish.book.model import Book
from publish.editions import cover_wrap, pdf, pdf_digital
from publish.layout.typeset import typeset_book
from publish.settings import Settings
from publish.source.styles import Styles

DC = "http://purl.org/dc/elements/1.1/"
Packets = dict[str, pypdf.xmp.XmpInformation]


@pytest.fixture(scope="module")
def packets(sampler: tuple[Book, Styles], settings: Settings) -> Packets:
    book, styles = sampler
    layout = typeset_book(book, styles, settings)
    found = {}
    for name, module in (("print", pdf), ("cover", cover_wrap), ("screen", pdf_digital)):
        data = module.render(book, styles, settings, layout)
        metadata = pypdf.PdfReader(io.BytesIO(data)).xmp_metadata
        assert metadata is not None, name
        found[name] = metadata
    return found


@pytest.mark.parametrize("name", ["print", "cover", "screen"])
def test_the_xmp_says_what_the_metadata_says(packets: Packets, sampler: tuple[Book, Styles],
                                             name: str) -> None:
    metadata = sampler[0].metadata
    xmp = packets[name]
    assert xmp.dc_title == {"x-default": metadata.title}
    assert xmp.dc_creator == [creator.name for creator in metadata.creators]
    assert xmp.dc_language == [metadata.lang]
    assert xmp.dc_rights == {"x-default": metadata.rights}
    assert [date.strftime("%Y-%m-%d") for date in xmp.dc_date] == [metadata.date]
    assert xmp.dc_publisher == [metadata.publisher]
    stamp = metadata.modified.strftime("%Y-%m-%dT%H:%M:%S")
    assert xmp.xmp_create_date.isoformat().startswith(stamp)
    assert xmp.xmp_modify_date.isoformat().startswith(stamp)


def test_each_pdf_names_its_own_identifier(packets: Packets,
                                           sampler: tuple[Book, Styles]) -> None:
    metadata = sampler[0].metadata
    assert metadata.print_identifier.edition == "print"  # the sampler's own print ISBN
    assert packets["print"].dc_identifier == metadata.print_identifier.urn
    assert packets["cover"].dc_identifier == metadata.print_identifier.urn  # the paperback's
    assert re.fullmatch(r"urn:isbn:97[89]\d{10}", packets["print"].dc_identifier)
    assert packets["screen"].dc_identifier == metadata.identifier.urn  # it has none of its own


def test_the_identification_is_kept(packets: Packets) -> None:
    """The book's properties are added beside WeasyPrint's PDF/X and PDF/UA identification."""
    print_xmp, screen_xmp = packets["print"], packets["screen"]
    pdfx = print_xmp.rdf_root.getElementsByTagNameNS("http://www.npes.org/pdfx/ns/id/",
                                                     "GTS_PDFXVersion")
    assert [node.firstChild.data for node in pdfx] == ["PDF/X-1a:2003"]
    parts = [description.getAttributeNS("http://www.aiim.org/pdfua/ns/id/", "part")
             for description in screen_xmp.rdf_root.getElementsByTagNameNS(
                 "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "Description")]
    assert "1" in parts
    # One rdf:RDF holds everything, so readers that read only the first one see it all.
    for xmp in packets.values():
        assert len(xmp.rdf_root.ownerDocument.getElementsByTagNameNS(
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "RDF")) == 1
        assert len(xmp.rdf_root.getElementsByTagNameNS(DC, "identifier")) == 1
