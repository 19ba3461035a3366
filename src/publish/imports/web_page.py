"""A saved web page (the HTML file and its `_files` folder, as a browser saves a page whole)
read as one chapter: its article found and its furniture logged as dropped (web_article.py),
its metadata (web_metadata.py), its pictures taken from the folder, its text's damage mended
(repairs.py), then written as Markdown by the shared converter, its notes too.

Nothing is fetched: a picture at a web address is logged as not carried, its description kept.
"""

from __future__ import annotations

import binascii
import io
import re
from base64 import b64decode
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree, html
from PIL import Image, UnidentifiedImageError

from publish.errors import PublishError
from publish.imports.html_markdown import markdown_from_html
from publish.imports.html_text import text_of
from publish.imports.imported import Change, ChangeKind, Chapter, Imported, Picture
from publish.imports.naming import slug, untaken
from publish.imports.repairs import Where, repair
from publish.imports.web_article import Article, find_article
from publish.imports.web_metadata import page_metadata

CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
MARKUP = re.compile(r"<\s*(html|head|body|article|main|p|div|h[1-6])\b", re.IGNORECASE)
# The picture formats a book takes as they are (docs/writing.md); others Pillow can read (WebP,
# AVIF, BMP, TIFF) are converted to PNG.
BOOK_PICTURES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8")
DATA_ADDRESS = re.compile(r"^data:[^,;]*((?:;[^,;]*)*;base64)?,(.*)$", re.DOTALL)
LAZY_ATTRIBUTES = ("data-src", "data-lazy-src", "data-original")
DEFAULT_LANGUAGE = "en"  # for the dashes' log line only, where a page names no language


def read_web_page(path: Path) -> Imported:
    """The article of the saved page at `path` as one chapter, with the log of every change."""
    text = page_text(path)
    page = html.document_fromstring(text)

    def where(element: etree._Element) -> str:
        return f"{path.name}, line {element.sourceline}" if element.sourceline else path.name

    metadata, found = page_metadata(page, where)
    article = find_article(page, text, where)
    if article is None or not text_of(article.root).strip():
        raise PublishError("holds no article: no text the article finder could keep "
                           "(is it the page of an article, saved whole?)", path)
    title = str(metadata.get("title", ""))
    heading = list(chapter_heading(article, title, where))
    # The page's own heading, outside the article's box, is the chapter's: not dropped.
    dropped = [change for change in article.dropped if not (heading and change.text == title)]
    repaired = [*lazy_pictures(article.root, where),
                *repair(article.root, where, str(metadata.get("lang", DEFAULT_LANGUAGE)))]
    folder = PageFolder(path)
    converted = markdown_from_html(article.root, path.name, picture=folder.address,
                                   link=Links(str(metadata.get("source-url", ""))).address)
    chapter = Chapter(chapter_slug(metadata, path), converted.markdown)
    return Imported(source=path, chapters=(chapter,),
                    metadata=metadata, pictures=tuple(folder.pictures),
                    changes=(*found, *dropped, *heading, *repaired, *folder.changes,
                             *converted.changes))


def page_text(path: Path) -> str:
    """The page's text, in the encoding it declares (UTF-8 if none); refused, in one line, if
    the file is not a web page."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PublishError(f"cannot be read ({error.strerror})", path) from None
    if b"\0" in data[:65536]:
        raise PublishError("is not a web page: it holds binary data (NUL bytes)", path)
    declared = CHARSET.search(data[:4096])
    encoding = declared[1].decode("ascii") if declared else "utf-8"
    try:
        text = data.decode(encoding)
    except (LookupError, UnicodeDecodeError) as error:
        raise PublishError(f"is not a web page in {encoding}: {error}", path) from None
    if not MARKUP.search(text):
        raise PublishError("is not a web page: it holds no HTML", path)
    # lxml takes no encoding declaration in text already decoded (an XHTML page has one).
    return XML_DECLARATION.sub("", text.removeprefix("\ufeff"), count=1)


def chapter_heading(article: Article, title: str, where: Where) -> Iterator[Change]:
    """The page's title as the chapter's heading, where the article has no level-1 heading of
    its own (the page's stands outside the article's box, with the byline)."""
    if article.root.find(".//h1") is not None or not title:
        return
    heading = etree.Element("h1")
    heading.text = title
    article.root.insert(0, heading)
    heading.tail = "\n"
    yield Change(ChangeKind.GUESSED, where(article.root), "the chapter's heading, from the "
                 "page's title", title)


class PageFolder:
    """The page's pictures, read from its folder as the converter meets them: each named by
    its file (made PNG where the book does not take its format), or None for one at a web
    address, missing, outside the page's folder or not a picture (the converter logs it and
    keeps its description)."""

    def __init__(self, page: Path) -> None:
        self.page = page
        self.pictures: list[Picture] = []
        self.changes: list[Change] = []
        self.named: dict[str, str] = {}  # each address read, and the picture's name

    def address(self, source: str) -> str | None:
        if source not in self.named:
            picture = self.read(source)
            if picture is None:
                return None
            self.pictures.append(picture)
            self.named[source] = picture.name
        return f"../images/{self.named[source]}"

    def read(self, source: str) -> Picture | None:
        address = urlsplit(source)
        if address.scheme == "data":  # a picture written into the page itself
            raw = data_bytes(source)
            file = Path(f"picture-{len(self.pictures) + 1}.{suffix_of(raw)}")
        elif address.scheme or source.startswith("//") or not address.path:
            return None  # nothing is fetched: a picture at a web address is not carried
        else:
            folder = self.page.parent.resolve()
            file = (folder / unquote(address.path)).resolve()
            if not file.is_relative_to(folder) or not file.is_file():
                return None
            raw = file.read_bytes()
        made = picture_data(raw)
        if made is None:
            return None
        data, converted_from = made
        name = untaken(file.with_suffix(".png").name if converted_from else file.name,
                       [picture.name for picture in self.pictures])
        if converted_from:
            self.changes.append(Change(ChangeKind.REPAIRED, f"{self.page.name}: {source}",
                                       f"a {converted_from} picture made PNG (the book takes "
                                       "PNG, JPEG, GIF and SVG)", name))
        return Picture(name, data)


class Links:
    """Where the article's links lead in the book: a web address as it is, an address on the
    page's own site made whole from its canonical address (or dropped, its words kept, where
    the page names none)."""

    def __init__(self, base: str) -> None:
        self.base = base

    def address(self, href: str) -> str | None:
        if urlsplit(href).scheme in ("http", "https", "mailto") or href.startswith("#"):
            return href
        return urljoin(self.base, href) if self.base else None


def picture_data(data: bytes) -> tuple[bytes, str] | None:
    """The picture's bytes as the book takes them, and the format it was converted from (or
    ""); None if they are not a picture."""
    if data.startswith(BOOK_PICTURES) or b"<svg" in data[:1024]:
        return data, ""
    try:
        with Image.open(io.BytesIO(data)) as picture:
            converted = io.BytesIO()
            picture.save(converted, "PNG")
            return converted.getvalue(), str(picture.format)
    except (UnidentifiedImageError, OSError):
        return None


def data_bytes(address: str) -> bytes:
    """The bytes a data: address holds (none, if it is malformed)."""
    found = DATA_ADDRESS.match(address)
    if found is None:
        return b""
    try:
        return b64decode(found[2]) if found[1] else unquote(found[2]).encode()
    except binascii.Error:
        return b""


def suffix_of(data: bytes) -> str:
    """The file suffix of a picture's bytes (PNG where the book will convert it)."""
    return next((suffix for magic, suffix in zip(BOOK_PICTURES, ("png", "jpg", "gif"),
                                                  strict=True) if data.startswith(magic)),
                "svg" if b"<svg" in data[:1024] else "png")


def lazy_pictures(root: etree._Element, where: Where) -> Iterator[Change]:
    """A picture a page loads late (its src a placeholder, its own address in data-src or
    srcset) given its own address, where that is a file saved with the page."""
    for image in root.iter("img"):
        source = image.get("src", "")
        if source and not source.startswith("data:"):
            continue
        candidates = [image.get(name, "") for name in LAZY_ATTRIBUTES] + [
            image.get("srcset", "").split(" ")[0]]
        own = next((candidate for candidate in candidates
                    if candidate and not urlsplit(candidate).scheme), None)
        if own is not None:
            image.set("src", own)
            yield Change(ChangeKind.REPAIRED, where(image), "a picture loaded late: its own "
                         "address taken in place of its placeholder", own)


def chapter_slug(metadata: dict[str, object], path: Path) -> str:
    """The chapter file's name: the title's words, else the page's file name's."""
    return slug(str(metadata.get("title") or path.stem))

