"""The cover the stores show beside the e-book (its marketing image): the e-book's cover as a
JPEG, as KDP asks for it (RGB, 2,560 px tall for the 1,600 x 2,560 px it calls ideal; Google
Play and Kobo take the same file).

A cover drawn here from the metadata is that size already; a publisher's `cover-image` keeps its
proportions, brought down to 2,560 px tall when it is taller and never enlarged: a store shows a
blurred cover worse than a smaller one. Pillow writes a JPEG without a timestamp, so the bytes
are the same from one build to the next.
"""

from __future__ import annotations

import io

from PIL import Image

from publish.book.model import Book
from publish.cover.image import ebook_cover
from publish.errors import PublishError
from publish.kept import Keep
from publish.layout.printed import Typeset
from publish.settings import Settings
from publish.source.styles import Styles

HEIGHT = 2560  # px: the height KDP calls ideal (1,600 x 2,560)
SMALLEST = (625, 1000)  # px, width and height: the smallest cover KDP takes
LARGEST = 10000  # px on a side: the largest
QUALITY = 92  # JPEG quality: no visible loss on lettering, a file of a few hundred KiB


def render(book: Book, styles: Styles, settings: Settings, layout: Typeset | None,
           keep: Keep) -> bytes:
    cover = ebook_cover(book, styles.fonts, keep)
    if cover.media_type == "image/svg+xml":
        raise PublishError("metadata.yaml's cover-image is an SVG drawing: the stores' cover "
                           "is a JPEG made from a PNG or JPEG cover-image (give one of at "
                           f"least {SMALLEST[0]} x {SMALLEST[1]} px)")
    with Image.open(io.BytesIO(cover.data)) as opened:
        image = flattened(opened)
    width, height = image.size
    if width < SMALLEST[0] or height < SMALLEST[1]:
        raise PublishError(f"metadata.yaml's cover-image is {width} x {height} px: the stores "
                           f"take a cover of at least {SMALLEST[0]} x {SMALLEST[1]} px "
                           f"({HEIGHT} px tall is best)")
    if height > HEIGHT:
        image = image.resize((round(width * HEIGHT / height), HEIGHT), Image.Resampling.LANCZOS)
    output = io.BytesIO()
    image.save(output, "JPEG", quality=QUALITY, optimize=True)
    return output.getvalue()


def flattened(image: Image.Image) -> Image.Image:
    """The picture in RGB, a transparent one laid on white, as the stores' pages show it."""
    if image.mode in ("RGBA", "LA", "P", "PA"):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, "white")
        return Image.alpha_composite(white, rgba).convert("RGB")
    return image.convert("RGB")
