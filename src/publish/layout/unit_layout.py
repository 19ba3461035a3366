"""One unit of the print layout laid out, in whatever process runs it (workers.py): a pure
function from a UnitJob to a UnitLayout, bytes and data only, so that a worker process or a
cluster's worker can send it back."""

from __future__ import annotations

from dataclasses import replace

from weasyprint.document import Document

from publish.captured import captured_warnings
from publish.layout.engine import PX, fixed_font_timestamps, written_pdf
from publish.layout.page_map import laid_pages
from publish.layout.print_images import print_image
from publish.layout.printed import Misplaced, UnitLayout
from publish.layout.served import RESOURCE_SCHEME, Fetchable, memory_url
from publish.layout.settled import settled_layout
from publish.layout.units import UnitJob


def lay_out_unit(job: UnitJob) -> UnitLayout:
    """The unit's pages, without the next division's recto its document ends with."""
    files = dict(job.files)
    for image in job.images:  # converted here, in parallel, for the press (CMYK, opaque)
        printed = print_image(image, job.profile, job.trim)
        files[memory_url(RESOURCE_SCHEME, image.name)] = Fetchable(printed.data,
                                                                  printed.media_type)
    with fixed_font_timestamps(job.moment), captured_warnings() as warnings:
        settled = settled_layout(job.markup, files, job.sheets, drops_last=True)
        document = settled.document.copy(settled.document.pages[:-1])
        pages, unset = laid_pages(document, dict(job.chapters))
        pdf = written_pdf(document, job.description, job.pdf_identifier, job.pdf_variant)
    notes = replace(settled.notes, misplaced=(*settled.notes.misplaced, *(
        Misplaced("text set on no page", None, spot) for spot in unset)))
    return UnitLayout(pdf, pages, inside_margin(document), tuple(warnings), notes)


def inside_margin(document: Document) -> float:
    """The narrowest inside margin of any page, in points: left on rectos, right on versos."""
    narrowest: float = min(
        (box.margin_left if box.page_type.side == "right" else box.margin_right) * PX
        for box in (page._page_box for page in document.pages))
    return narrowest
