"""Images the text cites: loaded from inside the project only, checked to be what they say.

A build never fetches from the network and never reads outside the project, so a URL, a path
that leaves the project (symlinks resolved) or an SVG that refers to anything outside itself is
an error at the line that cites it. So is a picture that is not what its name says, that is
damaged, or that would decode to more than MAX_PIXELS: no edition drops an image in silence.
"""

from __future__ import annotations

import difflib
import io
import mimetypes
import os
import re
import urllib.parse
from collections.abc import Iterable
from pathlib import Path

from lxml import etree
from PIL import Image

from publish.book.model import Resource
from publish.errors import PublishError
from publish.project import Project

IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".gif": "image/gif", ".svg": "image/svg+xml"}
PILLOW_FORMATS = {"image/png": "PNG", "image/jpeg": "JPEG", "image/gif": "GIF"}
# 60 megapixels: a full spread at 600 ppi, far beyond what print or a screen needs; a picture
# that decodes to more is a mistake or an attack (a "decompression bomb").
MAX_PIXELS = 60_000_000
URL_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")


def image_resource(project: Project, src: str, cited_in: Path, line: int | None) -> Resource:
    """The image `src` names, relative to the file citing it, as a Resource named by its path
    in the project (images/map.png for manuscript/images/map.png)."""
    shown = project.relative(cited_in)
    if not src or URL_SCHEME.match(src):
        raise PublishError(f"I-001 image {src!r} is not a file in the project; builds never fetch "
                           "from the network (save it under manuscript/images/)", shown, line)
    path = project.inside(cited_in.parent / urllib.parse.unquote(src), cited_in=cited_in,
                          line=line)
    if not path.is_file():
        suggestion = nearest(src, images_of(project), cited_in.parent)
        raise PublishError(f"I-001 image {src!r} not found: looked for "
                           f"{project.relative(path).as_posix()}{suggestion}", shown, line)
    media_type = IMAGE_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
    if path.suffix.lower() not in IMAGE_TYPES or media_type is None:
        raise PublishError(f"I-001 image {src!r}: use PNG, JPEG, GIF or SVG", shown, line)
    data = path.read_bytes()
    if media_type == "image/svg+xml":
        check_svg(data, src, shown, line)
    else:
        check_picture(data, media_type, src, shown, line)
    name = "images/" + project.relative(path).as_posix().replace("/", "-").removeprefix(
        "manuscript-").removeprefix("images-")
    return Resource(name, media_type, data)


def check_picture(data: bytes, media_type: str, src: str, shown: Path, line: int | None
                  ) -> None:
    """A PNG, JPEG or GIF is what its name says, whole, and of a sane size."""
    try:
        with Image.open(io.BytesIO(data)) as picture:
            found, size = picture.format, picture.size
            if size[0] * size[1] > MAX_PIXELS:
                raise PublishError(
                    f"I-001 image {src!r} is {size[0]:,} x {size[1]:,} pixels; the limit is "
                    f"{MAX_PIXELS // 1_000_000} megapixels (scale it down)", shown, line)
            picture.load()  # a damaged or cut-off file fails here, not in an edition
    except PublishError:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise PublishError(f"I-001 image {src!r} cannot be read as {PILLOW_FORMATS[media_type]} "
                           f"({error})", shown, line) from None
    if found != PILLOW_FORMATS[media_type]:
        raise PublishError(f"I-001 image {src!r} is named as {PILLOW_FORMATS[media_type]} but is "
                           f"{found or 'not a picture'} (rename it or convert it)", shown, line)


def check_svg(data: bytes, src: str, shown: Path, line: int | None) -> None:
    """An SVG image may not pull anything in or run anything."""
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as error:
        raise PublishError(f"I-001 image {src!r} is not well-formed SVG: {error}", shown,
                           line) from None
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        local = etree.QName(element).localname
        if local in {"script", "foreignObject"}:
            raise PublishError(f"I-001 image {src!r} holds <{local}>, which editions cannot carry",
                               shown, line)
        for name, value in element.attrib.items():
            if etree.QName(name).localname == "href" and not str(value).startswith("#"):
                raise PublishError(f"I-001 image {src!r} refers to {value!r}; SVG images must be "
                                   "self-contained", shown, line)
            if etree.QName(name).localname.startswith("on"):
                raise PublishError(f"I-001 image {src!r} has an event handler", shown, line)


def images_of(project: Project) -> list[Path]:
    """The pictures in the manuscript's folders: what a name not found may have meant."""
    return sorted(path for path in project.manuscript.rglob("*")
                  if path.suffix.lower() in IMAGE_TYPES and path.is_file())


def nearest(written: str, candidates: Iterable[Path], folder: Path) -> str:
    """The candidates whose names, written from `folder` as the author wrote `written`, come
    nearest to it (difflib's ratio), as a suggestion to add to a message; "" for none."""
    names = [os.path.relpath(candidate, folder).replace(os.sep, "/") for candidate in candidates]
    close = difflib.get_close_matches(written, names, n=3, cutoff=0.6)
    return f"; did you mean {' or '.join(repr(name) for name in close)}?" if close else ""


def see_through(resource: Resource) -> bool:
    """Whether a picture shows the page through it: a drawing in SVG (drawn on no ground of
    its own) or a PNG or GIF with transparent pixels. On a dark theme's page its black lines
    would vanish, so the editions give it a white ground (editions read the "transparent"
    class the book gives its <img>)."""
    if resource.media_type == "image/svg+xml":
        return True
    if resource.media_type == "image/jpeg":
        return False
    with Image.open(io.BytesIO(resource.data)) as picture:
        if "transparency" in picture.info:
            return True
        if picture.mode not in ("RGBA", "LA", "PA"):
            return False
        lowest, _ = picture.getchannel("A").getextrema()
        return isinstance(lowest, int) and lowest < 255
