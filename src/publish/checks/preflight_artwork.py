"""Preflight of the publisher's artwork on the cover: the front's cover-image, a whole
print-cover wrap, and the ink of every picture on the sheet.

The front artwork's verdict is the one the build acted on (cover/artwork.py): printed, or the
typographic front instead, with the pixels the picture would need; that is a warning, since the
wrap printed is sound, but not the one the publisher meant. A print-cover is checked against the
wrap the interior's page count calls for, within 1/32 in (the tolerance KDP's cover calculator
allows): a PDF by its TrimBox (its MediaBox less the bleed, without one), a picture by its
proportions and its pixels at 300 ppi. Total ink in pictures is read from their CMYK samples,
averaged over 4 x 4 pixels (a dot the press cannot print alone, and no JPEG's rounding): the
content-stream colours are C-003's.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pikepdf
from PIL import Image, ImageMath

from publish.book.model import Resource
from publish.checks.pdf_scan import box
from publish.checks.report import Finding
from publish.cover.artwork import front_artwork, needed_pixels
from publish.cover.inks import MAXIMUM_TOTAL_INK
from publish.cover.wrap import INCH, CoverGeometry, Rect, inches
from publish.layout.print_images import PRINT_PPI

WRAP_TOLERANCE = INCH / 32  # KDP's cover calculator allows this much either way
AVERAGED = 4  # pixels each way whose mean ink is what counts


@dataclass(frozen=True)
class Artwork:
    """What the publisher gave for the cover: the e-book's cover-image, a whole wrap."""

    cover: Resource | None = None
    print_cover: Resource | None = None
    print_cover_name: str = ""  # as metadata.yaml gives it


NO_ARTWORK = Artwork()


def check_front_artwork(artwork: Artwork, geometry: CoverGeometry) -> Finding:
    """Whether the cover-image is printed on the front, or why not (a warning)."""
    code = "C-009"
    if artwork.print_cover is not None:
        return Finding(code, True, f"the publisher's wrap ({artwork.print_cover_name}) is "
                       "printed as it is")
    verdict = front_artwork(artwork.cover, geometry)
    if verdict is None:
        return Finding(code, True, "no cover-image: the typographic front")
    return Finding(code, verdict.used, verdict.reason, severity="warning")


def check_wrap_size(document: pikepdf.Pdf, artwork: Artwork, geometry: CoverGeometry
                    ) -> Finding:
    """A print-cover is the size of the wrap for the interior's page count."""
    code = "C-010"
    wrap = artwork.print_cover
    if wrap is None:
        return Finding(code, True, "no print-cover: the wrap is the build's own")
    name, bleed = artwork.print_cover_name, geometry.bleed
    wanted = f"the wrap for {geometry.page_count} pages is {geometry.describe()}"
    if wrap.media_type == "application/pdf":
        page = document.pages[0]
        x0, y0, x1, y1 = box(page, "/TrimBox" if "/TrimBox" in page.obj else "/MediaBox")
        trimmed = "/TrimBox" in page.obj
        width, height = (x1 - x0, y1 - y0) if trimmed else (x1 - x0 - 2 * bleed,
                                                              y1 - y0 - 2 * bleed)
        size = (f"{inches(width)} x {inches(height)} in "
                + ("(TrimBox)" if trimmed else f"(MediaBox less {inches(bleed)} in bleed)"))
        fits = (abs(width - geometry.width) <= WRAP_TOLERANCE
                and abs(height - geometry.height) <= WRAP_TOLERANCE)
        return Finding(code, fits, f"print-cover {name}: {size}; {wanted}")
    with Image.open(io.BytesIO(wrap.data)) as picture:
        pixels_wide, pixels_high = picture.size
    sheet = Rect(-bleed, -bleed, geometry.width + bleed, geometry.height + bleed)
    wide = pixels_wide / pixels_high * sheet.height  # at the sheet's height
    size = f"print-cover {name}: {pixels_wide} x {pixels_high} px"
    if abs(wide - sheet.width) > WRAP_TOLERANCE:
        return Finding(code, False, f"{size}, {inches(wide)} in wide at the sheet's "
                       f"{inches(sheet.height)} in height; {wanted}")
    need_wide, need_high = needed_pixels(sheet)
    if pixels_wide < need_wide or pixels_high < need_high:
        return Finding(code, False, f"{size}: the {inches(sheet.width)} x "
                       f"{inches(sheet.height)} in sheet needs at least {need_wide} x "
                       f"{need_high} px at {PRINT_PPI} ppi; {wanted}")
    return Finding(code, True, f"{size}, {pixels_high / (sheet.height / INCH):.0f} ppi; "
                   f"{wanted}")


def check_picture_ink(document: pikepdf.Pdf) -> Finding:
    """No picture on the sheet asks for more than the cover's ink limit anywhere."""
    code = "C-011"
    heaviest, rgb, count = 0.0, 0, 0
    for _, image in images(document):
        count += 1
        if image.mode == "RGB":
            rgb += 1
        elif image.mode == "CMYK":
            heaviest = max(heaviest, total_ink(image))
    if not count:
        return Finding(code, True, "no pictures")
    limit = f"the limit is {MAXIMUM_TOTAL_INK:.0%}"
    if heaviest > MAXIMUM_TOTAL_INK + 0.005:
        return Finding(code, False, f"a picture carries {heaviest:.0%} ink where it is darkest; "
                       f"{limit}")
    unread = f"; {rgb} in RGB, not inks (P-004)" if rgb else ""
    return Finding(code, not rgb, f"{count} picture(s), at most {heaviest:.0%} ink; {limit}"
                   f"{unread}")


def images(document: pikepdf.Pdf) -> list[tuple[str, Image.Image]]:
    """The sheet's pictures as their samples (the inks they ask for)."""
    found = []
    for name, raw in document.pages[0].get_images().items():
        if not isinstance(raw, pikepdf.Stream):
            continue
        try:
            found.append((str(name), pikepdf.PdfImage(raw).as_pil_image()))
        except (pikepdf.PdfError, NotImplementedError, OSError):
            continue  # a picture pikepdf cannot decode: the colour-space check still sees it
    return found


def total_ink(image: Image.Image) -> float:
    """The most ink, C + M + Y + K as a fraction, of the picture's 4 x 4 pixel blocks."""
    averaged = image.reduce(AVERAGED) if min(image.size) >= AVERAGED else image
    channels = dict(zip("cmyk", averaged.split(), strict=True))
    total = ImageMath.lambda_eval(lambda names: names["float"](names["c"]) + names["m"]
                                  + names["y"] + names["k"], **channels)
    assert isinstance(total, Image.Image)
    return float(total.getextrema()[1]) / 255  # type: ignore[arg-type]
