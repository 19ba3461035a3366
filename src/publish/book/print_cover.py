"""The publisher's whole print wrap (metadata's `print-cover`), loaded from inside the project
and checked to be what its name says: a one-page PDF, or a PNG, JPEG or TIFF picture.

Whether it fits the book (its size against the wrap the page count calls for, its ink, its
barcode area) depends on the interior, so the cover's preflight says that
(checks/preflight_artwork.py); here only what a build cannot go on without: a file it can read.
A problem is reported at metadata.yaml's line, as the metadata's own problems are.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf
from PIL import Image

from publish.book.images import MAX_PIXELS, URL_SCHEME
from publish.book.model import Resource
from publish.errors import PublishError
from publish.project import Project

PRINT_COVER_TYPES = {".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg",
                     ".jpeg": "image/jpeg", ".tif": "image/tiff", ".tiff": "image/tiff"}
PILLOW_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG", "image/tiff": "TIFF"}
FIELD = "print-cover"


def print_cover_resource(project: Project, src: str, metadata_file: Path) -> Resource:
    """The file `src` names, relative to metadata.yaml, as a Resource (never one of the
    book's images: an e-book does not carry it)."""
    shown, line = project.relative(metadata_file), field_line(metadata_file, FIELD)

    def refused(why: str) -> PublishError:
        return PublishError(f"M-001 {FIELD}: {src!r} {why}", shown, line)

    if URL_SCHEME.match(src):
        raise refused("is not a file in the project; builds never fetch from the network")
    path = project.inside(metadata_file.parent / src, cited_in=metadata_file, line=line)
    media_type = PRINT_COVER_TYPES.get(path.suffix.lower())
    if media_type is None:
        raise refused("is not a wrap the build can print: give a PDF, PNG, JPEG or TIFF")
    if not path.is_file():
        raise refused("not found")
    data = path.read_bytes()
    try:
        if media_type == "application/pdf":
            with pikepdf.open(io.BytesIO(data)) as document:
                pages = len(document.pages)
            if pages != 1:
                raise refused(f"has {pages} pages: a wrap is one sheet (back, spine, front)")
        else:
            with Image.open(io.BytesIO(data)) as picture:
                if picture.width * picture.height > MAX_PIXELS:
                    raise refused(f"is {picture.width:,} x {picture.height:,} pixels; the limit "
                                  f"is {MAX_PIXELS // 1_000_000} megapixels")
                found = picture.format
                picture.load()  # a damaged or cut-off file fails here, not in the edition
            if found != PILLOW_FORMATS[media_type]:
                raise refused(f"is {found or 'not a picture'}, not what its name says")
    except PublishError:
        raise
    except (pikepdf.PdfError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError) as error:
        raise refused(f"cannot be read ({error})") from None
    return Resource("print-cover" + path.suffix.lower(), media_type, data)


def field_line(metadata_file: Path, field: str) -> int | None:
    """The line of metadata.yaml that sets `field`, for the message (None if not there)."""
    if not metadata_file.is_file():
        return None
    pattern = re.compile(rf"^{re.escape(field)}\s*:")
    for number, text in enumerate(metadata_file.read_text("utf-8").splitlines(), start=1):
        if pattern.match(text):
            return number
    return None
