"""Images as the press prints them: an SVG drawing is rasterized at 300 ppi, never past the page."""

from __future__ import annotations

import io

from PIL import Image

from publish.book.model import Resource
from publish.layout.print_images import print_image
from publish.source.output_profile import load_output_profile

SIX_BY_NINE = (6 * 72.0, 9 * 72.0)


def drawing(width: str, height: str) -> Resource:
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 100 50"><rect width="100" height="50" fill="#c03030"/></svg>')
    return Resource("images/drawing.svg", "image/svg+xml", svg.encode())


def printed(resource: Resource) -> Image.Image:
    result = print_image(resource, load_output_profile(), SIX_BY_NINE)
    assert result.media_type == "image/jpeg"
    return Image.open(io.BytesIO(result.data))


def test_a_small_drawing_is_drawn_at_300_ppi_of_its_own_size() -> None:
    picture = printed(drawing("2in", "1in"))
    assert picture.mode == "CMYK"
    assert (picture.width, picture.height) == (600, 300)


def test_a_drawing_larger_than_the_page_is_drawn_at_300_ppi_of_the_page() -> None:
    picture = printed(drawing("40in", "20in"))  # 12000 x 6000 pixels at its own size
    assert picture.mode == "CMYK"
    assert picture.width == 6 * 300 and picture.height == 3 * 300
