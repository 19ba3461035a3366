"""The book's pictures as reading systems take them: no larger than they can show.

Apple Books asks for images of at most about 4 million pixels (4 megapixels: 2048 x 2048), and
Kindle's converter and Kobo slow down on large ones, so a PNG or JPEG over that is scaled down
(Lanczos) to fit, keeping its format and proportions; a 1600 x 2560 cover, the size the stores
ask for, stays as it is. The print edition keeps the full resolution. Drawings (SVG) and
GIFs (which may be animated) are left as they are.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import math

from PIL import Image

from publish.book.model import Resource

MAX_PIXELS = 2048 * 2048
JPEG_QUALITY = 90


@functools.lru_cache(maxsize=256)
def for_reading_systems(resource: Resource) -> Resource:
    if resource.media_type not in ("image/png", "image/jpeg"):
        return resource
    with Image.open(io.BytesIO(resource.data)) as picture:
        width, height = picture.size
        if width * height <= MAX_PIXELS:
            return resource
        scale = math.sqrt(MAX_PIXELS / (width * height))
        smaller = picture.resize((max(1, int(width * scale)), max(1, int(height * scale))),
                                 Image.Resampling.LANCZOS)
        output = io.BytesIO()
        if resource.media_type == "image/jpeg":
            smaller.save(output, "JPEG", quality=JPEG_QUALITY,
                         icc_profile=picture.info.get("icc_profile"))
        else:
            smaller.save(output, "PNG", optimize=True,
                         icc_profile=picture.info.get("icc_profile"))
    return dataclasses.replace(resource, data=output.getvalue())
