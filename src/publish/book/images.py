"""Images the text cites: loaded from inside the project only, checked to be what they say.

A build never fetches from the network and never reads outside the project, so a URL, a path
that leaves the project (symlinks resolved) or an SVG that refers to anything outside itself is
an error at the line that cites it.
"""

from __future__ import annotations

import mimetypes
import re
import urllib.parse
from pathlib import Path

from lxml import etree

from publish.book.model import Resource
from publish.errors import PublishError
from publish.project import Project

IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".gif": "image/gif", ".svg": "image/svg+xml"}
URL_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")


def image_resource(project: Project, src: str, cited_in: Path, line: int | None) -> Resource:
    """The image `src` names, relative to the file citing it, as a Resource named by its path
    in the project (images/map.png for manuscript/images/map.png)."""
    shown = project.relative(cited_in)
    if not src or URL_SCHEME.match(src):
        raise PublishError(f"image {src!r} is not a file in the project; builds never fetch "
                           "from the network (save it under manuscript/images/)", shown, line)
    path = project.inside(cited_in.parent / urllib.parse.unquote(src), cited_in=cited_in,
                          line=line)
    if not path.is_file():
        raise PublishError(f"image {src!r} not found", shown, line)
    media_type = IMAGE_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
    if path.suffix.lower() not in IMAGE_TYPES or media_type is None:
        raise PublishError(f"image {src!r}: use PNG, JPEG, GIF or SVG", shown, line)
    data = path.read_bytes()
    if media_type == "image/svg+xml":
        check_svg(data, src, shown, line)
    name = "images/" + project.relative(path).as_posix().replace("/", "-").removeprefix(
        "manuscript-").removeprefix("images-")
    return Resource(name, media_type, data)


def check_svg(data: bytes, src: str, shown: Path, line: int | None) -> None:
    """An SVG image may not pull anything in or run anything."""
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as error:
        raise PublishError(f"image {src!r} is not well-formed SVG: {error}", shown, line) from None
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        local = etree.QName(element).localname
        if local in {"script", "foreignObject"}:
            raise PublishError(f"image {src!r} holds <{local}>, which editions cannot carry",
                               shown, line)
        for name, value in element.attrib.items():
            if etree.QName(name).localname == "href" and not str(value).startswith("#"):
                raise PublishError(f"image {src!r} refers to {value!r}; SVG images must be "
                                   "self-contained", shown, line)
            if etree.QName(name).localname.startswith("on"):
                raise PublishError(f"image {src!r} has an event handler", shown, line)
