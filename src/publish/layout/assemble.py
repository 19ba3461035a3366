"""The units' PDFs made into the book's: the front unit's file (its metadata, XMP and output
intent are the book's) with every other unit's pages after its own, each face's fonts made one
(font_union), written by pikepdf (qpdf) at the front unit's PDF version, with an identifier
derived from the content, so the same units give the same bytes."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from contextlib import ExitStack

import pikepdf

from publish.kept import Keep, made
from publish.layout.font_union import resource_dictionaries, share_fonts


def assembled_pdf(parts: Sequence[bytes], folios: Sequence[bytes],
                  folio_pages: Sequence[int | None], keep: Keep = made) -> bytes:
    """One PDF of the parts' pages, in order, with the folios' pages laid over them: over each
    page, the folio page `folio_pages` names (folios.py). qpdf copies another file's objects
    when it writes, so every file stays open until then. `keep` keeps the united fonts."""
    with ExitStack() as stack:
        book = stack.enter_context(pikepdf.open(io.BytesIO(parts[0])))
        for part in parts[1:]:
            book.pages.extend(stack.enter_context(pikepdf.open(io.BytesIO(part))).pages)
        folio_sheets = [page for folio in folios
                        for page in stack.enter_context(pikepdf.open(io.BytesIO(folio))).pages]
        for number, (page, folio) in enumerate(zip(book.pages, folio_pages, strict=True)):
            if folio is not None:
                lay_over(book, page, folio_sheets[folio], pikepdf.Name(f"/Folio{number + 1}"))
        resources = resource_dictionaries(book)
        share_fonts(book, resources, keep)
        share_profiles(resources)
        out = io.BytesIO()
        book.save(out, deterministic_id=True, force_version=book.pdf_version,
                  object_stream_mode=pikepdf.ObjectStreamMode.preserve)
    return out.getvalue()


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
