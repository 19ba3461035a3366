"""The margin boxes a page does not show, skipped: WeasyPrint makes all sixteen of every page,
resolves each one's percentages (its margins, padding, borders and sizes against the page's
margins), and then, for a box whose content is none, sets every one of them to zero. A folio
document shows one box of the sixteen on each of its pages, and resolving the other fifteen was
a quarter of its layout (a division's, a few hundredths).

`resolve_unless_hidden` takes WeasyPrint's function's place in its page-making module
(engine.py): it leaves a box that is not generated as it is, since what it would set is set to
zero next and read by nothing. The pages are the same, byte for byte (tests/test_pdf.py lays
pages out both ways). WeasyPrint's version is pinned and is in every layout's cache key."""

from __future__ import annotations

from typing import Any

from weasyprint.formatting_structure.boxes import MarginBox
from weasyprint.layout import page, percent


def resolve_unless_hidden(box: Any, containing_block: Any, *arguments: Any) -> None:
    if isinstance(box, MarginBox) and not box.is_generated:
        return  # make_margin_boxes zeroes its sizes and spacing next
    percent.resolve_percentages(box, containing_block, *arguments)


def skip_hidden_margin_boxes(skip: bool = True) -> None:
    """Have WeasyPrint skip what it would resolve of a hidden margin box (or not)."""
    page.resolve_percentages = resolve_unless_hidden if skip else percent.resolve_percentages
