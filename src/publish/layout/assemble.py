"""The units' PDFs made into the book's: the text's pages gathered as the divisions' units
arrive, then the front unit's pages before them (its document's catalogue, metadata, XMP and
output intent are the book's), each face's fonts made one (font_union), written by pikepdf
(qpdf) at the front unit's PDF version, with an identifier derived from the content, so the
same units give the same bytes. qpdf numbers the objects as it writes them, in the order it
finds them from the catalogue, so the order in which pages were gathered changes no byte."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from contextlib import ExitStack

import pikepdf

from publish.kept import Keep, made
from publish.layout.font_union import resource_dictionaries, share_fonts


class TextPages:
    """The text's pages, in the book's order, gathered from each division's PDF as it arrives
    in any order: while the other units are laid out or read, not after them. qpdf copies
    another file's objects when it writes, so every file stays open until then."""

    def __init__(self) -> None:
        self.files = ExitStack()
        self.pdf = self.files.enter_context(pikepdf.new())
        self.counts: dict[int, int] = {}  # each gathered division's page count, by index

    def add(self, index: int, unit: bytes) -> None:
        """The pages of division `index` (once)."""
        if index in self.counts:
            return
        part = self.files.enter_context(pikepdf.open(io.BytesIO(unit)))
        position = sum(count for other, count in self.counts.items() if other < index)
        if position == len(self.pdf.pages):
            self.pdf.pages.extend(part.pages)
        else:
            for offset, page in enumerate(part.pages):
                self.pdf.pages.insert(position + offset, page)
        self.counts[index] = len(part.pages)


def assembled_pdf(front: bytes, text: TextPages, folios: Sequence[bytes],
                  folio_pages: Sequence[int | None], keep: Keep = made) -> bytes:
    """One PDF of the front unit's pages and then the text's, with the folios' pages laid
    over them: over each page, the folio page `folio_pages` names (folios.py). `keep` keeps
    the united fonts. The text's files are closed once it is written."""
    with text.files as stack:
        book = text.pdf
        preliminary = stack.enter_context(pikepdf.open(io.BytesIO(front)))
        for number, page in enumerate(preliminary.pages):
            book.pages.insert(number, page)
        for key, value in preliminary.Root.items():
            if key not in ("/Pages", "/Type"):
                book.Root[key] = copied(book, preliminary, value)
        book.trailer.Info = copied(book, preliminary, preliminary.trailer.Info)
        folio_sheets = [page for folio in folios
                        for page in stack.enter_context(pikepdf.open(io.BytesIO(folio))).pages]
        for number, (page, folio) in enumerate(zip(book.pages, folio_pages, strict=True)):
            if folio is not None:
                lay_over(book, page, folio_sheets[folio], pikepdf.Name(f"/Folio{number + 1}"))
        resources = resource_dictionaries(book)
        share_fonts(book, resources, keep)
        share_profiles(resources)
        out = io.BytesIO()
        book.save(out, deterministic_id=True, force_version=preliminary.pdf_version,
                  object_stream_mode=pikepdf.ObjectStreamMode.preserve)
    return out.getvalue()


def copied(pdf: pikepdf.Pdf, source: pikepdf.Pdf, value: pikepdf.Object) -> pikepdf.Object:
    """`value` of `source`'s, in `pdf`, with what it refers to: qpdf copies an object from
    another file only when it is indirect; a name, number or string is taken as it is."""
    if value.is_indirect:
        return pdf.copy_foreign(value)
    if isinstance(value, (pikepdf.Dictionary, pikepdf.Array)):
        return pdf.copy_foreign(source.make_indirect(value))
    return value


def share_profiles(resource_dictionaries: Sequence[pikepdf.Object]) -> None:
    """One ICC profile stream for the colour space every unit names (the press's CMYK)."""
    profiles: dict[bytes, pikepdf.Object] = {}
    digests: dict[tuple[int, int], bytes] = {}  # each stream read once, however many pages
    for resources in resource_dictionaries:
        for _, space in (resources.get("/ColorSpace") or pikepdf.Dictionary()).items():
            if isinstance(space, pikepdf.Array) and len(space) == 2 and space[0] == "/ICCBased":
                profile = space[1]
                if profile.objgen not in digests:
                    digests[profile.objgen] = hashlib.sha256(profile.read_raw_bytes()).digest()
                space[1] = profiles.setdefault(digests[profile.objgen], profile)


def lay_over(pdf: pikepdf.Pdf, page: pikepdf.Page, sheet: pikepdf.Page, name: pikepdf.Name
             ) -> None:
    """Draw the sheet's page over the page, where it was laid out (the two are one size), as a
    form of that name: one per page, since a unit's pages share their resources (pikepdf's
    add_overlay would name it at random, and no two files would be alike)."""
    form = pdf.copy_foreign(sheet.as_form_xobject())
    page.add_resource(form, pikepdf.Name.XObject, name=name)
    page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
    page.contents_add(pikepdf.Stream(pdf, b"\nQ\nq " + name.unparse() + b" Do Q\n"))
