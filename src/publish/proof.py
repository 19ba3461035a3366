"""Proofs: the built print interior and cover as pictures, to look at before printing.

Two views of build/<slug>.pdf: facing-page spreads (page 1 alone on the right, as in the bound
book, then 2-3, 4-5, ...), or one contact sheet of numbered thumbnails to judge the rhythm of the
whole book. With either, the cover wrap (build/<slug>-cover.pdf) when it is built: one picture,
lying on the desk with ticks above and below where it folds round the spine. PDFium
(pypdfium2) rasterises the pages and Pillow lays them out; each page is cut to its TrimBox, so
bleed, when there is some, is not shown. The same PDF gives the same PNG bytes. The EPUB
(build/<slug>.epub) is proved otherwise: read in a reading engine at phone size
(checks/reading_engine.py), four of its screens photographed. This module only makes the images;
build.py writes them.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium  # type: ignore[import-untyped]  # ships no type information
from PIL import Image, ImageDraw, ImageFont

from publish.checks.reading_engine import PHONE, findings, read_epub
from publish.editions import EDITIONS
from publish.errors import PublishError
from publish.project import Project
from publish.source.manuscript import read_metadata

PROOF_DIRECTORY = "proof"  # under build/
SPREAD_DPI = 110  # a 6 x 9 in spread is then 1320 x 990 pixels: a screen's width
THUMBNAIL_DPI = 24  # a 6 x 9 in page is then 144 x 216 pixels
CONTACT_COLUMNS = 8
DESK = (200, 200, 200)  # the grey the pages lie on, so a page's white edge shows
INK = (0, 0, 0)
PADDING = 16  # pixels around each thumbnail
LABEL_HEIGHT = 20  # pixels under each thumbnail for its page number
FOLD_TICK = PADDING - 4  # pixels: the marks beside the cover where it folds


@dataclass(frozen=True)
class Proof:
    images: dict[str, bytes]  # PNG bytes by their path under build/
    replacing: str | None  # a glob under build/ for the earlier proof these images replace
    findings: tuple[str, ...] = ()  # what the proof found wrong, one line each


def proof_epub(project: Project) -> Proof:
    """The built EPUB read at phone size: its title page, contents, first chapter's opening and
    an opened note as PNGs (proof/<slug>-epub-NAME.png), what every screen showed
    (proof/<slug>-epub.json), and what a reader would find wrong."""
    metadata = read_metadata(project)
    path = EDITIONS["epub"].output_path(project, metadata.title)
    if not path.is_file():
        raise PublishError(f"{project.relative(path)} is missing: build it first with "
                           "publish build epub")
    reading = read_epub(path, size=PHONE)
    slug = path.stem
    files = {f"{PROOF_DIRECTORY}/{slug}-epub-{name}.png": data
             for name, data in reading.screenshots.items()}
    report: dict[str, Any] = {**reading.report, "screenshots": sorted(files)}
    files[f"{PROOF_DIRECTORY}/{slug}-epub.json"] = json.dumps(
        report, ensure_ascii=False, indent=1).encode()
    return Proof(files, f"{PROOF_DIRECTORY}/{slug}-epub-*.png", tuple(findings(report)))


def proof_project(project: Project, *, contact_sheet: bool = False) -> Proof:
    """The proof images of the project's built interior, and of its cover when built; spreads
    replace all earlier spreads (a book that got shorter has fewer)."""
    metadata = read_metadata(project)  # names the built files; the text is not needed
    path = EDITIONS["pdf"].output_path(project, metadata.title)
    slug = path.stem
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise PublishError(f"{project.relative(path)} is missing: build it first with "
                           "publish build pdf") from None
    images = proof_images(data, slug, contact_sheet=contact_sheet, rtl=metadata.dir == "rtl")
    cover = EDITIONS["cover"].output_path(project, metadata.title)
    if cover.is_file():
        images[f"{PROOF_DIRECTORY}/{slug}-cover.png"] = png(
            cover_proof(cover.read_bytes(), panel_width(data)))
    return Proof(images, None if contact_sheet else f"{PROOF_DIRECTORY}/{slug}-spread-*.png")


def proof_images(pdf: bytes, slug: str, *, contact_sheet: bool = False, rtl: bool = False
                 ) -> dict[str, bytes]:
    """Spreads (proof/<slug>-spread-NN.png) or the contact sheet (proof/<slug>-contact.png)."""
    if contact_sheet:
        pages = list(rendered_pages(pdf, THUMBNAIL_DPI))
        return {f"{PROOF_DIRECTORY}/{slug}-contact.png": png(contact(pages))}
    pages = list(rendered_pages(pdf, SPREAD_DPI))
    return {f"{PROOF_DIRECTORY}/{slug}-spread-{number:02d}.png": png(spread(left, right))
            for number, (left, right) in enumerate(facing_pairs(pages, rtl), 1)}


def rendered_pages(pdf: bytes, dpi: int) -> Iterator[Image.Image]:
    """Each page at `dpi`, cut to its trim (what the reader holds), as an RGB picture."""
    document = pdfium.PdfDocument(pdf)
    try:
        for page in document:
            scale = dpi / 72
            left, bottom, right, top = page.get_trimbox()
            media_left, media_bottom, media_right, media_top = page.get_mediabox()
            bitmap = page.render(scale=scale, crop=(left - media_left, bottom - media_bottom,
                                                    media_right - right, media_top - top))
            yield bitmap.to_pil().convert("RGB")
            page.close()
    finally:
        document.close()


def panel_width(interior: bytes) -> float:
    """The trim width of the interior's pages, in points: the width of the cover's front and
    back panels."""
    document = pdfium.PdfDocument(interior)
    try:
        left, _, right, _ = document[0].get_trimbox()
        return float(right - left)
    finally:
        document.close()


def cover_proof(cover: bytes, panel: float) -> Image.Image:
    """The wrap cut to its trim, on the desk, with ticks at the two folds of the spine."""
    picture = next(rendered_pages(cover, SPREAD_DPI))
    sheet = Image.new("RGB", (picture.width + 2 * PADDING, picture.height + 2 * PADDING), DESK)
    sheet.paste(picture, (PADDING, PADDING))
    draw = ImageDraw.Draw(sheet)
    scale = SPREAD_DPI / 72
    for fold in (panel * scale, picture.width - panel * scale):
        x = round(PADDING + fold)
        draw.line([(x, 0), (x, FOLD_TICK)], fill=INK)
        draw.line([(x, sheet.height - FOLD_TICK), (x, sheet.height)], fill=INK)
    return sheet


def facing_pairs(pages: list[Image.Image], rtl: bool = False
                 ) -> list[tuple[Image.Image | None, Image.Image | None]]:
    """Pages as the open book shows them, (left, right): page 1 on the right alone, then 2-3,
    4-5, ...; a last even page stands alone on the left. A book read right to left opens from
    the other side: page 1 on the left, then 3-2, 5-4, ..."""
    padded: list[Image.Image | None] = [None, *pages]
    if len(padded) % 2:
        padded.append(None)
    pairs = [(padded[index], padded[index + 1]) for index in range(0, len(padded), 2)]
    return [(right, left) for left, right in pairs] if rtl else pairs


def spread(left: Image.Image | None, right: Image.Image | None) -> Image.Image:
    """Two pages side by side, spine in the middle; a missing page leaves the desk showing."""
    page = left or right
    assert page is not None
    sheet = Image.new("RGB", (2 * page.width, page.height), DESK)
    if left is not None:
        sheet.paste(left, (0, 0))
    if right is not None:
        sheet.paste(right, (page.width, 0))
    ImageDraw.Draw(sheet).line([(page.width, 0), (page.width, page.height)], fill=DESK)
    return sheet


def contact(pages: list[Image.Image]) -> Image.Image:
    """Every page as a numbered thumbnail, in rows of CONTACT_COLUMNS."""
    width, height = pages[0].size
    columns = min(CONTACT_COLUMNS, len(pages))
    rows = -(-len(pages) // columns)
    cell_width, cell_height = width + 2 * PADDING, height + 2 * PADDING + LABEL_HEIGHT
    sheet = Image.new("RGB", (columns * cell_width, rows * cell_height), DESK)
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default(14)
    for index, page in enumerate(pages):
        x = (index % columns) * cell_width + PADDING
        y = (index // columns) * cell_height + PADDING
        sheet.paste(page, (x, y))
        draw.text((x + width / 2, y + height + PADDING / 2 + LABEL_HEIGHT / 2), str(index + 1),
                  fill=INK, font=font, anchor="mm")
    return sheet


def png(image: Image.Image) -> bytes:
    """PNG bytes with no metadata chunks (no time, no software): the same picture, same bytes."""
    output = io.BytesIO()
    image.save(output, "PNG", optimize=True)
    return output.getvalue()
