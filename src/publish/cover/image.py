"""The EPUB's cover image: the typographic front design drawn as a PNG.

The layout is computed first (design.front_design) and drawn second, so tests can measure every
line Pillow places. Pillow writes no timestamp into a PNG, so the bytes are reproducible.
"""

from __future__ import annotations

import functools
import hashlib
import io

import PIL
from PIL import Image, ImageDraw, features

from publish.book.model import Book, Resource
from publish.cover import capitals, design, inks, lettering, names
from publish.cover.design import (
    HEIGHT,
    WIDTH,
    CoverLayout,
    cover_lettering,
    drawn_pieces,
    front_design,
)
from publish.cover.inks import FIELD as FIELD_INK
from publish.cover.inks import LETTERING
from publish.cover.lettering import Lettering
from publish.kept import Keep, made, source_digests
from publish.source.fonts import FontChain
from publish.source.metadata import Metadata

FIELD = FIELD_INK.rgb  # a deep oxblood, as the press prints it (inks.py holds the inks)
INK = LETTERING.rgb  # cream
COVER_NAME = "images/cover-typographic.png"
# In the key a drawn cover is kept under: what draws it (this module, the design's fonts, the
# inks) and Pillow's version.
DRAWING_CODE = source_digests(__file__, design.__file__, inks.__file__, lettering.__file__,
                              capitals.__file__, names.__file__)
DRAWING_VERSION = f"{DRAWING_CODE} Pillow {PIL.__version__} raqm {features.version('raqm')}"


@functools.lru_cache(maxsize=4)
def typographic_cover(metadata: Metadata, faces: Lettering, keep: Keep = made) -> Resource:
    """The cover PNG for a book without a publisher's cover, kept by `keep` under its design
    and typefaces (the smallest PNG takes Pillow a fifth of a second to find)."""
    design = front_design(metadata, faces)
    made_from = hashlib.sha256(f"{DRAWING_VERSION}\0{design!r}\0{faces.lang}\0".encode())
    for typeface in faces.faces:
        made_from.update(f"{typeface.index}\0".encode())
        for face in (typeface.roman, typeface.italic):
            made_from.update(hashlib.sha256(face).digest())

    def drawn() -> bytes:
        output = io.BytesIO()
        draw_cover(design, faces).save(output, "PNG", optimize=True)
        return output.getvalue()

    return Resource(COVER_NAME, "image/png", keep(made_from.hexdigest(), drawn))


def ebook_cover(book: Book, fonts: FontChain, keep: Keep = made) -> Resource:
    """The cover of the e-book editions: the publisher's, or the typographic one drawn from the
    metadata."""
    return book.cover or typographic_cover(book.metadata,
                                           cover_lettering(fonts, book.metadata), keep)


def draw_cover(layout: CoverLayout, faces: Lettering) -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT), FIELD)
    draw = ImageDraw.Draw(image)
    for frame in layout.frames:
        draw.rectangle((frame.inset, frame.inset, WIDTH - frame.inset - 1,
                        HEIGHT - frame.inset - 1), outline=INK, width=frame.width)
    rule = layout.rule
    draw.line((rule.centre - rule.length / 2, rule.y, rule.centre + rule.length / 2, rule.y),
              fill=INK, width=rule.width)
    for line in layout.lines:
        for piece in drawn_pieces(line, faces):
            draw.text((piece.x, piece.y), piece.text, font=piece.font, fill=INK, anchor="ls",
                      direction=piece.direction, language=piece.language)
    return image
