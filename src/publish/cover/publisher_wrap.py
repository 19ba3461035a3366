"""The publisher's own wrap (metadata's `print-cover`) as the cover edition's bytes.

A PDF is the print file the publisher made: it is the edition byte for byte, and the cover's
preflight checks it as it checks the build's own wrap (its size against the one the interior's
page count calls for, its inks, its barcode area). A picture (PNG, JPEG, TIFF) has no boxes,
no inks and no PDF/X keys, so it is set on a sheet of the computed wrap with its bleed, filling
it, in the press's inks (a CMYK picture as it is; any other through the output profile and held
under the ink limit, as the front artwork is: cover/artwork.py); and when the book has a print
ISBN, its barcode is drawn over the barcode area in its white box, as on the build's own wrap,
so the publisher leaves that corner for it (KDP does the same with its own barcode).
"""

from __future__ import annotations

import hashlib
import io

from lxml import etree
from PIL import Image

from publish.book.model import Book, Resource
from publish.cover import artwork, barcode, design
from publish.cover.wrap import CoverGeometry
from publish.kept import Keep, source_digests
from publish.layout.engine import fixed_font_timestamps, pdf_bytes, render_html
from publish.layout.html import document_head
from publish.layout.print_images import jpeg, on_white, to_cmyk
from publish.layout.served import RESOURCE_SCHEME, font_faces, memory_url, output_intent
from publish.settings import Settings
from publish.source.styles import Styles

WRAP_NAME = "images/print-cover.jpg"
CODE = source_digests(__file__, artwork.__file__, barcode.__file__)


def render(book: Book, styles: Styles, settings: Settings, geometry: CoverGeometry, kind: str,
           keep: Keep) -> bytes:
    """The cover edition's bytes from the book's print-cover; `kind` sets its PDF /ID apart."""
    wrap = book.print_cover
    assert wrap is not None
    if wrap.media_type == "application/pdf":
        return wrap.data
    made_from = hashlib.sha256("\0".join([
        CODE, repr(geometry), repr(book.metadata.print_identifier), repr(book.metadata.price),
        settings.pdf_variant, book.metadata.modified.isoformat(), kind]).encode())
    for data in (wrap.data, styles.output_profile.data, styles.typeface.roman):
        made_from.update(hashlib.sha256(data).digest())

    def sheet() -> bytes:
        printed = Resource(WRAP_NAME, "image/jpeg", pressed(wrap, styles))
        with_wrap = Book(book.metadata, book.chapters, (printed,), None)
        with fixed_font_timestamps(book.metadata.modified):
            return pdf_bytes(render_html(markup(with_wrap, styles, geometry), with_wrap, styles),
                             book, book.metadata.print_identifier, settings.pdf_variant, kind)

    return keep(made_from.hexdigest(), sheet)


def pressed(wrap: Resource, styles: Styles) -> bytes:
    """The picture in the press's inks: CMYK as it is, anything else converted and limited."""
    picture: Image.Image = Image.open(io.BytesIO(wrap.data))
    picture.load()
    if picture.mode != "CMYK":
        picture = artwork.ink_limited(to_cmyk(on_white(picture).convert("RGB"),
                                              styles.output_profile))
    return jpeg(picture)


def markup(book: Book, styles: Styles, geometry: CoverGeometry) -> str:
    bleed = geometry.bleed
    sheet = "".join((font_faces(styles, book), output_intent(), (
        f"@page {{ size: {geometry.width:.3f}pt {geometry.height:.3f}pt; "
        f"bleed: {bleed:.3f}pt; margin: 0; }}\n"
        "body { margin: 0; }\n"
        ".wrap { position: absolute; display: block; }\n"
        ".line { position: absolute; line-height: 0; white-space: pre; margin: 0; }\n"
        f"{barcode.CSS}")))
    html = etree.Element("html", lang=book.metadata.lang)
    html.append(document_head(book, [sheet]))
    body = etree.SubElement(html, "body")
    etree.SubElement(body, "img", {"class": "wrap", "alt": "", "src": memory_url(
        RESOURCE_SCHEME, WRAP_NAME), "style": (
        f"left: {-bleed:.3f}pt; top: {-bleed:.3f}pt; width: {geometry.width + 2 * bleed:.3f}pt;"
        f" height: {geometry.height + 2 * bleed:.3f}pt")})
    typeface = design.cover_lettering(styles.fonts, book.metadata).body
    for element in barcode.barcode_elements(book.metadata, typeface, geometry):
        body.append(element)
    return "<!DOCTYPE html>\n" + etree.tostring(html, method="html", encoding="unicode")
