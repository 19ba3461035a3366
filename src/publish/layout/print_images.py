"""The book's images as a press prints them: CMYK or gray, and opaque, as PDF/X-1a requires.

A colour picture is converted from sRGB (or the profile it embeds) to the print edition's own
output profile by littleCMS (Pillow's ImageCms; relative colorimetric, black point
compensated), its transparency flattened onto white paper first, and stored as a CMYK JPEG;
a grayscale picture stays gray. An SVG drawing's colours are RGB and may be transparent, so it
is drawn at 300 ppi first (WeasyPrint to a one-page PDF, PDFium to pixels), never larger than
the page it prints on (a drawing's own size may be any number of inches), and then converted the
same way. The EPUB and the screen PDF keep the originals.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import re

import pypdfium2 as pdfium  # type: ignore[import-untyped]  # ships no type information
from lxml import etree
from PIL import Image, ImageCms
from weasyprint import HTML

from publish.book.model import Book, Resource
from publish.layout.fetcher import MemoryFetcher
from publish.layout.served import RESOURCE_SCHEME, Fetchable, memory_url
from publish.source.output_profile import OutputProfile

PRINT_PPI = 300
JPEG_QUALITY = 95  # near lossless for photographs and drawings alike
CSS_PX = {"px": 1.0, "pt": 96 / 72, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4,
          "": 1.0}
LENGTH = re.compile(r"^\s*([0-9.]+)\s*(px|pt|pc|in|cm|mm|)\s*$")


def with_print_images(book: Book, profile: OutputProfile, page: tuple[float, float]) -> Book:
    """The Book with every image as the press prints it (same names, new bytes); `page` is
    the trim's width and height in points."""
    return dataclasses.replace(book, resources=tuple(
        print_image(resource, profile, page) for resource in book.resources))


@functools.lru_cache(maxsize=256)
def print_image(resource: Resource, profile: OutputProfile,
                page: tuple[float, float]) -> Resource:
    if resource.media_type == "image/svg+xml":
        picture = drawn(resource.data, page)
    else:
        picture = Image.open(io.BytesIO(resource.data))
        picture.load()
    if picture.mode in ("1", "L", "LA", "I", "I;16") or (
            picture.mode == "P" and is_gray(picture)):
        gray = on_white(picture).convert("L")
        return dataclasses.replace(resource, media_type="image/png", data=png(gray))
    if picture.mode == "CMYK":
        return dataclasses.replace(resource, media_type="image/jpeg", data=jpeg(picture))
    return dataclasses.replace(resource, media_type="image/jpeg",
                               data=jpeg(to_cmyk(on_white(picture), profile)))


def is_gray(picture: Image.Image) -> bool:
    palette = picture.convert("RGB").getcolors(picture.width * picture.height) or []
    return all(len(set(colour)) == 1 for _, colour in palette
               if isinstance(colour, tuple))


def on_white(picture: Image.Image) -> Image.Image:
    """The picture as it looks printed on white paper: no transparency left."""
    if picture.mode in ("RGBA", "LA", "PA") or (picture.mode == "P"
                                                and "transparency" in picture.info):
        rgba = picture.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(paper, rgba).convert("RGB")
    return picture if picture.mode in ("RGB", "L", "CMYK") else picture.convert("RGB")


def to_cmyk(picture: Image.Image, profile: OutputProfile) -> Image.Image:
    converted = ImageCms.applyTransform(picture.convert("RGB"), transform(
        picture.info.get("icc_profile") or None, profile))
    assert converted is not None
    return converted


@functools.lru_cache(maxsize=8)
def transform(embedded: bytes | None, profile: OutputProfile) -> ImageCms.ImageCmsTransform:
    """From the picture's own profile (sRGB when it has none) to the press's."""
    source = (ImageCms.ImageCmsProfile(io.BytesIO(embedded)) if embedded
              else ImageCms.createProfile("sRGB"))
    return ImageCms.buildTransform(
        source, ImageCms.ImageCmsProfile(io.BytesIO(profile.data)), "RGB", "CMYK",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)


def drawn(svg: bytes, page: tuple[float, float], fill: bool = False) -> Image.Image:
    """An SVG drawing on white at 300 ppi of its own size, or of the page's if it is larger;
    with `fill`, at the size that covers the page (a cover's artwork, whatever its own size)."""
    width, height = svg_size(svg)
    across, down = page[0] * CSS_PX["pt"] / width, page[1] * CSS_PX["pt"] / height
    shrink = max(across, down) if fill else min(1.0, across, down)
    url = memory_url(RESOURCE_SCHEME, "drawing.svg")
    sheet = (f"<style>@page {{ size: {width}px {height}px; margin: 0 }} body {{ margin: 0 }}"
             f"img {{ display: block; width: {width}px; height: {height}px }}</style>"
             f"<img src='{url}'>")
    fetcher = MemoryFetcher({url: Fetchable(svg, "image/svg+xml")})
    pdf = HTML(string=sheet, url_fetcher=fetcher).write_pdf()
    document = pdfium.PdfDocument(pdf)
    try:
        bitmap = document[0].render(scale=PRINT_PPI / 72 * shrink, fill_color=(255, 255, 255, 255))
        picture: Image.Image = bitmap.to_pil().convert("RGB")
    finally:
        document.close()
    return picture


def svg_size(svg: bytes) -> tuple[float, float]:
    """The drawing's own size in CSS pixels: its width and height, else its viewBox's."""
    root = etree.fromstring(svg, etree.XMLParser(resolve_entities=False, no_network=True))
    sizes = [LENGTH.match(root.get(name, "")) for name in ("width", "height")]
    if all(sizes):
        return tuple(float(size[1]) * CSS_PX[size[2]]  # type: ignore[index, return-value]
                     for size in sizes)
    box = root.get("viewBox", "0 0 300 150").replace(",", " ").split()
    return float(box[2]), float(box[3])


def jpeg(picture: Image.Image) -> bytes:
    output = io.BytesIO()
    picture.save(output, "JPEG", quality=JPEG_QUALITY, dpi=(PRINT_PPI, PRINT_PPI))
    return output.getvalue()


def png(picture: Image.Image) -> bytes:
    output = io.BytesIO()
    picture.save(output, "PNG", optimize=True, dpi=(PRINT_PPI, PRINT_PPI))
    return output.getvalue()
