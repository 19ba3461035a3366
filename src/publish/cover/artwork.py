"""The publisher's artwork on the print cover: the e-book's `cover-image` on the front panel,
when it holds enough pixels to print.

The front panel with its bleed is the trim of one cover plus 0.125 in on its three outer edges
(the spine edge folds, it does not bleed): 6.125 x 9.25 in for a 6 x 9 in book. A picture is
printed there when it covers that at 300 ppi, the interior's resolution (P-008); fewer pixels
print soft, so the typographic front is drawn instead and the cover's preflight (C-009) says
how many pixels the picture needs. The picture is scaled to cover the panel and centred; a
picture of other proportions loses its edges, so one that would lose more than 5 % of its
width or height is not cropped in silence: the typographic front again, and a finding. An SVG
is drawn at 300 ppi at the panel's size, so it always has enough.

The press prints CMYK: the picture goes through the print edition's output profile as the
interior's images do (layout/print_images.py), and its deepest shadows are then held under the
cover's ink limit (cover/inks.py), which a profile's own black (about 300 % in SWOP) exceeds.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import math
from dataclasses import dataclass

from lxml import etree
from PIL import Image, ImageMath

from publish.book.model import Book, Resource
from publish.cover.inks import MAXIMUM_TOTAL_INK
from publish.cover.wrap import INCH, CoverGeometry, Rect, inches
from publish.kept import Keep, made, source_digests
from publish.layout import print_images
from publish.layout.print_images import PRINT_PPI, drawn, jpeg, on_white, to_cmyk
from publish.layout.served import RESOURCE_SCHEME, memory_url
from publish.source.output_profile import OutputProfile

CROP_TOLERANCE = 0.05  # the most of the artwork's width or height cut off to fit the panel
# The ink a converted picture is held to: under the limit by the few levels a CMYK JPEG's
# rounding may add to a pixel, so the printed file stays within it.
INK_CAP = MAXIMUM_TOTAL_INK - 0.04
MOST_PPI = 450  # a larger picture is scaled down to this: sharper prints no better
FRONT_NAME = "images/print-front.jpg"
CODE = source_digests(__file__, print_images.__file__)


@dataclass(frozen=True)
class FrontArtwork:
    """Whether the book's cover-image prints on the front, and why (the preflight's words)."""

    used: bool
    reason: str


def front_area(geometry: CoverGeometry) -> Rect:
    """The front panel and its bleed on the three outer edges, from the trim's lower left."""
    panel, bleed = geometry.front, geometry.bleed
    return Rect(panel.x0 - (bleed if geometry.rtl else 0.0), -bleed,
                panel.x1 + (0.0 if geometry.rtl else bleed), geometry.height + bleed)


def needed_pixels(area: Rect) -> tuple[int, int]:
    """The pixels that cover `area` at 300 ppi."""
    return (math.ceil(area.width / INCH * PRINT_PPI - 1e-6),
            math.ceil(area.height / INCH * PRINT_PPI - 1e-6))


def front_artwork(cover: Resource | None, geometry: CoverGeometry) -> FrontArtwork | None:
    """What becomes of the book's cover-image on the print front (None: it has none)."""
    if cover is None:
        return None
    name = cover.name
    if cover.media_type == "image/svg+xml":
        return FrontArtwork(True, f"cover-image {name} (a drawing) on the front, drawn at "
                            f"{PRINT_PPI} ppi")
    area = front_area(geometry)
    with Image.open(io.BytesIO(cover.data)) as picture:
        width, height = picture.size
    need_width, need_height = needed_pixels(area)
    panel = (f"a {inches(geometry.trim.width)} x {inches(geometry.trim.height)} in front with "
             f"{inches(geometry.bleed)} in bleed ({inches(area.width)} x "
             f"{inches(area.height)} in)")
    if width < need_width or height < need_height:
        return FrontArtwork(False, f"cover-image {name} is {width} x {height} px: {panel} "
                            f"needs at least {need_width} x {need_height} px at {PRINT_PPI} ppi;"
                            " the typographic front is printed instead")
    ratio, wanted = width / height, area.width / area.height
    lost = 1 - min(ratio / wanted, wanted / ratio)
    if lost > CROP_TOLERANCE:
        side = "width" if ratio > wanted else "height"
        return FrontArtwork(False, f"cover-image {name} is {width} x {height} px, of other "
                            f"proportions than {panel}: filling it would cut {lost:.0%} of its "
                            f"{side} off (at most {CROP_TOLERANCE:.0%}); the typographic front "
                            "is printed instead")
    ppi = min(width / (area.width / INCH), height / (area.height / INCH))
    return FrontArtwork(True, f"cover-image {name} ({width} x {height} px) on the front, "
                        f"{min(ppi, MOST_PPI):.0f} ppi over {panel}")


def with_front(book: Book, profile: OutputProfile, geometry: CoverGeometry,
               keep: Keep = made) -> Book:
    """The book with its front artwork as the press prints it among its resources, when the
    artwork is printed; else the book as it is."""
    verdict = front_artwork(book.cover, geometry)
    if book.cover is None or verdict is None or not verdict.used:
        return book
    cover, area = book.cover, front_area(geometry)
    made_from = hashlib.sha256(f"{CODE}\0{area}\0".encode())
    for data in (cover.data, profile.data):
        made_from.update(hashlib.sha256(data).digest())
    data = keep(made_from.hexdigest(), lambda: printable(cover, profile, area))
    return dataclasses.replace(book, resources=(*book.resources,
                                                Resource(FRONT_NAME, "image/jpeg", data)))


def printable(cover: Resource, profile: OutputProfile, area: Rect) -> bytes:
    """The artwork cut to the area's proportions about its centre, at 300 to 450 ppi, in the
    press's inks within the cover's limit."""
    size = (area.width, area.height)
    if cover.media_type == "image/svg+xml":
        picture = drawn(cover.data, size, fill=True)
    else:
        picture = Image.open(io.BytesIO(cover.data))
        picture.load()  # (not lazily: the crop below reads it)
    wanted = area.width / area.height
    width, height = picture.size
    if width / height > wanted:
        cut = round(height * wanted)
        picture = picture.crop(((width - cut) // 2, 0, (width - cut) // 2 + cut, height))
    else:
        cut = round(width / wanted)
        picture = picture.crop((0, (height - cut) // 2, width, (height - cut) // 2 + cut))
    most = round(area.width / INCH * MOST_PPI)
    if picture.width > most:
        picture = picture.resize((most, round(most / wanted)), Image.Resampling.LANCZOS)
    if picture.mode != "CMYK":
        picture = ink_limited(to_cmyk(on_white(picture).convert("RGB"), profile))
    return jpeg(picture)


def ink_limited(picture: Image.Image, limit: float = INK_CAP) -> Image.Image:
    """The CMYK picture with every pixel's total ink at most `limit`: where it is more, the
    cyan, magenta and yellow under the black are reduced in proportion, which keeps the
    colour's hue and its darkness (the black) and thins only the ink beneath it."""
    cyan, magenta, yellow, black = picture.split()
    factor = ImageMath.lambda_eval(
        lambda names: names["min"](names["max"](
            (names["limit"] - names["float"](names["k"]))
            / names["max"](names["float"](names["c"]) + names["m"] + names["y"], 1.0), 0.0),
            1.0),
        limit=limit * 255, c=cyan, m=magenta, y=yellow, k=black)
    reduced = [ImageMath.lambda_eval(lambda names: names["convert"](
        names["float"](names["channel"]) * names["factor"], "L"), channel=channel,
        factor=factor) for channel in (cyan, magenta, yellow)]
    return Image.merge("CMYK", (*reduced, black))


def placed(book: Book, geometry: CoverGeometry) -> tuple[etree._Element, ...]:
    """The front artwork over the front panel and its bleed, when the book carries it."""
    if not any(resource.name == FRONT_NAME for resource in book.resources):
        return ()
    area = front_area(geometry)
    return (etree.Element("img", {"class": "artwork", "alt": "", "src": memory_url(
        RESOURCE_SCHEME, FRONT_NAME), "style": (
        f"left: {area.x0:.3f}pt; top: {geometry.height - area.y1:.3f}pt; "
        f"width: {area.width:.3f}pt; height: {area.height:.3f}pt")}),)
