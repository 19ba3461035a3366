"""A figure too tall for the room left on its page is made to fit that room, instead of going
to the next page and leaving the room empty.

WeasyPrint has no page floats (CSS GCPM's `float: top`, `float-defer`): a figure stands where
it is in the text, and one taller than what is left of the page goes to the next one, leaving
the rest of this one blank (two thirds of a page before the first picture of Peter Rabbit). A
typesetter would move the figure or shrink it. Moving it would set the print edition's figures
in another place in the text than the EPUB and the text edition have them; shrinking it keeps
the order, and only raises the picture's resolution. So after a layout, each figure that opens
a page while the page before it, in the same chapter, has room left is given the image height
that makes it fit that room, when that is at least MIN_SCALE of the height it had; then the
document is laid out again, with a stylesheet giving those heights (settled.py).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from itertools import pairwise
from typing import Any

from weasyprint.document import Document
from weasyprint.formatting_structure import boxes

from publish.layout.html import SPOT
from publish.layout.page_map import descendants, main_flow

MIN_SCALE = 0.6  # smaller than this, a picture is better whole on the next page
ROOM_TO_SPARE = 2.0  # CSS px kept free below a fitted figure, against rounding in the layout


def fitted_sheet(fitted: Mapping[str, float]) -> str:
    """Each fitted image's height, by its data-spot."""
    return "".join(f'[{SPOT}="{spot}"] {{ max-height: {height:.2f}px !important; }}\n'
                   for spot, height in sorted(fitted.items()))


def figures_to_fit(document: Document) -> dict[str, float]:
    """The images to make smaller, by their data-spot, each with the height (CSS px) that
    makes its figure fit the room left on the page before the one it opens."""
    fits: dict[str, float] = {}
    pages = [page._page_box for page in document.pages]
    for before, page in pairwise(pages):
        figure = next(spotted(page), None)
        if figure is None or figure.element_tag != "figure":
            continue  # most pages: no need to look at the one before
        placed = list(spotted(before))
        if not placed or chapter_of(placed[-1]) != chapter_of(figure):
            continue
        image = next((box for box in descendants(figure)
                      if isinstance(box, boxes.ReplacedBox) and box.element.get(SPOT)), None)
        if image is None:
            continue
        room = flow_bottom(before) - max(box.position_y + box.margin_height() for box in placed)
        # Its top margin was dropped at the head of the page; after text it counts again.
        needed = figure.border_height() + 2 * figure.margin_bottom
        height = float(image.height) - (needed - room) - ROOM_TO_SPARE
        if MIN_SCALE * float(image.height) <= height < float(image.height):
            fits[image.element.get(SPOT)] = height
    return fits


def spotted(page: Any) -> Iterator[Any]:
    """The page's block boxes of the book's own elements (a paragraph, a figure), in order."""
    return (box for box in main_flow(page)
            if isinstance(box, boxes.BlockBox) and box.element is not None
            and box.element.get(SPOT) and "::" not in (box.element_tag or ""))


def chapter_of(box: Any) -> str:
    return str(box.element.get(SPOT)).partition(".")[0]


def flow_bottom(page: Any) -> float:
    """Where the page's text must end: its content area's foot, or its footnotes' top."""
    bottom = float(page.content_box_y() + page.height)
    for child in page.children:
        if isinstance(child, boxes.FootnoteAreaBox) and child.children:
            bottom = min(bottom, float(child.position_y))
    return bottom
