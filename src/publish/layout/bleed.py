"""Bleed at the head, foot and outside edge only: the print shops' rule for a bound interior.

CSS gives a page one bleed for all four edges, so WeasyPrint lays every page out with bleed
round it; for the three-edged kind (KDP's: the page is the trim plus 0.125in in width and
0.25in in height) the MediaBox and BleedBox of each page are then narrowed at the bound edge,
left on rectos and right on versos. Nothing is drawn there that a reader could miss: it is the
gutter side of the bleed, which binding hides. The file is rewritten with pikepdf (qpdf) with an
identifier derived from its content, so the same input gives the same bytes.
"""

from __future__ import annotations

import io

import pikepdf

from publish.settings import Settings


def with_bleed_edges(pdf: bytes, settings: Settings, rtl: bool = False) -> bytes:
    """The interior with each page's bleed at the edges `settings` names; as it is when the
    bleed is off or on every edge. A right-to-left book is bound at its rectos' right edge."""
    if not settings.bleed or settings.bleed_edges == "all":
        return pdf
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages, start=1):
            x0, y0, x1, y1 = (float(value) for value in page.obj.TrimBox)
            left, bottom, right, top = settings.bleed_margins(number, rtl)
            sheet = pikepdf.Array([x0 - left, y0 - bottom, x1 + right, y1 + top])
            page.obj.MediaBox = sheet
            page.obj.BleedBox = pikepdf.Array(list(sheet))
        out = io.BytesIO()
        document.save(out, deterministic_id=True)
    return out.getvalue()
